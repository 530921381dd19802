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
 * Running a plan stays in QuerySet (query-set.ts), on the hot path.
 */
import type { DatabaseWrapper, ExecuteOptions } from '../../backends/base/base.js'
import type { Field } from '../fields/field.js'
import { LOOKUPS, ParameterSlot } from '../lookups.js'
import type { AnyModelClass } from '../model-types.js'
import { SQLCompiler, type SelectedColumn } from '../query/compiler.js'
import type { Query } from '../query/query.js'
import { ARRAY_MODE, ARRAY_MODE_ONE_ROW } from './bulk.js'
import { rowReader, type ResultKind, type RowReader } from './row-reader.js'

export interface Plan {
  readonly sql: string
  /** Parameters of the statement; the filter values go to `positions`. */
  readonly params: readonly unknown[]
  readonly positions: readonly number[]
  /** The field preparing each value (toDb), or undefined for the connection's adaptValue. */
  readonly fields: readonly (Field | undefined)[]
  readonly read: RowReader
  readonly timeZone: string
  /** The lookup names, in the order of `positions` and `fields`. */
  readonly keys: readonly string[]
  /** How the statement runs: ARRAY_MODE, or ARRAY_MODE_ONE_ROW (see matchesAtMostOneRow). */
  readonly executeOptions: ExecuteOptions
}

/** A plan, the number of times the shape was seen (no plan yet), or false: not plannable. */
type PlanEntry = Plan | number | false

/** Lookups whose value is a single bound parameter. */
const PLAN_LOOKUPS: ReadonlySet<string> = new Set(['exact', 'gt', 'gte', 'lt', 'lte'])
/** Shapes kept per Query and kind; past that, new shapes take the ordinary path. */
const MAX_PLANS = 64
const RESULT_KIND_INDEX = { model: 0, dict: 1, list: 2, flat: 3 } as const
/**
 * One group of eight caches (get/filter × result kind) per SQL dialect: a plan's SQL is
 * only valid on the vendor it was compiled for, and a process may use several at once.
 */
const VENDOR_OFFSET: Readonly<Record<DatabaseWrapper['vendor'], number>> = {
  sqlite: 0,
  postgresql: 8,
  mysql: 16,
}
const planCaches = new WeakMap<object, Map<string, PlanEntry>[]>()

/** A filter argument whose shape can use a plan: its lookups by name. */
export type PlanSource = Readonly<Record<string, unknown>>

/**
 * The plan key of `arg` (its lookup names, in order), or null when its shape cannot use a
 * plan. Allocates nothing for a one-lookup object, the common `get({ pk })`: the values
 * are read from `arg` itself when the plan runs, in the plan's key order.
 */
export function planKeyOf(arg: unknown): string | null {
  if (arg === null || typeof arg !== 'object') return null
  const proto: unknown = Object.getPrototypeOf(arg)
  if (proto !== Object.prototype && proto !== null) return null
  let key: string | null = null
  let count = 0
  for (const name in arg) {
    // Inherited enumerable names (a polluted Object.prototype) are not lookups.
    if (!Object.hasOwn(arg, name) || ++count > 8) return null
    const value = (arg as Record<string, unknown>)[name]
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
    const cut = name.lastIndexOf('__')
    if (cut !== -1) {
      const suffix = name.slice(cut + 2)
      if (LOOKUPS.has(suffix) && !PLAN_LOOKUPS.has(suffix)) return null
    }
    key = key === null ? name : `${key}\0${name}`
  }
  return key
}

/**
 * A copy of a plannable filter argument, taken when filter() is called: a later change to
 * the caller's object must not change a QuerySet that has not run yet.
 */
export function planSnapshot(arg: PlanSource): PlanSource {
  return { ...arg }
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

/** What get() does to its query: no ordering, and at most 21 rows (to report "more than 20"). */
export function adjustForGet(query: Query): void {
  if (query.isSliced) return
  query.ordering = []
  query.reversed = false
  query.high = 21
}

/**
 * The plan for `args` on `base`, building it the second time the shape is seen; null when
 * there is no plan (yet): then the caller compiles as usual.
 */
export function findPlan(
  kind: 'get' | 'filter',
  base: Query,
  key: string,
  source: PlanSource,
  connection: DatabaseWrapper,
  model: AnyModelClass,
  resultKind: ResultKind,
): Plan | null {
  const owner: object = isPristine(base) ? base.meta : base
  let caches = planCaches.get(owner)
  if (caches === undefined) planCaches.set(owner, (caches = []))
  const index =
    VENDOR_OFFSET[connection.vendor] + (kind === 'get' ? 0 : 4) + RESULT_KIND_INDEX[resultKind]
  const cache = (caches[index] ??= new Map())
  let entry = cache.get(key)
  if (entry === undefined) {
    if (cache.size < MAX_PLANS) cache.set(key, 1)
    return null
  }
  if (entry === false) return null
  if (typeof entry === 'number') {
    entry = buildPlan(kind, base, Object.keys(source), connection, model, resultKind)
    cache.set(key, entry)
    if (entry === false) return null
  }
  if (entry.timeZone !== base.timeZone) return null
  return entry
}

function buildPlan(
  kind: 'get' | 'filter',
  base: Query,
  keys: readonly string[],
  connection: DatabaseWrapper,
  model: AnyModelClass,
  resultKind: ResultKind,
): Plan | false {
  const slots = keys.map(() => new ParameterSlot())
  const lookups: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  keys.forEach((key, i) => (lookups[key] = slots[i]))
  let compiled: { sql: string; parameters: readonly unknown[] }
  let query: Query
  let columns: SelectedColumn[]
  // A get() that can match at most one row reads just that row and needs no LIMIT 21 (which
  // costs SQLite measurable work per statement); everything else keeps get()'s limit.
  const single = kind === 'get' && resultKind === 'model' && matchesAtMostOneRow(base, keys, model)
  try {
    query = base.clone()
    query.addFilter(query.buildCondition(lookups))
    if (kind === 'get') {
      adjustForGet(query)
      if (single && !base.isSliced) query.high = null
    }
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
    keys,
    read: rowReader(model, resultKind, query, columns),
    timeZone: base.timeZone,
    executeOptions: single ? ARRAY_MODE_ONE_ROW : ARRAY_MODE,
  }
}

/**
 * True when `base` filtered by `keys` can match at most one row: one key is an exact match
 * on the model's primary key or a unique field, and nothing in the base query can repeat a
 * row (no joins but selectRelated's, which follow single-valued relations; no annotations,
 * no combinator). Then get() may stop reading after the first row, and needs no LIMIT:
 * there cannot be a second row to report.
 */
export function matchesAtMostOneRow(
  base: Query,
  keys: readonly string[],
  model: AnyModelClass,
): boolean {
  if (base.annotations.size > 0 || base.combinator !== null) return false
  if (base.joins.length > 0) {
    // Only selectRelated's joins (forward ForeignKey / OneToOne: one row each) are safe.
    const selected = new Set(base.selectRelated.map((selection) => selection.table))
    if (base.joins.some((join) => !selected.has(join.table))) return false
  }
  const meta = model._meta
  return keys.some((key) => {
    const [name, lookup, ...rest] = key.split('__')
    if (rest.length > 0 || (lookup !== undefined && lookup !== 'exact')) return false
    const field = name === 'pk' ? meta.pk : meta.findField(name!)
    return field !== undefined && field.concrete && (field.primaryKey || field.unique)
  })
}
