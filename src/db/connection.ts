/**
 * The connections handler: one DatabaseWrapper per DATABASES alias, created lazily on first
 * use from the current settings, and closed (then re-created on next use) when a test or
 * `overrideSettings` changes DATABASES. Nothing here runs unless a query does, so a project
 * without databases pays nothing per request.
 *
 * ```ts
 * import { connections, connection } from 'reinhardt/db'
 * const { rows } = await connection.execute('SELECT COUNT(*) AS n FROM polls_question')
 * const replica = connections.get('replica')
 * ```
 */
import type { DatabaseSettings } from '../conf/global-settings.js'
import { getSettings } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { settingChanged } from '../core/signals.js'
import type { DatabaseWrapper } from './backends/base/base.js'
import { MysqlDatabaseWrapper } from './backends/mysql/base.js'
import { PostgresDatabaseWrapper } from './backends/postgresql/base.js'
import { SqliteDatabaseWrapper } from './backends/sqlite/base.js'
import { setDefaultAutoFieldHook, setTimeZoneHook } from './settings-hooks.js'

/** Creates the wrapper for one DATABASES entry (by ENGINE). */
export function createConnection(
  alias: string,
  settings: Readonly<DatabaseSettings>,
): DatabaseWrapper {
  switch (settings.ENGINE) {
    case 'sqlite':
    case 'django.db.backends.sqlite3':
      return new SqliteDatabaseWrapper(alias, settings)
    case 'postgresql':
    case 'django.db.backends.postgresql':
      return new PostgresDatabaseWrapper(alias, settings)
    case 'mysql':
    case 'django.db.backends.mysql':
      return new MysqlDatabaseWrapper(alias, settings)
    default:
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].ENGINE is '${settings.ENGINE}': use 'sqlite', 'postgresql' or 'mysql'.`,
      )
  }
}

export class ConnectionHandler {
  #connections = new Map<string, DatabaseWrapper>()
  #databases: Readonly<Record<string, DatabaseSettings>> | null = null

  /** DATABASES as configured (read from settings once, until DATABASES changes). */
  get databases(): Readonly<Record<string, DatabaseSettings>> {
    if (this.#databases === null) {
      const settings = getSettings()
      this.#databases = settings.DATABASES
      setTimeZoneHook(settings.USE_TZ ? settings.TIME_ZONE : 'UTC')
      setDefaultAutoFieldHook(settings.DEFAULT_AUTO_FIELD)
    }
    return this.#databases
  }

  /** The connection for `alias`; ImproperlyConfigured when DATABASES has no such entry. */
  get(alias = 'default'): DatabaseWrapper {
    let connection = this.#connections.get(alias)
    if (connection !== undefined) return connection
    const settings = this.databases[alias]
    if (settings === undefined) {
      const known = Object.keys(this.databases)
      throw new ImproperlyConfigured(
        known.length === 0
          ? `No database is configured: set DATABASES = { default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' } }.`
          : `The database alias '${alias}' is not in DATABASES (configured: ${known.join(', ')}).`,
      )
    }
    connection = createConnection(alias, settings)
    this.#connections.set(alias, connection)
    return connection
  }

  /** Every configured alias. */
  aliases(): string[] {
    return Object.keys(this.databases)
  }

  /** Connections opened so far. */
  all(): DatabaseWrapper[] {
    return [...this.#connections.values()]
  }

  /** Closes every open connection (the next query re-opens). */
  async closeAll(): Promise<void> {
    const open = [...this.#connections.values()]
    this.#connections = new Map()
    await Promise.all(open.map((c) => c.close()))
  }

  /** Forgets settings and connections (closing them), e.g. when DATABASES changed. */
  reset(): void {
    const open = [...this.#connections.values()]
    this.#connections = new Map()
    this.#databases = null
    for (const c of open) void c.close().catch(() => {})
  }
}

export const connections = new ConnectionHandler()

/** A stand-in for `connections.get('default')`, resolved on each use. */
export const connection: DatabaseWrapper = new Proxy({} as DatabaseWrapper, {
  get(_target, property) {
    const real = connections.get('default')
    const value = Reflect.get(real, property, real) as unknown
    return typeof value === 'function'
      ? (value as (...args: unknown[]) => unknown).bind(real)
      : value
  },
})

settingChanged.connect(
  ({ setting }) => {
    if (
      setting === 'DATABASES' ||
      setting === 'TIME_ZONE' ||
      setting === 'USE_TZ' ||
      setting === 'DEFAULT_AUTO_FIELD'
    ) {
      connections.reset()
    }
  },
  { dispatchUid: 'reinhardt.db.connections' },
)
