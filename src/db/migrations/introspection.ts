/**
 * Reads an existing database's tables for `inspectdb`: columns (declared type, nullability,
 * primary key, auto-increment), single-column unique constraints and foreign keys.
 *
 * SQLite answers through PRAGMA table_info / index_list / index_info / foreign_key_list
 * (PRAGMAs take no parameters, so the table name is quoted as an identifier, and only
 * names the database itself listed are ever used); PostgreSQL through
 * information_schema.columns and pg_constraint, scoped to the current schema, with the
 * table name as a bound parameter. MariaDB has its own reader next to its backend
 * (backends/mysql/introspection.ts).
 */
import type { DatabaseWrapper } from '../backends/base/base.js'
import { describeMysqlTable } from '../backends/mysql/introspection.js'
import { MIGRATIONS_TABLE } from './recorder.js'

export interface ColumnInfo {
  readonly name: string
  /** Declared type, lower case: 'varchar(200)', 'integer', 'timestamp with time zone'. */
  readonly type: string
  readonly maxLength: number | null
  readonly precision: number | null
  readonly scale: number | null
  readonly nullable: boolean
  readonly primaryKey: boolean
  /** Filled in by the database on insert (SQLite INTEGER PRIMARY KEY, serial, identity). */
  readonly autoIncrement: boolean
  readonly unique: boolean
}

export interface ForeignKeyInfo {
  readonly column: string
  readonly targetTable: string
  readonly targetColumn: string
}

export interface TableInfo {
  readonly name: string
  readonly columns: readonly ColumnInfo[]
  readonly foreignKeys: readonly ForeignKeyInfo[]
  /** Primary key columns (more than one for a composite key). */
  readonly primaryKey: readonly string[]
}

/** The tables of the database, with reinhardt's own bookkeeping table left out. */
export async function listTables(connection: DatabaseWrapper): Promise<string[]> {
  return (await connection.tableNames()).filter((name) => name !== MIGRATIONS_TABLE).sort()
}

/** Describes one table; throws if it does not exist. */
export async function describeTable(
  connection: DatabaseWrapper,
  table: string,
): Promise<TableInfo> {
  const tables = await connection.tableNames()
  if (!tables.includes(table)) {
    throw new Error(`Table '${table}' does not exist in database '${connection.alias}'.`)
  }
  if (connection.vendor === 'postgresql') return describePostgresTable(connection, table)
  if (connection.vendor === 'mysql') return describeMysqlTable(connection, table)
  return describeSqliteTable(connection, table)
}

async function describeSqliteTable(connection: DatabaseWrapper, table: string): Promise<TableInfo> {
  const quoted = connection.quoteName(table)
  const { rows: columns } = await connection.execute(`PRAGMA table_info(${quoted})`)
  const { rows: indexes } = await connection.execute(`PRAGMA index_list(${quoted})`)
  const { rows: keys } = await connection.execute(`PRAGMA foreign_key_list(${quoted})`)
  const uniqueColumns = new Set<string>()
  for (const index of indexes) {
    if (Number(index.unique) !== 1 || index.origin === 'pk') continue
    const { rows: parts } = await connection.execute(
      `PRAGMA index_info(${connection.quoteName(String(index.name))})`,
    )
    if (parts.length === 1) uniqueColumns.add(String(parts[0]!.name))
  }
  const primaryKey = columns
    .filter((column) => Number(column.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((column) => String(column.name))
  const createSql = await connection.execute(
    'SELECT sql FROM sqlite_master WHERE type = ? AND name = ?',
    ['table', table],
  )
  const hasAutoincrement = /\bAUTOINCREMENT\b/i.test(String(createSql.rows[0]?.sql ?? ''))
  return {
    name: table,
    primaryKey,
    columns: columns.map((column) => {
      const declared = String(column.type ?? '').toLowerCase()
      const sizes = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(declared)
      const isPk = Number(column.pk) > 0
      return {
        name: String(column.name),
        type: declared,
        maxLength: sizes !== null && /char/.test(declared) ? Number(sizes[1]) : null,
        precision: sizes !== null && /dec|num/.test(declared) ? Number(sizes[1]) : null,
        scale: sizes?.[2] !== undefined ? Number(sizes[2]) : null,
        nullable: Number(column.notnull) === 0 && !isPk,
        primaryKey: isPk,
        // A lone INTEGER PRIMARY KEY is the rowid: SQLite assigns it.
        autoIncrement:
          isPk && primaryKey.length === 1 && (declared === 'integer' || hasAutoincrement),
        unique: uniqueColumns.has(String(column.name)),
      }
    }),
    foreignKeys: keys.map((key) => ({
      column: String(key.from),
      targetTable: String(key.table),
      targetColumn: key.to === null ? 'id' : String(key.to),
    })),
  }
}

async function describePostgresTable(
  connection: DatabaseWrapper,
  table: string,
): Promise<TableInfo> {
  const { rows: columns } = await connection.execute(
    `SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
            is_nullable, column_default, is_identity
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  )
  const { rows: constraints } = await connection.execute(
    `SELECT con.contype AS kind,
            (SELECT array_agg(att.attname::text ORDER BY k.ord)
               FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.attnum
            ) AS columns,
            target.relname::text AS target_table,
            (SELECT array_agg(att.attname::text ORDER BY k.ord)
               FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.attnum
            ) AS target_columns
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       JOIN pg_namespace ns ON ns.oid = rel.relnamespace
       LEFT JOIN pg_class target ON target.oid = con.confrelid
      WHERE ns.nspname = current_schema() AND rel.relname = $1 AND con.contype IN ('p', 'u', 'f')
      ORDER BY con.conname`,
    [table],
  )
  const list = (value: unknown): string[] =>
    Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? value.replace(/^\{|\}$/g, '').split(',')
        : []
  const primaryKey = list(constraints.find((c) => c.kind === 'p')?.columns)
  const unique = new Set(
    constraints
      .filter((c) => c.kind === 'u' && list(c.columns).length === 1)
      .map((c) => list(c.columns)[0]!),
  )
  return {
    name: table,
    primaryKey,
    columns: columns.map((column) => {
      const name = String(column.column_name)
      const defaultValue = String(column.column_default ?? '')
      return {
        name,
        type: String(column.data_type).toLowerCase(),
        maxLength:
          column.character_maximum_length === null ? null : Number(column.character_maximum_length),
        precision: column.numeric_precision === null ? null : Number(column.numeric_precision),
        scale: column.numeric_scale === null ? null : Number(column.numeric_scale),
        nullable: column.is_nullable === 'YES',
        primaryKey: primaryKey.includes(name),
        autoIncrement: column.is_identity === 'YES' || defaultValue.startsWith('nextval('),
        unique: unique.has(name),
      }
    }),
    foreignKeys: constraints
      .filter((c) => c.kind === 'f' && list(c.columns).length === 1)
      .map((c) => ({
        column: list(c.columns)[0]!,
        targetTable: String(c.target_table),
        targetColumn: list(c.target_columns)[0] ?? 'id',
      })),
  }
}
