/**
 * QuerySet: a lazy, chainable, awaitable and async-iterable query.
 *
 * Every chaining method returns a new QuerySet (the Query is cloned); nothing touches the
 * database until the QuerySet is awaited, iterated, or a terminal method (get, count,
 * exists, first, aggregate, update, delete, ...) is called.
 *
 * As in Django, a QuerySet keeps its results once evaluated (`await qs`, `for await`,
 * `fetch()`): evaluating the same object again, count(), exists() and (when ordered)
 * first() answer from them. Chaining returns a QuerySet without results; iterator(), get(),
 * last(), inBulk(), aggregate() always query. The QuerySet made by `new` — a model's
 * `objects` Manager, a related manager — never keeps results, so it is safe to share.
 *
 * This file keeps evaluation (the hot path: fetch, plans run, get) and the terminal
 * methods. The rest lives in query-set/: chaining.ts (the state and every method returning
 * a new QuerySet), plans.ts (compiled shapes reused by get()/filter()), row-reader.ts,
 * bulk.ts, update.ts, aggregation.ts, get-or-create.ts, raw.ts and model-hooks.ts.
 * prefetchRelated() lookups are run by ../prefetch.ts.
 *
 * ```ts
 * const recent = await Question.objects.filter({ pubDate__gte: since }).orderBy('-pubDate').slice(0, 5)
 * for await (const q of Question.objects.iterator({ chunkSize: 500 })) { ... }
 * const n = await Question.objects.filter({ choice__votes__gt: 0 }).count()
 * ```
 */
import type { DatabaseWrapper } from '../backends/base/base.js'
import { atomic } from '../transaction.js'
import { NotSupportedError } from '../utils/errors.js'
import { Count } from './aggregates.js'
import { Collector } from './deletion.js'
import { FieldError } from './exceptions.js'
import { Col, type Expression, type SubqueryCapable } from './expressions.js'
import type { AnyModelInstance } from './model-types.js'
import { Prefetch, prefetchRelatedObjects } from './prefetch.js'
import { compileDelete, compileUpdate, QuerySubquery, SQLCompiler } from './query/compiler.js'
import type { Query } from './query/query.js'
import type { QueryResolver } from './query/types.js'
import { aggregate, exists, latestOrdering } from './query-set/aggregation.js'
import { ARRAY_MODE, bulkCreate, bulkUpdate } from './query-set/bulk.js'
import { ChainableQuerySet } from './query-set/chaining.js'
import { getOrCreate, updateOrCreate } from './query-set/get-or-create.js'
import { modelHooks } from './query-set/model-hooks.js'
import {
  adjustForGet,
  findPlan,
  matchesAtMostOneRow,
  planKeyOf,
  type Plan,
  type PlanSource,
} from './query-set/plans.js'
import { rawInstances } from './query-set/raw.js'
import { rowReader } from './query-set/row-reader.js'
import { updateAssignments } from './query-set/update.js'
import type { CreateValues, FieldsOf, FilterArg } from './typing.js'

export { modelHooks, preSaveValue } from './query-set/model-hooks.js'

