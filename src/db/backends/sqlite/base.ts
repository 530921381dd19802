/**
 * SQLite through better-sqlite3 (synchronous, in-process).
 *
 * One connection per alias, opened lazily: WAL journal for files, foreign keys enforced,
 * a busy timeout (OPTIONS.timeout, seconds). Statements are prepared once and cached by
 * SQL text. Because the connection is single, a transaction holds it exclusively: other
 * async contexts' queries wait until the transaction ends instead of slipping into it.
 * Functions SQLite lacks are registered in JS: regexp, time-zone aware date extraction.
 */
import Database from 'better-sqlite3'
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, DummyDriver } from 'kysely'
import type { DatabaseSettings } from '../../../conf/global-settings.js'
import type { Field } from '../../models/fields/field.js'
import {
  DataError,
  DatabaseError,
  IntegrityError,
  InterfaceError,
  OperationalError,
  ProgrammingError,
} from '../../utils/errors.js'
import {
  DatabaseWrapper,
  type DriverClient,
  type ExecuteOptions,
  type QueryResult,
} from '../base/base.js'
import { registerFunctions } from './functions.js'
import { SqliteSchemaEditor } from './schema-editor.js'
import { formatUtcDateTime } from '../../models/fields/temporal.js'

const DATA_TYPES: Record<string, string | ((field: Field & Record<string, unknown>) => string)> = {
  AutoField: 'integer',
  BigAutoField: 'integer',
  SmallAutoField: 'integer',
  BinaryField: 'BLOB',
  BooleanField: 'bool',
  CharField: (f) => (f.maxLength === undefined ? 'varchar' : `varchar(${f.maxLength as number})`),
  EmailField: (f) => `varchar(${f.maxLength as number})`,
  URLField: (f) => `varchar(${f.maxLength as number})`,
  SlugField: (f) => `varchar(${f.maxLength as number})`,
  DateField: 'date',
  DateTimeField: 'datetime',
  DecimalField: 'decimal',
  DurationField: 'bigint',
  FloatField: 'real',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  SmallIntegerField: 'smallint',
  PositiveIntegerField: 'integer unsigned',
  PositiveBigIntegerField: 'bigint unsigned',
  PositiveSmallIntegerField: 'smallint unsigned',
  GenericIPAddressField: 'char(39)',
  JSONField: 'text',
  TextField: 'text',
  TimeField: 'time',
  UUIDField: 'char(32)',
}

/** The mutex a transaction holds on the single connection. */
class ConnectionLock {
  #held: Promise<void> | null = null
  #release: (() => void) | null = null

  get held(): Promise<void> | null {
    return this.#held
  }

