/**
 * The backends the database contract suite runs against.
 *
 * SQLite: a temporary file (WAL, like a real project) plus an in-memory second alias.
 * PostgreSQL: 127.0.0.1:5432, database `test`, user postgres (trust); each run gets its own
 * schema (search_path), so parallel test files never see each other's tables. When the
 * server is unreachable the PostgreSQL leg is skipped with a message, unless
 * REINHARDT_REQUIRE_PG=1, which turns that into a failure.
 * MariaDB: 127.0.0.1:3306, user root (no password); each run creates two databases of its
 * own (t_<pid>_<time> and t_<pid>_<time>_o), dropped by cleanup(). Skipped with a message
 * when the server is unreachable, unless REINHARDT_REQUIRE_MARIADB=1.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { DatabaseSettings } from '../../src/conf/global-settings.js'

export interface TestBackend {
  name: 'sqlite' | 'postgresql' | 'mariadb'
  /** DATABASES for the run: 'default' and 'other'. */
  databases: Record<string, DatabaseSettings>
  /** Why the backend cannot run (then the suite is skipped), or null. */
  unavailable: string | null
  cleanup(): Promise<void>
}

export function sqliteBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-db-'))
  return {
    name: 'sqlite',
    databases: {
      default: { ENGINE: 'sqlite', NAME: join(dir, 'default.sqlite3') },
      other: { ENGINE: 'sqlite', NAME: ':memory:' },
    },
    unavailable: null,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }

export async function postgresBackend(): Promise<TestBackend> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}`
  const other = `${schema}_o`
  const client = new pg.Client({ ...PG, connectionTimeoutMillis: 3000 })
  let unavailable: string | null = null
  try {
    await client.connect()
    await client.query(`CREATE SCHEMA "${schema}"`)
    await client.query(`CREATE SCHEMA "${other}"`)
  } catch (error) {
    unavailable = `PostgreSQL at 127.0.0.1:5432 (database test) is unreachable: ${(error as Error).message}`
    if (process.env.REINHARDT_REQUIRE_PG === '1')
      throw new Error(`${unavailable} (REINHARDT_REQUIRE_PG=1)`)
    console.warn(
      `Skipping the PostgreSQL contract suite. ${unavailable}. Set REINHARDT_REQUIRE_PG=1 to fail instead.`,
    )
  } finally {
    await client.end().catch(() => {})
  }
  const entry = (searchPath: string): DatabaseSettings => ({
    ENGINE: 'postgresql',
    NAME: PG.database,
    USER: PG.user,
    HOST: PG.host,
    PORT: PG.port,
    OPTIONS: { searchPath, max: 4 },
  })
  return {
    name: 'postgresql',
    databases: { default: entry(schema), other: entry(other) },
    unavailable,
    async cleanup() {
      if (unavailable !== null) return
      const c = new pg.Client(PG)
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await c.query(`DROP SCHEMA IF EXISTS "${other}" CASCADE`)
      await c.end()
    },
  }
}

export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' }

/** A MariaDB connection for test set-up (no database selected). */
export function mariadbAdmin(): Promise<mysql.Connection> {
  return mysql.createConnection({ ...MARIADB, connectTimeout: 3000 })
}

let mariadbRuns = 0

export async function mariadbBackend(): Promise<TestBackend> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++mariadbRuns}`
  const other = `${name}_o`
  let unavailable: string | null = null
  let admin: mysql.Connection | null = null
  try {
    admin = await mariadbAdmin()
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
    await admin.query(`CREATE DATABASE \`${other}\` CHARACTER SET utf8mb4`)
  } catch (error) {
    unavailable = `MariaDB at 127.0.0.1:3306 (user root) is unreachable: ${(error as Error).message}`
    if (process.env.REINHARDT_REQUIRE_MARIADB === '1')
      throw new Error(`${unavailable} (REINHARDT_REQUIRE_MARIADB=1)`)
    console.warn(
      `Skipping the MariaDB contract suite. ${unavailable}. Set REINHARDT_REQUIRE_MARIADB=1 to fail instead.`,
    )
  } finally {
    await admin?.end().catch(() => {})
  }
  const entry = (database: string): DatabaseSettings => ({
    ENGINE: 'mysql',
    NAME: database,
    USER: MARIADB.user,
    PASSWORD: MARIADB.password,
    HOST: MARIADB.host,
    PORT: MARIADB.port,
    OPTIONS: { connectionLimit: 4 },
  })
  return {
    name: 'mariadb',
    databases: { default: entry(name), other: entry(other) },
    unavailable,
    async cleanup() {
      if (unavailable !== null) return
      const c = await mariadbAdmin()
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await c.query(`DROP DATABASE IF EXISTS \`${other}\``)
      await c.end()
    },
  }
}
