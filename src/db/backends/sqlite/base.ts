/**
 * SQLite through better-sqlite3 (synchronous, in-process).
 *
 * One connection per alias, opened lazily: WAL journal for files, foreign keys enforced,
 * a busy timeout (OPTIONS.timeout, seconds). Statements are prepared once and cached by
 * SQL text in a bounded LRU (OPTIONS.statementCacheSize, default 256); a query outside a
 * transaction runs synchronously (executeNow() lets the ORM skip the await entirely).
 * Because the connection is single, a transaction holds it exclusively: other async
 * contexts' queries wait until the transaction ends instead of slipping into it.
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
  type SchemaEditorOptions,
} from '../base/base.js'
import type { BaseSchemaEditor } from '../base/schema-editor.js'
import { currentTransaction } from '../../transaction-state.js'
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

/** A prepared statement in the cache, with what we know about it. */
interface CachedStatement {
  readonly statement: Database.Statement
  /** Returns rows (a SELECT or ... RETURNING). */
  readonly reader: boolean
  /** Raw (array) mode currently set on the statement. */
  raw: boolean
  /** Stamp of the last use (LRU eviction). */
  used: number
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
  #statements = new Map<string, CachedStatement>()
  /** Use counter stamping cache entries (LRU order). */
  #tick = 0
  readonly #lock = new ConnectionLock()
  /** Clients handed to transactions (they run on this connection, synchronously). */
  readonly #clients = new WeakSet<DriverClient>()

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

  /**
   * The cached prepared statement for `sql`. The cache is a bounded LRU
   * (OPTIONS.statementCacheSize, default 256): a hit only stamps the entry, and when the
   * cache is full the least recently used quarter is dropped in one go, so hits stay O(1).
   */
  #prepare(sql: string): CachedStatement {
    let entry = this.#statements.get(sql)
    if (entry === undefined) {
      const statement = this.driver.prepare(sql)
      if (this.#statements.size >= this.#statementCacheSize) this.#evictStatements()
      entry = { statement, reader: statement.reader, raw: false, used: 0 }
      this.#statements.set(sql, entry)
    }
    entry.used = ++this.#tick
    return entry
  }

  #evictStatements(): void {
    const byAge = [...this.#statements].sort((a, b) => a[1].used - b[1].used)
    const drop = Math.max(1, byAge.length >> 2)
    for (let i = 0; i < drop; i++) this.#statements.delete(byAge[i]![0])
  }

  /** Statements in the prepared-statement cache (for tests and tuning). */
  get cachedStatementCount(): number {
    return this.#statements.size
  }

  get #statementCacheSize(): number {
    const size = Number(this.settings.OPTIONS?.statementCacheSize ?? 256)
    return Number.isSafeInteger(size) && size > 0 ? size : 256
  }

  #run(sql: string, params: readonly unknown[], options: ExecuteOptions): QueryResult<unknown> {
    const entry = this.#prepare(sql)
    const count = params.length
    const args = new Array<unknown>(count)
    for (let i = 0; i < count; i++) {
      const value = params[i]
      args[i] =
        typeof value === 'number' || typeof value === 'string' ? value : this.adaptValue(value)
    }
    const statement = entry.statement
    if (entry.reader) {
      // raw() is a native call: switch the mode only when this use differs from the last.
      const raw = options.arrayMode === true
      if (entry.raw !== raw) {
        statement.raw(raw)
        entry.raw = raw
      }
      // all(), never get(), for statements that may write: get() resets the statement after
      // the first row, and an INSERT ... RETURNING whose commit then fails (a deferred
      // foreign key) reports success while its row is rolled back. A SELECT the ORM knows
      // matches at most one row (atMostOneRow) may stop after that row.
      if (options.atMostOneRow === true) {
        const row: unknown = count === 1 ? statement.get(args[0]) : statement.get(...args)
        return row === undefined ? { rows: [], rowCount: 0 } : { rows: [row], rowCount: 1 }
      }
      // A direct call for one parameter: spreading into the native method costs more.
      const rows = count === 1 ? statement.all(args[0]) : statement.all(...args)
      return { rows, rowCount: rows.length }
    }
    const info = statement.run(...args)
    return { rows: [], rowCount: info.changes }
  }

  /** Runs at once (synchronously) unless another context's transaction holds the connection. */
  protected executeAutocommit(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): QueryResult<unknown> | Promise<QueryResult<unknown>> {
    if (this.#lock.held === null) return this.#run(sql, params, options)
    return this.#runAfterLock(sql, params, options)
  }

  async #runAfterLock(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> {
    // Another context's transaction holds the connection: wait for it to end.
    while (this.#lock.held !== null) await this.#lock.held
    return this.#run(sql, params, options)
  }

  override executeNow<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions = {},
  ): QueryResult<Row> | undefined {
    const transaction = currentTransaction(this)
    // Free, or held by this context's own transaction (whose client runs #run as well).
    const free =
      transaction === undefined ? this.#lock.held === null : this.#clients.has(transaction.client)
    if (!free) return undefined
    this.queryCount++
    this.queryLog?.push({ sql, params })
    try {
      return this.#run(sql, params, options) as QueryResult<Row>
    } catch (error) {
      throw this.wrapError(error, sql)
    }
  }

  async acquireClient(): Promise<DriverClient> {
    await this.#lock.acquire()
    const client: DriverClient = {
      query: async (sql, params, options) => this.#run(sql, params, options),
      release: () => this.#lock.release(),
    }
    this.#clients.add(client)
    return client
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

  /**
   * Foreign key enforcement is switched off around a schema-editor session, before BEGIN
   * (the pragma is ignored inside a transaction): rebuilding a table drops the old one,
   * and SQLite counts that as deleting every parent row, even with deferred constraints.
   * Integrity is checked with `PRAGMA foreign_key_check` before the commit, so a change
   * that leaves dangling references still fails and rolls back (Django does the same).
   * Inside an outer atomic block the pragma cannot change; the session runs as is.
   */
  override async schemaEditor<T>(
    fn: (editor: BaseSchemaEditor) => Promise<T>,
    options: SchemaEditorOptions = {},
  ): Promise<T> {
    if (options.collectSql === true || this.inAtomicBlock) return super.schemaEditor(fn, options)
    await this.execute('PRAGMA foreign_keys = OFF')
    try {
      return await super.schemaEditor(async (editor) => {
        const result = await fn(editor)
        const { rows } = await this.execute<Record<string, unknown>>('PRAGMA foreign_key_check')
        if (rows.length > 0) {
          const first = rows[0]!
          throw new IntegrityError(
            `The schema change left ${rows.length} row(s) whose foreign key points nowhere ` +
              `(first: table ${String(first.table)}, rowid ${String(first.rowid)} -> ` +
              `${String(first.parent)}).`,
          )
        }
        return result
      }, options)
    } finally {
      await this.execute('PRAGMA foreign_keys = ON')
    }
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
