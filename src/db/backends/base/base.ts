/**
 * The backend contract: one DatabaseWrapper per DATABASES alias.
 *
 * SQL is built as kysely `sql` fragments (identifiers through `sql.id`, values as bound
 * parameters) and compiled by a compile-only kysely instance of the backend's dialect, which
 * owns quoting and placeholder syntax ($1 vs ?). Execution goes straight to the driver
 * (better-sqlite3, pg), so transactions, savepoints and connection handling stay under our
 * control: `atomic()` keeps the transaction's connection in AsyncLocalStorage and
 * `execute()` picks it up from there.
 */
import type { Kysely, RawBuilder } from 'kysely'
import type { DatabaseSettings } from '../../../conf/global-settings.js'
import type { Field } from '../../models/fields/field.js'
import type { SqlOperations } from './operations.js'
import type { BaseSchemaEditor } from './schema-editor.js'
import { currentTransaction, type TransactionState } from '../../transaction-state.js'

/** A compiled SQL fragment. */
export type Sql = RawBuilder<unknown>

/** Rows of a statement: arrays in `arrayMode`, objects otherwise. */
export interface QueryResult<Row = Record<string, unknown>> {
  rows: Row[]
  /** Rows changed by INSERT/UPDATE/DELETE (or returned by SELECT). */
  rowCount: number
}

export interface ExecuteOptions {
  /** Rows as arrays in select-list order (what the ORM uses; avoids name clashes). */
  arrayMode?: boolean
  /**
   * The caller knows this SELECT matches at most one row (an exact match on a unique key),
   * so a backend may stop reading after the first row instead of stepping on to learn
   * there is none (SQLite: one `sqlite3_step` less). Never set for statements that write.
   */
  atMostOneRow?: boolean
}

/** What a backend can do. */
export interface DatabaseFeatures {
  supportsTransactionalDdl: boolean
  supportsSelectForUpdate: boolean
  /** Supports `INSERT ... RETURNING` (both do). */
  canReturnColumnsFromInsert: boolean
  /** Needs a table rebuild for most ALTER TABLE changes. */
  needsTableRebuildForAlter: boolean
  /** `AGG(...) FILTER (WHERE ...)`; when false, CASE WHEN inside the aggregate (default true). */
  supportsAggregateFilterClause?: boolean
  /** `ORDER BY x NULLS FIRST/LAST`; when false, emulated with `x IS NULL` (default true). */
  supportsOrderByNullsModifier?: boolean
  /** AVG() of integers is a rounded decimal (MySQL): the argument is cast to float first. */
  integerAverageIsDecimal?: boolean
  /**
   * UUIDField has a native column type (PostgreSQL's `uuid`) taking the dashed form; when
   * false (the default), UUIDs are stored as 32 hex digits in a char(32), as in Django.
   */
  hasNativeUuidField?: boolean
}

export interface SchemaEditorOptions {
  /** Run in a transaction (default true). */
  atomic?: boolean
  /** Record the statements instead of executing them (sqlmigrate). */
  collectSql?: boolean
}

/** A low-level handle on one driver connection, used inside a transaction. */
export interface DriverClient {
  query(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>>
  release(error?: Error): void
}

export abstract class DatabaseWrapper {
  abstract readonly vendor: 'sqlite' | 'postgresql' | 'mysql'
  abstract readonly features: DatabaseFeatures
  /** SQL this backend writes its own way (see operations.ts); undefined: the built-in forms. */
  readonly ops: SqlOperations | undefined = undefined
  /** Compile-only kysely instance for this dialect. */
  protected abstract readonly compiler: Kysely<unknown>
  /** Queries run so far (counted for assertNumQueries-style tests); reset freely. */
  queryCount = 0
  /** When set, every executed statement is pushed here (tests, debugging). */
  queryLog: { sql: string; params: readonly unknown[] }[] | null = null

  constructor(
    readonly alias: string,
    readonly settings: Readonly<DatabaseSettings>,
  ) {}

  /** Column type of a field, or null when it has no column. */
  abstract dataType(field: Field): string | null

  /** Column type of a ForeignKey pointing at `target` (serial → integer). */
  relDataType(target: Field): string | null {
    return this.dataType(target)
  }