  async acquire(): Promise<void> {
    while (this.#held !== null) await this.#held
    this.#held = new Promise((resolve) => (this.#release = resolve))
  }

  release(): void {
    const release = this.#release
    this.#held = null
    this.#release = null
    release?.()
  }
}

export class SqliteDatabaseWrapper extends DatabaseWrapper {
  readonly vendor = 'sqlite' as const
  readonly features = {
    supportsTransactionalDdl: true,
    supportsSelectForUpdate: false,
    canReturnColumnsFromInsert: true,
    needsTableRebuildForAlter: true,
  }
  protected readonly compiler = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  })
  #db: Database.Database | null = null
  #statements = new Map<string, Database.Statement>()
  readonly #lock = new ConnectionLock()

  constructor(alias: string, settings: Readonly<DatabaseSettings>) {
    super(alias, settings)
  }

  /** The better-sqlite3 handle, opened on first use. */
  get driver(): Database.Database {
    if (this.#db === null) {
      const timeout = Number(this.settings.OPTIONS?.timeout ?? 5) * 1000
      const db = new Database(this.settings.NAME || ':memory:', { timeout })
      if (this.settings.NAME !== ':memory:' && this.settings.NAME !== '')
        db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
      registerFunctions(db)
      this.#db = db
    }
    return this.#db
  }

  dataType(field: Field): string | null {
    const type =
      DATA_TYPES[field.type] ?? DATA_TYPES[Object.getPrototypeOf(field.constructor).name as string]
    if (type === undefined) return null
    return typeof type === 'function' ? type(field as Field & Record<string, unknown>) : type
  }

  override relDataType(target: Field): string | null {
    return target.isAuto ? 'bigint' : this.dataType(target)
  }

  quoteName(name: string): string {
    return name.startsWith('"') ? name : `"${name.replace(/"/g, '""')}"`
  }

  adaptValue(value: unknown): unknown {
    if (typeof value === 'boolean') return value ? 1 : 0
    if (value instanceof Date) return formatUtcDateTime(value)
    if (value === undefined) return null
    if (typeof value === 'bigint') return value
    if (
      value !== null &&
      typeof value === 'object' &&
      !Buffer.isBuffer(value) &&
      !(value instanceof Uint8Array)
    ) {
      return JSON.stringify(value)
    }
    return value
  }

  quoteValue(value: unknown): string {
    const adapted = this.adaptValue(value)
    if (adapted === null) return 'NULL'
    if (typeof adapted === 'number' || typeof adapted === 'bigint') return String(adapted)
    if (Buffer.isBuffer(adapted)) return `X'${adapted.toString('hex')}'`
    return `'${String(adapted).replace(/'/g, "''")}'`
  }

  #run(sql: string, params: readonly unknown[], options: ExecuteOptions): QueryResult<unknown> {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.driver.prepare(sql)
      if (this.#statements.size > 500) this.#statements.clear()
      this.#statements.set(sql, statement)
    }
    const args = params.map((p) => this.adaptValue(p))
    if (statement.reader) {
      const rows = options.arrayMode
        ? statement.raw(true).all(...args)
        : statement.raw(false).all(...args)
      return { rows, rowCount: rows.length }
    }
    const info = statement.run(...args)
    return { rows: [], rowCount: info.changes }
  }

  protected async executeAutocommit(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> {
    // Another context's transaction holds the connection: wait for it to end.
    while (this.#lock.held !== null) await this.#lock.held
    return this.#run(sql, params, options)
  }

  async acquireClient(): Promise<DriverClient> {
    await this.#lock.acquire()
    return {
      query: async (sql, params, options) => this.#run(sql, params, options),
      release: () => this.#lock.release(),
    }
  }

  wrapError(error: unknown, sql?: string): Error {
    if (error instanceof DatabaseError) return error
    if (!(error instanceof Error)) return new DatabaseError(String(error), { cause: error })
    const code = (error as { code?: string }).code
    const message = error.message
    const options = { cause: error, code }
    if (code?.startsWith('SQLITE_CONSTRAINT')) return new IntegrityError(message, options)
    if (code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG' || code === 'SQLITE_RANGE') {
      return new DataError(message, options)
    }
    if (
      code === 'SQLITE_BUSY' ||
      code === 'SQLITE_LOCKED' ||
      code === 'SQLITE_CANTOPEN' ||
      code === 'SQLITE_IOERR' ||
      code === 'SQLITE_FULL' ||
      code === 'SQLITE_READONLY'
    ) {
      return new OperationalError(`${message} (database '${this.alias}')`, options)
    }
    if (error instanceof TypeError && /database connection is not open/.test(message)) {
      return new InterfaceError(message, options)
    }
    if (code === 'SQLITE_ERROR') {
      // SQLite reports missing tables and syntax errors with the same code; Django calls
      // them OperationalError on SQLite, we keep that so code ported from Django still works.
      return new OperationalError(sql ? `${message}\nSQL: ${sql}` : message, options)
    }
    if (error instanceof RangeError || error instanceof TypeError)
      return new ProgrammingError(message, options)
    return new DatabaseError(message, options)
  }

  protected createSchemaEditor(collectSql: boolean): SqliteSchemaEditor {
    return new SqliteSchemaEditor(this, collectSql)
  }

  async tableNames(): Promise<string[]> {
    const { rows } = await this.execute<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    return rows.map((row) => row.name)
  }

  async close(): Promise<void> {
    this.#statements.clear()
    this.#db?.close()
    this.#db = null
  }
}
