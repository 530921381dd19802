/**
 * MariaDB (10.5 or later) through a mysql2 promise pool, created lazily. ENGINE 'mysql',
 * as in Django, whose MySQL backend serves MariaDB too.
 *
 * Statements with parameters run as server-side prepared statements (`execute`, cached per
 * connection), the others as plain queries. Values come back as the ORM expects on every
 * backend: DECIMAL as exact strings, BIGINT as numbers (strings beyond 2^53), DATE as
 * 'YYYY-MM-DD', DATETIME as a Date read as UTC, TIME as 'HH:MM:SS[.ffffff]' without trailing
 * zeros, JSON as text (the field parses it), binary columns as Buffers.
 *
 * Each new connection is set up once before its first use: `time_zone = '+00:00'` (datetimes
 * are stored in UTC, as on the other backends, and NOW()-style defaults agree with them),
 * READ COMMITTED isolation (Django's default on MySQL; OPTIONS.isolationLevel changes it),
 * STRICT_TRANS_TABLES added to sql_mode when missing (so a too-long value is an error, not
 * a silent truncation), then OPTIONS.initCommand if given. The server version is checked on
 * the first connection: INSERT ... RETURNING needs MariaDB 10.5.
 *
 * DDL is not transactional on MySQL (each statement commits): `features.
 * supportsTransactionalDdl` is false, so schema-editor sessions and migrations run without
 * a transaction, and a schema editor inside atomic() is refused (it would commit the block).
 *
 * A connection lost during a query raises OperationalError and is discarded; the next query
 * gets a new one. CONN_MAX_AGE: unset or null keeps connections, 0 closes each one when it is
 * released, N closes it once it is N seconds old.
 */
import mysql from 'mysql2/promise'
import type { TypeCast } from 'mysql2'
import { DummyDriver, Kysely, MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler } from 'kysely'
import type { DatabaseSettings } from '../../../conf/global-settings.js'
import { ImproperlyConfigured } from '../../../core/exceptions.js'
import type { Field } from '../../models/fields/field.js'
import { formatUtcDateTime } from '../../models/fields/temporal.js'
import { NotSupportedError, TransactionManagementError } from '../../utils/errors.js'
import {
  DatabaseWrapper,
  type DriverClient,
  type ExecuteOptions,
  type QueryResult,
  type SchemaEditorOptions,
  type Sql,
} from '../base/base.js'
import type { BaseSchemaEditor } from '../base/schema-editor.js'
import { isFatal, wrapMysqlError } from './errors.js'
import { MysqlOperations } from './operations.js'
import { MysqlSchemaEditor } from './schema-editor.js'

type FieldInfo = Field & Record<string, unknown>

const DATA_TYPES: Record<string, string | ((field: FieldInfo) => string)> = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  BinaryField: 'longblob',
  BooleanField: 'bool',
  // MySQL needs a length for varchar: an unbounded CharField is longtext.
  CharField: (f) => (f.maxLength === undefined ? 'longtext' : `varchar(${f.maxLength as number})`),
  EmailField: (f) => `varchar(${f.maxLength as number})`,
  URLField: (f) => `varchar(${f.maxLength as number})`,
  SlugField: (f) => `varchar(${f.maxLength as number})`,
  DateField: 'date',
  DateTimeField: 'datetime(6)',
  DecimalField: (f) => `numeric(${f.maxDigits as number}, ${f.decimalPlaces as number})`,
  DurationField: 'bigint',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  SmallIntegerField: 'smallint',
  PositiveIntegerField: 'integer UNSIGNED',
  PositiveBigIntegerField: 'bigint UNSIGNED',
  PositiveSmallIntegerField: 'smallint UNSIGNED',
  GenericIPAddressField: 'char(39)',
  JSONField: 'json',
  TextField: 'longtext',
  TimeField: 'time(6)',
  // 32 hex digits, no dashes: Django's column on MySQL and on MariaDB before 10.7 (Django
  // 5.0+ uses MariaDB 10.7's native uuid, which also accepts these values: see
  // docs/databases.md). The field converts to and from the dashed form.
  UUIDField: 'char(32)',
}

const ISOLATION_LEVELS = new Set([
  'READ UNCOMMITTED',
  'READ COMMITTED',
  'REPEATABLE READ',
  'SERIALIZABLE',
])

/** TIME(6) arrives as '08:15:00.000000': drop a zero fraction, as PostgreSQL prints it. */
const typeCast: TypeCast = (field, next) => {
  if (field.type !== 'TIME') return next()
  const text = field.string()
  if (text === null || !text.includes('.')) return text
  return text.replace(/0+$/, '').replace(/\.$/, '')
}

/** CONN_MAX_AGE → the age (ms) at which a released connection is closed; null: never. */
export function connectionLifetime(maxAge: number | null | undefined): number | null {
  if (maxAge === undefined || maxAge === null) return null
  if (!Number.isFinite(maxAge) || maxAge < 0) {
    throw new ImproperlyConfigured(
      `CONN_MAX_AGE must be a number of seconds >= 0 or null, not ${String(maxAge)}.`,
    )
  }
  return maxAge * 1000
}

