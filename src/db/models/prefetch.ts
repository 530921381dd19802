/**
 * prefetchRelated: after the main query, one query per relation level loads the related
 * rows of every instance at once. Django's algorithm, step by step:
 *
 * - Lookups ('choiceSet__question', or Prefetch objects) run in the order given. Each walks
 *   its path level by level; a level already loaded by an earlier lookup (same path) is
 *   reused, not queried again, and giving the same path twice with a QuerySet is an error.
 * - At each level, instances whose relation is already loaded (by selectRelated, an earlier
 *   prefetch, or a `toAttr` attribute) are walked through without a query; the others are
 *   fetched together: forward ForeignKey by key (`pk__in`), reverse ForeignKey by `fk__in`,
 *   many-to-many by one query on the targets joined to the intermediate table, selecting
 *   the source key beside each target row (Django's `extra(select=...)`).
 * - Results go to each instance's relation cache, where related managers
 *   (`question.choiceSet`) and forward accessors (`choice.question`) find them — or, with
 *   `toAttr`, to a plain attribute: an array for a many relation, the object (or null) for
 *   a single one.
 * - A Prefetch's QuerySet supplies the rows of the last level (its filters, ordering,
 *   selectRelated); its own prefetchRelated() lookups continue below that level. A sliced
 *   one (reverse ForeignKey, many-to-many) is sliced per instance, still in one query: a
 *   ROW_NUMBER() window partitioned by the instance's key (query/partition-slice.ts).
 */
import type { DatabaseWrapper } from '../backends/base/base.js'
import { connections } from '../connection.js'
import { FieldError } from './exceptions.js'
import { Col, type Expression, TableRef } from './expressions.js'
import { ForeignKey, ManyToManyField } from './fields/related.js'
import { Lookup } from './lookups.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'
import { QuerySet } from './query-set.js'
import { ARRAY_MODE } from './query-set/bulk.js'
import { rowReader } from './query-set/row-reader.js'
import { SQLCompiler, type SelectedColumn } from './query/compiler.js'
import { selectSlicedPerPartition } from './query/partition-slice.js'
import { throughFields, type Query } from './query/query.js'

/**
 * A prefetchRelated() lookup with options, as Django's Prefetch:
 *
 * ```ts
 * await Question.objects.prefetchRelated(
 *   new Prefetch('choiceSet', {
 *     queryset: Choice.objects.filter({ votes__gt: 0 }).orderBy('-votes'),
 *     toAttr: 'popularChoices',
 *   }),
 * )
 * question.popularChoices // Choice[]: only those with votes, most voted first
 * ```
 */
export class Prefetch {
  /** The relation path walked ('choiceSet__question'). */
  readonly prefetchThrough: string
  /** Where the results land: the path with its last part replaced by toAttr, if any. */
  readonly prefetchTo: string
  /** The QuerySet the last level's rows come from (null: all related rows). */
  readonly queryset: QuerySet<AnyModelInstance, unknown> | null
  /** The attribute receiving the last level's results instead of the relation cache. */
  readonly toAttr: string | null

  constructor(
    lookup: string,
    options: { queryset?: QuerySet<AnyModelInstance, unknown> | null; toAttr?: string | null } = {},
  ) {
    if (typeof lookup !== 'string' || lookup === '' || lookup.split('__').includes('')) {
      throw new TypeError(`Prefetch() needs a relation path such as 'choiceSet__question'.`)
    }
    const queryset = options.queryset ?? null
    if (queryset !== null) {
      if (!(queryset instanceof QuerySet))
        throw new TypeError(`Prefetch('${lookup}'): queryset must be a QuerySet.`)
      if (queryset.query.valuesSelect !== null)
        throw new TypeError(
          `Prefetch('${lookup}'): the queryset cannot use values() or valuesList().`,
        )
    }
    const toAttr = options.toAttr ?? null
    if (toAttr !== null && (!/^[A-Za-z_$][\w$]*$/.test(toAttr) || toAttr.includes('__'))) {
      throw new TypeError(
        `Prefetch('${lookup}'): toAttr '${toAttr}' is not a valid attribute name.`,
      )
    }
    this.prefetchThrough = lookup
    this.prefetchTo =
      toAttr === null ? lookup : [...lookup.split('__').slice(0, -1), toAttr].join('__')
    this.queryset = queryset
    this.toAttr = toAttr
  }
}

