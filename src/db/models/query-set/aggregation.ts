/**
 * The answers computed in the database rather than from rows: aggregate() (and count(),
 * which is `COUNT(*)` through it), exists(), and the ordering latest()/earliest() ask for.
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { NotSupportedError } from '../../utils/errors.js'
import { Aggregate } from '../aggregates.js'
import { FieldError } from '../exceptions.js'
import { Expression } from '../expressions.js'
import { SQLCompiler } from '../query/compiler.js'
import type { Query } from '../query/query.js'
import { ARRAY_MODE } from './bulk.js'

/** `{ alias: value }` for `aggregates` over the rows of `query`. */
export async function aggregate(
  base: Query,
  connection: DatabaseWrapper,
  aggregates: Record<string, Expression>,
): Promise<Record<string, unknown>> {
  const entries = Object.entries(aggregates)
  if (entries.length === 0) throw new TypeError('aggregate() needs at least one aggregate.')
  const query = base.clone()
  // Order does not change an aggregate (unless it decides which rows a slice keeps).
  if (!query.isSliced) query.ordering = []
  const resolved: [string, Expression][] = entries.map(([alias, e]) => {
    if (!(e instanceof Expression) || !e.containsAggregate) {
      throw new TypeError(
        `aggregate() value '${alias}' is not an aggregate (Count, Sum, Avg, Min, Max).`,
      )
    }
    return [alias, e.resolve(query)]
  })
  if (query.empty) {
    // COUNT over no rows is 0 (as in Django), every other aggregate NULL.
    const empty = (e: Expression) =>
      e instanceof Aggregate && e.functionName === 'COUNT' ? 0 : null
    return Object.fromEntries(
      resolved.map(([alias, e]) => [alias, alias === '__count' ? 0 : empty(e)]),
    )
  }
  const compiler = new SQLCompiler(connection)
  if (query.isSliced || query.distinct || query.needsGroupBy || query.combinator !== null) {
    // Aggregates over a derived table can only count rows or use its selected columns.
    const simple = resolved.every(
      ([, e]) => e instanceof Expression && (e as { args?: unknown[] }).args?.length === 0,
    )
    if (!simple) {
      throw new NotSupportedError(
        'Only Count() can aggregate over a sliced, distinct, grouped or combined query.',
      )
    }
  }
  const sql = compiler.aggregate(query, resolved)
  const { rows } = await connection.executeSql<unknown[]>(sql, ARRAY_MODE)
  const row = rows[0] ?? []
  const result: Record<string, unknown> = {}
  resolved.forEach(([alias, e], i) => {
    const value = row[i] ?? null
    result[alias] =
      value !== null && e.outputField ? e.outputField.fromDb(value, connection) : value
  })
  return result
}

/** Whether `query` matches any row (`SELECT 1 ... LIMIT 1`). */
export async function exists(query: Query, connection: DatabaseWrapper): Promise<boolean> {
  if (query.empty) return false
  const { rows } = await connection.executeSql(
    new SQLCompiler(connection).exists(query),
    ARRAY_MODE,
  )
  return rows.length > 0
}

/** The orderBy() arguments of latest(...fields) / earliest(...fields). */
export function latestOrdering(
  fields: readonly string[],
  defaults: readonly string[],
  latest: boolean,
): string[] {
  const names = fields.length > 0 ? fields : defaults
  if (names.length === 0) {
    throw new FieldError('latest()/earliest() need field names, or getLatestBy in the model Meta.')
  }
  return names.map((n) => {
    const desc = n.startsWith('-') !== latest
    return desc ? `-${n.replace(/^-/, '')}` : n.replace(/^-/, '')
  })
}
