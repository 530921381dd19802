import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defineApp, type AppConfig } from '../../apps/index.js'
import { MigrationTargetError, SquashError } from './exceptions.js'
import { keyId } from './graph.js'
import { MigrationLoader } from './loader.js'
import { squashMigrations } from './squash.js'
import { renderMigration } from './writer.js'

const root = mkdtempSync(join(tmpdir(), 'reinhardt-squash-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
/** An app whose migrations are `name → Migration options source`. */
function app(label: string, files: Record<string, string>): AppConfig {
  const path = join(root, `${label}_${counter++}`)
  mkdirSync(join(path, 'migrations'), { recursive: true })
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(
      join(path, 'migrations', `${name}.ts`),
      `import { BigAutoField, CharField } from 'reinhardt/db'\n` +
        `import { AddField, CreateModel, Migration, RunJS, RunSQL } from 'reinhardt/db/migrations'\n` +
        `export default new Migration(${body})\n`,
    )
  }
  return defineApp({ name: label, path })
}

const load = (...apps: AppConfig[]) => MigrationLoader.load({ apps })

describe('squashMigrations', () => {
  const polls = app('polls', {
    '0001_initial': `{
      initial: true,
      dependencies: [['other', '0001_initial']],
      operations: [new CreateModel({ name: 'Poll', fields: [['id', new BigAutoField({ primaryKey: true })]] })],
    }`,
    '0002_title': `{
      dependencies: [['polls', '0001_initial']],
      runBefore: [['other', '0002_late']],
      operations: [new AddField({ modelName: 'Poll', name: 'title', field: new CharField({ maxLength: 10 }) })],
    }`,
    '0003_raw': `{
      atomic: false,
      dependencies: [['polls', '0002_title'], ['other', '0001_initial']],
      operations: [new RunSQL({ sql: 'SELECT 1', reverseSql: '' })],
    }`,
  })
  const other = app('other', {
    '0001_initial': '{}',
    '0002_late': "{ dependencies: [['other', '0001_initial']] }",
  })

  it('squashes from the first migration: 0001_squashed_<end>, initial, optimized', async () => {
    const loader = await load(polls, other)
    const result = squashMigrations(loader, { appLabel: 'polls', end: '0003' })
    const { migration } = result
    expect(migration.name).toBe('0001_squashed_0003_raw')
    expect(migration.initial).toBe(true)
    expect(migration.atomic).toBe(false)
    expect(migration.replaces.map(keyId)).toEqual([
      'polls.0001_initial',
      'polls.0002_title',
      'polls.0003_raw',
    ])
    expect(migration.dependencies.map(keyId)).toEqual(['other.0001_initial'])
    expect(migration.runBefore.map(keyId)).toEqual(['other.0002_late'])
    expect(result.operationCount).toBe(3)
    expect(migration.operations.map((op) => op.describe())).toEqual([
      'Create model Poll',
      'Raw SQL operation',
    ])
    expect(renderMigration(migration)).toBe(`import { BigAutoField, CharField } from 'reinhardt/db'
import { CreateModel, Migration, RunSQL } from 'reinhardt/db/migrations'

export default new Migration({
  initial: true,
  atomic: false,
  dependencies: [['other', '0001_initial']],
  replaces: [['polls', '0001_initial'], ['polls', '0002_title'], ['polls', '0003_raw']],
  runBefore: [['other', '0002_late']],
  operations: [
    new CreateModel({
      name: 'Poll',
      fields: [['id', new BigAutoField()], ['title', new CharField({ maxLength: 10 })]],
    }),
    new RunSQL({ sql: 'SELECT 1', reverseSql: '' }),
  ],
})
`)

    const plain = squashMigrations(loader, {
      appLabel: 'polls',
      end: '0003',
      optimize: false,
      squashedName: 'everything',
    })
    expect(plain.migration.name).toBe('0001_everything')
    expect(plain.migration.operations).toHaveLength(3)
  })

  it('names a range after its start and keeps the start’s own dependencies', async () => {
    const loader = await load(polls, other)
    const { migration } = squashMigrations(loader, {
      appLabel: 'polls',
      start: '0002',
      end: '0003',
    })
    expect(migration.name).toBe('0002_title_squashed_0003_raw')
    expect(migration.initial).toBe(false)
    expect(migration.dependencies.map(keyId)).toEqual(['other.0001_initial', 'polls.0001_initial'])
    const named = squashMigrations(loader, {
      appLabel: 'polls',
      start: '0002',
      end: '0003',
      squashedName: 'tail',
    })
    expect(named.migration.name).toBe('0002_tail')
  })

  it('refuses a start that does not come before the end, and unknown names', async () => {
    const loader = await load(polls, other)
    expect(() =>
      squashMigrations(loader, { appLabel: 'polls', start: '0003', end: '0002' }),
    ).toThrow(
      /The migration 'polls\.0003_raw' cannot be found\. Maybe it comes after the migration 'polls\.0002_title'\?/,
    )
    expect(() => squashMigrations(loader, { appLabel: 'polls', end: '0009' })).toThrow(
      MigrationTargetError,
    )
    expect(() => squashMigrations(loader, { appLabel: 'nope', end: '0001' })).toThrow(
      /App 'nope' does not have migrations/,
    )
    expect(() =>
      squashMigrations(loader, { appLabel: 'polls', end: '0002', squashedName: 'bad-name' }),
    ).toThrow(/must be a valid identifier/)
  })

  it('reports RunJS functions it copies, and keeps RunJS as a wall', async () => {
    const js = app('js', {
      '0001_initial': `{
        operations: [new CreateModel({ name: 'Poll', fields: [['id', new BigAutoField()]] })],
      }`,
      '0002_data': `{
        dependencies: [['js', '0001_initial']],
        operations: [new RunJS({ forwards: async () => {}, backwards: RunJS.noop })],
      }`,
      '0003_title': `{
        dependencies: [['js', '0002_data']],
        operations: [new AddField({ modelName: 'Poll', name: 'title', field: new CharField({ maxLength: 5 }) })],
      }`,
    })
    const result = squashMigrations(await load(js), { appLabel: 'js', end: '0003' })
    expect(result.copiesFunctions).toBe(true)
    expect(result.migration.operations.map((op) => op.constructor.name)).toEqual([
      'CreateModel',
      'RunJS',
      'AddField',
    ])
  })

  it('refuses to squash a squashed migration', async () => {
    const squashed = app('sq', {
      '0001_initial': '{}',
      '0002_b': "{ dependencies: [['sq', '0001_initial']] }",
      '0001_squashed_0002_b': "{ replaces: [['sq', '0001_initial'], ['sq', '0002_b']] }",
      '0003_c': "{ dependencies: [['sq', '0002_b']] }",
    })
    const loader = await load(squashed)
    expect(() => squashMigrations(loader, { appLabel: 'sq', end: '0003' })).toThrow(
      /You cannot squash squashed migrations! sq\.0001_squashed_0002_b is one/,
    )
  })

  it('refuses a range whose squashed migration would depend on itself', async () => {
    const a = app('a', {
      '0001_initial': '{}',
      '0002_b': "{ dependencies: [['a', '0001_initial'], ['b', '0001_initial']] }",
    })
    const b = app('b', { '0001_initial': "{ dependencies: [['a', '0001_initial']] }" })
    const loader = await load(a, b)
    expect(() => squashMigrations(loader, { appLabel: 'a', end: '0002' })).toThrow(SquashError)
    expect(() => squashMigrations(loader, { appLabel: 'a', end: '0002' })).toThrow(
      /a\.0002_b depends on b\.0001_initial, which depends on a\.0001_initial; the squashed migration would depend on itself/,
    )
    // Up to the migration before it is fine, and so is the rest on its own.
    expect(squashMigrations(loader, { appLabel: 'a', end: '0001' }).migration.name).toBe(
      '0001_squashed_0001_initial',
    )
    expect(
      squashMigrations(loader, {
        appLabel: 'a',
        start: '0002',
        end: '0002',
      }).migration.dependencies.map(keyId),
    ).toEqual(['a.0001_initial', 'b.0001_initial'])
  })

  it('refuses a range that would drop a dependency on a migration of another branch', async () => {
    const branches = app('br', {
      '0001_initial': '{}',
      '0002_left': "{ dependencies: [['br', '0001_initial']] }",
      '0002_right': "{ dependencies: [['br', '0001_initial']] }",
      '0003_merge': "{ dependencies: [['br', '0002_left'], ['br', '0002_right']] }",
    })
    const loader = await load(branches)
    expect(() =>
      squashMigrations(loader, { appLabel: 'br', start: '0002_right', end: '0003' }),
    ).toThrow(
      /br\.0003_merge depends on br\.0002_left, which is not in the range and not applied before br\.0002_right/,
    )
    const ok = squashMigrations(loader, { appLabel: 'br', start: '0002_left', end: '0003' })
    expect(ok.migration.replaces.map(keyId)).toEqual([
      'br.0002_left',
      'br.0002_right',
      'br.0003_merge',
    ])
    expect(ok.migration.dependencies.map(keyId)).toEqual(['br.0001_initial'])
  })
})
