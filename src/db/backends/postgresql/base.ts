/**
 * PostgreSQL through a pg Pool (created lazily; OPTIONS are passed to the pool, e.g.
 * `max`, `idleTimeoutMillis`; CONN_MAX_AGE sets how long pooled connections live, see
 * `poolLifetime`).
 *
 * Type parsers are set per pool (never globally): bigint → number, numeric → string (exact
 * decimals), date → 'YYYY-MM-DD' string. A connection that dies while idle is dropped by
 * the pool; one that dies during a query raises OperationalError saying so, and the next
 * query gets a fresh connection.
 */
import pg from 'pg'
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  DummyDriver,
} from 'kysely'
import type { DatabaseSettings } from '../../../conf/global-settings.js'
import { ImproperlyConfigured } from '../../../core/exceptions.js'
import type { Field } from '../../models/fields/field.js'
import {
  DataError,
  DatabaseError,
  IntegrityError,
  InterfaceError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
} from '../../utils/errors.js'
import {
  DatabaseWrapper,
  type DriverClient,
  type ExecuteOptions,
  type QueryResult,
} from '../base/base.js'
import { PostgresSchemaEditor } from './schema-editor.js'

const DATA_TYPES: Record<string, string | ((field: Field & Record<string, unknown>) => string)> = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  BinaryField: 'bytea',
  BooleanField: 'boolean',
  CharField: (f) => (f.maxLength === undefined ? 'varchar' : `varchar(${f.maxLength as number})`),
  EmailField: (f) => `varchar(${f.maxLength as number})`,
  URLField: (f) => `varchar(${f.maxLength as number})`,
  SlugField: (f) => `varchar(${f.maxLength as number})`,
  DateField: 'date',
  DateTimeField: 'timestamp with time zone',
  DecimalField: (f) => `numeric(${f.maxDigits as number}, ${f.decimalPlaces as number})`,
  DurationField: 'bigint',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  SmallIntegerField: 'smallint',
  PositiveIntegerField: 'integer',
  PositiveBigIntegerField: 'bigint',
  PositiveSmallIntegerField: 'smallint',
  GenericIPAddressField: 'inet',
  JSONField: 'jsonb',
  TextField: 'text',
  TimeField: 'time',
  UUIDField: 'uuid',
}

/** Type parsers for this pool only, so other pg users in the process are unaffected. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case 20: // int8
        return (value: string) => Number(value)
      case 1700: // numeric
      case 1082: // date
      case 1114: // timestamp without time zone: keep text, taken as UTC by the field
        return (value: string) => value
      default:
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown
    }
  },
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
])

/**
 * The pg.Pool options for CONN_MAX_AGE (Django's persistent-connection setting, read for a
 * pool): a number of seconds caps each connection's life (`maxLifetimeSeconds`); 0 means no
 * persistent connections, so a connection is closed when it is released (a query outside a
 * transaction, or a whole transaction) rather than kept for the next one; null keeps
 * connections open, idle or not, for the life of the process; unset leaves pg's defaults
 * (idle connections closed after 10 s). OPTIONS given explicitly win over these.
 */
export function poolLifetime(maxAge: number | null | undefined): pg.PoolConfig {
  if (maxAge === undefined) return {}
  if (maxAge === null) return { idleTimeoutMillis: 0 }
  if (!Number.isFinite(maxAge) || maxAge < 0) {
    throw new ImproperlyConfigured(
      `CONN_MAX_AGE must be a number of seconds >= 0 or null, not ${String(maxAge)}.`,
    )
  }
  return maxAge === 0 ? { maxUses: 1 } : { maxLifetimeSeconds: Math.ceil(maxAge) }
}

export class PostgresDatabaseWrapper extends DatabaseWrapper {
  readonly vendor = 'postgresql' as const
  readonly features = {
    supportsTransactionalDdl: true,
    supportsSelectForUpdate: true,
    canReturnColumnsFromInsert: true,
    needsTableRebuildForAlter: false,
    hasNativeUuidField: true,
  }
  protected readonly compiler = new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  #pool: pg.Pool | null = null

  constructor(alias: string, settings: Readonly<DatabaseSettings>) {
    super(alias, settings)
  }

  /** The pg Pool, created on first use. */
  get pool(): pg.Pool {
    if (this.#pool === null) {
      const s = this.settings
      const maxAge = s.CONN_MAX_AGE
      const { searchPath, ...options } = (s.OPTIONS ?? {}) as Record<string, unknown>
      const pool = new pg.Pool({
        host: s.HOST || '127.0.0.1',
        port: s.PORT === undefined || s.PORT === '' ? 5432 : Number(s.PORT),
        database: s.NAME,
        user: s.USER,
        password: s.PASSWORD,
        max: 10,
        ...poolLifetime(maxAge),
        ...(typeof searchPath === 'string' ? { options: `-c search_path=${searchPath}` } : {}),
        ...options,
        types: typeParsers,
      } as pg.PoolConfig)
      // An idle client that loses its server emits here; without a listener Node would
      // crash. The pool has already discarded it, so the next query reconnects.
      pool.on('error', () => {})
      this.#pool = pool
    }
    return this.#pool
  }

