/**
 * Reads a MariaDB table's description for `inspectdb` and the migration tests, in the shape
 * of migrations/introspection.ts (`TableInfo`): columns from information_schema.columns,
 * single-column unique indexes from information_schema.statistics, foreign keys from
 * information_schema.key_column_usage, all scoped to the connection's database, with the
 * table name as a bound parameter.
 * `describeTable()` in migrations/introspection.ts dispatches here for vendor 'mysql'.
 */
import type { TableInfo } from '../../migrations/introspection.js'
import type { DatabaseWrapper } from '../base/base.js'

/** Describes one table of the current database; throws if it does not exist. */
export async function describeMysqlTable(
  connection: DatabaseWrapper,
  table: string,
): Promise<TableInfo> {
  const { rows: columns } = await connection.execute<Record<string, unknown>>(
    `SELECT column_name AS name, column_type AS type, character_maximum_length AS max_length,
            numeric_precision AS num_precision, numeric_scale AS num_scale,
            is_nullable AS nullable, column_key AS col_key, extra
       FROM information_schema.columns
      WHERE table_schema = DATABASE() AND table_name = ?
      ORDER BY ordinal_position`,
    [table],
  )
  if (columns.length === 0) {
    throw new Error(`Table '${table}' does not exist in database '${connection.alias}'.`)
  }
  const { rows: uniques } = await connection.execute<{ name: string }>(
    `SELECT MAX(column_name) AS name FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = ? AND non_unique = 0
        AND index_name <> 'PRIMARY'
      GROUP BY index_name HAVING COUNT(*) = 1`,
    [table],
  )
  const { rows: keys } = await connection.execute<Record<string, string>>(
    `SELECT column_name AS col, referenced_table_name AS target_table,
            referenced_column_name AS target_column
       FROM information_schema.key_column_usage
      WHERE table_schema = DATABASE() AND table_name = ? AND referenced_table_name IS NOT NULL
      ORDER BY constraint_name`,
    [table],
  )
  const unique = new Set(uniques.map((u) => u.name))
  const primaryKey = columns.filter((c) => c.col_key === 'PRI').map((c) => String(c.name))
  const number = (value: unknown): number | null => (value === null ? null : Number(value))
  return {
    name: table,
    primaryKey,
    columns: columns.map((column) => {
      const name = String(column.name)
      return {
        name,
        // MySQL's bool is tinyint(1): say so, as Django's introspection does.
        type: column.type === 'tinyint(1)' ? 'bool' : String(column.type).toLowerCase(),
        maxLength: number(column.max_length),
        precision: number(column.num_precision),
        scale: number(column.num_scale),
        nullable: column.nullable === 'YES',
        primaryKey: primaryKey.includes(name),
        autoIncrement: /auto_increment/i.test(String(column.extra ?? '')),
        unique: unique.has(name),
      }
    }),
    foreignKeys: keys.map((key) => ({
      column: key.col!,
      targetTable: key.target_table!,
      targetColumn: key.target_column!,
    })),
  }
}
