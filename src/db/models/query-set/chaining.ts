/**
 * The chaining half of QuerySet: the state a QuerySet carries (model, Query, database,
 * result kind, prefetch lookups, result cache) and every method that returns a new
 * QuerySet with something added — filter, exclude, orderBy, slice, values, selectRelated,
 * annotate, using, union, ... (prefetchRelated is on QuerySet, which knows Prefetch). Each clones the Query first, so a QuerySet is never changed by
 * chaining, and the copy starts without results (the result cache belongs to one QuerySet
 * object). Running the query is the other half, QuerySet in ../query-set.ts.
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { connections } from '../../connection.js'
import { router } from '../../router.js'
import { NotSupportedError } from '../../utils/errors.js'
import { FieldError } from '../exceptions.js'
import { Expression, OrderBy, QNode, toExpression } from '../expressions.js'
import type { AnyModelClass, AnyModelInstance } from '../model-types.js'
import { Query, type Combinator } from '../query/query.js'
import type { Prefetch } from '../prefetch.js'
import type { QuerySet } from '../query-set.js'
import type { FieldName, FieldsOf, FilterArg } from '../typing.js'
import { modelHooks } from './model-hooks.js'
import { planKeyOf, planSnapshot, type PlanSource } from './plans.js'
import type { ResultKind } from './row-reader.js'

type Row = Record<string, unknown>

/** A filter() whose argument can use a plan: the Query it was applied to and the lookups. */
export interface PlannedFilter {
  readonly base: Query
  /** The plan key and a copy of the filter argument (see plans.ts). */
  readonly key: string
  readonly source: PlanSource
  readonly where: unknown
  readonly ordering: unknown
}

export abstract class ChainableQuerySet<T extends AnyModelInstance = AnyModelInstance, R = T> {
  readonly model: AnyModelClass
  query: Query
  protected db: string | null = null
  /** values(): 'dict'; valuesList(): 'list' / 'flat'; instances: 'model'. */
  protected resultKind: ResultKind = 'model'
  /** prefetchRelated() lookups, names and Prefetch objects, in the order given. */
  protected prefetch: (string | Prefetch)[] = []
  /**
   * Whether evaluating keeps the results (Django's result cache). False for a QuerySet made
   * with `new` — a model's `objects` Manager or a related manager, which are shared and must
   * never hold on to rows — and true for every QuerySet a chaining method returns.
   */
  protected cachesResults = false
  #results: R[] | null = null
  /**
   * Set by filter() when its argument can use a plan: the Query it was applied to and the
   * lookups. fetch() uses the plan while this QuerySet's query is still exactly that.
   */
  protected planned: PlannedFilter | null = null

  constructor(model: AnyModelClass, query?: Query) {
    this.model = model
    this.query = query ?? new Query(model, modelHooks.timeZone())
  }

  /**
   * The results kept by the first evaluation (`await qs`, `for await`, `fetch()`), or null
   * before it. count(), exists() and first() answer from them; chaining never copies them.
   */
  get resultCache(): R[] | null {
    return this.#results
  }

  /** Sets (or, with null, forgets) the kept results. */
  protected storeResults(results: R[] | null): void {
    this.#results = results
  }

  /** The lookups given to prefetchRelated(), in order. */
  get prefetchLookups(): readonly (string | Prefetch)[] {
    return this.prefetch
  }

  /**
   * Whether the results come in a defined order, as Django's `qs.ordered`: true after
   * orderBy() with at least one item, or with the model's Meta.ordering — unless orderBy()
   * (no arguments) cleared it or an aggregate annotation groups the rows — and for none().
   * first() and last() order by pk when it is false.
   *
   * ```ts
   * Question.objects.all().ordered // true (Meta.ordering: ['-pubDate'])
   * Question.objects.orderBy().ordered // false
   * Question.objects.annotate({ n: Count('choice') }).ordered // false: GROUP BY
   * ```
   */
  get ordered(): boolean {
    return this.query.empty || this.query.isOrdered
  }

  /** The alias given to using(), or null when routers choose the database. */
  get usingAlias(): string | null {
    return this.db
  }

  /** A copy with a cloned query; subclasses (custom QuerySets) keep their class. */
  protected clone<R2 = R>(): QuerySet<T, R2> {
    const Ctor = this.constructor as new (model: AnyModelClass, query: Query) => QuerySet<T, R2>
    const copy = new Ctor(this.model, this.query.clone())
    copy.db = this.db
    copy.resultKind = this.resultKind
    copy.prefetch = [...this.prefetch]
    copy.cachesResults = true
    return copy
  }