/** What a many relation's cache entry holds after prefetching (see related-managers.ts). */
export interface PrefetchedRelation {
  readonly results: AnyModelInstance[]
  /** The Prefetch QuerySet's query, which the related manager then builds on; or null. */
  readonly query: Query | null
}

/** The prefetched rows of the many relation cached under `key` on `instance`, if any. */
export function prefetchedRelation(
  instance: AnyModelInstance,
  key: string,
): PrefetchedRelation | undefined {
  return instance._state.cache.get(key) as PrefetchedRelation | undefined
}

/** A relation as prefetching sees it. */
interface Relation {
  readonly kind: 'forward' | 'reverseOne' | 'reverseMany' | 'manyToMany'
  readonly field: ForeignKey | ManyToManyField
  /** For a many-to-many: walked from the side without the field. */
  readonly reverse: boolean
  readonly target: AnyModelClass
  /** The instance cache key the results go to. */
  readonly cacheKey: string
}

/**
 * Runs prefetchRelated `lookups` on `instances`: one query per relation level, results in
 * the instances' relation caches (or toAttr attributes). `using` is the main QuerySet's
 * using() alias, if any.
 */
export async function prefetchRelatedObjects(
  instances: readonly AnyModelInstance[],
  lookups: readonly (string | Prefetch)[],
  using: string | null = null,
): Promise<void> {
  if (instances.length === 0) return
  /** Objects loaded per prefetchTo path, so later lookups through it reuse them. */
  const done = new Map<string, AnyModelInstance[]>()
  const queue = normalize(lookups, null).reverse()
  while (queue.length > 0) {
    const lookup = queue.pop()!
    if (done.has(lookup.prefetchTo)) {
      if (lookup.queryset !== null) {
        throw new TypeError(
          `'${lookup.prefetchTo}' lookup was already seen with a different queryset. You may need to adjust the ordering of your lookups.`,
        )
      }
      continue
    }
    const path = lookup.prefetchThrough.split('__')
    const targets = lookup.prefetchTo.split('__')
    let objects: AnyModelInstance[] = [...instances]
    for (let level = 0; level < path.length && objects.length > 0; level++) {
      const prefetchTo = targets.slice(0, level + 1).join('__')
      const seen = done.get(prefetchTo)
      if (seen !== undefined) {
        objects = seen
        continue
      }
      const name = path[level]!
      const leaf = level === path.length - 1
      const toAttr = leaf ? lookup.toAttr : null
      const model = objects[0]!.constructor as AnyModelClass
      const relation = findRelation(model, name)
      if (relation === null) {
        if (leaf) {
          throw new FieldError(
            `Cannot prefetch '${name}': it is not a relation of ${model._meta.objectName} ('${lookup.prefetchThrough}' is an invalid parameter to prefetchRelated()).`,
          )
        }
        objects = walkAttribute(objects, name, lookup.prefetchThrough)
        continue
      }
      if (toAttr !== null) checkToAttr(model, toAttr)
      const missing = objects.filter((o) => !isLoaded(o, relation, toAttr))
      if (missing.length === 0) {
        objects = walkLoaded(objects, relation, toAttr)
        continue
      }
      const queryset = leaf ? lookup.queryset : null
      const [loaded, nested] = await prefetchOneLevel(
        missing,
        relation,
        { path: lookup.prefetchThrough, queryset, toAttr },
        using,
      )
      done.set(prefetchTo, loaded)
      // The Prefetch QuerySet's own lookups go next, below this level.
      queue.push(...normalize(nested, prefetchTo).reverse())
      objects = loaded
    }
  }
}

