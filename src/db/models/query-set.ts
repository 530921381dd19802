/**
 * QuerySet: a lazy, chainable, awaitable and async-iterable query.
 *
 * Every chaining method returns a new QuerySet (the Query is cloned); nothing touches the
 * database until the QuerySet is awaited, iterated, or a terminal method (get, count,
 * exists, first, aggregate, update, delete, ...) is called. Unlike Django, a QuerySet does
 * not cache its results: each `await` runs the query again (a QuerySet is a description of
 * a query, safe to share between concurrent requests).
 *
 * ```ts
 * const recent = await Question.objects.filter({ pubDate__gte: since }).orderBy('-pubDate').slice(0, 5)
 * for await (const q of Question.objects.iterator({ chunkSize: 500 })) { ... }
 * const n = await Question.objects.filter({ choice__votes__gt: 0 }).count()
 * ```
 */
import { Aggregate } from './aggregates.js'
import type { DatabaseWrapper } from '../backends/base/base.js'
import { connections } from '../connection.js'
import { router } from '../router.js'
import { atomic } from '../transaction.js'
import { Count } from './aggregates.js'
import { Collector } from './deletion.js'
import { NotSupportedError } from '../utils/errors.js'
import { FieldError } from './exceptions.js'
import {
  Case,
  Expression,
  F,
  OrderBy,
  QNode,
  Value,
  ValueExpression,
  When,
  toExpression,
  type SubqueryCapable,
} from './expressions.js'
import type { Field } from './fields/field.js'
import { ForeignKey } from './fields/related.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'
import { LOOKUPS, ParameterSlot } from './lookups.js'
import { prefetchRelatedObjects } from './prefetch.js'
import {
  compileDelete,
  compileInsert,
  compileUpdate,
  insertFields,
  insertSql,
  QuerySubquery,
  SQLCompiler,
  type SelectedColumn,
} from './query/compiler.js'
import { Query, type Combinator } from './query/query.js'
import type { QueryResolver } from './query/types.js'
import type { CreateValues, FieldName, FieldsOf, FilterArg } from './typing.js'

/** Model-layer hooks QuerySet needs from model.ts (set there; avoids an import cycle). */
export const modelHooks: {
  fromDb: (model: AnyModelClass, db: string, fields: Field[], values: unknown[]) => AnyModelInstance
  /** An instance from `fields.length` values of `row` starting at `offset` (no copying). */
  fromRow: (
    model: AnyModelClass,
    db: string,
    connection: DatabaseWrapper,
    fields: readonly Field[],
    row: readonly unknown[],
    offset: number,
  ) => AnyModelInstance
  create: (model: AnyModelClass, values: Record<string, unknown>) => AnyModelInstance
  save: (
    instance: AnyModelInstance,
    options: { using?: string; forceInsert?: boolean },
  ) => Promise<void>
  doesNotExist: (model: AnyModelClass, message: string) => Error
  multipleObjects: (model: AnyModelClass, message: string) => Error
  timeZone: () => string
} = {
  fromDb: () => {
    throw new Error('model.ts not loaded')
  },
  fromRow: () => {
    throw new Error('model.ts not loaded')
  },
  create: () => {
    throw new Error('model.ts not loaded')
  },
  save: async () => {},
  doesNotExist: (_m, message) => new Error(message),
  multipleObjects: (_m, message) => new Error(message),
  timeZone: () => 'UTC',
}

type Row = Record<string, unknown>

/** Turns result rows into a QuerySet's results (instances, objects, arrays or values). */
type RowReader = (rows: unknown[][], connection: DatabaseWrapper) => unknown[]

/**
 * Plans: compiled query shapes, reused. `get({ pk: 1 })` and `filter({ question: 7 })` on
 * the same QuerySet produce the same SQL every time with only the values changing, so the
 * second time a shape is seen it is compiled once with ParameterSlots in place of the values
 * (the ordinary compiler, so the SQL is exactly what a fresh compile gives) and kept: its
 * text, its parameters with the slots' positions, the fields preparing each value, and the
 * row reader. Later calls only prepare the values and run the statement (which the SQLite
 * backend also keeps prepared). Shapes eligible: one plain lookup object whose values are
 * numbers, strings, booleans, bigints or Dates and whose lookups take one parameter (exact,
 * gt, gte, lt, lte; fields, relations and transforms are fine). Anything else takes the
 * ordinary path, unchanged.
 *
 * Plans hang off the QuerySet's Query (the base the filter is applied to), so a long-lived
 * QuerySet (a Manager, a prebuilt `Choice.objects.selectRelated('question')`) keeps its
 * plans; a Query that is still pristine (no filters, ordering, ...) shares them per model.
 */