/**
 * MariaDB's version as [major, minor], or null for MySQL. The '5.5.5-' some MariaDB
 * releases put first (for old MySQL clients) is skipped.
 */
export function mariadbVersion(version: string): [number, number] | null {
  const match = /^(?:5\.5\.5-)?(\d+)\.(\d+)\.\d+-.*MariaDB/i.exec(version)
  return match === null ? null : [Number(match[1]), Number(match[2])]
}

/** Refuses a server this backend cannot work with: MySQL, or MariaDB before 10.5. */
export function checkServerVersion(alias: string, version: string): void {
  const mariadb = mariadbVersion(version)
  if (mariadb === null || mariadb[0] * 100 + mariadb[1] < 1005) {
    throw new NotSupportedError(
      `Database '${alias}' runs ${mariadb === null ? 'MySQL' : 'MariaDB'} ${version}; ` +
        "ENGINE 'mysql' needs MariaDB 10.5 or later (it relies on INSERT ... RETURNING).",
    )
  }
}

export class MysqlDatabaseWrapper extends DatabaseWrapper {
  readonly vendor = 'mysql' as const
  readonly features = {
    supportsTransactionalDdl: false,
    supportsSelectForUpdate: true,
    canReturnColumnsFromInsert: true,
    needsTableRebuildForAlter: false,
    supportsAggregateFilterClause: false,
    supportsOrderByNullsModifier: false,
    integerAverageIsDecimal: true,
  }
  override readonly ops = new MysqlOperations()
  protected readonly compiler = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new MysqlIntrospector(db),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
  })
  /** The server's VERSION(), once the first connection has been made. */
  serverVersion: string | null = null
  #pool: mysql.Pool | null = null
  /** Underlying connections already set up, with the time they were set up. */
  #born = new WeakMap<object, number>()
  readonly #lifetime: number | null
  readonly #isolationLevel: string

  constructor(alias: string, settings: Readonly<DatabaseSettings>) {
    super(alias, settings)
    this.#lifetime = connectionLifetime(settings.CONN_MAX_AGE)
    const level = settings.OPTIONS?.isolationLevel ?? 'read committed'
    this.#isolationLevel = String(level).toUpperCase()
    if (!ISOLATION_LEVELS.has(this.#isolationLevel)) {
      throw new ImproperlyConfigured(
        `DATABASES['${alias}'].OPTIONS.isolationLevel is '${String(level)}': use one of ` +
          `${[...ISOLATION_LEVELS].map((l) => `'${l.toLowerCase()}'`).join(', ')}.`,
      )
    }
  }

  /** The mysql2 pool, created on first use. */
  get pool(): mysql.Pool {
    if (this.#pool === null) {
      const s = this.settings
      const {
        isolationLevel: _i,
        initCommand: _c,
        ...options
      } = (s.OPTIONS ?? {}) as Record<string, unknown>
      this.#pool = mysql.createPool({
        host: s.HOST || '127.0.0.1',
        port: s.PORT === undefined || s.PORT === '' ? 3306 : Number(s.PORT),
        database: s.NAME,
        user: s.USER,
        password: s.PASSWORD,
        charset: 'utf8mb4',
        connectionLimit: 10,
        // The server's default (16382) is shared by all connections: keep each one's small.
        maxPreparedStatements: 256,
        ...options,
        // What the ORM relies on (see the module comment); OPTIONS cannot change these.
        timezone: 'Z',
        dateStrings: ['DATE'],
        supportBigNumbers: true,
        bigNumberStrings: false,
        decimalNumbers: false,
        jsonStrings: true,
        namedPlaceholders: false,
        multipleStatements: false,
        typeCast,
      } as mysql.PoolOptions)
    }
    return this.#pool
  }

  dataType(field: Field): string | null {
    const type =
      DATA_TYPES[field.type] ?? DATA_TYPES[Object.getPrototypeOf(field.constructor).name as string]
    if (type === undefined) return null
    return typeof type === 'function' ? type(field as FieldInfo) : type
  }

  quoteName(name: string): string {
    return name.startsWith('`') ? name : `\`${name.replace(/`/g, '``')}\``
  }

  adaptValue(value: unknown): unknown {
    if (value === undefined) return null
    if (typeof value === 'boolean') return value ? 1 : 0
    if (typeof value === 'bigint') return value.toString()
    if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Date) &&
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
    if (typeof adapted === 'number') return String(adapted)
    if (adapted instanceof Date) return `'${formatUtcDateTime(adapted)}'`
    if (Buffer.isBuffer(adapted) || adapted instanceof Uint8Array)
      return `X'${Buffer.from(adapted).toString('hex')}'`
    // The default sql_mode reads a backslash as an escape: double it, and double quotes.
    return `'${String(adapted).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
  }

  /**
   * Compiles a fragment; two INSERT forms the query layer writes for every backend are
   * turned into MySQL's: `DEFAULT VALUES` (a row of defaults) and `ON CONFLICT DO NOTHING`
   * (bulkCreate's ignoreConflicts → INSERT IGNORE, as Django does on MySQL).
   */
  override compile(fragment: Sql): { sql: string; parameters: readonly unknown[] } {
    const compiled = super.compile(fragment)
    if (!compiled.sql.startsWith('INSERT INTO ')) return compiled
    let text = compiled.sql.replace(
      /^(INSERT INTO `(?:[^`]|``)+`) DEFAULT VALUES/,
      '$1 () VALUES ()',
    )
    if (text.endsWith(' ON CONFLICT DO NOTHING')) {
      text = 'INSERT IGNORE' + text.slice('INSERT'.length, -' ON CONFLICT DO NOTHING'.length)
    }
    return text === compiled.sql ? compiled : { sql: text, parameters: compiled.parameters }
  }

  /** A pooled connection, set up (and the server checked) the first time it is seen. */
  async #connection(): Promise<mysql.PoolConnection> {
    const connection = await this.pool.getConnection()
    const core = connection.connection as object
    if (!this.#born.has(core)) {
      try {
        await this.#setUp(connection)
      } catch (error) {
        connection.destroy()
        throw error
      }
      this.#born.set(core, Date.now())
    }
    return connection
  }

  async #setUp(connection: mysql.PoolConnection): Promise<void> {
    if (this.serverVersion === null) {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v')
      const version = String(rows[0]?.v)
      checkServerVersion(this.alias, version)
      this.serverVersion = version
    }
    const options = this.settings.OPTIONS ?? {}
    await connection.query(
      "SET time_zone = '+00:00', sql_mode = IF(FIND_IN_SET('STRICT_TRANS_TABLES', @@sql_mode), " +
        "@@sql_mode, CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_TRANS_TABLES'))",
    )
    await connection.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${this.#isolationLevel}`)
    if (typeof options.initCommand === 'string') await connection.query(options.initCommand)
  }

  /** Back to the pool; closed instead when broken or older than CONN_MAX_AGE allows. */
  #release(connection: mysql.PoolConnection, error?: unknown): void {
    const born = this.#born.get(connection.connection as object) ?? 0
    const expired = this.#lifetime !== null && Date.now() - born >= this.#lifetime
    if ((error !== undefined && isFatal(error)) || expired) connection.destroy()
    else connection.release()
  }

  async #run(
    connection: mysql.PoolConnection,
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> {
    const query = { sql, rowsAsArray: options.arrayMode === true }
    let result: unknown
    if (params.length === 0) {
      ;[result] = await connection.query(query)
    } else {
      const values = params.map((p) => this.adaptValue(p))
      try {
        ;[result] = await connection.execute(query, values as never)
      } catch (error) {
        // ER_NEED_REPREPARE: a table changed under a cached statement; prepare it afresh.
        if ((error as { errno?: number }).errno !== 1615) throw error
        connection.unprepare(sql)
        ;[result] = await connection.execute(query, values as never)
      }
    }
    if (Array.isArray(result)) return { rows: result as unknown[], rowCount: result.length }
    return { rows: [], rowCount: (result as mysql.ResultSetHeader).affectedRows }
  }

  protected async executeAutocommit(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> {
    const connection = await this.#connection()
    let result: QueryResult<unknown>
    try {
      result = await this.#run(connection, sql, params, options)
    } catch (error) {
      this.#release(connection, error)
      throw error
    }
    this.#release(connection)
    return result
  }

  async acquireClient(): Promise<DriverClient> {
    let connection: mysql.PoolConnection
    try {
      connection = await this.#connection()
    } catch (error) {
      throw this.wrapError(error)
    }
    return {
      query: (sql, params, options) => this.#run(connection, sql, params, options),
      release: (error?: Error) => this.#release(connection, error),
    }
  }

  wrapError(error: unknown, sql?: string): Error {
    if (error instanceof ImproperlyConfigured) return error
    return wrapMysqlError(error, this.alias, sql)
  }

  /** No DDL inside atomic(): MySQL would commit the block's work at the first statement. */
  override async schemaEditor<T>(
    fn: (editor: BaseSchemaEditor) => Promise<T>,
    options: SchemaEditorOptions = {},
  ): Promise<T> {
    if (this.inAtomicBlock && options.collectSql !== true) {
      throw new TransactionManagementError(
        'Executing DDL statements while in a transaction on MariaDB/MySQL is not allowed: ' +
          'each DDL statement commits the transaction. Run the schema change outside atomic().',
      )
    }
    return super.schemaEditor(fn, options)
  }

  protected createSchemaEditor(collectSql: boolean): MysqlSchemaEditor {
    return new MysqlSchemaEditor(this, collectSql)
  }

  async tableNames(): Promise<string[]> {
    const { rows } = await this.execute<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
    return rows.map((row) => row.name)
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = null
    await pool?.end()
  }
}
