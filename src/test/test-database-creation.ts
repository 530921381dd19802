/**
 * Creating and destroying the database a test run uses instead of the real one (Django's
 * `create_test_db` / `destroy_test_db`).
 *
 * PostgreSQL: `test_<NAME>` (or `TEST.NAME`) is dropped if a previous run left it behind,
 * then created, through a connection to the server's maintenance database (`postgres`), with
 * the alias's HOST, PORT, USER and PASSWORD. Destroying drops it again, disconnecting any
 * session still attached (`WITH (FORCE)`, PostgreSQL 13+).
 *
 * MariaDB/MySQL: the same as PostgreSQL (`test_<NAME>`, dropped first if left behind), through
 * a connection to `information_schema`, which every account can open; created with utf8mb4.
 *
 * SQLite: an in-memory database, private to the alias's single connection, unless
 * `TEST.NAME` names a file; such a file is deleted before the run and after it.
 *
 * The name gets a suffix per parallel worker (Vitest's VITEST_POOL_ID, Jest's
 * JEST_WORKER_ID) so test files running at the same time never share a database.
 */
import { rmSync } from 'node:fs'
import type { DatabaseSettings } from '../conf/global-settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { DatabaseWrapper } from '../db/backends/base/base.js'
import { createConnection } from '../db/connection.js'

export interface TestDatabaseNameOptions {
  /** Appended as `_<suffix>` (default: the parallel worker's id, if any). */
  suffix?: string | null
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/

function isPostgres(settings: Readonly<DatabaseSettings>): boolean {
  return settings.ENGINE === 'postgresql' || settings.ENGINE === 'django.db.backends.postgresql'
}

function isMysql(settings: Readonly<DatabaseSettings>): boolean {
  return settings.ENGINE === 'mysql' || settings.ENGINE === 'django.db.backends.mysql'
}

function isSqlite(settings: Readonly<DatabaseSettings>): boolean {
  return settings.ENGINE === 'sqlite' || settings.ENGINE === 'django.db.backends.sqlite3'
}

function workerSuffix(): string | null {
  return process.env.VITEST_POOL_ID ?? process.env.JEST_WORKER_ID ?? null
}

/**
 * The name of the test database for one DATABASES entry: TEST.NAME, else `test_<NAME>` on
 * PostgreSQL and ':memory:' on SQLite; plus the worker suffix.
 *
 * ```ts
 * testDatabaseName({ ENGINE: 'postgresql', NAME: 'shop' }, { suffix: null }) // 'test_shop'
 * ```
 */
export function testDatabaseName(
  settings: Readonly<DatabaseSettings>,
  options: TestDatabaseNameOptions = {},
): string {
  const suffix = options.suffix === undefined ? workerSuffix() : options.suffix
  const explicit = settings.TEST?.NAME
  if (isSqlite(settings)) {
    if (explicit === undefined || explicit === null || explicit === ':memory:') return ':memory:'
    return suffix === null ? explicit : `${explicit}_${suffix}`
  }
  const base = explicit ?? `test_${settings.NAME}`
  return suffix === null ? base : `${base}_${suffix}`
}

/** DATABASES entry of the test database (same server and options, another NAME). */
export function testDatabaseSettings(
  settings: Readonly<DatabaseSettings>,
  name: string,
): DatabaseSettings {
  return { ...settings, NAME: name }
}

function maintenanceSettings(settings: Readonly<DatabaseSettings>): DatabaseSettings {
  // The pool options (size, search_path) of the real alias are irrelevant here.
  const name = isMysql(settings) ? 'information_schema' : 'postgres'
  return { ...settings, NAME: name, OPTIONS: { max: 1 }, CONN_MAX_AGE: 0 }
}

/** The server-side statements that manage a test database, per engine. */
function databaseStatements(settings: Readonly<DatabaseSettings>, quotedName: string) {
  if (isMysql(settings)) {
    return {
      exists: 'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?',
      create: `CREATE DATABASE ${quotedName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      drop: `DROP DATABASE IF EXISTS ${quotedName}`,
    }
  }
  return {
    exists: 'SELECT 1 FROM pg_database WHERE datname = $1',
    create: `CREATE DATABASE ${quotedName}`,
    drop: `DROP DATABASE IF EXISTS ${quotedName} WITH (FORCE)`,
  }
}

function checkedIdentifier(
  name: string,
  alias: string,
  settings: Readonly<DatabaseSettings>,
): string {
  if (!IDENTIFIER.test(name)) {
    throw new ImproperlyConfigured(
      `The test database name '${name}' for DATABASES['${alias}'] is not a plain identifier: ` +
        'use letters, digits, _ and - (set DATABASES.TEST.NAME).',
    )
  }
  return isMysql(settings) ? `\`${name}\`` : `"${name}"`
}

async function onMaintenance<T>(
  alias: string,
  settings: Readonly<DatabaseSettings>,
  fn: (maintenance: DatabaseWrapper) => Promise<T>,
): Promise<T> {
  const maintenance = createConnection(`${alias}:maintenance`, maintenanceSettings(settings))
  try {
    return await fn(maintenance)
  } finally {
    await maintenance.close()
  }
}

/**
 * Creates a fresh, empty test database for `alias` and returns its DATABASES entry.
 * A database of that name left by an interrupted run is destroyed first (unless `keepdb`,
 * which reuses it, as Django's `--keepdb`).
 */
export async function createTestDatabase(
  alias: string,
  settings: Readonly<DatabaseSettings>,
  options: TestDatabaseNameOptions & { keepdb?: boolean } = {},
): Promise<DatabaseSettings> {
  const name = testDatabaseName(settings, options)
  if (isSqlite(settings)) {
    if (name !== ':memory:' && options.keepdb !== true) removeSqliteFile(name)
    return testDatabaseSettings(settings, name)
  }
  if (!isPostgres(settings) && !isMysql(settings)) {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].ENGINE is '${settings.ENGINE}': test databases support 'sqlite', 'postgresql' and 'mysql'.`,
    )
  }
  if (name === settings.NAME) {
    throw new ImproperlyConfigured(
      `DATABASES['${alias}'].TEST.NAME is the real database '${name}': tests would destroy it.`,
    )
  }
  const statements = databaseStatements(settings, checkedIdentifier(name, alias, settings))
  await onMaintenance(alias, settings, async (maintenance) => {
    if (options.keepdb === true) {
      const { rows } = await maintenance.execute(statements.exists, [name])
      if (rows.length > 0) return
    } else {
      await maintenance.execute(statements.drop)
    }
    await maintenance.execute(statements.create)
  })
  return testDatabaseSettings(settings, name)
}

/** Drops the test database created by createTestDatabase (close its connections first). */
export async function destroyTestDatabase(
  alias: string,
  testSettings: Readonly<DatabaseSettings>,
): Promise<void> {
  if (isSqlite(testSettings)) {
    if (testSettings.NAME !== ':memory:' && testSettings.NAME !== '') {
      removeSqliteFile(testSettings.NAME)
    }
    return
  }
  const quoted = checkedIdentifier(testSettings.NAME, alias, testSettings)
  await onMaintenance(alias, testSettings, (maintenance) =>
    maintenance.execute(databaseStatements(testSettings, quoted).drop),
  )
}

function removeSqliteFile(file: string): void {
  for (const extra of ['', '-wal', '-shm', '-journal']) rmSync(file + extra, { force: true })
}
