import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defineApp } from '../../apps/index.js'
import {
  BadMigrationError,
  CircularDependencyError,
  MigrationTargetError,
  NodeNotFoundError,
} from './exceptions.js'
import { keyId } from './graph.js'
import { listMigrationFiles, MigrationLoader } from './loader.js'

const root = mkdtempSync(join(tmpdir(), 'reinhardt-loader-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
/** An app in a fresh directory with the given migration files (name → dependencies). */
function app(
  label: string,
  files: Record<string, string>,
  options: { noDirectory?: boolean } = {},
) {
  const path = join(root, `${label}_${counter++}`)
  mkdirSync(path)
  if (options.noDirectory !== true) {
    mkdirSync(join(path, 'migrations'))
    for (const [name, body] of Object.entries(files)) {
      writeFileSync(
        join(path, 'migrations', name),
        body.startsWith('!')
          ? body.slice(1)
          : `import { Migration } from 'reinhardt/db/migrations'\nexport default new Migration(${body})\n`,
      )
    }
  }
  return defineApp({ name: label, path })
}

describe('listMigrationFiles', () => {
  it('keeps migration modules and ignores the rest', () => {
    const config = app('files', {
      '0001_initial.ts': '{}',
      '0001_initial.js': '{}',
      '0002_next.mjs': '{}',
      '_helpers.ts': '!export {}',
      'types.d.ts': '!export {}',
      'x.test.ts': '!export {}',
      'README.md': '!hello',
    })
    const files = listMigrationFiles(join(config.path, 'migrations'))
    expect([...files.keys()]).toEqual(['0001_initial', '0002_next'])
    expect(files.get('0001_initial')).toMatch(/0001_initial\.ts$/)
  })
})

describe('MigrationLoader', () => {
  it('builds the graph across apps, resolving __first__ and __latest__', async () => {
    const auth = app('auth', {
      '0001_initial.ts': '{ initial: true }',
      '0002_email.ts': "{ dependencies: [['auth', '0001_initial']] }",
    })
    const polls = app('polls', {
      '0001_initial.ts': "{ dependencies: [['auth', '__first__']] }",
      '0002_owner.ts': "{ dependencies: [['polls', '0001_initial'], ['auth', '__latest__']] }",
    })
    const plain = app('plain', {}, { noDirectory: true })
    const loader = await MigrationLoader.load({ apps: [auth, polls, plain] })
    expect(loader.graph.parents(['polls', '0002_owner']).map(keyId)).toEqual([
      'auth.0002_email',
      'polls.0001_initial',
    ])
    expect(loader.graph.parents(['polls', '0001_initial']).map(keyId)).toEqual([
      'auth.0001_initial',
    ])
    expect([...loader.unmigratedApps]).toEqual(['plain'])
    expect(loader.getMigrationByPrefix('polls', '0002').name).toBe('0002_owner')
    expect(() => loader.getMigrationByPrefix('polls', '00')).toThrow(MigrationTargetError)
    expect(() => loader.getMigrationByPrefix('polls', '0009')).toThrow(
      /Cannot find a migration matching '0009'/,
    )
  })

  it('reports missing dependencies, cycles and files that are not migrations', async () => {
    const missing = app('a', { '0001_initial.ts': "{ dependencies: [['a', '0000_nothing']] }" })
    await expect(MigrationLoader.load({ apps: [missing] })).rejects.toThrow(NodeNotFoundError)
    const cyclic = app('b', {
      '0001_x.ts': "{ dependencies: [['b', '0002_y']] }",
      '0002_y.ts': "{ dependencies: [['b', '0001_x']] }",
    })
    await expect(MigrationLoader.load({ apps: [cyclic] })).rejects.toThrow(CircularDependencyError)
    const broken = app('c', { '0001_initial.ts': '!export default { not: "a migration" }' })
    await expect(MigrationLoader.load({ apps: [broken] })).rejects.toThrow(BadMigrationError)
    const syntax = app('d', { '0001_initial.ts': '!export default new (' })
    await expect(MigrationLoader.load({ apps: [syntax] })).rejects.toThrow(
      /Could not import migration d\.0001_initial/,
    )
    const notInstalled = app('e', {
      '0001_initial.ts': "{ dependencies: [['ghost', '__first__']] }",
    })
    await expect(MigrationLoader.load({ apps: [notInstalled] })).rejects.toThrow(
      /'ghost'.*not installed/,
    )
  })

  it('uses a squashed migration when none or all of the replaced ones are applied', async () => {
    const files = {
      '0001_initial.ts': '{}',
      '0002_more.ts': "{ dependencies: [['s', '0001_initial']] }",
      '0001_squashed_0002_more.ts': "{ replaces: [['s', '0001_initial'], ['s', '0002_more']] }",
      '0003_after.ts': "{ dependencies: [['s', '0002_more']] }",
    }
    const squash = app('s', files)
    const fresh = await MigrationLoader.load({ apps: [squash] })
    expect(fresh.graph.forwardsPlan(['s', '0003_after']).map(keyId)).toEqual([
      's.0001_squashed_0002_more',
      's.0003_after',
    ])
    const when = new Date()
    const partly = await MigrationLoader.load({
      apps: [squash],
      applied: new Map([['s.0001_initial', { app: 's', name: '0001_initial', applied: when }]]),
    })
    expect(partly.graph.forwardsPlan(['s', '0003_after']).map(keyId)).toEqual([
      's.0001_initial',
      's.0002_more',
      's.0003_after',
    ])
    expect(partly.appliedMigrations.has('s.0001_squashed_0002_more')).toBe(false)
  })

  it('marks a squashed migration applied exactly when all it replaces are', async () => {
    const squash = app('t', {
      '0001_initial.ts': '{}',
      '0002_more.ts': "{ dependencies: [['t', '0001_initial']] }",
      '0001_squashed_0002_more.ts': "{ replaces: [['t', '0001_initial'], ['t', '0002_more']] }",
    })
    const record = (name: string, applied = new Date()) =>
      [`t.${name}`, { app: 't', name, applied }] as const
    const all = await MigrationLoader.load({
      apps: [squash],
      applied: new Map([record('0001_initial'), record('0002_more')]),
    })
    expect(all.graph.nodes().map(keyId)).toEqual(['t.0001_squashed_0002_more'])
    expect(all.appliedMigrations.has('t.0001_squashed_0002_more')).toBe(true)
    expect(all.recordedMigrations.has('t.0001_squashed_0002_more')).toBe(false)
    // A row for the squashed migration alone does not make it applied (as in Django).
    const stray = await MigrationLoader.load({
      apps: [squash],
      applied: new Map([record('0001_squashed_0002_more')]),
    })
    expect(stray.appliedMigrations.has('t.0001_squashed_0002_more')).toBe(false)
    expect(() => all.getMigrationByPrefix('t', '0002')).toThrow(
      /t\.0002_more is replaced by the squashed migration t\.0001_squashed_0002_more/,
    )
  })

  it('points dependents of an unusable squashed migration at the last replaced one', async () => {
    const squash = app('u', {
      '0001_initial.ts': '{}',
      '0002_more.ts': "{ dependencies: [['u', '0001_initial']] }",
      '0001_squashed_0002_more.ts': "{ replaces: [['u', '0001_initial'], ['u', '0002_more']] }",
      '0003_after.ts': "{ dependencies: [['u', '0001_squashed_0002_more']] }",
    })
    const applied = new Map([
      ['u.0001_initial', { app: 'u', name: '0001_initial', applied: new Date() }],
    ])
    const loader = await MigrationLoader.load({ apps: [squash], applied })
    expect(loader.graph.parents(['u', '0003_after']).map(keyId)).toEqual(['u.0002_more'])
    const fresh = await MigrationLoader.load({ apps: [squash] })
    expect(fresh.graph.parents(['u', '0003_after']).map(keyId)).toEqual([
      'u.0001_squashed_0002_more',
    ])
  })

  it('explains a dependency on a deleted replaced migration the squash cannot cover', async () => {
    const squash = app('v', {
      '0001_initial.ts': '{}',
      '0001_squashed_0002_more.ts': "{ replaces: [['v', '0001_initial'], ['v', '0002_more']] }",
      '0003_after.ts': "{ dependencies: [['v', '0002_more']] }",
    })
    const fresh = await MigrationLoader.load({ apps: [squash] })
    expect(fresh.graph.parents(['v', '0003_after']).map(keyId)).toEqual([
      'v.0001_squashed_0002_more',
    ])
    const applied = new Map([
      ['v.0001_initial', { app: 'v', name: '0001_initial', applied: new Date() }],
    ])
    await expect(MigrationLoader.load({ apps: [squash], applied })).rejects.toThrow(
      /v\.0002_more.*replaced by v\.0001_squashed_0002_more, which cannot stand in for it/,
    )
  })

  it('finds an applied migration whose dependency is not applied', async () => {
    const polls = app('polls', {
      '0001_initial.ts': '{}',
      '0002_next.ts': "{ dependencies: [['polls', '0001_initial']] }",
    })
    const loader = await MigrationLoader.load({
      apps: [polls],
      applied: new Map([
        ['polls.0002_next', { app: 'polls', name: '0002_next', applied: new Date() }],
      ]),
    })
    expect(() => loader.checkConsistentHistory()).toThrow(
      /polls\.0002_next is applied before its dependency polls\.0001_initial/,
    )
  })
})