interface Plan {
  readonly sql: string
  /** Parameters of the statement; the filter values go to `positions`. */
  readonly params: readonly unknown[]
  readonly positions: readonly number[]
  /** The field preparing each value (toDb), or undefined for the connection's adaptValue. */
  readonly fields: readonly (Field | undefined)[]
  readonly read: RowReader
  readonly timeZone: string
}

/** A plan, the number of times the shape was seen (no plan yet), or false: not plannable. */
type PlanEntry = Plan | number | false

/** The lookups of a filter argument whose shape can use a plan. */
interface PlanArgs {
  /** Cache key: the lookup names, in order. */
  readonly key: string
  readonly keys: readonly string[]
  readonly values: readonly unknown[]
}

/** Lookups whose value is a single bound parameter. */
const PLAN_LOOKUPS: ReadonlySet<string> = new Set(['exact', 'gt', 'gte', 'lt', 'lte'])
/** Shapes kept per Query and kind; past that, new shapes take the ordinary path. */
const MAX_PLANS = 64
const RESULT_KIND_INDEX = { model: 0, dict: 1, list: 2, flat: 3 } as const
const ARRAY_MODE = { arrayMode: true } as const
const planCaches = new WeakMap<object, Map<string, PlanEntry>[]>()

/** The plan arguments of `arg`, or null when its shape cannot use a plan. */
function planArgsOf(arg: unknown): PlanArgs | null {
  if (arg === null || typeof arg !== 'object') return null
  const proto: unknown = Object.getPrototypeOf(arg)
  if (proto !== Object.prototype && proto !== null) return null
  const keys = Object.keys(arg)
  if (keys.length === 0 || keys.length > 8) return null
  const values = new Array<unknown>(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const value = (arg as Record<string, unknown>)[key]
    const type = typeof value
    if (
      type !== 'number' &&
      type !== 'string' &&
      type !== 'boolean' &&
      type !== 'bigint' &&
      !(value instanceof Date)
    ) {
      return null
    }
    const cut = key.lastIndexOf('__')
    if (cut !== -1) {
      const suffix = key.slice(cut + 2)
      if (LOOKUPS.has(suffix) && !PLAN_LOOKUPS.has(suffix)) return null
    }
    values[i] = value
  }
  return { key: keys.length === 1 ? keys[0]! : keys.join('\0'), keys, values }
}

/** Nothing asked of the query yet: every such Query of a model compiles the same. */
function isPristine(query: Query): boolean {
  return (
    query.where.children.length === 0 &&
    query.having.children.length === 0 &&
    query.joins.length === 0 &&
    query.ordering === null &&
    !query.reversed &&
    query.low === 0 &&
    query.high === null &&
    !query.distinct &&
    query.selectRelated.length === 0 &&
    query.annotations.size === 0 &&
    query.valuesSelect === null &&
    query.deferred === null &&
    query.only === null &&
    query.combinator === null &&
    query.selectForUpdate === null &&
    !query.empty &&
    query.outerRefNames.size === 0
  )
}

