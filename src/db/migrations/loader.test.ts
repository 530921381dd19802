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
