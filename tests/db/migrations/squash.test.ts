/**
 * squashmigrations end to end, on one real database per backend: five migrations of
 * `polls` (one depending on the `library` app, a model created and deleted, a rename, an
 * elidable RunSQL) are squashed; then the squashed migration is checked against a
 * database that applied the originals (nothing runs, the squashed row is recorded), a
 * fresh database (only the squashed migration runs), a database that applied some of the
 * originals (they are finished one by one), and the way back to zero. Runs on SQLite and,
 * when it is reachable, PostgreSQL (REINHARDT_REQUIRE_PG=1 makes it required).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makemigrations } from '../../../src/cli/commands/makemigrations.js'
import { migrate } from '../../../src/cli/commands/migrate.js'
import { showmigrations } from '../../../src/cli/commands/showmigrations.js'
import { squashmigrations } from '../../../src/cli/commands/squashmigrations.js'
import { runCli } from '../../../src/cli/main.js'
import {
  CharField,
  connections,
  DateTimeField,
  ForeignKey,
  IntegerField,
  Model,
  TextField,
} from '../../../src/db/index.js'
import { describeTable } from '../../../src/db/migrations/introspection.js'
import { parseRenameHint } from '../../../src/db/migrations/index.js'
import type { FieldMap } from '../../../src/db/models/typing.js'
import { createProject, postgresAvailable, type Backend, type Project } from './project.js'

/** The models at each step of the history. */
function models(version: 1 | 2 | 3 | 4 | 5): () => void {
  return () => {
    Model.define(
      'library',
      { name: new CharField({ maxLength: 50 }) },
      { modelName: 'Shelf' },
    ).register()
    const fields: FieldMap = {
      questionText: new CharField({ maxLength: version >= 3 ? 300 : 200 }),
    }
    if (version >= 2) {
      fields[version >= 4 ? 'publishedAt' : 'pubDate'] = new DateTimeField({ null: true })
      fields.shelf = new ForeignKey({ to: 'library.Shelf', onDelete: 'CASCADE', null: true })
    }
    if (version >= 5) fields.votes = new IntegerField({ default: 0 })
    Model.define('polls', fields, { modelName: 'Question' }).register()
    if (version >= 2) {
      Model.define(
        'polls',
        {
          question: new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' }),
          choiceText: new CharField({ maxLength: 200 }),
        },
        { modelName: 'Choice' },
      ).register()
    }
    if (version === 3) {
      Model.define('polls', { body: new TextField() }, { modelName: 'Draft' }).register()
    }
  }
}

async function withConnection<T>(
  fn: (connection: ReturnType<typeof connections.get>) => Promise<T>,
): Promise<T> {
  const connection = connections.get('default')
  try {
    return await fn(connection)
  } finally {
    await connection.close()
  }
}

const rows = (sql: string) => withConnection(async (c) => (await c.execute(sql)).rows)
const tables = () => withConnection((c) => c.tableNames())
const columns = (table: string) =>
  withConnection(async (c) => (await describeTable(c, table)).columns.map((column) => column.name))

/** The polls rows of the migration record, sorted. */
async function recorded(): Promise<string[]> {
  const found = await rows("SELECT name FROM reinhardt_migrations WHERE app = 'polls'")
  return found.map((row) => String(row.name)).sort()
}

const SQUASHED = '0001_squashed_0005_touch'
const REPLACED = ['0001_initial', '0002_second', '0003_third', '0004_fourth', '0005_touch']

const backends: Backend[] = ['sqlite']
if (await postgresAvailable()) backends.push('postgresql')

