/**
 * A slice taken per partition instead of over the whole result: what prefetching a sliced
 * QuerySet needs (Django 4.2+), where `Choice.objects.orderBy('-votes').slice(0, 3)` means
 * "the three most voted choices of each question", not three choices in all.
 *
 * One query: the rows are numbered within each partition by a window function, in the
 * QuerySet's ordering, and an outer query keeps the numbers inside the slice:
 *
 * ```sql
 * SELECT "qualify"."c0", ..., "qualify"."c3" FROM (
 *   SELECT t0.id AS c0, ..., ROW_NUMBER() OVER (PARTITION BY t0.question_id ORDER BY t0.votes DESC) AS c4
 *   FROM polls_choice AS t0 WHERE t0.question_id IN (?, ?)
 * ) AS "qualify" WHERE "qualify"."c4" > ? AND "qualify"."c4" <= ? ORDER BY "qualify"."c4"
 * ```
 *
 * The bounds are bound parameters and every identifier is quoted by the dialect. The outer
 * ORDER BY on the row number keeps each partition's rows in the QuerySet's ordering (rows of
 * different partitions interleave, which the caller's grouping by key does not mind).
 * Window functions need SQLite 3.25 (better-sqlite3 bundles a later one), MariaDB 10.2 or
 * PostgreSQL 8.4; every supported backend has them.
 */
import { sql } from 'kysely'
import type { Sql } from '../../backends/base/base.js'
import { Expression, type OrderBy } from '../expressions.js'
import { BigIntegerField } from '../fields/numeric.js'
import type { SelectedColumn, SQLCompiler } from './compiler.js'
import type { Query } from './query.js'
import type { Compiler } from './types.js'

/** The annotation alias of the row number inside the inner query (never returned). */
const ROW_NUMBER = '_partitionRowNumber'

/** `ROW_NUMBER() OVER (PARTITION BY <key> ORDER BY <ordering>)`. */
class RowNumber extends Expression {
  override containsOverClause = true

  constructor(
    readonly partitionBy: Expression,
    readonly ordering: readonly OrderBy[],
  ) {
    super()
    this.outputField = new BigIntegerField()
  }

  asSql(compiler: Compiler): Sql {
    const partition = sql`PARTITION BY ${this.partitionBy.asSql(compiler)}`
    // Without an ordering the numbering is arbitrary, as the unsliced rows' order is.
    if (this.ordering.length === 0) return sql`ROW_NUMBER() OVER (${partition})`
    const order = sql.join(this.ordering.map((o) => o.asSql(compiler)))
    return sql`ROW_NUMBER() OVER (${partition} ORDER BY ${order})`
  }
}

/**
 * The SELECT of `query` (sliced: `low`/`high`) with the slice applied within each group of
 * rows sharing `partitionBy` — an expression over the query's own tables, such as the
 * ForeignKey column of the rows. Returns the SQL and the selected columns (as
 * `SQLCompiler.select` does, for the row reader); the row number is not among them.
 */
export function selectSlicedPerPartition(
  compiler: SQLCompiler,
  query: Query,
  partitionBy: Expression,
): { sql: Sql; columns: SelectedColumn[] } {
  const inner = query.clone()
  // The window numbers the rows in the query's ordering; the inner query itself needs
  // neither an ORDER BY nor a LIMIT.
  inner.annotations.set(ROW_NUMBER, new RowNumber(partitionBy, query.effectiveOrdering()))
  inner.hiddenAnnotations.delete(ROW_NUMBER)
  inner.ordering = []
  inner.reversed = false
  inner.low = 0
  inner.high = null
  const { sql: innerSql, columns } = compiler.select(inner)
  const position = columns.findIndex((c) => c.kind === 'value' && c.name === ROW_NUMBER)
  const column = (index: number) => sql.id('qualify', `c${index}`)
  const kept = columns.flatMap((_, index) => (index === position ? [] : [index]))
  const rowNumber = column(position)
  const bounds = [sql`${rowNumber} > ${query.low}`]
  if (query.high !== null) bounds.push(sql`${rowNumber} <= ${query.high}`)
  return {
    sql: sql`SELECT ${sql.join(kept.map(column))} FROM (${innerSql}) AS ${sql.id('qualify')} WHERE ${sql.join(bounds, sql` AND `)} ORDER BY ${rowNumber}`,
    columns: kept.map((index) => columns[index]!),
  }
}
