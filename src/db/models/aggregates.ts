/**
 * Aggregates: Count, Sum, Avg, Min, Max — for `aggregate()` (one row over the whole
 * QuerySet) and `annotate()` (one value per row, grouped by the row).
 *
 * ```ts
 * await Question.objects.aggregate({ total: Count('pk'), best: Max('choice__votes') })
 * await Question.objects.annotate({ choices: Count('choice') }).filter({ choices__gt: 1 })
 * ```
 * `distinct` counts distinct values; `filter` (a Q or lookups) restricts the rows
 * aggregated (SQL's FILTER (WHERE ...), supported by PostgreSQL and SQLite ≥ 3.30).
 */
import { sql } from 'kysely'
import type { Sql } from '../backends/base/base.js'
import { Cast, Condition, Expression, Func, Q, QNode } from './expressions.js'
import { DecimalField, FloatField, IntegerField } from './fields/index.js'
import type { Compiler, QueryResolver } from './query/types.js'

export interface AggregateOptions {
  distinct?: boolean
  filter?: QNode | Record<string, unknown>
}

export class Aggregate extends Func {
  override containsAggregate = true
  readonly distinct: boolean
  filter: QNode | Condition | undefined

  constructor(name: string, expression: unknown, options: AggregateOptions = {}) {
    super(name, expression === '*' ? [] : [expression])
    this.containsAggregate = true
    this.distinct = options.distinct ?? false
    const filter = options.filter
    this.filter = filter === undefined ? undefined : filter instanceof QNode ? filter : Q(filter)
  }

  override resolve(query: QueryResolver): Expression {
    const copy = super.resolve(query) as Aggregate
    copy.containsAggregate = true
    if (this.filter instanceof QNode)
      copy.filter = query.resolveCondition(this.filter, { joins: true })
    copy.outputField = this.resolvedOutput(copy)
    return copy
  }

  /** Output field once the argument is resolved. */
  protected resolvedOutput(resolved: Aggregate): Expression['outputField'] {
    return resolved.args[0]?.outputField
  }

  override asSql(compiler: Compiler): Sql {
    if (this.filter instanceof QNode) throw new Error('Aggregate compiled without being resolved.')
    const distinct = this.distinct ? sql`DISTINCT ` : sql``
    if (
      this.filter !== undefined &&
      compiler.connection.features.supportsAggregateFilterClause === false
    ) {
      // No FILTER (MySQL): the rows left out become NULL, which aggregates skip (Django's way).
      const value = this.args.length === 0 ? sql`1` : this.args[0]!.asSql(compiler)
      const when = sql`CASE WHEN ${this.filter.asSql(compiler)} THEN ${value} ELSE NULL END`
      return sql`${sql.raw(this.functionName)}(${distinct}${when})`
    }
    const args = this.args.length === 0 ? sql`*` : sql.join(this.args.map((a) => a.asSql(compiler)))
    const call = sql`${sql.raw(this.functionName)}(${distinct}${args})`
    if (this.filter === undefined) return call
    return sql`${call} FILTER (WHERE ${this.filter.asSql(compiler)})`
  }
}

class CountAggregate extends Aggregate {
  protected override resolvedOutput(): Expression['outputField'] {
    return new IntegerField()
  }
}

class AvgAggregate extends Aggregate {
  protected override resolvedOutput(resolved: Aggregate): Expression['outputField'] {
    const source = resolved.args[0]?.outputField
    return source instanceof DecimalField ? source : new FloatField()
  }
  override asSql(compiler: Compiler): Sql {
    if (
      this.outputField instanceof FloatField &&
      this.args.length === 1 &&
      compiler.connection.features.integerAverageIsDecimal === true
    ) {
      // MySQL averages integers as a 4-place decimal: average the values as floats instead.
      const floats = this.copyWith([new Cast(this.args[0]!, new FloatField())])
      return super.asSql.call(floats, compiler)
    }
    const call = super.asSql(compiler)
    return this.outputField instanceof FloatField && compiler.connection.vendor === 'postgresql'
      ? sql`(${call})::double precision`
      : call
  }
}

/** Number of rows (`Count('*')`, the default) or of non-null values. */
export function Count(expression: unknown = '*', options: AggregateOptions = {}): Aggregate {
  return new CountAggregate('COUNT', expression, options)
}
export function Sum(expression: unknown, options: AggregateOptions = {}): Aggregate {
  return new Aggregate('SUM', expression, options)
}
export function Avg(expression: unknown, options: AggregateOptions = {}): Aggregate {
  return new AvgAggregate('AVG', expression, options)
}
export function Min(expression: unknown, options: AggregateOptions = {}): Aggregate {
  return new Aggregate('MIN', expression, options)
}
export function Max(expression: unknown, options: AggregateOptions = {}): Aggregate {
  return new Aggregate('MAX', expression, options)
}
