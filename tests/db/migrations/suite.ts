/**
 * The migration workflow, end to end, on one real database: models → makemigrations →
 * migrate → changed models → makemigrations (renames by flag, NOT NULL questions) →
 * migrate (SQLite table rebuilds keep the data) → RunJS data migration → sqlmigrate →
 * showmigrations → backwards to zero; then conflicts, broken histories and inspectdb.
 * sqlite.test.ts, postgresql.test.ts and mariadb.test.ts run it per backend.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../../src/cli/commands/migrate.js'
import { runCli } from '../../../src/cli/main.js'
import { makemigrations } from '../../../src/cli/commands/makemigrations.js'
import { showmigrations } from '../../../src/cli/commands/showmigrations.js'
import { sqlmigrate } from '../../../src/cli/commands/sqlmigrate.js'
import { inspectdb } from '../../../src/cli/commands/inspectdb.js'
import { CommandError } from '../../../src/cli/command.js'
import {
  BigIntegerField,
  CharField,
  DateTimeField,
  ForeignKey,
  Index,
  IntegerField,
  ManyToManyField,
  Model,
  UniqueConstraint,
  connections,
} from '../../../src/db/index.js'
import { describeTable } from '../../../src/db/migrations/introspection.js'
import { InteractiveQuestioner, parseRenameHint } from '../../../src/db/migrations/index.js'
import type { FieldMap } from '../../../src/db/models/typing.js'
import { createProject, Output, type Backend, type Project } from './project.js'

function pollsModels(version: 1 | 2 | 3, options: { tagRank?: boolean } = {}): () => void {
  return () => {
    const tagFields: FieldMap = { name: new CharField({ maxLength: 50, unique: true }) }
    // A NOT NULL column without default, added to a table that has rows.
    if (options.tagRank === true) tagFields.rank = new IntegerField()
    class Tag extends Model.define('polls', tagFields) {
      static {
        this.register()
      }
    }
    void Tag
    const questionFields: FieldMap =
      version === 1
        ? {
            questionText: new CharField({ maxLength: 200 }),
            pubDate: new DateTimeField(),
            tags: new ManyToManyField({ to: 'polls.Tag' }),
          }
        : {
            questionText: new CharField({ maxLength: 300 }),
            publishedAt: new DateTimeField(),
            tags: new ManyToManyField({ to: 'polls.Tag' }),
            author:
              version === 2
                ? new CharField({ maxLength: 100, default: 'anonymous' })
                : new CharField({ maxLength: 100, null: true }),
          }
    class Question extends Model.define('polls', questionFields, {
      indexes: [
        new Index({
          fields: [version === 1 ? '-pubDate' : '-publishedAt'],
          name: 'polls_q_pub_idx',
        }),
      ],
    }) {
      static {
        this.register()
      }
    }
    void Question
    class Choice extends Model.define(
      'polls',
      {
        question: new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' }),
        choiceText: new CharField({ maxLength: 200 }),
        votes:
          version === 3 ? new BigIntegerField({ default: 0 }) : new IntegerField({ default: 0 }),
      },
      {
        constraints: [
          new UniqueConstraint({ fields: ['question', 'choiceText'], name: 'polls_choice_uniq' }),
        ],
      },
    ) {
      static {
        this.register()
      }
    }
    void Choice
  }
}

async function query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const connection = connections.get('default')
  try {
    return (await connection.execute(sql, params)).rows
  } finally {
    await connection.close()
  }
}

async function columns(table: string): Promise<Map<string, { type: string; nullable: boolean }>> {
  const connection = connections.get('default')
  try {
    const info = await describeTable(connection, table)
    return new Map(info.columns.map((c) => [c.name, { type: c.type, nullable: c.nullable }]))
  } finally {
    await connection.close()
  }
}

async function tables(): Promise<string[]> {
  const connection = connections.get('default')
  try {
    return await connection.tableNames()
  } finally {
    await connection.close()
  }
}

export function migrationSuite(backend: Backend): void {
  describe.sequential(`migrations on ${backend}`, () => {
    let project: Project
    const p = (n: number): string => (backend === 'postgresql' ? `$${n}` : '?')

    beforeAll(async () => {
      project = await createProject(backend)
    })
    afterAll(async () => {
      await project?.cleanup()
    })

    it('makemigrations writes 0001_initial.ts for a named app', async () => {
      await project.useModels(pollsModels(1))
      const ctx = project.context()
      expect(await makemigrations({ appLabels: [] }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain("App 'polls' has models but no migrations directory")
      expect(existsSync(project.migrationsDir)).toBe(false)

      const named = project.context()
      expect(await makemigrations({ appLabels: ['polls'] }, named)).toBe(0)
      expect(named.stdout.text).toContain("Migrations for 'polls':")
      expect(named.stdout.text).toContain('polls/migrations/0001_initial.ts')
      expect(named.stdout.text).toContain('- Create model Question')
      const source = readFileSync(join(project.migrationsDir, '0001_initial.ts'), 'utf8')
      expect(source).toContain("from 'reinhardt/db/migrations'")
      expect(source).toContain('initial: true')
      expect(source).toContain("new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' })")
      expect(source).toContain("new ManyToManyField({ to: 'polls.Tag' })")
      expect(source).toContain("new Index({ fields: ['-pubDate'], name: 'polls_q_pub_idx' })")
      // Tag and Question are created before Choice, which points at Question.
      expect(source.indexOf("name: 'Question'")).toBeLessThan(source.indexOf("name: 'Choice'"))
      expect(source.indexOf("name: 'Tag'")).toBeLessThan(source.indexOf("name: 'Question'"))
    })

    it('makemigrations --check is 0 when models and migrations agree; output is stable', async () => {
      const ctx = project.context()
      expect(await makemigrations({ check: true }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('No changes detected')
      const before = readFileSync(join(project.migrationsDir, '0001_initial.ts'), 'utf8')
      expect(await makemigrations({ dryRun: true }, project.context())).toBe(0)
      expect(readFileSync(join(project.migrationsDir, '0001_initial.ts'), 'utf8')).toBe(before)
    })

    it('migrate --plan lists the work, migrate applies it and records it', async () => {
      const plan = project.context()
      expect(await migrate({ plan: true }, plan)).toBe(0)
      expect(plan.stdout.text).toContain('polls.0001_initial')
      expect(plan.stdout.text).toContain('    Create model Question')
      expect(await tables()).not.toContain('polls_question')

      const ctx = project.context()
      expect(await migrate({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('Applying polls.0001_initial... OK')
      const names = await tables()
      for (const table of [
        'polls_tag',
        'polls_question',
        'polls_choice',
        'polls_question_tags',
        'reinhardt_migrations',
      ]) {
        expect(names).toContain(table)
      }
      const recorded = await query(`SELECT app, name FROM reinhardt_migrations`)
      expect(recorded).toEqual([{ app: 'polls', name: '0001_initial' }])

      const again = project.context()
      expect(await migrate({}, again)).toBe(0)
      expect(again.stdout.text).toContain('No migrations to apply.')
    })

    it('the schema enforces the unique constraint and the foreign key', async () => {
      await query(
        `INSERT INTO polls_question (question_text, pub_date) VALUES (${p(1)}, ${p(2)})`,
        [
          "What's new?",
          backend === 'sqlite' ? '2024-01-01T00:00:00.000Z' : new Date('2024-01-01T00:00:00Z'),
        ],
      )
      const [{ id }] = (await query('SELECT id FROM polls_question')) as [{ id: number }]
      await query(
        `INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
        [id, 'Not much', 3],
      )
      await expect(
        query(
          `INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
          [id, 'Not much', 1],
        ),
      ).rejects.toThrow()
      await expect(
        query(
          `INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
          [99999, 'x', 1],
        ),
      ).rejects.toThrow()
    })

    it('showmigrations marks applied migrations', async () => {
      const ctx = project.context()
      expect(await showmigrations({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toBe('polls\n [X] 0001_initial\n')
    })

    it('makemigrations --check exits 1 after a model change, and asks nothing without a terminal', async () => {
      await project.useModels(pollsModels(2))
      // Without the rename, publishedAt is a new NOT NULL column: nothing is guessed.
      const error = await makemigrations({ check: true, noinput: true }, project.context()).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(CommandError)
      expect((error as CommandError).exitCode).toBe(3)
      expect((error as Error).message).toContain("non-nullable field 'publishedAt'")
      // On a terminal the rename is asked (here a scripted one answering 'y').
      const input = new PassThrough()
      input.end('y\n')
      const terminal = new Output()
      const asked = project.context()
      const questioner = new InteractiveQuestioner({ input, output: terminal })
      expect(await makemigrations({ dryRun: true, questioner }, asked)).toBe(0)
      expect(terminal.text).toBe('Was Question.pubDate renamed to Question.publishedAt? [y/N] ')
      expect(asked.stdout.text).toContain('- Rename field pubDate on Question to publishedAt')

      const renames = [parseRenameHint('polls.Question.pubDate=publishedAt')]
      const ctx = project.context()
      expect(await makemigrations({ check: true, noinput: true, renames }, ctx)).toBe(1)
      expect(ctx.stdout.text).toContain('- Rename field pubDate on Question to publishedAt')
      expect(ctx.stdout.text).toContain('- Add field author to Question')
      expect(ctx.stdout.text).toContain('- Alter field questionText on Question')
      expect(readdirSync(project.migrationsDir)).toEqual(['0001_initial.ts'])

      const warn = project.context()
      expect(await migrate({}, warn)).toBe(0)
      expect(warn.stdout.text).toContain("Your models in app(s): 'polls' have changes")
    })

    it('a --rename flag turns remove+add into RenameField; 0002 migrates keeping the rows', async () => {
      const ctx = project.context()
      const renames = [parseRenameHint('polls.Question.pubDate=publishedAt')]
      expect(await makemigrations({ renames, noinput: true }, ctx)).toBe(0)
      const files = readdirSync(project.migrationsDir).sort()
      expect(files).toHaveLength(2)
      const second = files[1]!
      expect(second).toMatch(/^0002_/)
      const source = readFileSync(join(project.migrationsDir, second), 'utf8')
      expect(source).toContain("dependencies: [['polls', '0001_initial']]")
      expect(source).toContain(
        "new RenameField({ modelName: 'Question', oldName: 'pubDate', newName: 'publishedAt' })",
      )
      expect(source).toContain("name: 'author'")
      expect(source).toContain("new CharField({ maxLength: 100, default: 'anonymous' })")
      expect(source).toContain('new AlterField(')
      expect(source).not.toContain('RemoveField')

      const run = project.context()
      expect(await migrate({}, run)).toBe(0)
      expect(run.stdout.text).toContain(`Applying polls.${second.replace(/\.ts$/, '')}... OK`)
      expect(run.stdout.text).not.toContain('have changes')
      const cols = await columns('polls_question')
      expect([...cols.keys()]).toEqual(
        expect.arrayContaining(['published_at', 'author', 'question_text']),
      )
      expect(cols.has('pub_date')).toBe(false)
      const rows = await query('SELECT question_text, author, published_at FROM polls_question')
      expect(rows).toHaveLength(1)
      expect(rows[0]!.question_text).toBe("What's new?")
      expect(rows[0]!.author).toBe('anonymous')
      expect(rows[0]!.published_at).not.toBeNull()
      expect(await makemigrations({ check: true }, project.context())).toBe(0)
    })

    it('altering type and nullability keeps the data (a table rebuild on SQLite)', async () => {
      await project.useModels(pollsModels(3))
      const ctx = project.context()
      expect(await makemigrations({ name: 'nullable_author' }, ctx)).toBe(0)
      expect(existsSync(join(project.migrationsDir, '0003_nullable_author.ts'))).toBe(true)
      expect(await migrate({}, project.context())).toBe(0)
      const cols = await columns('polls_question')
      expect(cols.get('author')!.nullable).toBe(true)
      expect((await columns('polls_choice')).get('votes')!.type).toMatch(/bigint/)
      const choices = await query('SELECT choice_text, votes FROM polls_choice')
      expect(choices).toHaveLength(1)
      expect(choices[0]!.choice_text).toBe('Not much')
      // bigint comes back as a string from pg, as a number from SQLite.
      expect(Number(choices[0]!.votes)).toBe(3)
      // The foreign key still holds after the rebuild.
      await expect(
        query(
          `INSERT INTO polls_choice (question_id, choice_text, votes) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
          [99999, 'y', 1],
        ),
      ).rejects.toThrow()
      // NULL is now accepted.
      await query('UPDATE polls_question SET author = NULL')
    })

    it('a RunJS data migration runs with historical models, forwards and backwards', async () => {
      const ctx = project.context()
      expect(
        await makemigrations({ appLabels: ['polls'], empty: true, name: 'fill_authors' }, ctx),
      ).toBe(0)
      const file = join(project.migrationsDir, '0004_fill_authors.ts')
      expect(readFileSync(file, 'utf8')).toContain(
        "dependencies: [['polls', '0003_nullable_author']]",
      )
      writeFileSync(
        file,
        `import { Migration, RunJS } from 'reinhardt/db/migrations'

export default new Migration({
  dependencies: [['polls', '0003_nullable_author']],
  operations: [
    new RunJS({
      async forwards({ apps }) {
        const Question = apps.getModel('polls', 'Question')
        await Question.objects.filter({ author__isnull: true }).update({ author: 'filled by RunJS' })
      },
      async backwards({ apps }) {
        const Question = apps.getModel('polls', 'Question')
        await Question.objects.filter({ author: 'filled by RunJS' }).update({ author: null })
      },
    }),
  ],
})
`,
      )
      expect(await migrate({}, project.context())).toBe(0)
      expect(await query('SELECT author FROM polls_question')).toEqual([
        { author: 'filled by RunJS' },
      ])

      const back = project.context()
      expect(await migrate({ appLabel: 'polls', target: '0003' }, back)).toBe(0)
      expect(back.stdout.text).toContain('Unapplying polls.0004_fill_authors... OK')
      expect(await query('SELECT author FROM polls_question')).toEqual([{ author: null }])
    })

    it('sqlmigrate prints the SQL of a migration, forwards and backwards', async () => {
      const ctx = project.context()
      expect(await sqlmigrate({ appLabel: 'polls', name: '0001' }, ctx)).toBe(0)
      if (backend === 'mariadb') {
        // DDL is not transactional on MySQL: no BEGIN/COMMIT around it, as in Django.
        expect(ctx.stdout.text).not.toMatch(/BEGIN;|COMMIT;/)
        expect(ctx.stdout.text).toContain('CREATE TABLE `polls_question`')
      } else {
        expect(ctx.stdout.text).toMatch(/^BEGIN;\n/)
        expect(ctx.stdout.text).toMatch(/COMMIT;\n$/)
        expect(ctx.stdout.text).toMatch(/CREATE TABLE "polls_question"/)
      }
      expect(ctx.stdout.text).toContain('-- Create model Question')
      const rebuild = project.context()
      expect(await sqlmigrate({ appLabel: 'polls', name: '0003' }, rebuild)).toBe(0)
      if (backend === 'sqlite') {
        // SQLite cannot ALTER a column's type or nullability: the table is rebuilt.
        expect(rebuild.stdout.text).toContain('CREATE TABLE "new__polls_question"')
        expect(rebuild.stdout.text).toContain(
          'INSERT INTO "new__polls_question" ("id", "question_text", "published_at", "author") SELECT',
        )
        expect(rebuild.stdout.text).toContain(
          'ALTER TABLE "new__polls_question" RENAME TO "polls_question"',
        )
      } else if (backend === 'mariadb') {
        expect(rebuild.stdout.text).toContain(
          'ALTER TABLE `polls_question` MODIFY `author` varchar(100) NULL',
        )
        expect(rebuild.stdout.text).toContain('ALTER TABLE `polls_choice` MODIFY `votes` bigint')
      } else {
        expect(rebuild.stdout.text).toContain(
          'ALTER TABLE "polls_question" ALTER COLUMN "author" DROP NOT NULL',
        )
        expect(rebuild.stdout.text).toMatch(/ALTER COLUMN "votes" TYPE bigint/)
      }
      const back = project.context()
      expect(
        await sqlmigrate({ appLabel: 'polls', name: '0001_initial', backwards: true }, back),
      ).toBe(0)
      expect(back.stdout.text).toMatch(/DROP TABLE ["`]polls_choice["`]/)
      // Nothing was executed.
      expect(await tables()).toContain('polls_choice')
      await expect(sqlmigrate({ appLabel: 'polls', name: '9' }, project.context())).rejects.toThrow(
        /Cannot find a migration matching '9' from app 'polls'/,
      )
    })

    it('migrate polls zero unapplies everything and drops the tables', async () => {
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: 'zero' }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('Unapplying polls.0001_initial... OK')
      const names = await tables()
      for (const table of ['polls_tag', 'polls_question', 'polls_choice', 'polls_question_tags']) {
        expect(names).not.toContain(table)
      }
      const shown = project.context()
      await showmigrations({}, shown)
      expect(shown.stdout.text).toContain(' [ ] 0001_initial')
      expect(shown.stdout.text).not.toContain('[X]')
      expect(await query('SELECT * FROM reinhardt_migrations')).toEqual([])
    })

    it('--fake records without touching the schema', async () => {
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: '0001', fake: true }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('Applying polls.0001_initial... FAKED')
      expect(await tables()).not.toContain('polls_question')
      expect(
        await migrate({ appLabel: 'polls', target: 'zero', fake: true }, project.context()),
      ).toBe(0)
    })

    it('a NOT NULL field without default stops non-interactive makemigrations with exit 3', async () => {
      await project.useModels(() => {
        pollsModels(3)()
        // A new model with a NOT NULL field is fine: it has no rows yet.
        class Extra extends Model.define('polls', { n: new IntegerField() }) {
          static {
            this.register()
          }
        }
        void Extra
      })
      const check = project.context()
      expect(await makemigrations({ check: true, noinput: true }, check)).toBe(1)
      expect(check.stdout.text).toContain('- Create model Extra')

      await project.useModels(pollsModels(3, { tagRank: true }))
      const error = await makemigrations({ noinput: true }, project.context()).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(CommandError)
      expect((error as CommandError).exitCode).toBe(3)
      expect((error as Error).message).toContain("non-nullable field 'rank' to polls.Tag")
      expect(readdirSync(project.migrationsDir)).toHaveLength(4)
    })

    it('conflicting leaves are reported, and --merge resolves them', async () => {
      await project.useModels(pollsModels(3))
      const write = (name: string) =>
        writeFileSync(
          join(project.migrationsDir, `${name}.ts`),
          `import { Migration, RunSQL } from 'reinhardt/db/migrations'\nexport default new Migration({ dependencies: [['polls', '0004_fill_authors']], operations: [new RunSQL({ sql: 'SELECT 1', reverseSql: '' })] })\n`,
        )
      write('0005_left')
      write('0005_right')
      const error = await makemigrations({}, project.context()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CommandError)
      expect((error as Error).message).toContain(
        'Conflicting migrations detected; multiple leaf nodes in the migration graph: (0005_left, 0005_right in polls)',
      )
      await expect(migrate({}, project.context())).rejects.toThrow(/makemigrations --merge/)
      const merged = project.context()
      expect(await makemigrations({ merge: true }, merged)).toBe(0)
      expect(merged.stdout.text).toContain('0006_merge_left_right.ts')
      const ctx = project.context()
      expect(await migrate({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('Applying polls.0006_merge_left_right... OK')
    })

    it('a missing dependency and an unknown app are reported clearly', async () => {
      const broken = join(project.migrationsDir, '0007_broken.ts')
      writeFileSync(
        broken,
        `import { Migration } from 'reinhardt/db/migrations'\nexport default new Migration({ dependencies: [['polls', '0006_merge_left_right'], ['polls', '0099_missing']] })\n`,
      )
      await expect(migrate({}, project.context())).rejects.toThrow(
        /polls\.0007_broken depends on polls\.0099_missing, which does not exist/,
      )
      rmSync(broken)
      // (A new name: modules are cached by path within one process.)
      writeFileSync(join(project.migrationsDir, '0007_not_a_migration.ts'), 'export default 42\n')
      await expect(showmigrations({}, project.context())).rejects.toThrow(
        /must `export default new Migration/,
      )
      rmSync(join(project.migrationsDir, '0007_not_a_migration.ts'))
      writeFileSync(
        join(project.migrationsDir, '0007_fixed.ts'),
        `import { Migration } from 'reinhardt/db/migrations'\nexport default new Migration({ dependencies: [['polls', '0006_merge_left_right']] })\n`,
      )
      await expect(migrate({ appLabel: 'nope' }, project.context())).rejects.toThrow(
        /No installed app with label 'nope'/,
      )
      await expect(migrate({ database: 'other' }, project.context())).rejects.toThrow(
        /'other' is not in DATABASES/,
      )
      // Through the CLI dispatcher: one line on stderr, exit 1, no stack.
      const out = project.context()
      expect(await runCli(['migrate', '--database', 'other'], { ...out, env: {} })).toBe(1)
      expect(out.stderr.text).toBe(
        "CommandError: The database 'other' is not in DATABASES (configured: default).\n",
      )
      const usage = project.context()
      expect(await runCli(['sqlmigrate', 'polls'], { ...usage, env: {} })).toBe(2)
      expect(usage.stderr.text).toContain('sqlmigrate takes an app label and a migration name.')
    })

    it('an irreversible migration refuses to go backwards', async () => {
      writeFileSync(
        join(project.migrationsDir, '0008_raw.ts'),
        `import { Migration, RunSQL } from 'reinhardt/db/migrations'\nexport default new Migration({ dependencies: [['polls', '0007_fixed']], operations: [new RunSQL({ sql: 'SELECT 1' })] })\n`,
      )
      expect(await migrate({}, project.context())).toBe(0)
      await expect(
        migrate({ appLabel: 'polls', target: '0007' }, project.context()),
      ).rejects.toThrow(/cannot be reversed/)
    })

    it('a failing migration rolls back its schema changes and is not recorded', async () => {
      const file = join(project.migrationsDir, '0009_fails.ts')
      writeFileSync(
        file,
        `import { CharField, BigAutoField } from 'reinhardt/db'
import { CreateModel, Migration, RunSQL } from 'reinhardt/db/migrations'
export default new Migration({
  dependencies: [['polls', '0008_raw']],
  operations: [
    new CreateModel({ name: 'Temp', fields: [['id', new BigAutoField({ primaryKey: true })], ['x', new CharField({ maxLength: 5 })]] }),
    new RunSQL({ sql: 'SELECT * FROM no_such_table' }),
  ],
})
`,
      )
      const ctx = project.context()
      await expect(migrate({}, ctx)).rejects.toThrow(/no_such_table/)
      expect(ctx.stdout.text).toContain('Applying polls.0009_fails... FAILED')
      if (backend === 'mariadb') {
        // Each DDL statement commits on MySQL: the table created before the failure stays
        // (Django documents the same), but the migration is not recorded as applied.
        expect(await tables()).toContain('polls_temp')
        await query('DROP TABLE polls_temp')
      } else {
        expect(await tables()).not.toContain('polls_temp')
      }
      expect(
        await query("SELECT name FROM reinhardt_migrations WHERE name = '0009_fails'"),
      ).toEqual([])
      rmSync(file)
    })

    it('inspectdb describes a table created by raw SQL', async () => {
      const serial =
        backend === 'postgresql'
          ? 'serial PRIMARY KEY'
          : backend === 'mariadb'
            ? 'integer PRIMARY KEY AUTO_INCREMENT'
            : 'integer PRIMARY KEY AUTOINCREMENT'
      await query(
        `CREATE TABLE legacy_author (id ${serial}, full_name varchar(80) NOT NULL, email varchar(120) UNIQUE)`,
      )
      await query(
        `CREATE TABLE legacy_book (id ${serial}, title text NOT NULL, price numeric(8, 2), ` +
          'author_id integer NOT NULL REFERENCES legacy_author (id), published date)',
      )
      const ctx = project.context()
      expect(
        await inspectdb({ tables: ['legacy_author', 'legacy_book'], appLabel: 'legacy' }, ctx),
      ).toBe(0)
      const out = ctx.stdout.text
      expect(out).toContain('export class LegacyAuthor extends Model.define(')
      expect(out).toContain('id: new AutoField({ primaryKey: true }),')
      expect(out).toContain('fullName: new CharField({ maxLength: 80 }),')
      expect(out).toContain(
        'email: new CharField({ maxLength: 120, unique: true, null: true, blank: true }),',
      )
      expect(out).toContain(
        "author: new ForeignKey({ to: 'legacy.LegacyAuthor', onDelete: 'DO_NOTHING' }),",
      )
      expect(out).toContain(
        'price: new DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true, blank: true }),',
      )
      expect(out).toContain('published: new DateField({ null: true, blank: true }),')
      expect(out).toContain("{ dbTable: 'legacy_book', managed: false }")
      await expect(inspectdb({ tables: ['nope'] }, project.context())).rejects.toThrow(
        /Table 'nope' does not exist/,
      )
    })
  })
}
