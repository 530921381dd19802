/**
 * Managers for the "many" side of relations, installed as accessors on model prototypes
 * when both models of a relation exist:
 * - reverse ForeignKey: `question.choiceSet` (RelatedManager: a QuerySet of the question's
 *   choices, plus create/add/remove/clear/set);
 * - reverse OneToOne: `place.restaurant` (the cached object; `await place.getRelated(...)`);
 * - many-to-many, both sides: `question.tags`, `tag.questionSet` (ManyRelatedManager, with
 *   add/remove/clear/set writing the intermediate table and sending m2mChanged).
 * Results loaded by prefetchRelated live in the instance's relation cache: the manager made
 * by the accessor answers from them (`all()`, `count()`, `exists()`, awaiting it), as
 * Django's prefetched `get_queryset()` does; what is chained from it (`filter()`, ...) is a
 * new query. After a `Prefetch` with a queryset, the manager builds on that queryset.
 */
import { atomic } from '../transaction.js'
import { FieldError, RelatedNotLoaded } from './exceptions.js'
import { CASCADE, ForeignKey, lowerFirst, type ManyToManyField } from './fields/related.js'
import { toSnakeCase } from './fields/field.js'
import { Manager } from './manager.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'
import { prefetchedRelation } from './prefetch.js'
import type { Query } from './query/query.js'
import { throughFields } from './query/query.js'
import { m2mChanged, sendAsync } from './signals.js'

type Owner = { instance: AnyModelInstance; cacheKey: string }

/** The rows prefetchRelated left on the owner for this relation, or null. */
function prefetchedRows<T>(owner: Owner): T[] | null {
  return (prefetchedRelation(owner.instance, owner.cacheKey)?.results as T[] | undefined) ?? null
}

function keyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && '_state' in value
    ? (value as AnyModelInstance).pk
    : value
}

/**
 * What both relation managers share: the instance they belong to, and answering from the
 * rows prefetchRelated left on it.
 */
abstract class OwnedManager<T extends AnyModelInstance> extends Manager<T> {
  owner!: Owner

  protected override clone<R2>() {
    const copy = super.clone<R2>() as unknown as OwnedManager<T>
    copy.owner = this.owner
    return copy as never
  }

  /** The prefetched rows while the accessor's manager is asked (never for chained copies). */
  override get resultCache(): T[] | null {
    return this.cachesResults ? super.resultCache : prefetchedRows<T>(this.owner)
  }

  /** All related rows: a QuerySet holding the prefetched rows when there are some. */
  override all(): this {
    const copy = super.all()
    const prefetched = this.cachesResults ? null : this.resultCache
    if (prefetched !== null) copy.storeResults(prefetched)
    return copy
  }
}

/** `question.choiceSet`: the children of one parent row. */
export class RelatedManager<T extends AnyModelInstance = AnyModelInstance> extends OwnedManager<T> {
  field!: ForeignKey

  protected override clone<R2>() {
    const copy = super.clone<R2>() as unknown as RelatedManager<T>
    copy.field = this.field
    return copy as never
  }