function normalize(lookups: readonly (string | Prefetch)[], prefix: string | null): Prefetch[] {
  return lookups.map((lookup) => {
    if (typeof lookup === 'string')
      return new Prefetch(prefix === null ? lookup : `${prefix}__${lookup}`)
    if (prefix === null) return lookup
    // Below a level, the Prefetch QuerySet's own lookups continue its path.
    const { prefetchThrough, queryset, toAttr } = lookup
    return new Prefetch(`${prefix}__${prefetchThrough}`, { queryset, toAttr })
  })
}

/** The relation `name` of `model` (forward field, or reverse accessor / query name). */
function findRelation(model: AnyModelClass, name: string): Relation | null {
  const meta = model._meta
  const field = meta.findField(name)
  if (field instanceof ForeignKey) {
    return { kind: 'forward', field, reverse: false, target: field.relatedModel, cacheKey: name }
  }
  if (field instanceof ManyToManyField) {
    const target = field.relatedModel
    return { kind: 'manyToMany', field, reverse: false, target, cacheKey: `${name}:prefetch` }
  }
  if (field !== undefined) return null
  for (const related of meta.relatedObjects.values()) {
    if (!(related instanceof ForeignKey || related instanceof ManyToManyField)) continue
    if (related.reverseAccessorName !== name && related.relatedQueryName !== name) continue
    const accessor = related.reverseAccessorName
    if (related instanceof ManyToManyField) {
      const cacheKey = `${accessor}:prefetch`
      return { kind: 'manyToMany', field: related, reverse: true, target: related.model!, cacheKey }
    }
    return related.oneToOne
      ? {
          kind: 'reverseOne',
          field: related,
          reverse: true,
          target: related.model!,
          cacheKey: accessor,
        }
      : {
          kind: 'reverseMany',
          field: related,
          reverse: true,
          target: related.model!,
          cacheKey: `${accessor}:prefetch`,
        }
  }
  return null
}

/** A toAttr may not hide a field, an accessor or a method of the model. */
function checkToAttr(model: AnyModelClass, toAttr: string): void {
  if (model._meta.findField(toAttr) !== undefined || toAttr in model.prototype) {
    throw new TypeError(
      `toAttr='${toAttr}' conflicts with a field on the ${model._meta.objectName} model.`,
    )
  }
}

function isLoaded(instance: AnyModelInstance, relation: Relation, toAttr: string | null): boolean {
  if (toAttr !== null) return Object.hasOwn(instance, toAttr)
  return instance._state.cache.has(relation.cacheKey)
}

/** The related objects already loaded on `objects` (for the next level of the path). */
function walkLoaded(
  objects: readonly AnyModelInstance[],
  relation: Relation,
  toAttr: string | null,
): AnyModelInstance[] {
  const many = relation.kind === 'reverseMany' || relation.kind === 'manyToMany'
  const next: AnyModelInstance[] = []
  for (const o of objects) {
    const value =
      toAttr !== null
        ? o[toAttr]
        : many
          ? prefetchedRelation(o, relation.cacheKey)!.results
          : o._state.cache.get(relation.cacheKey)
    if (Array.isArray(value)) for (const item of value as AnyModelInstance[]) next.push(item)
    else if (value !== null && value !== undefined) next.push(value as AnyModelInstance)
  }
  return next
}

/** Walks a plain attribute holding instances (a toAttr of an earlier Prefetch). */
function walkAttribute(
  objects: readonly AnyModelInstance[],
  name: string,
  path: string,
): AnyModelInstance[] {
  const first = objects[0]!
  if (!(name in first)) {
    throw new FieldError(
      `Cannot find '${name}' on ${(first.constructor as AnyModelClass)._meta.objectName} object, '${path}' is an invalid parameter to prefetchRelated().`,
    )
  }
  const next: AnyModelInstance[] = []
  for (const o of objects) {
    const value = o[name]
    if (Array.isArray(value)) for (const item of value as AnyModelInstance[]) next.push(item)
    else if (value !== null && typeof value === 'object' && '_state' in value)
      next.push(value as AnyModelInstance)
  }
  return next
}

/**
 * One query for `relation` on `objects`; stores the results on each object and returns all
 * the related objects loaded plus the lookups of the Prefetch QuerySet (run below).
 */