export class QuerySet<T extends AnyModelInstance = AnyModelInstance, R = T>
  implements PromiseLike<R[]>, AsyncIterable<R>, SubqueryCapable
{
  readonly model: AnyModelClass
  query: Query
  protected db: string | null = null
  /** values(): 'dict'; valuesList(): 'list' / 'flat'; instances: 'model'. */
  protected resultKind: 'model' | 'dict' | 'list' | 'flat' = 'model'
  protected prefetch: string[] = []
  /** Results supplied by prefetchRelated (related managers): used instead of querying. */
  prefetched: T[] | null = null
  /**
   * Set by filter() when its argument can use a plan: the Query it was applied to and the
   * lookups. fetch() uses the plan while this QuerySet's query is still exactly that.
   */
  #planned: {
    readonly base: Query
    readonly args: PlanArgs
    readonly where: unknown
    readonly ordering: unknown
  } | null = null

  constructor(model: AnyModelClass, query?: Query) {
    this.model = model
    this.query = query ?? new Query(model, modelHooks.timeZone())
  }

  /** A copy with a cloned query; subclasses (custom QuerySets) keep their class. */
  protected clone<R2 = R>(): QuerySet<T, R2> {
    const Ctor = this.constructor as new (model: AnyModelClass, query: Query) => QuerySet<T, R2>
    const copy = new Ctor(this.model, this.query.clone())
    copy.db = this.db
    copy.resultKind = this.resultKind
    copy.prefetch = [...this.prefetch]
    return copy
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
    return this.clone() as this
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
    const copy = this.clone() as this
    for (const arg of args) {
      if (arg === null || typeof arg !== 'object')
        throw new FieldError('filter() takes lookup objects, Q or expressions.')
      copy.query.addFilter(
        copy.query.buildCondition(arg as QNode | Record<string, unknown> | Expression, negated),
      )
    }
    if (!negated && args.length === 1 && !this.query.empty) {
      const planArgs = planArgsOf(args[0])
      if (planArgs !== null) {
        const q = copy.query
        copy.#planned = { base: this.query, args: planArgs, where: q.where, ordering: q.ordering }
      }
    }
    return copy
  }

  /** Matches nothing, without a query. */
  none(): this {
    const copy = this.clone() as this
    copy.query.empty = true
    return copy
  }

  /**
   * Ordering: field names, '-name' for descending, 'related__name', '?' for random, or
   * expressions (`F('pubDate').desc({ nullsLast: true })`). No argument clears ordering.
   */
  orderBy(...fields: (FieldName<T> | `-${FieldName<T>}` | '?' | OrderBy | Expression)[]): this {
    const copy = this.clone() as this
    copy.query.setOrdering(fields)
    copy.query.reversed = false
    return copy
  }

  reverse(): this {
    const copy = this.clone() as this
    copy.query.reversed = !copy.query.reversed
    return copy
  }

  distinct(): this {
    const copy = this.clone() as this
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
    const copy = this.clone() as this
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
    const copy = this.clone() as this
    copy.query.only = new Set(fields)
    copy.query.deferred = null
    return copy
  }

  /** Do not load these fields. */
  defer(...fields: FieldName<T>[]): this {
    for (const f of fields) this.model._meta.getField(f)
    const copy = this.clone() as this
    copy.query.deferred = new Set([...(copy.query.deferred ?? []), ...fields])
    return copy
  }

  /** Loads these ForeignKey targets in the same query (LEFT JOIN). */
  selectRelated(...paths: string[]): this {
    const copy = this.clone() as this
    copy.query.addSelectRelated(paths)
    return copy
  }

  /** Loads these relations (forward, reverse, many-to-many) with one extra query each. */
  prefetchRelated(...names: string[]): this {
    const copy = this.clone() as this
    copy.prefetch.push(...names)
    return copy
  }

  /** Adds computed values to each row: `annotate({ numChoices: Count('choice') })`. */
  annotate(annotations: Record<string, Expression | unknown>): this {
    const copy = this.clone() as this
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
    const copy = this.clone() as this
    for (const [alias, expression] of Object.entries(annotations)) {
      copy.query.addAnnotation(alias, toExpression(expression), false)
    }
    return copy
  }

  /** Runs queries on this DATABASES alias. */
  using(alias: string): this {
    connections.get(alias) // fail now on an unknown alias
    const copy = this.clone() as this
    copy.db = alias
    return copy
  }

  /** SELECT ... FOR UPDATE (PostgreSQL; inside atomic()). */
  selectForUpdate(options: { nowait?: boolean; skipLocked?: boolean } = {}): this {
    const copy = this.clone() as this
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
      if (a instanceof QuerySet) return true
      if (a !== null && typeof a === 'object' && 'all' in a)
        all = (a as { all: boolean }).all === true
      return false
    })
    const copy = this.clone() as this
    const combined = new Query(this.model, this.query.timeZone)
    combined.valuesSelect = this.query.valuesSelect
    combined.combinator = { kind, all, queries: [this.query, ...others.map((o) => o.query)] }
    combined.ordering = []
    copy.query = combined
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

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for (const row of await this.fetch()) yield row
  }

  /** Iterates in chunks of `chunkSize` rows (keyset on ordering is not used: LIMIT/OFFSET). */
  async *iterator(options: { chunkSize?: number } = {}): AsyncGenerator<R> {
    const size = options.chunkSize ?? 2000
    if (!Number.isSafeInteger(size) || size < 1)
      throw new TypeError('chunkSize must be a positive integer.')
    let ordered: QuerySet<T, R> = this
    if (this.query.ordering === null && this.model._meta.ordering.length === 0)
      ordered = this.orderBy('pk') as never
    for (let offset = 0; ; offset += size) {
      const chunk = await ordered.slice(offset, offset + size).fetch()
      for (const row of chunk) yield row
      if (chunk.length < size) return
    }
  }

  /** Runs the query and returns the results. */
  async fetch(): Promise<R[]> {
    if (this.prefetched !== null) return this.prefetched as unknown as R[]
    if (this.query.empty) return []
    const connection = this.readConnection
    const planned = this.#planned
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
        const run = this.#runPlanned('filter', planned.base, planned.args, connection)
        if (run !== null) return run
      }
    }
    const compiler = new SQLCompiler(connection)
    const { sql, columns } = compiler.select(this.query)
    const { rows } = await connection.executeSql<unknown[]>(sql, ARRAY_MODE)
    const results = this.#reader(this.query, columns)(rows, connection) as R[]
    if (this.prefetch.length > 0 && this.resultKind === 'model') {
      await prefetchRelatedObjects(results as unknown as AnyModelInstance[], this.prefetch, this.db)
    }
    return results
  }

  /**
   * Runs `args` on `base` through the shape's plan (see Plan), building it the second time
   * the shape is seen; null when there is no plan (yet): then the caller compiles as usual.
   */
  #runPlanned(
    kind: 'get' | 'filter',
    base: Query,
    args: PlanArgs,
    connection: DatabaseWrapper,
  ): R[] | Promise<R[]> | null {
    const owner: object = isPristine(base) ? base.meta : base
    let caches = planCaches.get(owner)
    if (caches === undefined) planCaches.set(owner, (caches = []))
    const index =
      (connection.vendor === 'sqlite' ? 0 : 8) +
      (kind === 'get' ? 0 : 4) +
      RESULT_KIND_INDEX[this.resultKind]
    const cache = (caches[index] ??= new Map())
    let entry = cache.get(args.key)
    if (entry === undefined) {
      if (cache.size < MAX_PLANS) cache.set(args.key, 1)
      return null
    }
    if (entry === false) return null
    if (typeof entry === 'number') {
      entry = this.#buildPlan(kind, base, args, connection)
      cache.set(args.key, entry)
      if (entry === false) return null
    }
    if (entry.timeZone !== base.timeZone) return null
    return this.#runPlan(entry, args.values, connection)
  }

  #buildPlan(
    kind: 'get' | 'filter',
    base: Query,
    args: PlanArgs,
    connection: DatabaseWrapper,
  ): Plan | false {
    const slots = args.keys.map(() => new ParameterSlot())
    const lookups: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    args.keys.forEach((key, i) => (lookups[key] = slots[i]))
    let compiled: { sql: string; parameters: readonly unknown[] }
    let query: Query
    let columns: SelectedColumn[]
    try {
      query = base.clone()
      query.addFilter(query.buildCondition(lookups))
      if (kind === 'get') adjustForGet(query)
      const select = new SQLCompiler(connection).select(query)
      columns = select.columns
      compiled = connection.compile(select.sql)
    } catch {
      // The ordinary path reports the error (an unknown field, ...) with its own message.
      return false
    }
    const parameters = compiled.parameters
    const positions = slots.map((slot) => parameters.indexOf(slot))
    const reusable = slots.every(
      (slot, i) =>
        slot.uses === 1 && positions[i] !== -1 && parameters.lastIndexOf(slot) === positions[i],
    )
    if (!reusable) return false
    return {
      sql: compiled.sql,
      params: [...parameters],
      positions,
      fields: slots.map((slot) => slot.field),
      read: this.#reader(query, columns),
      timeZone: base.timeZone,
    }
  }

  /** The results, synchronously when the backend could run the statement at once. */
  #runPlan(
    plan: Plan,
    values: readonly unknown[],
    connection: DatabaseWrapper,
  ): R[] | Promise<R[]> {
    const params = plan.params.slice()
    for (let i = 0; i < values.length; i++) {
      const field = plan.fields[i]
      params[plan.positions[i]!] =
        field !== undefined ? field.toDb(values[i], connection) : connection.adaptValue(values[i])
    }
    const now = connection.executeNow<unknown[]>(plan.sql, params, ARRAY_MODE)
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
    const { rows } = now ?? (await connection.execute<unknown[]>(plan.sql, params, ARRAY_MODE))
    const results = plan.read(rows, connection) as R[]
    if (this.prefetch.length > 0 && this.resultKind === 'model') {
      await prefetchRelatedObjects(results as unknown as AnyModelInstance[], this.prefetch, this.db)
    }
    return results
  }

  /**
   * The function turning rows of `query` (selected as `columns`) into results, worked out
   * once per query shape: which positions build the instance, each selectRelated instance
   * (contiguous runs of columns, in selectRelated order, parents first) and annotations.
   */
  #reader(query: Query, columns: SelectedColumn[]): RowReader {
    const kind = this.resultKind
    if (kind !== 'model') {
      const count = columns.length
      const converters = columns.map((c) => (c.kind === 'value' ? c.outputField : c.field))
      const names = columns.map((c) => (c.kind === 'value' ? c.name : c.field.attname))
      return (rows, connection) => {
        const out = new Array<unknown>(rows.length)
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r]!
          const values = new Array<unknown>(count)
          for (let i = 0; i < count; i++) {
            const value = row[i]
            const field = converters[i]
            values[i] =
              field !== undefined && value !== null ? field.fromDb(value, connection) : value
          }
          if (kind === 'flat') out[r] = values[0]
          else if (kind === 'list') out[r] = values
          else {
            const object: Row = {}
            for (let i = 0; i < count; i++) object[names[i]!] = values[i]
            out[r] = object
          }
        }
        return out
      }
    }
    const model = this.model
    const selections = query.selectRelated
    const baseFields: Field[] = []
    const groups = selections.map((selection) => ({
      model: selection.field.relatedModel,
      name: selection.field.name,
      parent: selection.parent === null ? -1 : selections.indexOf(selection.parent),
      fields: [] as Field[],
      offset: -1,
      pk: -1,
    }))
    const annotations: [string, number, Field | undefined][] = []
    columns.forEach((c, i) => {
      if (c.kind === 'value') annotations.push([c.name, i, c.outputField])
      else if (c.selection === null) baseFields.push(c.field)
      else {
        const group = groups[selections.indexOf(c.selection)]!
        if (group.offset === -1) group.offset = i
        if (c.field.primaryKey) group.pk = i
        group.fields.push(c.field)
      }
    })
    const groupCount = groups.length
    return (rows, connection) => {
      const alias = connection.alias
      const out = new Array<unknown>(rows.length)
      const built = groupCount > 0 ? new Array<AnyModelInstance | null>(groupCount) : null
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!
        const instance = modelHooks.fromRow(model, alias, connection, baseFields, row, 0)
        for (let g = 0; g < groupCount; g++) {
          const group = groups[g]!
          const related =
            row[group.pk] === null
              ? null
              : modelHooks.fromRow(group.model, alias, connection, group.fields, row, group.offset)
          built![g] = related
          const owner = group.parent === -1 ? instance : built![group.parent]
          owner?._state.cache.set(group.name, related)
        }
        for (let a = 0; a < annotations.length; a++) {
          const [name, position, field] = annotations[a]!
          const value = row[position]
          instance[name] =
            field !== undefined && value !== null ? field.fromDb(value, connection) : value
        }
        out[r] = instance
      }
      return out
    }
  }

  /** The single matching object; DoesNotExist / MultipleObjectsReturned otherwise. */
  async get(...args: FilterArg<FieldsOf<T>>[]): Promise<R> {
    let results: R[]
    const query = this.query
    // A subclass overriding filter() (a default condition, say) keeps get() on its filter().
    const planArgs =
      args.length === 1 && !query.empty && !query.isSliced && this.filter === baseFilter
        ? planArgsOf(args[0])
        : null
    const planned =
      planArgs !== null ? this.#runPlanned('get', query, planArgs, this.readConnection) : null
    if (planned !== null) results = Array.isArray(planned) ? planned : await planned
    else {
      // One clone, then adjusted in place: it is ours alone.
      const qs = args.length > 0 ? this.filter(...args) : this.all()
      qs.#planned = null
      adjustForGet(qs.query)
      results = await qs.fetch()
    }
    const label = this.model._meta.objectName
    if (results.length === 1) return results[0]!
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
    try {
      return [(await this.get(lookups as never)) as unknown as T, false]
    } catch (error) {
      if (!isDoesNotExist(error)) throw error
    }
    const values = { ...directValues(lookups), ...(options.defaults ?? {}) }
    try {
      const created = await atomic(() => this.create(values as never), {
        using: this.writeConnection.alias,
      })
      return [created, true]
    } catch (error) {
      // A concurrent create won the race: the row exists now.
      if ((error as Error).name === 'IntegrityError') {
        try {
          return [(await this.get(lookups as never)) as unknown as T, false]
        } catch {
          throw error
        }
      }
      throw error
    }
  }

  /** `[object, created]`: updates the match with defaults, or creates it. */
  async updateOrCreate(
    lookups: Record<string, unknown>,
    options: { defaults?: Record<string, unknown>; createDefaults?: Record<string, unknown> } = {},
  ): Promise<[T, boolean]> {
    return atomic(
      async () => {
        let existing: T | undefined
        try {
          existing = (await this.selectForUpdateIfSupported().get(lookups as never)) as unknown as T
        } catch (error) {
          if (!isDoesNotExist(error)) throw error
        }
        if (existing === undefined) {
          const values = {
            ...directValues(lookups),
            ...(options.createDefaults ?? options.defaults ?? {}),
          }
          return [await this.create(values as never), true] as [T, boolean]
        }
        Object.assign(existing, options.defaults ?? {})
        await modelHooks.save(existing, { using: this.writeConnection.alias })
        return [existing, false] as [T, boolean]
      },
      { using: this.writeConnection.alias },
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
    if (objects.length === 0) return []
    if (
      options.batchSize !== undefined &&
      (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1)
    ) {
      throw new TypeError('bulkCreate() batchSize must be a positive integer.')
    }
    const meta = this.model._meta
    const connection = this.writeConnection
    const ignoreConflicts = options.ignoreConflicts ?? false
    const maxParams = connection.vendor === 'sqlite' ? 32766 : 65535
    const withPk = objects.filter((o) => o.pk !== null && o.pk !== undefined)
    const withoutPk = objects.filter((o) => o.pk === null || o.pk === undefined)
    const insert = async (batch: readonly T[], fields: readonly Field[]) => {
      const width = fields.length
      const params = new Array<unknown>(batch.length * width)
      let k = 0
      for (const object of batch) {
        for (let f = 0; f < width; f++) {
          const field = fields[f]!
          params[k++] = field.toDb(preSaveValue(field, object, true), connection)
        }
      }
      let sql: string
      if (ignoreConflicts) {
        const { sql: raw } = await import('kysely')
        const rows = batch.map((_, i) => params.slice(i * width, (i + 1) * width))
        const fragment = compileInsert(meta.dbTable, [...fields], rows, [])
        sql = connection.compile(raw`${fragment} ON CONFLICT DO NOTHING`).sql
      } else sql = insertSql(connection, meta, fields, batch.length, true)
      const { rows: returned } =
        connection.executeNow<unknown[]>(sql, params, ARRAY_MODE) ??
        (await connection.execute<unknown[]>(sql, params, ARRAY_MODE))
      if (!ignoreConflicts) {
        const pk = meta.pk
        for (let i = 0; i < returned.length; i++) {
          const object = batch[i]! as AnyModelInstance
          object[pk.attname] = pk.fromDb(returned[i]![0], connection)
          object._state.adding = false
          object._state.db = connection.alias
        }
      }
    }
    const batches: [readonly T[], readonly Field[]][] = []
    for (const [group, fields] of [
      [withPk, insertFields(meta, true)],
      [withoutPk, insertFields(meta, false)],
    ] as const) {
      // A model with nothing but its auto key inserts DEFAULT VALUES: one row per statement.
      const size =
        fields.length === 0
          ? 1
          : (options.batchSize ?? Math.max(1, Math.floor(maxParams / fields.length)))
      for (let i = 0; i < group.length; i += size) batches.push([group.slice(i, i + size), fields])
    }
    // One statement is atomic by itself; several share a transaction.
    if (batches.length === 1) await insert(batches[0]![0], batches[0]![1])
    else {
      await atomic(
        async () => {
          for (const [batch, fields] of batches) await insert(batch, fields)
        },
        { using: connection.alias },
      )
    }
    return [...objects]
  }

  /** Updates `fields` of many saved instances with one UPDATE ... CASE per batch. */
  async bulkUpdate(
    objects: readonly T[],
    fields: readonly string[],
    options: { batchSize?: number } = {},
  ): Promise<number> {
    if (objects.length === 0) return 0
    if (fields.length === 0)
      throw new TypeError('bulkUpdate() needs the names of the fields to update.')
    const meta = this.model._meta
    const targets = fields.map((name) => meta.getField(name))
    for (const f of targets) {
      if (f.primaryKey || !f.concrete)
        throw new FieldError(`bulkUpdate() cannot update '${f.name}'.`)
    }
    const batchSize = options.batchSize ?? 500
    let updated = 0
    await atomic(
      async () => {
        for (let i = 0; i < objects.length; i += batchSize) {
          const batch = objects.slice(i, i + batchSize)
          const values: Record<string, Expression> = {}
          for (const field of targets) {
            values[field.attname] = Case(
              ...batch.map((o) => When({ pk: o.pk }, Value(o[field.attname], field))),
              { default: F(field.name), outputField: field },
            )
          }
          updated += await this.filter({ pk__in: batch.map((o) => o.pk) } as never).update(
            values as never,
          )
        }
      },
      { using: this.writeConnection.alias },
    )
    return updated
  }

  /** UPDATE matching rows; values may be expressions (`F('votes').add(1)`). Returns the count. */
  async update(values: CreateValues<FieldsOf<T>>): Promise<number> {
    const meta = this.model._meta
    const assignments: [Field, Expression][] = []
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const field = meta.getField(name)
      if (!field.concrete)
        throw new FieldError(`Cannot update the many-to-many field '${name}' with update().`)
      const isInstance = value !== null && typeof value === 'object' && '_state' in value
      const prepared =
        value instanceof Expression
          ? value.resolve(this.query)
          : new ValueExpression(isInstance ? (value as AnyModelInstance).pk : value, field)
      assignments.push([field, prepared])
    }
    if (assignments.length === 0) return 0
    // Fields with autoNow get the current time, as save() would.
    for (const field of meta.fields) {
      const preSave = (field as unknown as { autoNow?: boolean }).autoNow
      if (preSave && !assignments.some(([f]) => f === field)) {
        assignments.push([
          field,
          new ValueExpression(
            (field as unknown as { preSave(v: unknown, a: boolean): unknown }).preSave(
              undefined,
              false,
            ),
            field,
          ),
        ])
      }
    }
    if (this.query.empty) return 0
    const connection = this.writeConnection
    const { rowCount } = await connection.executeSql(
      compileUpdate(this.query, connection, assignments),
    )
    return rowCount
  }

  /** Deletes matching rows with their cascades; returns `[total, { 'app.Model': n }]`. */
  async delete(): Promise<[number, Record<string, number>]> {
    if (this.query.isSliced) throw new NotSupportedError('Cannot delete a sliced query.')
    if (this.resultKind !== 'model')
      throw new TypeError('Call delete() on a QuerySet of instances, not values().')
    const connection = this.writeConnection
    return atomic(
      async () => {
        const collector = new Collector(connection.alias)
        const objects = (await this.all().fetch()) as unknown as AnyModelInstance[]
        await collector.collect(this.model, objects)
        return collector.delete()
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

  async count(): Promise<number> {
    if (this.prefetched !== null) return this.prefetched.length
    if (this.query.empty) return 0
    const result = await this.aggregate({ __count: Count('*') })
    return Number(result.__count ?? 0)
  }

  async exists(): Promise<boolean> {
    if (this.prefetched !== null) return this.prefetched.length > 0
    if (this.query.empty) return false
    const connection = this.readConnection
    const { rows } = await connection.executeSql(new SQLCompiler(connection).exists(this.query), {
      arrayMode: true,
    })
    return rows.length > 0
  }

  /** `{ alias: value }` over the whole QuerySet: `aggregate({ avg: Avg('votes') })`. */
  async aggregate(aggregates: Record<string, Expression>): Promise<Record<string, unknown>> {
    const entries = Object.entries(aggregates)
    if (entries.length === 0) throw new TypeError('aggregate() needs at least one aggregate.')
    const query = this.query.clone()
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
    const connection = this.readConnection
    const compiler = new SQLCompiler(connection)
    const sql =
      query.isSliced || query.distinct || query.needsGroupBy || query.combinator !== null
        ? this.#wrappedAggregate(query, resolved, compiler)
        : compiler.aggregate(query, resolved)
    const { rows } = await connection.executeSql<unknown[]>(sql, { arrayMode: true })
    const row = rows[0] ?? []
    const result: Record<string, unknown> = {}
    resolved.forEach(([alias, e], i) => {
      const value = row[i] ?? null
      result[alias] =
        value !== null && e.outputField ? e.outputField.fromDb(value, connection) : value
    })
    return result
  }

  #wrappedAggregate(query: Query, resolved: [string, Expression][], compiler: SQLCompiler) {
    // Aggregates over a derived table can only count rows or use its selected columns.
    const simple = resolved.every(
      ([, e]) => e instanceof Expression && (e as { args?: unknown[] }).args?.length === 0,
    )
    if (!simple) {
      throw new NotSupportedError(
        'Only Count() can aggregate over a sliced, distinct, grouped or combined query.',
      )
    }
    return compiler.aggregate(query, resolved)
  }

  async first(): Promise<R | null> {
    const qs =
      this.query.ordering === null && this.model._meta.ordering.length === 0
        ? this.orderBy('pk')
        : this
    const results = await qs.slice(0, 1).fetch()
    return results[0] ?? null
  }

  async last(): Promise<R | null> {
    const qs =
      this.query.ordering === null && this.model._meta.ordering.length === 0
        ? this.orderBy('pk')
        : this
    const results = await qs.reverse().slice(0, 1).fetch()
    return results[0] ?? null
  }

  /** The latest by `fields` (default Meta.getLatestBy); DoesNotExist when empty. */
  async latest(...fields: string[]): Promise<R> {
    return this.#latest(fields, true)
  }

  async earliest(...fields: string[]): Promise<R> {
    return this.#latest(fields, false)
  }

  async #latest(fields: string[], latest: boolean): Promise<R> {
    const names = fields.length > 0 ? fields : [...this.model._meta.getLatestBy]
    if (names.length === 0) {
      throw new FieldError(
        'latest()/earliest() need field names, or getLatestBy in the model Meta.',
      )
    }
    const ordering = names.map((n) => {
      const desc = n.startsWith('-') !== latest
      return desc ? `-${n.replace(/^-/, '')}` : n.replace(/^-/, '')
    })
    return this.orderBy(...(ordering as never[]))
      .slice(0, 1)
      .get()
  }

  /** Map of id → instance for these ids (all rows when no ids). */
  async inBulk(
    ids?: readonly unknown[],
    options: { fieldName?: string } = {},
  ): Promise<Map<unknown, T>> {
    const fieldName = options.fieldName ?? 'pk'
    const field = this.model._meta.getField(fieldName)
    if (fieldName !== 'pk' && !field.unique)
      throw new FieldError(`inBulk()'s fieldName must be a unique field ('${fieldName}' is not).`)
    if (ids !== undefined && ids.length === 0) return new Map()
    const qs = ids === undefined ? this : this.filter({ [`${fieldName}__in`]: ids } as never)
    const results = (await qs.fetch()) as unknown as T[]
    return new Map(results.map((o) => [o[field.attname], o]))
  }

  /** Raw SQL mapped to instances: columns named like the fields' columns. */
  async raw(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const connection = this.readConnection
    const { rows } = await connection.execute<Record<string, unknown>>(sql, params)
    const meta = this.model._meta
    return rows.map((row) => {
      const fields = meta.fields.filter((f) => f.column in row)
      if (!fields.some((f) => f.primaryKey)) {
        throw new FieldError(
          `raw() queries must include the primary key column '${meta.pk.column}'.`,
        )
      }
      const instance = modelHooks.fromDb(
        this.model,
        connection.alias,
        fields,
        fields.map((f) => row[f.column]),
      )
      for (const [key, value] of Object.entries(row)) {
        if (!meta.fields.some((f) => f.column === key)) instance[key] = value
      }
      return instance as T
    })
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

/** What get() does to its query: no ordering, and at most 21 rows (to report "more than 20"). */
function adjustForGet(query: Query): void {
  if (query.isSliced) return
  query.ordering = []
  query.reversed = false
  query.high = 21
}

function isDoesNotExist(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'DoesNotExist' || error.name.endsWith('DoesNotExist'))
  )
}

/** Lookups without '__' become values of the new object in getOrCreate. */
function directValues(lookups: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(lookups)) {
    if (key.endsWith('__exact')) values[key.slice(0, -7)] = value
    else if (!key.includes('__')) values[key] = value
  }
  return values
}

/** The value save() would store for a field (autoNow, FK objects). */
export function preSaveValue(field: Field, instance: AnyModelInstance, add: boolean): unknown {
  const hook = (field as unknown as { preSave?: (v: unknown, add: boolean) => unknown }).preSave
  if (hook !== undefined) {
    const value = hook.call(field, instance[field.attname], add)
    instance[field.attname] = value
    return value
  }
  return instance[field.attname]
}