  dataType(field: Field): string | null {
    const type =
      DATA_TYPES[field.type] ?? DATA_TYPES[Object.getPrototypeOf(field.constructor).name as string]
    if (type === undefined) return null
    return typeof type === 'function' ? type(field as Field & Record<string, unknown>) : type
  }

  /** Serial-like columns: identity columns of the matching integer type. */
  autoIncrementSql(field: Field): string {
    return `${this.dataType(field)} GENERATED BY DEFAULT AS IDENTITY`
  }

  quoteName(name: string): string {
    return name.startsWith('"') ? name : `"${name.replace(/"/g, '""')}"`
  }

  adaptValue(value: unknown): unknown {
    if (value === undefined) return null
    if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Date) &&
      !Buffer.isBuffer(value) &&
      !(value instanceof Uint8Array) &&
      !Array.isArray(value)
    ) {
      return JSON.stringify(value)
    }
    return value
  }

  quoteValue(value: unknown): string {
    const adapted = this.adaptValue(value)
    if (adapted === null) return 'NULL'
    if (typeof adapted === 'boolean') return adapted ? 'true' : 'false'
    if (typeof adapted === 'number' || typeof adapted === 'bigint') return String(adapted)
    if (adapted instanceof Date) return `'${adapted.toISOString()}'`
    if (Buffer.isBuffer(adapted)) return `'\\x${adapted.toString('hex')}'::bytea`
    return `'${String(adapted).replace(/'/g, "''")}'`
  }

  #params(params: readonly unknown[]): unknown[] {
    return params.map((p) => this.adaptValue(p))
  }

  protected async executeAutocommit(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> {
    const result = await this.pool.query({
      text: sql,
      values: this.#params(params),
      ...(options.arrayMode ? { rowMode: 'array' as const } : {}),
    })
    return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length }
  }

  async acquireClient(): Promise<DriverClient> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw this.wrapError(error)
    }
    return {
      query: async (sql, params, options) => {
        const result = await client.query({
          text: sql,
          values: this.#params(params),
          ...(options.arrayMode ? { rowMode: 'array' as const } : {}),
        })
        return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length }
      },
      // Passing the error destroys the client instead of returning it to the pool.
      release: (error?: Error) => client.release(error),
    }
  }

  wrapError(error: unknown, sql?: string): Error {
    if (error instanceof DatabaseError) return error
    if (!(error instanceof Error)) return new DatabaseError(String(error), { cause: error })
    const code = (error as { code?: string }).code
    const options = { cause: error, code }
    const message = error.message
    if (code !== undefined && CONNECTION_CODES.has(code)) {
      return new OperationalError(
        `Cannot reach PostgreSQL for database '${this.alias}' (${code}): ${message}. ` +
          'Check HOST/PORT in DATABASES and that the server is running.',
        options,
      )
    }
    if (
      /Connection terminated|connection ended|Client has encountered a connection error/i.test(
        message,
      ) ||
      code === '57P01' ||
      code === '57P02' ||
      code === '57P03' ||
      code?.startsWith('08')
    ) {
      return new OperationalError(
        `The connection to PostgreSQL (database '${this.alias}') was lost: ${message}. ` +
          'The statement did not complete; the next query opens a new connection.',
        options,
      )
    }
    if (code === undefined) {
      return /Client was closed|pool.*end/i.test(message)
        ? new InterfaceError(message, options)
        : new DatabaseError(message, options)
    }
    const klass = code.slice(0, 2)
    const detail = sql !== undefined && klass === '42' ? `${message}\nSQL: ${sql}` : message
    if (klass === '23') return new IntegrityError(message, options)
    if (klass === '22') return new DataError(message, options)
    if (klass === '42') return new ProgrammingError(detail, options)
    if (klass === '0A') return new NotSupportedError(message, options)
    if (
      klass === '40' ||
      klass === '53' ||
      klass === '54' ||
      klass === '55' ||
      klass === '57' ||
      klass === '58'
    ) {
      return new OperationalError(message, options)
    }
    return new DatabaseError(message, options)
  }

  protected createSchemaEditor(collectSql: boolean): PostgresSchemaEditor {
    return new PostgresSchemaEditor(this, collectSql)
  }

  async tableNames(): Promise<string[]> {
    const { rows } = await this.execute<{ name: string }>(
      `SELECT c.relname AS name FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(current_schemas(false)) ORDER BY 1`,
    )
    return rows.map((row) => row.name)
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = null
    await pool?.end()
  }
}