async function prefetchOneLevel(
  objects: readonly AnyModelInstance[],
  relation: Relation,
  lookup: {
    /** The whole lookup path, for messages. */
    path: string
    queryset: QuerySet<AnyModelInstance, unknown> | null
    toAttr: string | null
  },
  using: string | null,
): Promise<[AnyModelInstance[], readonly (string | Prefetch)[]]> {
  const { queryset, toAttr } = lookup
  const target = relation.target
  if (queryset !== null && queryset.model !== target) {
    throw new TypeError(
      `Prefetch('${lookup.path}') needs a QuerySet of ${target._meta.objectName}, not of ${queryset.model._meta.objectName}.`,
    )
  }
  let qs = (queryset ?? new QuerySet(target)) as QuerySet<AnyModelInstance>
  const nested = qs.prefetchLookups
  if (nested.length > 0) qs = qs.prefetchRelated(null)
  if (qs.usingAlias === null && using !== null) qs = qs.using(using)
  const store = (o: AnyModelInstance, value: AnyModelInstance | AnyModelInstance[] | null) => {
    if (toAttr !== null) o[toAttr] = value
    else if (Array.isArray(value)) {
      const entry: PrefetchedRelation = { results: value, query: queryset?.query ?? null }
      o._state.cache.set(relation.cacheKey, entry)
    } else o._state.cache.set(relation.cacheKey, value)
  }
  if (relation.kind === 'manyToMany') {
    const field = relation.field as ManyToManyField
    const [fromFk, toFk] = throughFields(field)
    const [near, far] = relation.reverse ? [toFk, fromFk] : [fromFk, toFk]
    const keys = distinctKeys(objects, near.targetField.attname)
    const [rows, sources] =
      keys.length === 0 ? [[], []] : await linkedRows(qs, field, near, far, keys)
    const bySource = groupBy(rows, (_, i) => sources[i])
    for (const o of objects) store(o, bySource.get(o[near.targetField.attname]) ?? [])
    return [rows, nested]
  }
  const fk = relation.field as ForeignKey
  if (relation.kind === 'forward') {
    const keys = distinctKeys(objects, fk.attname)
    const rows =
      keys.length === 0
        ? []
        : await qs.filter({ [`${fk.targetField.name}__in`]: keys } as never).fetch()
    const byKey = new Map(rows.map((r) => [r[fk.targetField.attname], r]))
    for (const o of objects) {
      const related = byKey.get(o[fk.attname]) ?? null
      store(o, related)
      // A one-to-one also knows its way back.
      if (fk.oneToOne && related !== null && toAttr === null)
        related._state.cache.set(fk.reverseAccessorName, o)
    }
    return [rows, nested]
  }
  const keys = distinctKeys(objects, fk.targetField.attname)
  const rows = keys.length === 0 ? [] : await childRows(withLoadedKey(qs, fk), fk, relation, keys)
  const byParent = groupBy(rows, (child) => child[fk.attname])
  for (const o of objects) {
    const mine = byParent.get(o[fk.targetField.attname]) ?? []
    for (const child of mine) child._state.cache.set(fk.name, o)
    store(o, relation.kind === 'reverseOne' ? (mine[0] ?? null) : mine)
  }
  return [rows, nested]
}

/**
 * `qs`, loading `fk` even when only()/defer() left it out: the children are matched to
 * their parents by it (Django would load it with one query per child instead).
 */
function withLoadedKey(qs: QuerySet<AnyModelInstance>, fk: ForeignKey): QuerySet<AnyModelInstance> {
  const { only, deferred } = qs.query
  const names = [fk.name, fk.attname]
  if (only !== null && !names.some((n) => only.has(n))) {
    const copy = qs.all()
    copy.query.only = new Set([...only, fk.name])
    return copy
  }
  if (deferred !== null && names.some((n) => deferred.has(n))) {
    const copy = qs.all()
    copy.query.deferred = new Set([...deferred].filter((n) => !names.includes(n)))
    return copy
  }
  return qs
}