  /** clone() typed as this class (chaining methods return `this`). */
  #copy(): this {
    return this.clone() as unknown as this
  }

  /** The connection reads go to (using() > routers > 'default'). */
  protected get readConnection(): DatabaseWrapper {
    return connections.get(this.db ?? router.dbForRead(this.model))
  }

  protected get writeConnection(): DatabaseWrapper {
    return connections.get(this.db ?? router.dbForWrite(this.model))
  }

  /** Alias of the database this QuerySet reads from. */
  get dbAlias(): string {
    return this.db ?? router.dbForRead(this.model)
  }

  // ------------------------------------------------------------------------------------
  // Chaining

  all(): this {
    return this.#copy()
  }

  /** Rows matching every lookup; several arguments are AND-ed. */
  filter(...args: FilterArg<FieldsOf<T>>[]): this {
    return this.#filtered(args, false)
  }

  /** Rows not matching (NULLs are kept, as in Django). */
  exclude(...args: FilterArg<FieldsOf<T>>[]): this {
    return this.#filtered(args, true)
  }

  #filtered(args: unknown[], negated: boolean): this {
    if (this.query.isSliced)
      throw new NotSupportedError('Cannot filter a query once a slice has been taken.')
    if (this.query.combinator !== null) {
      throw new NotSupportedError(
        'Cannot filter the result of union(), intersection() or difference(): filter each part.',
      )
    }
    const copy = this.#copy()
    for (const arg of args) {
      if (arg === null || typeof arg !== 'object')
        throw new FieldError('filter() takes lookup objects, Q or expressions.')
      copy.query.addFilter(
        copy.query.buildCondition(arg as QNode | Record<string, unknown> | Expression, negated),
      )
    }
    if (!negated && args.length === 1 && !this.query.empty) {
      const key = planKeyOf(args[0])
      if (key !== null) {
        const q = copy.query
        const source = planSnapshot(args[0] as PlanSource)
        copy.planned = { base: this.query, key, source, where: q.where, ordering: q.ordering }
      }
    }
    return copy
  }

  /** Matches nothing, without a query. */
  none(): this {
    const copy = this.#copy()
    copy.query.empty = true
    return copy
  }

  /**
   * Ordering: field names, '-name' for descending, 'related__name', '?' for random, or
   * expressions (`F('pubDate').desc({ nullsLast: true })`). No argument clears ordering.
   */
  orderBy(...fields: (FieldName<T> | `-${FieldName<T>}` | '?' | OrderBy | Expression)[]): this {
    const copy = this.#copy()
    copy.query.setOrdering(fields)
    copy.query.reversed = false
    return copy
  }

  /** Reverses the ordering (Meta.ordering too); refused once sliced, as in Django. */
  reverse(): this {
    if (this.query.isSliced)
      throw new TypeError('Cannot reverse a query once a slice has been taken.')
    const copy = this.#copy()
    copy.query.reversed = !copy.query.reversed
    return copy
  }

  distinct(): this {
    const copy = this.#copy()
    copy.query.distinct = true
    return copy
  }

  /** Rows `start` (inclusive) to `end` (exclusive): LIMIT/OFFSET. Negative indexes are refused. */
  slice(start: number, end?: number): this {
    if (
      !Number.isSafeInteger(start) ||
      start < 0 ||
      (end !== undefined && (!Number.isSafeInteger(end) || end < 0))
    ) {
      throw new TypeError(
        'slice() takes non-negative integers (negative indexing is not supported).',
      )
    }
    const copy = this.#copy()
    const q = copy.query
    const low = q.low + start
    let high = end === undefined ? q.high : q.low + end
    if (q.high !== null && high !== null) high = Math.min(high, q.high)
    q.low = q.high !== null ? Math.min(low, q.high) : low
    q.high = high === null ? null : Math.max(high, q.low)
    return copy
  }

  /** Same as slice(0, n). */
  limit(n: number): this {
    return this.slice(0, n)
  }

  /** Plain objects instead of instances: `values('id', 'questionText')`. */
  values<K extends FieldName<T>>(...fields: K[]): QuerySet<T, Row> {
    const copy = this.clone<Row>()
    copy.query.valuesSelect = fields
    copy.query.valuesExpressions() // validates names now, not at evaluation
    copy.resultKind = 'dict'
    return copy
  }

  /** Arrays of values (`{ flat: true }` with one field: the values themselves). */
  valuesList<K extends FieldName<T>>(fields: K[], options: { flat: true }): QuerySet<T, unknown>
  valuesList<K extends FieldName<T>>(...fields: K[]): QuerySet<T, unknown[]>
  valuesList(...args: unknown[]): QuerySet<T, unknown> {
    let fields: string[]
    let flat = false
    if (Array.isArray(args[0])) {
      fields = args[0] as string[]
      flat = (args[1] as { flat?: boolean } | undefined)?.flat === true
    } else fields = args as string[]
    if (flat && fields.length !== 1)
      throw new TypeError('valuesList with flat: true needs exactly one field.')
    const copy = this.clone<unknown>()
    copy.query.valuesSelect = fields
    copy.query.valuesExpressions()
    copy.resultKind = flat ? 'flat' : 'list'
    return copy
  }

  /** Load only these fields (the pk always); others stay undefined on the instances. */
  only(...fields: FieldName<T>[]): this {
    for (const f of fields) this.model._meta.getField(f)
    const copy = this.#copy()
    copy.query.only = new Set(fields)
    copy.query.deferred = null
    return copy
  }

  /** Do not load these fields. */
  defer(...fields: FieldName<T>[]): this {
    for (const f of fields) this.model._meta.getField(f)
    const copy = this.#copy()
    copy.query.deferred = new Set([...(copy.query.deferred ?? []), ...fields])
    return copy
  }

  /** Loads these ForeignKey targets in the same query (LEFT JOIN). */
  selectRelated(...paths: string[]): this {
    const copy = this.#copy()
    copy.query.addSelectRelated(paths)
    return copy
  }

  /** Adds computed values to each row: `annotate({ numChoices: Count('choice') })`. */
  annotate(annotations: Record<string, Expression | unknown>): this {
    const copy = this.#copy()
    for (const [alias, expression] of Object.entries(annotations)) {
      copy.query.addAnnotation(alias, toExpression(expression))
      // values('a').annotate({ n }) returns n too (and groups by the values), as in Django.
      const selected = copy.query.valuesSelect
      if (selected !== null && selected.length > 0) copy.query.valuesSelect = [...selected, alias]
    }
    return copy
  }

  /** Like annotate(), but only for use in filter/orderBy: not selected. */
  alias(annotations: Record<string, Expression | unknown>): this {
    const copy = this.#copy()
    for (const [alias, expression] of Object.entries(annotations)) {
      copy.query.addAnnotation(alias, toExpression(expression), false)
    }
    return copy
  }

  /** Runs queries on this DATABASES alias. */
  using(alias: string): this {
    connections.get(alias) // fail now on an unknown alias
    const copy = this.#copy()
    copy.db = alias
    return copy
  }

  /** SELECT ... FOR UPDATE (PostgreSQL; inside atomic()). */
  selectForUpdate(options: { nowait?: boolean; skipLocked?: boolean } = {}): this {
    const copy = this.#copy()
    copy.query.selectForUpdate = {
      nowait: options.nowait ?? false,
      skipLocked: options.skipLocked ?? false,
    }
    return copy
  }

  union(...others: QuerySet<T, R>[]): this
  union(...args: unknown[]): this {
    return this.#combine('UNION', args)
  }
  intersection(...others: QuerySet<T, R>[]): this {
    return this.#combine('INTERSECT', others)
  }
  difference(...others: QuerySet<T, R>[]): this {
    return this.#combine('EXCEPT', others)
  }

  #combine(kind: Combinator, args: unknown[]): this {
    let all = false
    const others = args.filter((a): a is QuerySet<T, R> => {
      if (a instanceof ChainableQuerySet) return true
      if (a !== null && typeof a === 'object' && 'all' in a)
        all = (a as { all: boolean }).all === true
      return false
    })
    const copy = this.#copy()
    const combined = new Query(this.model, this.query.timeZone)
    combined.valuesSelect = this.query.valuesSelect
    combined.combinator = { kind, all, queries: [this.query, ...others.map((o) => o.query)] }
    combined.ordering = []
    copy.query = combined
    return copy
  }
}
