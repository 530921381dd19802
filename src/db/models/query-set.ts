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
import { prefetchRelatedObjects } from './prefetch.js'
import {
  compileDelete,
  compileInsert,
  compileUpdate,
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
  create: () => {
    throw new Error('model.ts not loaded')
  },
  save: async () => {},
  doesNotExist: (_m, message) => new Error(message),
  multipleObjects: (_m, message) => new Error(message),
  timeZone: () => 'UTC',
}

type Row = Record<string, unknown>

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
    const copy = this.clone() as this
    for (const arg of args) {
      if (arg === null || typeof arg !== 'object')
        throw new FieldError('filter() takes lookup objects, Q or expressions.')
      copy.query.addFilter(
        copy.query.buildCondition(arg as QNode | Record<string, unknown> | Expression, negated),
      )
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
    for (const [alias, expression] of Object.entries(annotations))
      copy.query.addAnnotation(alias, toExpression(expression))
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
    const compiler = new SQLCompiler(connection)
    const { sql, columns } = compiler.select(this.query)
    const { rows } = await connection.executeSql<unknown[]>(sql, { arrayMode: true })
    const results = this.#convert(rows, columns, connection)
    if (this.prefetch.length > 0 && this.resultKind === 'model') {
      await prefetchRelatedObjects(results as unknown as AnyModelInstance[], this.prefetch, this.db)
    }
    return results
  }

  #convert(rows: unknown[][], columns: SelectedColumn[], connection: DatabaseWrapper): R[] {
    const kind = this.resultKind
    if (kind !== 'model') {
      const converters = columns.map((c) => (c.kind === 'value' ? c.outputField : c.field))
      return rows.map((row) => {
        const values = row.map((v, i) =>
          converters[i] && v !== null ? converters[i]!.fromDb(v, connection) : v,
        )
        if (kind === 'flat') return values[0]
        if (kind === 'list') return values
        const object: Row = {}
        columns.forEach(
          (c, i) => (object[c.kind === 'value' ? c.name : c.field.attname] = values[i]),
        )
        return object
      }) as R[]
    }
    // Group column positions by what they build: the base instance, each related instance.
    const baseFields: Field[] = []
    const related = new Map<unknown, { fields: Field[]; positions: number[] }>()
    const annotations: [string, number, Field | undefined][] = []
    columns.forEach((c, i) => {
      if (c.kind === 'value') annotations.push([c.name, i, c.outputField])
      else if (c.selection === null) baseFields.push(c.field)
      else {
        let entry = related.get(c.selection)
        if (entry === undefined) related.set(c.selection, (entry = { fields: [], positions: [] }))
        entry.fields.push(c.field)
        entry.positions.push(i)
      }
    })
    const alias = connection.alias
    const baseCount = baseFields.length
    return rows.map((row) => {
      const instance = modelHooks.fromDb(this.model, alias, baseFields, row.slice(0, baseCount))
      if (related.size > 0) {
        const built = new Map<unknown, AnyModelInstance | null>()
        for (const selection of this.query.selectRelated) {
          const entry = related.get(selection)!
          const values = entry.positions.map((p) => row[p])
          const pkIndex = entry.fields.findIndex((f) => f.primaryKey)
          const target = selection.field.relatedModel
          const obj =
            values[pkIndex] === null ? null : modelHooks.fromDb(target, alias, entry.fields, values)
          built.set(selection, obj)
          const owner = selection.parent === null ? instance : built.get(selection.parent)
          owner?._state.cache.set(selection.field.name, obj)
        }
      }
      for (const [name, position, field] of annotations) {
        const value = row[position]
        instance[name] =
          field !== undefined && value !== null ? field.fromDb(value, connection) : value
      }
      return instance
    }) as R[]
  }

  /** The single matching object; DoesNotExist / MultipleObjectsReturned otherwise. */
  async get(...args: FilterArg<FieldsOf<T>>[]): Promise<R> {
    // One clone, then adjusted in place: it is ours alone (get() is on the hot path).
    const qs = args.length > 0 ? this.filter(...args) : this.all()
    if (!qs.query.isSliced) {
      qs.query.ordering = []
      qs.query.reversed = false
      qs.query.high = 21
    }
    const results = await qs.fetch()
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
   * Inserts many instances in few statements (batches of `batchSize`, default 500) and
   * sets their primary keys. Does not call save() or send preSave/postSave (as in Django).
   */
  async bulkCreate(
    objects: readonly T[],
    options: { batchSize?: number; ignoreConflicts?: boolean } = {},
  ): Promise<T[]> {
    if (objects.length === 0) return []
    const meta = this.model._meta
    const connection = this.writeConnection
    const batchSize = options.batchSize ?? 500
    const withPk = objects.filter((o) => o.pk !== null && o.pk !== undefined)
    const withoutPk = objects.filter((o) => o.pk === null || o.pk === undefined)
    const insert = async (batch: readonly T[], fields: Field[]) => {
      const rows = batch.map((o) => fields.map((f) => f.toDb(preSaveValue(f, o, true), connection)))
      let sql = compileInsert(meta.dbTable, fields, rows, options.ignoreConflicts ? [] : [meta.pk])
      if (options.ignoreConflicts) {
        const { sql: raw } = await import('kysely')
        sql = raw`${sql} ON CONFLICT DO NOTHING`
      }
      const { rows: returned } = await connection.executeSql<unknown[]>(sql, { arrayMode: true })
      if (!options.ignoreConflicts) {
        returned.forEach((row, i) => {
          const obj = batch[i]! as AnyModelInstance
          obj[meta.pk.attname] = meta.pk.fromDb(row[0], connection)
          obj._state.adding = false
          obj._state.db = connection.alias
        })
      }
    }
    await atomic(
      async () => {
        const all = meta.fields
        const noAuto = meta.fields.filter((f) => !f.isAuto)
        for (let i = 0; i < withPk.length; i += batchSize)
          await insert(withPk.slice(i, i + batchSize), all)
        for (let i = 0; i < withoutPk.length; i += batchSize)
          await insert(withoutPk.slice(i, i + batchSize), noAuto)
      },
      { using: connection.alias },
    )
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
    if (query.empty)
      return Object.fromEntries(entries.map(([alias]) => [alias, alias === '__count' ? 0 : null]))
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