/**
 * The rows of `qs` whose ForeignKey `fk` is one of `keys` (a reverse relation's children).
 * A sliced `qs` is sliced per parent, in one query (Django 4.2+): `slice(0, 3)` gives each
 * parent its first three children. A reverse one-to-one has no per-parent slice to take:
 * filtering its sliced QuerySet fails, as in Django.
 */
async function childRows(
  qs: QuerySet<AnyModelInstance>,
  fk: ForeignKey,
  relation: Relation,
  keys: unknown[],
): Promise<AnyModelInstance[]> {
  const lookup = { [`${fk.attname}__in`]: keys }
  if (!qs.query.isSliced || relation.kind !== 'reverseMany')
    return qs.filter(lookup as never).fetch()
  const query = qs.query.clone()
  query.addFilter(query.buildCondition(lookup))
  const [instances] = await readRows(qs, query, new Col(query.base, fk), null)
  return instances
}

/**
 * Runs `query` (built from `qs`'s) and reads its rows as instances of `qs.model`, leaving
 * the selected value `skip` off them. When the query is sliced, the slice applies to each
 * group of rows sharing `partitionBy` instead of to the whole result. Returns the
 * instances with the raw rows and their columns (for the caller's own values).
 */
async function readRows(
  qs: QuerySet<AnyModelInstance>,
  query: Query,
  partitionBy: Expression,
  skip: string | null,
): Promise<[AnyModelInstance[], unknown[][], SelectedColumn[]]> {
  const connection: DatabaseWrapper = connections.get(qs.dbAlias)
  const compiler = new SQLCompiler(connection)
  const { sql, columns } = query.isSliced
    ? selectSlicedPerPartition(compiler, query, partitionBy)
    : compiler.select(query)
  const { rows } = await connection.executeSql<unknown[]>(sql, ARRAY_MODE)
  const instances = rowReader(qs.model, 'model', query, columns, skip)(rows, connection)
  return [instances as AnyModelInstance[], rows, columns]
}

/** The alias of the source key selected beside each many-to-many target row. */
const SOURCE_KEY = '_prefetchRelatedSource'

/**
 * The target rows of `qs` linked to the `keys` through `field`'s intermediate table, in one
 * query: the targets JOIN the intermediate table, filtered on its `near` key (the source
 * side) and selecting that key too. Returns the rows (one per link, in qs's ordering) and
 * each row's source key.
 */
async function linkedRows(
  qs: QuerySet<AnyModelInstance>,
  field: ManyToManyField,
  near: ForeignKey,
  far: ForeignKey,
  keys: unknown[],
): Promise<[AnyModelInstance[], unknown[]]> {
  const query = qs.query.clone()
  const link = new TableRef(field.through!._meta.dbTable)
  query.joins.push({
    table: link,
    parent: query.base,
    parentColumn: far.targetField.column,
    column: far.column,
  })
  const source = new Col(link, near)
  query.addFilter(new Lookup(source, 'in', keys))
  query.addAnnotation(SOURCE_KEY, source)
  if (query.empty) return [[], []]
  // A sliced qs: each source object gets its own slice of targets.
  const [instances, rows, columns] = await readRows(qs, query, source, SOURCE_KEY)
  const connection = connections.get(qs.dbAlias)
  const position = columns.findIndex((c) => c.kind === 'value' && c.name === SOURCE_KEY)
  const sources = rows.map((row) => {
    const value = row[position]
    return value === null || value === undefined ? value : near.fromDb(value, connection)
  })
  return [instances, sources]
}

function distinctKeys(objects: readonly AnyModelInstance[], attname: string): unknown[] {
  const keys = new Set<unknown>()
  for (const o of objects) {
    const key = o[attname]
    if (key !== null && key !== undefined) keys.add(key)
  }
  return [...keys]
}

function groupBy(
  rows: readonly AnyModelInstance[],
  keyOf: (row: AnyModelInstance, index: number) => unknown,
): Map<unknown, AnyModelInstance[]> {
  const groups = new Map<unknown, AnyModelInstance[]>()
  rows.forEach((row, i) => {
    const key = keyOf(row, i)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [row])
    else group.push(row)
  })
  return groups
}