  /** Quotes an identifier for this database. */
  abstract quoteName(name: string): string

  /** Converts a plain JS value (not tied to a field) into a parameter the driver accepts. */
  abstract adaptValue(value: unknown): unknown

  /** A literal for DDL (defaults, check constraints), where parameters are not allowed. */
  abstract quoteValue(value: unknown): string

  /** Compiles a fragment to SQL text and parameters. */
  compile(fragment: Sql): { sql: string; parameters: readonly unknown[] } {
    return fragment.compile(this.compiler)
  }

  /**
   * Runs SQL with bound parameters, inside the current `atomic()` block on this database
   * if there is one. Errors come back as IntegrityError, OperationalError, ...
   *
   * ```ts
   * const { rows } = await connections.get('default').execute('SELECT 1 AS one WHERE ? > 0', [5])
   * ```
   */
  async execute<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
    options: ExecuteOptions = {},
  ): Promise<QueryResult<Row>> {
    this.queryCount++
    this.queryLog?.push({ sql, params })
    const transaction = currentTransaction(this)
    try {
      const result =
        transaction !== undefined
          ? await transaction.client.query(sql, params, options)
          : await this.executeAutocommit(sql, params, options)
      return result as QueryResult<Row>
    } catch (error) {
      throw this.wrapError(error, sql)
    }
  }

  /**
   * Runs the statement at once and returns its result when the driver is synchronous and
   * the connection is free for this async context (SQLite outside another context's
   * transaction); undefined otherwise, and then the caller uses execute(). Counted, logged
   * and error-mapped like execute(). The ORM's hot paths use it to save a promise and a
   * turn of the event loop per query.
   */
  executeNow<Row = Record<string, unknown>>(
    _sql: string,
    _params: readonly unknown[],
    _options?: ExecuteOptions,
  ): QueryResult<Row> | undefined {
    return undefined
  }

  /** Runs a compiled fragment. */
  executeSql<Row = Record<string, unknown>>(
    fragment: Sql,
    options: ExecuteOptions = {},
  ): Promise<QueryResult<Row>> {
    const { sql, parameters } = this.compile(fragment)
    return this.execute<Row>(sql, parameters, options)
  }

  /** Runs a statement outside any transaction (a synchronous driver may return the result). */
  protected abstract executeAutocommit(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions,
  ): Promise<QueryResult<unknown>> | QueryResult<unknown>

  /** A dedicated client for a transaction (BEGIN is sent by the caller). */
  abstract acquireClient(): Promise<DriverClient>

  /** Maps a driver error to the typed errors of db/utils/errors.ts. */
  abstract wrapError(error: unknown, sql?: string): Error

  /** The schema editor class of this backend. */
  protected abstract createSchemaEditor(collectSql: boolean): BaseSchemaEditor

  /**
   * Runs `fn` with a schema editor; deferred statements (foreign keys, indexes) run at the
   * end. With `collectSql`, nothing is executed and `editor.collectedSql` holds the SQL.
   */
  async schemaEditor<T>(
    fn: (editor: BaseSchemaEditor) => Promise<T>,
    options: SchemaEditorOptions = {},
  ): Promise<T> {
    const editor = this.createSchemaEditor(options.collectSql ?? false)
    const run = async (): Promise<T> => {
      await editor.begin()
      const result = await fn(editor)
      await editor.finish()
      return result
    }
    if (
      (options.atomic ?? true) &&
      !(options.collectSql ?? false) &&
      this.features.supportsTransactionalDdl
    ) {
      const { atomic } = await import('../../transaction.js')
      return atomic(run, { using: this.alias })
    }
    return run()
  }

  /** Closes the driver connection(s); the next query opens new ones. */
  abstract close(): Promise<void>

  /** Table names in the database (for migrations, inspectdb and tests). */
  abstract tableNames(): Promise<string[]>

  /** The transaction state active in this async context, if any. */
  get inAtomicBlock(): boolean {
    return currentTransaction(this) !== undefined
  }

  /** For transaction.ts: the state object of the current block. */
  currentTransaction(): TransactionState | undefined {
    return currentTransaction(this)
  }
}