for (const backend of backends) {
  describe.sequential(`squashmigrations on ${backend}`, () => {
    let project: Project
    const file = (name: string) => join(project.migrationsDir, `${name}.ts`)
    const show = async () => {
      const ctx = project.context()
      expect(await showmigrations({ appLabels: ['polls'] }, ctx)).toBe(0)
      return ctx.stdout.text
    }

    beforeAll(async () => {
      project = await createProject(backend, ['library'])
    })
    afterAll(async () => {
      await project?.cleanup()
    })

    it('writes five migrations and applies them', async () => {
      await project.useModels(models(1))
      expect(await makemigrations({ appLabels: ['library', 'polls'] }, project.context())).toBe(0)
      for (const version of [2, 3] as const) {
        await project.useModels(models(version))
        const name = version === 2 ? 'second' : 'third'
        expect(await makemigrations({ name }, project.context())).toBe(0)
      }
      await project.useModels(models(4))
      const renames = [parseRenameHint('polls.Question.pubDate=publishedAt')]
      expect(
        await makemigrations({ name: 'fourth', renames, noinput: true }, project.context()),
      ).toBe(0)
      writeFileSync(
        file('0005_touch'),
        `import { Migration, RunSQL } from 'reinhardt/db/migrations'

export default new Migration({
  dependencies: [['polls', '0004_fourth']],
  operations: [
    new RunSQL({
      sql: 'UPDATE polls_question SET question_text = question_text',
      reverseSql: RunSQL.noop,
      elidable: true,
    }),
  ],
})
`,
      )
      expect(await migrate({}, project.context())).toBe(0)
      expect(await recorded()).toEqual(REPLACED)
      await rows("INSERT INTO polls_question (question_text) VALUES ('kept')")
    })

    it('squashmigrations writes the optimized squashed migration', async () => {
      // Never over an existing file (Django #33246).
      await expect(
        squashmigrations(
          { appLabel: 'polls', migrationName: '0005', squashedName: 'initial', noinput: true },
          project.context(),
        ),
      ).rejects.toThrow('Migration 0001_initial already exists. Use a different name.')
      const ctx = project.context()
      expect(
        await squashmigrations({ appLabel: 'polls', migrationName: '0005', noinput: true }, ctx),
      ).toBe(0)
      expect(ctx.stdout.text).toBe(
        'Will squash the following migrations:\n' +
          REPLACED.map((name) => ` - ${name}\n`).join('') +
          'Optimizing...\n' +
          '  Optimized from 9 operations to 2 operations.\n' +
          `Created new squashed migration polls/migrations/${SQUASHED}.ts\n` +
          '  You should commit this migration but leave the old ones in place;\n' +
          '  the new migration will be used for new installs. Once you are sure\n' +
          '  all instances of the codebase have applied the migrations you squashed,\n' +
          '  you can delete them.\n',
      )
      expect(readFileSync(file(SQUASHED), 'utf8'))
        .toBe(`import { BigAutoField, CharField, DateTimeField, ForeignKey } from 'reinhardt/db'
import { CreateModel, Migration } from 'reinhardt/db/migrations'

export default new Migration({
  initial: true,
  dependencies: [['library', '0001_initial']],
  replaces: [
    ['polls', '0001_initial'],
    ['polls', '0002_second'],
    ['polls', '0003_third'],
    ['polls', '0004_fourth'],
    ['polls', '0005_touch'],
  ],
  operations: [
    new CreateModel({
      name: 'Question',
      fields: [
        ['id', new BigAutoField()],
        ['questionText', new CharField({ maxLength: 300 })],
        ['publishedAt', new DateTimeField({ null: true })],
        ['shelf', new ForeignKey({ to: 'library.Shelf', onDelete: 'CASCADE', null: true })],
      ],
    }),
    new CreateModel({
      name: 'Choice',
      fields: [
        ['id', new BigAutoField()],
        ['question', new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' })],
        ['choiceText', new CharField({ maxLength: 200 })],
      ],
    }),
  ],
})
`)
      // The models and the squashed history agree.
      expect(await makemigrations({ check: true }, project.context())).toBe(0)
    })

    it('refuses what Django refuses, through the CLI too', async () => {
      await expect(
        squashmigrations({ appLabel: 'polls', migrationName: '0005' }, project.context()),
      ).rejects.toThrow(
        `Migration polls.0005_touch is replaced by the squashed migration polls.${SQUASHED}`,
      )
      await expect(
        squashmigrations({ appLabel: 'nope', migrationName: '0001' }, project.context()),
      ).rejects.toThrow(/No installed app with label 'nope'/)
      // The squashed migration is now in the graph: squashing it again is refused.
      const out = project.context()
      expect(
        await runCli(['squashmigrations', 'polls', SQUASHED, '--noinput'], { ...out, env: {} }),
      ).toBe(1)
      expect(out.stderr.text).toContain('CommandError: You cannot squash squashed migrations!')
      const usage = project.context()
      expect(await runCli(['squashmigrations', 'polls'], { ...usage, env: {} })).toBe(2)
      // Answering "no" writes nothing.
      const asked: string[] = []
      const declined = project.context()
      const confirm = async (question: string) => (asked.push(question), false)
      expect(
        await squashmigrations({ appLabel: 'library', migrationName: '0001', confirm }, declined),
      ).toBe(0)
      expect(asked).toEqual(['Do you wish to proceed? [y/N] '])
      expect(declined.stdout.text).toBe('Will squash the following migrations:\n - 0001_initial\n')
      expect(
        existsSync(join(project.apps.library!.path, 'migrations/0001_squashed_0001_initial.ts')),
      ).toBe(false)
    })

    it('a database with all the originals applied: nothing runs, the squash gets recorded', async () => {
      expect(await show()).toBe(
        `polls\n [-] ${SQUASHED} (5 squashed migrations) Run 'reinhardt migrate' to finish recording.\n`,
      )
      const ctx = project.context()
      expect(await migrate({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('No migrations to apply.')
      expect(await recorded()).toEqual([...REPLACED, SQUASHED].sort())
      expect(await show()).toBe(`polls\n [X] ${SQUASHED} (5 squashed migrations)\n`)
      expect(await rows('SELECT question_text FROM polls_question')).toEqual([
        { question_text: 'kept' },
      ])
    })

    it('migrating to zero unapplies the squashed migration and unrecords everything', async () => {
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: 'zero' }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain(`Unapplying polls.${SQUASHED}... OK`)
      expect(ctx.stdout.text).not.toContain('Unapplying polls.0005_touch')
      const names = await tables()
      expect(names).not.toContain('polls_question')
      expect(names).not.toContain('polls_choice')
      expect(names).toContain('library_shelf')
      expect(await recorded()).toEqual([])
      await expect(
        migrate({ appLabel: 'polls', target: '0003' }, project.context()),
      ).rejects.toThrow(/polls\.0003_third is replaced by the squashed migration/)
    })

    it('a fresh database runs only the squashed migration', async () => {
      const ctx = project.context()
      expect(await migrate({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain(`Applying polls.${SQUASHED}... OK`)
      expect(ctx.stdout.text).not.toContain('Applying polls.0001_initial')
      expect(await recorded()).toEqual([...REPLACED, SQUASHED].sort())
      expect(await columns('polls_question')).toEqual([
        'id',
        'question_text',
        'published_at',
        'shelf_id',
      ])
      expect(await tables()).not.toContain('polls_draft')
    })

    it('a migration made after the squash depends on it', async () => {
      await project.useModels(models(5))
      const ctx = project.context()
      expect(await makemigrations({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('polls/migrations/0006_question_votes.ts')
      expect(readFileSync(file('0006_question_votes'), 'utf8')).toContain(
        `dependencies: [['polls', '${SQUASHED}']]`,
      )
      expect(await migrate({}, project.context())).toBe(0)
      expect(await show()).toBe(
        `polls\n [X] ${SQUASHED} (5 squashed migrations)\n [X] 0006_question_votes\n`,
      )
    })

    it('a partly migrated database finishes with the originals, then records the squash', async () => {
      expect(await migrate({ appLabel: 'polls', target: 'zero' }, project.context())).toBe(0)
      // Go back in time: a database that applied 0001 and 0002 before the squash existed.
      const hidden = [SQUASHED, '0006_question_votes']
      for (const name of hidden) renameSync(file(name), `${file(name)}.hidden`)
      try {
        expect(await migrate({ appLabel: 'polls', target: '0002' }, project.context())).toBe(0)
      } finally {
        for (const name of hidden) renameSync(`${file(name)}.hidden`, file(name))
      }
      expect(await recorded()).toEqual(['0001_initial', '0002_second'])
      expect(await show()).toBe(
        'polls\n [X] 0001_initial\n [X] 0002_second\n [ ] 0003_third\n [ ] 0004_fourth\n' +
          ' [ ] 0005_touch\n [ ] 0006_question_votes\n',
      )
      const ctx = project.context()
      expect(await migrate({}, ctx)).toBe(0)
      const applied = [...ctx.stdout.text.matchAll(/Applying polls\.(\w+)\.\.\. OK/g)].map(
        (match) => match[1],
      )
      expect(applied).toEqual(['0003_third', '0004_fourth', '0005_touch', '0006_question_votes'])
      expect(await recorded()).toEqual([...REPLACED, SQUASHED, '0006_question_votes'].sort())
      expect(await show()).toBe(
        `polls\n [X] ${SQUASHED} (5 squashed migrations)\n [X] 0006_question_votes\n`,
      )
      expect(await columns('polls_question')).toContain('votes')
    })

    it('and back to zero', async () => {
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: 'zero' }, ctx)).toBe(0)
      expect(ctx.stdout.text.indexOf('Unapplying polls.0006_question_votes... OK')).toBeLessThan(
        ctx.stdout.text.indexOf(`Unapplying polls.${SQUASHED}... OK`),
      )
      expect(await tables()).not.toContain('polls_question')
      expect(await recorded()).toEqual([])
      expect(existsSync(file(SQUASHED))).toBe(true)
    })
  })
}