  get #key(): unknown {
    return this.owner.instance[this.field.targetField.attname]
  }

  #checkSaved(): void {
    if (this.#key === null || this.#key === undefined) {
      throw new TypeError(
        `${String(this.owner.instance)} needs to be saved before its related objects are used.`,
      )
    }
  }

  override async create(values: Record<string, unknown> = {}): Promise<T> {
    this.#checkSaved()
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    return super.create({ ...values, [this.field.name]: this.owner.instance } as never)
  }

  /** Points `objects` at this parent (saving unsaved ones). */
  async add(...objects: T[]): Promise<void> {
    this.#checkSaved()
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    const unsaved = objects.filter((o) => o._state.adding)
    for (const o of objects as AnyModelInstance[]) {
      o[this.field.attname] = this.#key
      o._state.cache.set(this.field.name, this.owner.instance)
    }
    for (const o of unsaved) await (o as unknown as { save(): Promise<void> }).save()
    const saved = objects.filter((o) => !unsaved.includes(o))
    if (saved.length > 0) {
      await new Manager(this.model)
        .using(this.dbAlias)
        .filter({ pk__in: saved.map((o) => o.pk) } as never)
        .update({ [this.field.attname]: this.#key } as never)
    }
  }

  /** Detaches `objects` (sets the key NULL; only for null: true ForeignKeys). */
  async remove(...objects: T[]): Promise<void> {
    this.#nullable('remove')
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    await new Manager(this.model)
      .using(this.dbAlias)
      .filter({ pk__in: objects.map((o) => o.pk), [this.field.attname]: this.#key } as never)
      .update({ [this.field.attname]: null } as never)
    for (const o of objects as AnyModelInstance[]) {
      o[this.field.attname] = null
      o._state.cache.set(this.field.name, null)
    }
  }

  /** Detaches every child (null: true ForeignKeys only). */
  async clear(): Promise<void> {
    this.#nullable('clear')
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    await new Manager(this.model)
      .using(this.dbAlias)
      .filter({ [this.field.attname]: this.#key } as never)
      .update({ [this.field.attname]: null } as never)
  }

  /** Makes `objects` exactly the children (detaching others; null: true only). */
  async set(objects: T[]): Promise<void> {
    await atomic(
      async () => {
        const keep = new Set(objects.map((o) => o.pk))
        const current = (await new Manager(this.model)
          .using(this.dbAlias)
          .filter({ [this.field.attname]: this.#key } as never)
          .fetch()) as T[]
        const stale = current.filter((o) => !keep.has(o.pk))
        if (stale.length > 0) await this.remove(...stale)
        await this.add(...objects.filter((o) => !current.some((c) => c.pk === o.pk)))
      },
      { using: this.dbAlias },
    )
  }

  #nullable(action: string): void {
    if (!this.field.null) {
      throw new FieldError(
        `${action}() needs ${String(this.field)} to be null: true (else delete the objects).`,
      )
    }
  }
}

/** Both sides of a many-to-many: `question.tags`, `tag.questionSet`. */
export class ManyRelatedManager<
  T extends AnyModelInstance = AnyModelInstance,
> extends OwnedManager<T> {
  field!: ManyToManyField
  isReverse!: boolean

  protected override clone<R2>() {
    const copy = super.clone<R2>() as unknown as ManyRelatedManager<T>
    copy.field = this.field
    copy.isReverse = this.isReverse
    return copy as never
  }

  /** [FK to the owner, FK to the other side] on the through model. */
  get #links(): [ForeignKey, ForeignKey] {
    const [fromFk, toFk] = throughFields(this.field)
    return this.isReverse ? [toFk, fromFk] : [fromFk, toFk]
  }

  #through() {
    return new Manager(this.field.through!).using(this.dbAlias)
  }

  #ownerKey(): unknown {
    const key = this.owner.instance.pk
    if (key === null || key === undefined) {
      throw new TypeError(
        `${String(this.owner.instance)} needs to be saved before using a many-to-many relation.`,
      )
    }
    return key
  }

  async #signal(
    action: 'preAdd' | 'postAdd' | 'preRemove' | 'postRemove' | 'preClear' | 'postClear',
    pkSet: Set<unknown> | null,
  ) {
    await sendAsync(m2mChanged, this.field.through!, {
      instance: this.owner.instance,
      action,
      reverse: this.isReverse,
      model: this.model,
      pkSet,
      using: this.dbAlias,
    })
  }

  /** Links objects (instances or primary keys); existing links are kept, not duplicated. */
  async add(...objects: (T | unknown)[]): Promise<void> {
    const owner = this.#ownerKey()
    const [near, far] = this.#links
    const ids = new Set(objects.map(keyOf))
    if (ids.has(null) || ids.has(undefined))
      throw new TypeError('Cannot add unsaved objects to a many-to-many relation.')
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    await atomic(
      async () => {
        const existing = new Set(
          await this.#through()
            .filter({ [near.attname]: owner, [`${far.attname}__in`]: [...ids] } as never)
            .valuesList([far.attname], { flat: true })
            .fetch(),
        )
        const missing = [...ids].filter((id) => !existing.has(id))
        await this.#signal('preAdd', new Set(missing))
        if (missing.length > 0) {
          const Through = this.field.through! as unknown as new (
            values: Record<string, unknown>,
          ) => AnyModelInstance
          await this.#through().bulkCreate(
            missing.map((id) => new Through({ [near.attname]: owner, [far.attname]: id })),
          )
        }
        await this.#signal('postAdd', new Set(missing))
      },
      { using: this.dbAlias },
    )
  }

  /** Unlinks objects (instances or primary keys). */
  async remove(...objects: (T | unknown)[]): Promise<void> {
    const owner = this.#ownerKey()
    const [near, far] = this.#links
    const ids = new Set(objects.map(keyOf))
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    await atomic(
      async () => {
        await this.#signal('preRemove', ids)
        await this.#through()
          .filter({ [near.attname]: owner, [`${far.attname}__in`]: [...ids] } as never)
          .rawDelete()
        await this.#signal('postRemove', ids)
      },
      { using: this.dbAlias },
    )
  }

  /** Unlinks everything. */
  async clear(): Promise<void> {
    const owner = this.#ownerKey()
    const [near] = this.#links
    this.owner.instance._state.cache.delete(this.owner.cacheKey)
    await atomic(
      async () => {
        await this.#signal('preClear', null)
        await this.#through()
          .filter({ [near.attname]: owner } as never)
          .rawDelete()
        await this.#signal('postClear', null)
      },
      { using: this.dbAlias },
    )
  }

  /** Makes the links exactly `objects`. */
  async set(objects: (T | unknown)[]): Promise<void> {
    const owner = this.#ownerKey()
    const [near, far] = this.#links
    const wanted = new Set(objects.map(keyOf))
    await atomic(
      async () => {
        const current = new Set(
          await this.#through()
            .filter({ [near.attname]: owner } as never)
            .valuesList([far.attname], { flat: true })
            .fetch(),
        )
        const stale = [...current].filter((id) => !wanted.has(id))
        if (stale.length > 0) await this.remove(...stale)
        const fresh = [...wanted].filter((id) => !current.has(id))
        if (fresh.length > 0) await this.add(...fresh)
      },
      { using: this.dbAlias },
    )
  }

  override async create(values: Record<string, unknown> = {}): Promise<T> {
    return atomic(
      async () => {
        const created = (await new Manager(this.model)
          .using(this.dbAlias)
          .create(values as never)) as T
        await this.add(created)
        return created
      },
      { using: this.dbAlias },
    )
  }
}

function makeManager<M extends RelatedManager | ManyRelatedManager>(
  Kind: new (model: AnyModelClass) => M,
  model: AnyModelClass,
  setup: (manager: M) => void,
  condition: Record<string, unknown>,
): M {
  const manager = new Kind(model)
  setup(manager)
  // After a Prefetch with a queryset, the manager is that queryset for this instance (as
  // Django's prefetched get_queryset()); its rows come from the cache (resultCache).
  const prefetched = prefetchedRelation(manager.owner.instance, manager.owner.cacheKey)
  if (prefetched !== undefined && prefetched.query !== null)
    manager.query = prefetched.query.clone()
  const query: Query = manager.query
  query.addFilter(query.buildCondition(condition))
  return manager
}

/** Installs the reverse side of a ForeignKey on its target model. */
export function installReverseForeignKey(field: ForeignKey): void {
  const target = field.relatedModel
  const meta = target._meta
  const hidden = field.relatedName?.endsWith('+') ?? false
  const queryName = hidden ? `+${field.model!._meta.label}.${field.name}` : field.relatedQueryName
  meta.relatedObjects.set(queryName, field)
  if (hidden) return
  const accessor = field.reverseAccessorName
  const cacheKey = field.oneToOne ? accessor : `${accessor}:prefetch`
  if (field.oneToOne) {
    Object.defineProperty(target.prototype, accessor, {
      configurable: true,
      get(this: AnyModelInstance) {
        if (this._state.cache.has(accessor)) return this._state.cache.get(accessor)
        throw new RelatedNotLoaded(
          `${meta.objectName}.${accessor} is not loaded: use prefetchRelated('${accessor}') or await instance.getRelated('${accessor}').`,
        )
      },
    })
    return
  }
  Object.defineProperty(target.prototype, accessor, {
    configurable: true,
    get(this: AnyModelInstance) {
      const instance = this
      return makeManager(
        RelatedManager,
        field.model!,
        (m) => {
          m.owner = { instance, cacheKey }
          m.field = field
          if (instance._state.db !== null) Object.assign(m, { db: instance._state.db })
        },
        { [field.attname]: instance[field.targetField.attname] ?? null },
      )
    },
  })
}

/** Sets up a many-to-many once both models exist: the through model and both accessors. */
export function installManyToMany(
  field: ManyToManyField,
  Model: { define: (...args: never[]) => unknown },
): void {
  const source = field.model!
  const target = field.relatedModel
  const finish = (through: AnyModelClass) => {
    field.through = through
    const queryName = field.relatedQueryName
    target._meta.relatedObjects.set(queryName, field)
    const forwardKey = `${field.name}:prefetch`
    Object.defineProperty(source.prototype, field.name, {
      configurable: true,
      get(this: AnyModelInstance) {
        const instance = this
        return makeManager(
          ManyRelatedManager,
          target,
          (m) => {
            m.owner = { instance, cacheKey: forwardKey }
            m.field = field
            m.isReverse = false
            if (instance._state.db !== null) Object.assign(m, { db: instance._state.db })
          },
          { [queryName]: instance.pk ?? null },
        )
      },
    })
    const accessor = field.reverseAccessorName
    Object.defineProperty(target.prototype, accessor, {
      configurable: true,
      get(this: AnyModelInstance) {
        const instance = this
        return makeManager(
          ManyRelatedManager,
          source,
          (m) => {
            m.owner = { instance, cacheKey: `${accessor}:prefetch` }
            m.field = field
            m.isReverse = true
            if (instance._state.db !== null) Object.assign(m, { db: instance._state.db })
          },
          { [field.name]: instance.pk ?? null },
        )
      },
    })
  }
  if (field.throughOption !== undefined) {
    field.resolveThrough(finish)
    return
  }
  const meta = source._meta
  const self = source === target
  const fromName = self ? `from${source._meta.objectName}` : lowerFirst(source._meta.objectName)
  const toName = self ? `to${target._meta.objectName}` : lowerFirst(target._meta.objectName)
  const through = (
    Model.define as unknown as (
      appLabel: string,
      fields: Record<string, unknown>,
      options: Record<string, unknown>,
    ) => AnyModelClass
  )(
    meta.appLabel,
    {
      [fromName]: new ForeignKey(source, {
        onDelete: CASCADE,
        relatedName: `${meta.objectName}_${field.name}+`,
      }),
      [toName]: new ForeignKey(target, {
        onDelete: CASCADE,
        relatedName: `${meta.objectName}_${field.name}+`,
      }),
    },
    {
      modelName: `${meta.objectName}_${field.name}`,
      dbTable: field.dbTable ?? `${meta.dbTable}_${toSnakeCase(field.name)}`,
      uniqueTogether: [[fromName, toName]],
      autoCreated: true,
      registry: meta.registry,
    },
  )
  finish(through)
}
