/**
 * A throw-away project for the migration suites: a temp directory holding a `polls` app
 * (whose `migrations/` the commands write into), settings pointing at a real database
 * (a temp SQLite file, a private schema in PostgreSQL's `test` database, or a private MariaDB
 * database), and a way to
 * swap the app's models for another version, as a developer editing models.ts would.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pg from 'pg'
import { mariadbAdmin } from '../backends.js'
import { apps, defineApp, type AppConfig } from '../../../src/apps/index.js'
import { configure } from '../../../src/conf/settings.js'
import { connections } from '../../../src/db/connection.js'
import type { DatabaseSettings } from '../../../src/conf/global-settings.js'

export type Backend = 'sqlite' | 'postgresql' | 'mariadb'

export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }

/** True when PostgreSQL answers; REINHARDT_REQUIRE_PG=1 turns "no" into a failure. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ ...PG, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch (error) {
    if (process.env.REINHARDT_REQUIRE_PG === '1') throw error
    console.warn(
      `PostgreSQL at ${PG.host}:${PG.port} is unreachable (${(error as Error).message}); ` +
        'skipping the PostgreSQL migration suite. Set REINHARDT_REQUIRE_PG=1 to fail instead.',
    )
    return false
  }
}

/** True when MariaDB answers; REINHARDT_REQUIRE_MARIADB=1 turns "no" into a failure. */
export async function mariadbAvailable(): Promise<boolean> {
  try {
    await (await mariadbAdmin()).end()
    return true
  } catch (error) {
    if (process.env.REINHARDT_REQUIRE_MARIADB === '1') throw error
    console.warn(
      `MariaDB at 127.0.0.1:3306 is unreachable (${(error as Error).message}); ` +
        'skipping the MariaDB migration suite. Set REINHARDT_REQUIRE_MARIADB=1 to fail instead.',
    )
    return false
  }
}

async function mariadbQuery(sql: string): Promise<void> {
  const connection = await mariadbAdmin()
  try {
    await connection.query(sql)
  } finally {
    await connection.end()
  }
}

async function pgQuery(sql: string): Promise<void> {
  const client = new pg.Client(PG)
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Collects what a command writes. */
export class Output extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

export interface Project {
  readonly dir: string
  readonly appDir: string
  readonly migrationsDir: string
  readonly app: AppConfig
  /** Every installed app by label ('polls' first, then `extraApps`). */
  readonly apps: Readonly<Record<string, AppConfig>>
  readonly backend: Backend
  /** Installs `defineModels` as the app's models (re-populating the registry). */
  useModels(defineModels: () => void): Promise<void>
  /** Fresh stdout/stderr/cwd for one command run. */
  context(): { stdout: Output; stderr: Output; cwd: string }
  cleanup(): Promise<void>
}

/**
 * Creates the project; PostgreSQL gets a schema of its own, dropped by `cleanup()`.
 * `extraApps` are installed after polls, each in its own directory (their models are
 * defined by the same `useModels` function).
 */
export async function createProject(
  backend: Backend,
  extraApps: readonly string[] = [],
): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-migrations-'))
  const appDir = join(dir, 'polls')
  mkdirSync(appDir)
  // Migration files import 'reinhardt/db': resolve it the way an installed project would.
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(join(import.meta.dirname, '../../..'), join(dir, 'node_modules', 'reinhardt'))
  const schema = `reinhardt_mig_${process.pid}_${Date.now().toString(36)}`
  let database: DatabaseSettings
  if (backend === 'postgresql') {
    await pgQuery(`CREATE SCHEMA ${schema}`)
    database = {
      ENGINE: 'postgresql',
      NAME: PG.database,
      USER: PG.user,
      HOST: PG.host,
      PORT: PG.port,
      OPTIONS: { searchPath: schema },
    }
  } else if (backend === 'mariadb') {
    await mariadbQuery(`CREATE DATABASE ${schema} CHARACTER SET utf8mb4`)
    database = { ENGINE: 'mysql', NAME: schema, USER: 'root', HOST: '127.0.0.1', PORT: 3306 }
  } else {
    database = { ENGINE: 'sqlite', NAME: join(dir, 'db.sqlite3') }
  }
  let currentModels: () => void = () => {}
  const app = defineApp({
    name: 'polls',
    path: appDir,
    importModels: async () => currentModels(),
  })
  const installed: Record<string, AppConfig> = { polls: app }
  for (const label of extraApps) {
    mkdirSync(join(dir, label))
    installed[label] = defineApp({ name: label, path: join(dir, label) })
  }
  const list = Object.values(installed)
  configure({ INSTALLED_APPS: list, DATABASES: { default: database }, USE_TZ: true })
  // The connections handler caches DATABASES: forget a previous project's.
  connections.reset()
  return {
    dir,
    appDir,
    migrationsDir: join(appDir, 'migrations'),
    app,
    apps: installed,
    backend,
    async useModels(defineModels) {
      currentModels = defineModels
      apps.reset()
      await apps.populate(list)
    },
    context: () => ({ stdout: new Output(), stderr: new Output(), cwd: dir }),
    async cleanup() {
      apps.reset()
      rmSync(dir, { recursive: true, force: true })
      if (backend === 'postgresql') await pgQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      if (backend === 'mariadb') await mariadbQuery(`DROP DATABASE IF EXISTS ${schema}`)
    },
  }
}
