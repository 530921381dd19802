/**
 * The migration commands through the real `reinhardt` bin in a child process, the way a
 * user runs them: tsx loads the TypeScript project, its models and the migration files it
 * writes, from a project directory that depends on reinhardt through node_modules.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../../..')
const bin = join(root, 'bin/reinhardt.mjs')

describe.sequential('migration commands through bin/reinhardt.mjs (SQLite)', () => {
  let dir: string

  async function reinhardt(
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [bin, ...args, '--settings', './settings.ts'],
        {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1', REINHARDT_SETTINGS_MODULE: '' },
        },
      )
      return { code: 0, stdout, stderr }
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string }
      return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr }
    }
  }

  function writeModels(extra: string): void {
    writeFileSync(
      join(dir, 'polls/models.ts'),
      `import { CharField, ForeignKey, IntegerField, Model } from 'reinhardt/db'

export class Question extends Model.define('polls', {
  questionText: new CharField({ maxLength: 200 }),${extra}
}) {
  static {
    this.register()
  }
}

export class Choice extends Model.define('polls', {
  question: new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' }),
  votes: new IntegerField({ default: 0 }),
}) {
  static {
    this.register()
  }
}
`,
    )
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-cli-migrations-'))
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(root, join(dir, 'node_modules', 'reinhardt'))
    mkdirSync(join(dir, 'polls'))
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(
      join(dir, 'polls/apps.ts'),
      `import { defineApp } from 'reinhardt/apps'\n\nexport default defineApp({\n  name: 'polls',\n  path: import.meta.dirname,\n  importModels: () => import('./models.js'),\n})\n`,
    )
    writeFileSync(
      join(dir, 'settings.ts'),
      `import { defineSettings } from 'reinhardt/conf'\nimport polls from './polls/apps.js'\n\nexport default defineSettings({\n  INSTALLED_APPS: [polls],\n  DATABASES: { default: { ENGINE: 'sqlite', NAME: './db.sqlite3' } },\n})\n`,
    )
    writeModels('')
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('makemigrations polls writes 0001_initial.ts, and migrate applies it', async () => {
    const made = await reinhardt('makemigrations', 'polls')
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('polls/migrations/0001_initial.ts')
    expect(readFileSync(join(dir, 'polls/migrations/0001_initial.ts'), 'utf8')).toContain(
      'new CharField({ maxLength: 200 })',
    )
    const migrated = await reinhardt('migrate')
    expect(migrated.code).toBe(0)
    expect(migrated.stdout).toContain('Applying polls.0001_initial... OK')
    const shown = await reinhardt('showmigrations')
    expect(shown.stdout).toBe('polls\n [X] 0001_initial\n')
  })

  it('--check fails after a model change, passes once the migration exists', async () => {
    writeModels("\n  slug: new CharField({ maxLength: 50, default: '' }),")
    const check = await reinhardt('makemigrations', '--check')
    expect(check.code).toBe(1)
    expect(check.stdout).toContain('Add field slug to Question')
    expect((await reinhardt('makemigrations', '--name', 'question_slug')).code).toBe(0)
    expect((await reinhardt('makemigrations', '--check')).code).toBe(0)
    const plan = await reinhardt('migrate', '--plan')
    expect(plan.stdout).toContain('polls.0002_question_slug\n    Add field slug to Question')
    const sql = await reinhardt('sqlmigrate', 'polls', '0002')
    expect(sql.stdout).toMatch(/ALTER TABLE "polls_question" ADD COLUMN "slug"/)
    expect((await reinhardt('migrate', 'polls', '0002')).stdout).toContain(
      'Applying polls.0002_question_slug... OK',
    )
    const back = await reinhardt('migrate', 'polls', 'zero')
    expect(back.stdout).toContain('Unapplying polls.0001_initial... OK')
  })

  it('reports a bad target as a one-line error with exit 1', async () => {
    const bad = await reinhardt('migrate', 'polls', '0042')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe(
      "CommandError: Cannot find a migration matching '0042' from app 'polls'.\n",
    )
  })
})