export class QuerySet<T extends AnyModelInstance = AnyModelInstance, R = T>
  extends ChainableQuerySet<T, R>
  implements PromiseLike<R[]>, AsyncIterable<R>, SubqueryCapable
{
  /**
   * Loads these relations (forward, reverse, many-to-many; nested with '__') for all the
   * results at once, one query per relation level. A `Prefetch` object chooses the QuerySet
   * for the related rows and, with `toAttr`, a plain attribute to put them in. `null` clears
   * the lookups given so far.
   */
  prefetchRelated(...lookups: (string | Prefetch)[]): this
  prefetchRelated(clear: null): this
  prefetchRelated(...lookups: (string | Prefetch | null)[]): this {
    const copy = this.clone() as this
    if (lookups.length === 1 && lookups[0] === null) {
      copy.prefetch = []
      return copy
    }
    for (const lookup of lookups) {
      if (typeof lookup !== 'string' && !(lookup instanceof Prefetch)) {
        throw new TypeError('prefetchRelated() takes relation names and Prefetch objects.')
      }
      copy.prefetch.push(lookup)
    }
    return copy
  }

  // ------------------------------------------------------------------------------------
  // Evaluation

  then<A = R[], B = never>(
    onfulfilled?: ((value: R[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.fetch().then(onfulfilled, onrejected)
  }

  /** `for await (const x of qs)`: evaluates (and keeps) the results, then yields them. */
  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for (const row of await this.fetch()) yield row
  }

  /**
   * Iterates in chunks of `chunkSize` rows (LIMIT/OFFSET, not keyset), one query per chunk.
   * It neither uses nor fills the result cache: a second iterator() queries again.
   */
  async *iterator(options: { chunkSize?: number } = {}): AsyncGenerator<R> {
    const size = options.chunkSize ?? 2000
    if (!Number.isSafeInteger(size) || size < 1)
      throw new TypeError('chunkSize must be a positive integer.')
    // LIMIT/OFFSET chunks need a stable order: pk when the QuerySet has none.
    let ordered: QuerySet<T, R> = this
    if (!this.ordered && !this.#groupsWithoutPk()) ordered = this.orderBy('pk') as never
    for (let offset = 0; ; offset += size) {
      const chunk = await ordered.slice(offset, offset + size).fetch()
      for (const row of chunk) yield row
      if (chunk.length < size) return
    }
  }

  /**
   * The results: the kept ones when this QuerySet was evaluated before, else the query's
   * (then kept, unless this is a shared Manager). What `await qs` and `for await` call.
   */
  async fetch(): Promise<R[]> {
    const cached = this.resultCache
    if (cached !== null) return cached
    if (this.query.empty) return this.#keep([])
    const connection = this.readConnection
    const planned = this.planned
    if (planned !== null) {
      const q = this.query
      // Still exactly base + that filter (nobody changed the query in place since)?
      if (
        planned.where === q.where &&
        planned.ordering === q.ordering &&
        q.high === planned.base.high &&
        q.low === planned.base.low &&
        q.reversed === planned.base.reversed
      ) {
        const run = this.#runPlanned(
          'filter',
          planned.base,
          planned.key,
          planned.source,
          connection,
        )
        if (run !== null) return this.#keep(Array.isArray(run) ? run : await run)
      }
    }
    const compiler = new SQLCompiler(connection)
    const { sql, columns } = compiler.select(this.query)
    const { rows } = await connection.executeSql<unknown[]>(sql, ARRAY_MODE)
    const results = rowReader(
      this.model,
      this.resultKind,
      this.query,
      columns,
    )(rows, connection) as R[]
    if (this.prefetch.length > 0 && this.resultKind === 'model') {
      await prefetchRelatedObjects(results as unknown as AnyModelInstance[], this.prefetch, this.db)
    }
    return this.#keep(results)
  }

  /**
   * Keeps `results` as this QuerySet's (not on a shared Manager). When two evaluations
   * overlapped, the first to finish is kept and both callers get the same array.
   */
  #keep(results: R[]): R[] {
    if (!this.cachesResults) return results
    const kept = this.resultCache
    if (kept !== null) return kept
    this.storeResults(results)
    return results
  }

  /** Runs `args` on `base` through the shape's plan (see query-set/plans.ts), or null. */
  #runPlanned(
    kind: 'get' | 'filter',
    base: Query,
    key: string,
    source: PlanSource,
    connection: DatabaseWrapper,
  ): R[] | Promise<R[]> | null {
    const plan = findPlan(kind, base, key, source, connection, this.model, this.resultKind)
    return plan === null ? null : this.#runPlan(plan, source, connection)
  }

  /** The results, synchronously when the backend could run the statement at once. */
  #runPlan(plan: Plan, source: PlanSource, connection: DatabaseWrapper): R[] | Promise<R[]> {
    const params = plan.params.slice()
    const keys = plan.keys
    // Every value is read before any field converts one (toDb is user-extensible code).
    for (let i = 0; i < keys.length; i++) params[plan.positions[i]!] = source[keys[i]!]
    for (let i = 0; i < keys.length; i++) {
      const field = plan.fields[i]
      const position = plan.positions[i]!
      const value = params[position]
      params[position] =
        field !== undefined ? field.toDb(value, connection) : connection.adaptValue(value)
    }
    const now = connection.executeNow<unknown[]>(plan.sql, params, plan.executeOptions)
    if (now !== undefined && this.prefetch.length === 0)
      return plan.read(now.rows, connection) as R[]
    return this.#finishPlan(plan, params, now, connection)
  }

  async #finishPlan(
    plan: Plan,
    params: unknown[],
    now: { rows: unknown[][] } | undefined,
    connection: DatabaseWrapper,
  ): Promise<R[]> {
    const { rows } =
      now ?? (await connection.execute<unknown[]>(plan.sql, params, plan.executeOptions))
    const results = plan.read(rows, connection) as R[]
    if (this.prefetch.length > 0 && this.resultKind === 'model') {
      await prefetchRelatedObjects(results as unknown as AnyModelInstance[], this.prefetch, this.db)
    }
    return results
  }

  /** The single matching object; DoesNotExist / MultipleObjectsReturned otherwise. */
  async get(...args: FilterArg<FieldsOf<T>>[]): Promise<R> {
    let results: R[]
    const query = this.query
    // A subclass overriding filter() (a default condition, say) keeps get() on its filter().
    const arg = args[0]
    const key =
      args.length === 1 && !query.empty && !query.isSliced && this.filter === baseFilter
        ? planKeyOf(arg)
        : null
    const planned =
      key !== null
        ? this.#runPlanned('get', query, key, arg as PlanSource, this.readConnection)
        : null
    if (planned !== null) results = Array.isArray(planned) ? planned : await planned
    else {
      // One clone, then adjusted in place: it is ours alone. Like Django, get() always
      // queries: the clone has no result cache even when this QuerySet (or a related
      // manager's prefetched rows) has one.
      const qs = args.length > 0 ? this.filter(...args) : (this.clone() as this)
      qs.planned = null
      adjustForGet(qs.query)
      // The same SQL as the plan would run: no LIMIT when a unique key is matched exactly.
      if (
        key !== null &&
        this.resultKind === 'model' &&
        !query.isSliced &&
        matchesAtMostOneRow(query, Object.keys(arg as PlanSource), this.model)
      ) {
        qs.query.high = null
      }
      results = await qs.fetch()
    }
    if (results.length === 1) return results[0]!
    const label = this.model._meta.objectName
    if (results.length === 0)
      throw modelHooks.doesNotExist(this.model, `${label} matching query does not exist.`)
    const count = results.length > 20 ? 'more than 20' : String(results.length)
    throw modelHooks.multipleObjects(
      this.model,
      `get() returned more than one ${label} -- it returned ${count}!`,
    )
  }

  /** Creates, saves and returns an instance. */
  async create(values: CreateValues<FieldsOf<T>> = {} as never): Promise<T> {
    const instance = modelHooks.create(this.model, values as Record<string, unknown>)
    await modelHooks.save(instance, {
      forceInsert: true,
      ...(this.db !== null ? { using: this.db } : {}),
    })
    return instance as T
  }

  /** `[object, created]`: the match, or a new object from lookups + defaults. */
  async getOrCreate(
    lookups: Record<string, unknown>,
    options: { defaults?: Record<string, unknown> } = {},
  ): Promise<[T, boolean]> {
    return getOrCreate<T>(this as never, this.writeConnection.alias, lookups, options)
  }

  /** `[object, created]`: updates the match with defaults, or creates it. */
  async updateOrCreate(
    lookups: Record<string, unknown>,
    options: { defaults?: Record<string, unknown>; createDefaults?: Record<string, unknown> } = {},
  ): Promise<[T, boolean]> {
    const alias = this.writeConnection.alias
    return updateOrCreate<T>(
      this as never,
      this.selectForUpdateIfSupported() as never,
      alias,
      lookups,
      options,
      (existing) => modelHooks.save(existing, { using: alias }),
    )
  }

  protected selectForUpdateIfSupported(): this {
    return this.writeConnection.features.supportsSelectForUpdate ? this.selectForUpdate() : this
  }

  /**
   * Inserts many instances in few statements and sets their primary keys. Does not call
   * save() or send preSave/postSave (as in Django). `batchSize` defaults to as many rows as
   * the driver's parameter limit allows (32766 parameters on SQLite, 65535 on PostgreSQL);
   * several statements run in one transaction.
   */
  async bulkCreate(
    objects: readonly T[],
    options: { batchSize?: number; ignoreConflicts?: boolean } = {},
  ): Promise<T[]> {
    return bulkCreate(this.model, this.writeConnection, objects, options)
  }

  /** Updates `fields` of many saved instances with one UPDATE ... CASE per batch. */
  async bulkUpdate(
    objects: readonly T[],
    fields: readonly string[],
    options: { batchSize?: number } = {},
  ): Promise<number> {
    return bulkUpdate(
      this.model,
      this.writeConnection.alias,
      objects,
      fields,
      options,
      (pks, values) => this.filter({ pk__in: pks } as never).update(values as never),
    )
  }

  /**
   * UPDATE matching rows; values may be expressions (`F('votes').add(1)`). Returns the count.
   * Kept results are dropped (they may be stale now), as Django does.
   */
  async update(values: CreateValues<FieldsOf<T>>): Promise<number> {
    const assignments = updateAssignments(this.query, values as Record<string, unknown>)
    if (assignments.length === 0 || this.query.empty) return 0
    const connection = this.writeConnection
    const { rowCount } = await connection.executeSql(
      compileUpdate(this.query, connection, assignments),
    )
    if (this.cachesResults) this.storeResults(null)
    return rowCount
  }

  /**
   * Deletes matching rows with their cascades; returns `[total, { 'app.Model': n }]`. The
   * rows to delete are read afresh (never from the result cache), which is then dropped.
   */
  async delete(): Promise<[number, Record<string, number>]> {
    if (this.query.isSliced) throw new NotSupportedError('Cannot delete a sliced query.')
    if (this.resultKind !== 'model')
      throw new TypeError('Call delete() on a QuerySet of instances, not values().')
    const connection = this.writeConnection
    return atomic(
      async () => {
        const collector = new Collector(connection.alias)
        const objects = (await this.clone().fetch()) as unknown as AnyModelInstance[]
        await collector.collect(this.model, objects)
        const deleted = await collector.delete()
        if (this.cachesResults) this.storeResults(null)
        return deleted
      },
      { using: connection.alias },
    )
  }

  /** DELETE without collecting (no cascades, no signals): for the collector. */
  async rawDelete(): Promise<number> {
    const connection = this.writeConnection
    const { rowCount } = await connection.executeSql(compileDelete(this.query, connection))
    return rowCount
  }

  /** The number of rows: the kept results' length when evaluated, else `SELECT COUNT(*)`. */
  async count(): Promise<number> {
    const cached = this.resultCache
    if (cached !== null) return cached.length
    if (this.query.empty) return 0
    const result = await this.aggregate({ __count: Count('*') })
    return Number(result.__count ?? 0)
  }

  /** Whether there is any row: from the kept results when evaluated, else `SELECT 1 ... LIMIT 1`. */
  async exists(): Promise<boolean> {
    const cached = this.resultCache
    if (cached !== null) return cached.length > 0
    return exists(this.query, this.readConnection)
  }

  /** `{ alias: value }` over the whole QuerySet: `aggregate({ avg: Avg('votes') })`. */
  async aggregate(aggregates: Record<string, Expression>): Promise<Record<string, unknown>> {
    return aggregate(this.query, this.readConnection, aggregates)
  }

  /**
   * The first row by the ordering, else by pk; null when there is none. As in Django, the
   * QuerySet's own ordering is used when it is `ordered` (see ChainableQuerySet.ordered),
   * and an evaluated one answers from its kept results; otherwise it is ordered by pk (a new
   * query), so `Question.objects.orderBy().first()` is the lowest pk.
   */
  async first(): Promise<R | null> {
    if (this.ordered) {
      const cached = this.resultCache
      if (cached !== null) return cached[0] ?? null
      return (await this.slice(0, 1).fetch())[0] ?? null
    }
    this.#checkPkOrdering('first')
    return (await this.orderBy('pk').slice(0, 1).fetch())[0] ?? null
  }

  /** The last row: the ordering reversed, else the highest pk; always a query, as in Django. */
  async last(): Promise<R | null> {
    let qs: this
    if (this.ordered) qs = this.reverse()
    else {
      this.#checkPkOrdering('last')
      qs = this.orderBy('-pk')
    }
    return (await qs.slice(0, 1).fetch())[0] ?? null
  }

  /**
   * Refuses to order by pk a values() query grouping by other columns (values('question')
   * .annotate({ n: Count('pk') })): pk would join the GROUP BY and split the groups.
   * Django's TypeError and message (orderBy() for its order_by()).
   */
  #checkPkOrdering(method: 'first' | 'last'): void {
    if (!this.#groupsWithoutPk()) return
    throw new TypeError(
      `Cannot use QuerySet.${method}() on an unordered queryset performing aggregation. Add an ordering with orderBy().`,
    )
  }

  /** A values() query with an aggregate, grouped by columns that do not include the pk. */
  #groupsWithoutPk(): boolean {
    const q = this.query
    if (q.valuesSelect === null || !q.hasAggregateAnnotations) return false
    return !q
      .valuesExpressions()
      .some(([, e]) => e instanceof Col && e.table === q.base && e.field === q.meta.pk)
  }

  /** The latest by `fields` (default Meta.getLatestBy); DoesNotExist when empty. */
  async latest(...fields: string[]): Promise<R> {
    return this.#latest(fields, true)
  }

  async earliest(...fields: string[]): Promise<R> {
    return this.#latest(fields, false)
  }

  async #latest(fields: string[], latest: boolean): Promise<R> {
    const ordering = latestOrdering(fields, this.model._meta.getLatestBy, latest)
    return this.orderBy(...(ordering as never[]))
      .slice(0, 1)
      .get()
  }

  /** Map of id → instance for these ids (all rows when no ids); always a query. */
  async inBulk(
    ids?: readonly unknown[],
    options: { fieldName?: string } = {},
  ): Promise<Map<unknown, T>> {
    const fieldName = options.fieldName ?? 'pk'
    const field = this.model._meta.getField(fieldName)
    if (fieldName !== 'pk' && !field.unique)
      throw new FieldError(`inBulk()'s fieldName must be a unique field ('${fieldName}' is not).`)
    if (ids !== undefined && ids.length === 0) return new Map()
    const qs =
      ids === undefined ? this.clone() : this.filter({ [`${fieldName}__in`]: ids } as never)
    const results = (await qs.fetch()) as unknown as T[]
    return new Map(results.map((o) => [o[field.attname], o]))
  }

  /** Raw SQL mapped to instances: columns named like the fields' columns. */
  async raw(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await rawInstances(this.model, this.readConnection, sql, params)) as T[]
  }

  /** SubqueryCapable: this QuerySet inside `__in`, Subquery() or Exists(). */
  subqueryFor(outer: QueryResolver) {
    return new QuerySubquery(this.query).subqueryFor(outer)
  }

  /** The SQL and parameters this QuerySet would run (for debugging). */
  toSql(): { sql: string; parameters: readonly unknown[] } {
    const connection = this.readConnection
    return connection.compile(new SQLCompiler(connection).select(this.query).sql)
  }
}

/** QuerySet's own filter(), to tell when a subclass replaced it. */
// eslint-disable-next-line @typescript-eslint/unbound-method
const baseFilter = QuerySet.prototype.filter
