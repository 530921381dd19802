/**
 * Two apps in one makemigrations run: a ForeignKey from `library` to `polls` makes
 * library's first migration depend on polls' new one; unapplying polls first unapplies
 * library. Also uniqueTogether changes and --fake-initial. Runs on SQLite and, when it is
 * reachable, PostgreSQL.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makemigrations } from '../../../src/cli/commands/makemigrations.js'
import { migrate } from '../../../src/cli/commands/migrate.js'
import { CharField, connections, ForeignKey, Model } from '../../../src/db/index.js'
import type { FieldMap } from '../../../src/db/models/typing.js'
import { parseRenameHint } from '../../../src/db/migrations/index.js'
import { createProject, postgresAvailable, type Backend, type Project } from './project.js'

function models(options: { uniqueTitle?: boolean; writer?: boolean } = {}): () => void {
  return () => {
    const authorName = options.writer === true ? 'Writer' : 'Author'
    const Author = Model.define(
      'polls',
      { name: new CharField({ maxLength: 100 }) },
      { modelName: authorName },
    )
    Author.register()
    const fields: FieldMap = {
      author: new ForeignKey({ to: `polls.${authorName}`, onDelete: 'CASCADE' }),
      title: new CharField({ maxLength: 100 }),
    }
    class Book extends Model.define('library', fields, {
      ...(options.uniqueTitle === true ? { uniqueTogether: [['author', 'title']] } : {}),
    }) {
      static {
        this.register()
      }
    }
    void Book
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

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const connection = connections.get('default')
  try {
    return (await connection.execute(sql)).rows
  } finally {
    await connection.close()
  }
}

async function execute(sql: string): Promise<void> {
  const connection = connections.get('default')
  try {
    await connection.execute(sql)
  } finally {
    await connection.close()
  }
}

const backends: Backend[] = ['sqlite']
if (await postgresAvailable()) backends.push('postgresql')

for (const backend of backends) {
  describe.sequential(`migrations across apps on ${backend}`, () => {
    let project: Project
    beforeAll(async () => {
      project = await createProject(backend, ['library'])
      await project.useModels(models())
    })
    afterAll(async () => {
      await project?.cleanup()
    })

    it('links the new migrations of two apps', async () => {
      const ctx = project.context()
      expect(await makemigrations({ appLabels: ['library'] }, ctx)).toBe(0)
      // library needs polls.Author, so polls gets its first migration in the same run.
      expect(ctx.stdout.text).toContain("Migrations for 'polls':")
      expect(ctx.stdout.text).toContain("Migrations for 'library':")
      const library = readFileSync(
        join(project.apps.library!.path, 'migrations/0001_initial.ts'),
        'utf8',
      )
      expect(library).toContain("dependencies: [['polls', '0001_initial']]")
      expect(existsSync(join(project.app.path, 'migrations/0001_initial.ts'))).toBe(true)
      const run = project.context()
      expect(await migrate({}, run)).toBe(0)
      expect(run.stdout.text.indexOf('polls.0001_initial')).toBeLessThan(
        run.stdout.text.indexOf('library.0001_initial'),
      )
    })

    it('alters uniqueTogether both ways', async () => {
      await project.useModels(models({ uniqueTitle: true }))
      const ctx = project.context()
      expect(await makemigrations({}, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('- Alter uniqueTogether for Book (1 constraint(s))')
      expect(await migrate({}, project.context())).toBe(0)
      await execute("INSERT INTO polls_author (name) VALUES ('Ann')")
      await execute("INSERT INTO library_book (author_id, title) VALUES (1, 'One')")
      await expect(
        execute("INSERT INTO library_book (author_id, title) VALUES (1, 'One')"),
      ).rejects.toThrow()
      expect(await migrate({ appLabel: 'library', target: '0001' }, project.context())).toBe(0)
      await execute("INSERT INTO library_book (author_id, title) VALUES (1, 'One')")
      // Duplicates would stop the way forward again: keep two distinct books.
      await execute('DELETE FROM library_book')
      await execute("INSERT INTO library_book (author_id, title) VALUES (1, 'One'), (1, 'Two')")
      expect(await migrate({}, project.context())).toBe(0)
    })

    it('renames a model other apps point at, keeping rows and the foreign key', async () => {
      await project.useModels(models({ uniqueTitle: true, writer: true }))
      const ctx = project.context()
      const renames = [parseRenameHint('polls.Author=Writer')]
      expect(await makemigrations({ renames, noinput: true }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('- Rename model Author to Writer')
      expect(ctx.stdout.text).not.toContain('Delete model')
      expect(await migrate({}, project.context())).toBe(0)
      const names = await tables()
      expect(names).toContain('polls_writer')
      expect(names).not.toContain('polls_author')
      expect(await rows('SELECT name FROM polls_writer')).toEqual([{ name: 'Ann' }])
      expect(await rows('SELECT author_id, title FROM library_book ORDER BY id')).toHaveLength(2)
      // The foreign key now points at the renamed table.
      await expect(
        execute("INSERT INTO library_book (author_id, title) VALUES (42, 'x')"),
      ).rejects.toThrow()
      expect(await makemigrations({ check: true }, project.context())).toBe(0)
      // And back.
      const back = project.context()
      expect(await migrate({ appLabel: 'polls', target: '0001' }, back)).toBe(0)
      expect(await tables()).toContain('polls_author')
      expect(await rows('SELECT name FROM polls_author')).toEqual([{ name: 'Ann' }])
      expect(await migrate({}, project.context())).toBe(0)
    })

    it('unapplying polls unapplies library first', async () => {
      await execute('DELETE FROM library_book')
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: 'zero' }, ctx)).toBe(0)
      expect(ctx.stdout.text.indexOf('Unapplying library.0001_initial')).toBeGreaterThan(-1)
      expect(ctx.stdout.text.indexOf('Unapplying library.0001_initial')).toBeLessThan(
        ctx.stdout.text.indexOf('Unapplying polls.0001_initial'),
      )
      expect(await tables()).not.toContain('library_book')
    })

    it('--fake-initial skips initial migrations whose tables exist', async () => {
      await execute(
        'CREATE TABLE polls_author (id integer PRIMARY KEY, name varchar(100) NOT NULL)',
      )
      const ctx = project.context()
      expect(await migrate({ appLabel: 'polls', target: '0001', fakeInitial: true }, ctx)).toBe(0)
      expect(ctx.stdout.text).toContain('Applying polls.0001_initial... FAKED')
      const rest = project.context()
      expect(await migrate({ fakeInitial: true }, rest)).toBe(0)
      expect(rest.stdout.text).toContain('Applying library.0001_initial... OK')
      expect(rest.stdout.text).toContain('Applying polls.0002_rename_author_writer... OK')
    })
  })
}
