/**
 * Model: declare once, get typed instances and QuerySets.
 *
 * ```ts
 * export class Question extends Model.define('polls', {
 *   questionText: new CharField({ maxLength: 200 }),
 *   pubDate: new DateTimeField(),
 * }, { ordering: ['-pubDate'] }) {
 *   static { this.register() }               // register now (else on first use)
 *   declare static objects: Manager<Question> // only to type custom methods in results
 *   wasPublishedRecently() { return this.pubDate.getTime() >= Date.now() - 86_400_000 }
 *   override toString() { return this.questionText }
 * }
 * ```
 *
 * `Model.define()` returns a base class whose instance type is computed from the fields;
 * the subclass (named, with methods) is the model. Its metadata (`_meta`) is finalised the
 * first time the subclass is used — or by `register()` — because only then is its name
 * known. Called on an abstract model, `define()` inherits the abstract model's fields.
 * Historical models (migrations) pass `modelName` and their own `registry` instead.
 */
import { ImproperlyConfigured, ValidationError } from '../../core/exceptions.js'
import { connections } from '../connection.js'
import { router } from '../router.js'
import { atomic } from '../transaction.js'
import { UniqueConstraint } from './constraints.js'
import { Collector } from './deletion.js'
import { ValueExpression } from './expressions.js'
import { MultipleObjectsReturned, ObjectDoesNotExist, RelatedNotLoaded } from './exceptions.js'
import { BigAutoField, AutoField } from './fields/auto.js'
import { Field as FieldBase, type Field } from './fields/field.js'
import { ForeignKey, ManyToManyField, relationHooks } from './fields/related.js'
import type { AnyModelClass, AnyModelInstance, ModelInstanceState } from './model-types.js'
import { Options, type DefineOptions } from './options.js'
import { compileUpdate, insertFields, insertSql } from './query/compiler.js'
import { Query } from './query/query.js'
import { modelHooks, preSaveValue, QuerySet } from './query-set.js'
import { globalModelRegistry } from './registry.js'
import { installManyToMany, installReverseForeignKey } from './related-managers.js'
import { postSave, preSave, sendAsync } from './signals.js'
import type {
  AutoPk,
  CreateValues,
  FieldMap,
  FieldValues,
  ManyToManyAccessors,
  PkType,
} from './typing.js'
import { Manager } from './manager.js'

const META = Symbol('reinhardt.model.meta')
const DEFINITION = Symbol('reinhardt.model.definition')
const FROM_DB = Symbol('reinhardt.model.fromDb')
const MANAGER = Symbol('reinhardt.model.manager')

interface Definition {
  appLabel: string
  fields: FieldMap
  options: DefineOptions
}

type Statics = {
  [META]?: Options
  [DEFINITION]?: Definition
  [MANAGER]?: QuerySet
}

/** Options for save(). */
export interface SaveOptions {
  using?: string
  /** Only write these fields (an UPDATE; fails with DatabaseError if no row was updated). */
  updateFields?: readonly string[]
  forceInsert?: boolean
  forceUpdate?: boolean
}

/** The class `Model.define()` returns: instance type I, fields F. */
export interface ModelClass<I extends AnyModelInstance, F extends FieldMap> {
  new (values?: CreateValues<F>): I
  readonly prototype: I
  readonly name: string
  readonly _meta: Options
  /** The default manager: a QuerySet of all rows. */
  readonly objects: Manager<I>
  readonly DoesNotExist: typeof ObjectDoesNotExist
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned
  /** Registers the model now (in a `static {}` block), instead of on first use. */
  register(): void
  define: typeof Model.define
}

/** Instance type of a defined model: fields, relation ids, automatic id, Model methods. */
export type ModelInstance<F extends FieldMap> = Model &
  FieldValues<F> &
  ManyToManyAccessors<F> &
  AutoPk<F> & { pk: PkType<F>; __fields: F }

export class Model implements AnyModelInstance {
  // A private field behind an accessor: invisible to Object.keys/JSON like a
  // non-enumerable property, but set without defineProperty (instances from the
  // database are built in bulk, and defineProperty is slow).
  // An instance loaded from the database holds only its database alias (or null) here until
  // `_state` is first read: most loaded instances are read and dropped without anyone
  // asking, so they never pay for the bookkeeping object.
  #state: ModelInstanceState | string | null;
  [key: string]: unknown

  /** Per-instance bookkeeping: adding, db, the cache of related objects. */
  get _state(): ModelInstanceState {
    const state = this.#state
    if (state === null || typeof state === 'string') {
      return (this.#state = new InstanceState(false, state))
    }
    return state
  }
  set _state(value: ModelInstanceState) {
    this.#state = value
  }

  constructor(values?: Record<string, unknown> | typeof FROM_DB) {
    if (values === FROM_DB) {
      // Loaded rows (modelHooks.fromRow): the fields are assigned by the caller.
      this.#state = loadingDb
      return
    }
    this.#state = new InstanceState(true)
    const model = new.target as unknown as AnyModelClass
    const meta = model._meta
    if (meta.abstract)
      throw new TypeError(`${meta.objectName} is abstract and cannot be instantiated.`)
    const given = values ?? {}
    for (const key of Object.keys(given)) {
      if (key !== 'pk' && meta.findField(key) === undefined) {
        throw new TypeError(
          `${meta.objectName}() got an unexpected field '${key}'. Fields: ${meta.fieldNames().join(', ')}.`,
        )
      }
    }
    for (const field of meta.fields) {
      if (field.name in given) this[field.name] = given[field.name]
      else if (field.attname in given) this[field.attname] = given[field.attname]
      else if (field.primaryKey && 'pk' in given) this[field.attname] = given.pk
      else
        this[field.attname] =
          field.getDefault() ?? (field.isAuto ? null : field.null ? null : undefined)
    }
    for (const field of meta.manyToMany) {
      if (field.name in given) {
        throw new TypeError(
          `Direct assignment to the many-to-many field '${field.name}' is not allowed: use ${field.name}.set().`,
        )
      }
    }
  }

  /**
   * Declares a model: `class X extends Model.define(appLabel, fields, meta) {}`. See the
   * module comment. Called on an abstract model, the new model inherits its fields.
   */
  static define<This extends abstract new (...args: never[]) => unknown, const F extends FieldMap>(
    this: This,
    appLabel: string,
    fields: F,
    meta: DefineOptions = {},
  ): ModelClass<
    ModelInstance<F & ParentFields<This>> & Omit<InstanceType<This>, keyof Model | '__fields'>,
    F & ParentFields<This>
  > {
    const Parent = this as unknown as typeof Model
    const parentDefinition = Object.hasOwn(Parent, META)
      ? (Parent as unknown as Statics)[META]
      : undefined
    if (parentDefinition !== undefined && !parentDefinition.abstract) {
      throw new ImproperlyConfigured(
        `${parentDefinition.objectName} is not abstract: only abstract models can be extended with define().`,
      )
    }
    const inherited: FieldMap = {}
    if (parentDefinition !== undefined) {
      // An abstract model's fields are templates: each child gets its own copies.
      const template = (Parent as unknown as Statics)[DEFINITION]!
      for (const [name, field] of Object.entries(template.fields))
        inherited[name] = (field as Field).clone()
    }
    for (const [name, field] of Object.entries(fields)) {
      if (!(field instanceof FieldBase)) {
        throw new ImproperlyConfigured(
          `${name} in Model.define('${appLabel}', ...) is not a field: use e.g. new CharField({ maxLength: 100 }).`,
        )
      }
    }
    const Defined = class extends Parent {}
    const statics = Defined as unknown as Statics
    statics[DEFINITION] = {
      appLabel,
      fields: { ...inherited, ...fields },
      options: { ...parentInheritedOptions(parentDefinition), ...meta },
    }
    Object.defineProperty(Defined, 'name', {
      value: meta.modelName ?? `${Parent.name === 'Model' ? '' : Parent.name}ModelBase`,
    })
    if (meta.modelName !== undefined || meta.abstract)
      finalize(Defined as unknown as AnyModelClass, Defined)
    return Defined as never
  }

  /** Model metadata (fields, table, Meta options). */
  static get _meta(): Options {
    const statics = this as unknown as Statics
    if (!Object.hasOwn(this, META)) finalize(this as unknown as AnyModelClass, this)
    return statics[META]!
  }

  /** Registers the model in its registry now (and so in `apps`). */
  static register(): void {
    void this._meta
  }

  /** The default manager: `Question.objects.filter(...)`. */
  static get objects(): Manager<AnyModelInstance> {
    const statics = this as unknown as Statics
    if (!Object.hasOwn(this, MANAGER)) {
      const meta = this._meta
      const QS = (meta.declared as { querySet?: () => typeof Manager }).querySet?.() ?? Manager
      statics[MANAGER] = new QS(this as unknown as AnyModelClass)
    }
    return statics[MANAGER] as Manager<AnyModelInstance>
  }

  static get DoesNotExist(): typeof ObjectDoesNotExist {
    return exceptionsOf(this as unknown as AnyModelClass).doesNotExist
  }

  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    return exceptionsOf(this as unknown as AnyModelClass).multiple
  }

  /** The primary key value. */
  get pk(): unknown {
    return this[(this.constructor as AnyModelClass)._meta.pk.attname]
  }
  set pk(value: unknown) {
    this[(this.constructor as AnyModelClass)._meta.pk.attname] = value
  }

  /** Same concrete model and same (non-null) primary key. */
  equals(other: unknown): boolean {
    if (this === other) return true
    if (!(other instanceof Model) || other.constructor !== this.constructor) return false
    return this.pk !== null && this.pk !== undefined && this.pk === other.pk
  }

  toString(): string {
    return `${(this.constructor as AnyModelClass)._meta.objectName} object (${String(this.pk ?? 'None')})`
  }

  /** Field values as a plain object (for JSON responses; relations as ids). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const field of (this.constructor as AnyModelClass)._meta.fields)
      out[field.attname] = this[field.attname]
    for (const [key, value] of Object.entries(this)) if (!(key in out)) out[key] = value
    return out
  }

  /** Inserts or updates the row; see SaveOptions. Sends preSave/postSave. */
  async save(options: SaveOptions = {}): Promise<void> {
    await saveInstance(this, options)
  }

  /** Deletes the row and what its relations' onDelete implies; returns the counts. */
  async delete(options: { using?: string } = {}): Promise<[number, Record<string, number>]> {
    const model = this.constructor as AnyModelClass
    if (this.pk === null || this.pk === undefined) {
      throw new TypeError(
        `${model._meta.objectName} object can't be deleted because its primary key is not set.`,
      )
    }
    const using = options.using ?? this._state.db ?? router.dbForWrite(model)
    return atomic(
      async () => {
        const collector = new Collector(using)
        await collector.collect(model, [this])
        return collector.delete()
      },
      { using },
    )
  }

  /** Reloads field values from the database (all, or `fields`). */
  async refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
    const model = this.constructor as AnyModelClass
    let qs: QuerySet = new QuerySet(model).using(
      options.using ?? this._state.db ?? router.dbForRead(model),
    )
    if (options.fields !== undefined) qs = qs.only(...options.fields)
    const fresh = (await qs.get({ pk: this.pk } as never)) as AnyModelInstance
    const fields =
      options.fields === undefined
        ? model._meta.fields
        : options.fields.map((f) => model._meta.getField(f))
    for (const field of fields) {
      this[field.attname] = fresh[field.attname]
      this._state.cache.delete(field.name)
    }
    if (options.fields === undefined) this._state.cache.clear()
    this._state.db = fresh._state.db
  }

  /**
   * Validates every field (coercion, choices, null/blank, validators), then `clean()`, then
   * uniqueness against the database; throws one ValidationError with messages per field.
   */
  async fullClean(
    options: { exclude?: readonly string[]; validateUnique?: boolean } = {},
  ): Promise<void> {
    const model = this.constructor as AnyModelClass
    const exclude = new Set(options.exclude ?? [])
    const errors: Record<string, string[]> = {}
    for (const field of model._meta.fields) {
      if (exclude.has(field.name) || field.isAuto) continue
      const raw = this[field.attname]
      if (field instanceof ForeignKey) {
        if ((raw === null || raw === undefined) && !field.null && !field.blank) {
          ;(errors[field.name] ??= []).push('This field cannot be null.')
        }
        continue
      }
      try {
        if (!field.editable) continue
        this[field.attname] = field.clean(raw === undefined ? null : raw)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        ;(errors[field.name] ??= []).push(...error.messages)
      }
    }
    try {
      await this.clean()
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      for (const [key, messages] of Object.entries(error.messageDict))
        (errors[key] ??= []).push(...messages)
    }
    if ((options.validateUnique ?? true) && Object.keys(errors).length === 0) {
      await this.#validateUnique(exclude, errors)
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  }

  /** Model-wide validation hook for subclasses (throw ValidationError). */
  clean(): void | Promise<void> {}

  async #validateUnique(exclude: Set<string>, errors: Record<string, string[]>): Promise<void> {
    const model = this.constructor as AnyModelClass
    const meta = model._meta
    const checks: string[][] = [
      ...meta.fields.filter((f) => f.unique && !f.isAuto).map((f) => [f.name]),
      ...meta.uniqueTogether.map((names) => [...names]),
      ...meta.constraints
        .filter(
          (c): c is UniqueConstraint => c instanceof UniqueConstraint && c.condition === undefined,
        )
        .map((c) => [...c.fields]),
    ]
    for (const names of checks) {
      if (names.some((n) => exclude.has(n))) continue
      const lookups: Record<string, unknown> = {}
      let skip = false
      for (const name of names) {
        const field = meta.getField(name)
        const value = this[field.attname]
        if (value === null || value === undefined) skip = true
        lookups[field.attname] = value
      }
      if (skip) continue
      let qs = new QuerySet(model).filter(lookups as never)
      if (!this._state.adding && this.pk !== null && this.pk !== undefined)
        qs = qs.exclude({ pk: this.pk } as never)
      if (await qs.exists()) {
        const key = names.length === 1 ? names[0]! : '__all__'
        const label = names.map((n) => meta.getField(n).verboseName).join(' and ')
        ;(errors[key] ??= []).push(
          `${meta.verboseName.charAt(0).toUpperCase()}${meta.verboseName.slice(1)} with this ${label} already exists.`,
        )
      }
    }
  }

  /**
   * The related object of a ForeignKey / OneToOne (either side), fetched if not loaded.
   *
   * ```ts
   * const question = await choice.getRelated('question')
   * ```
   */
  async getRelated<K extends string>(name: K): Promise<AnyModelInstance | null> {
    const model = this.constructor as AnyModelClass
    if (this._state.cache.has(name)) return this._state.cache.get(name) as AnyModelInstance | null
    const field = model._meta.findField(name)
    const using = this._state.db ?? undefined
    if (field instanceof ForeignKey) {
      const key = this[field.attname]
      if (key === null || key === undefined) return null
      let qs = new QuerySet(field.relatedModel)
      if (using !== undefined) qs = qs.using(using)
      const related = (await qs.get({
        [field.targetField.attname]: key,
      } as never)) as AnyModelInstance
      this._state.cache.set(name, related)
      return related
    }
    const reverse = [...model._meta.relatedObjects.values()].find(
      (f) => f instanceof ForeignKey && f.oneToOne && f.reverseAccessorName === name,
    ) as ForeignKey | undefined
    if (reverse !== undefined) {
      let qs = new QuerySet(reverse.model!)
      if (using !== undefined) qs = qs.using(using)
      const related = (await qs
        .filter({ [reverse.attname]: this[reverse.targetField.attname] } as never)
        .first()) as AnyModelInstance | null
      if (related === null)
        throw new (exceptionsOf(reverse.model!).doesNotExist)(
          `${model._meta.objectName} has no ${name}.`,
        )
      this._state.cache.set(name, related)
      return related
    }
    throw new TypeError(
      `'${name}' is not a ForeignKey or one-to-one relation of ${model._meta.objectName}.`,
    )
  }
}

/** ModelInstanceState with the related-object cache created on first use. */
class InstanceState implements ModelInstanceState {
  #cache: Map<string, unknown> | null = null

  constructor(
    public adding: boolean,
    public db: string | null = null,
  ) {}

  get cache(): Map<string, unknown> {
    return (this.#cache ??= new Map())
  }

  /** The cache if anything ever asked for it, else null (without creating it). */
  get cacheIfCreated(): Map<string, unknown> | null {
    return this.#cache
  }
}

const ARRAY_MODE = { arrayMode: true } as const

type ParentFields<This> = This extends { prototype: { __fields: infer P } } ? P : unknown

function parentInheritedOptions(parent: Options | undefined): DefineOptions {
  if (parent === undefined) return {}
  const {
    abstract: _abstract,
    modelName: _name,
    dbTable: _table,
    ...rest
  } = parent.declared as DefineOptions
  return rest
}

/** Builds `_meta` for `model`, using the definition found on `definer` (itself or its parent). */
function finalize(model: AnyModelClass, definer: unknown): void {
  let source = definer as Statics & { name: string }
  while (source !== null && !Object.hasOwn(source, DEFINITION))
    source = Object.getPrototypeOf(source)
  if (source === null || source === (Model as unknown)) {
    throw new ImproperlyConfigured(
      `${model.name} is not a defined model: declare it as class ${model.name} extends Model.define(appLabel, fields) {}.`,
    )
  }
  const definition = source[DEFINITION]!
  if (source !== (model as unknown) && Object.hasOwn(source, META) && !source[META]!.abstract) {
    throw new ImproperlyConfigured(
      `${model.name} extends the model ${source.name}, which already has a name (modelName): ` +
        'subclass the result of Model.define() without modelName.',
    )
  }
  const registry = definition.options.registry ?? globalModelRegistry
  const options = new Options(definition.appLabel, definition.options, registry)
  const name = definition.options.modelName ?? model.name
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new ImproperlyConfigured(`Invalid model name '${name}'.`)
  options.setName(name)
  options.model = model
  ;(model as unknown as Statics)[META] = options
  if (options.abstract) return
  // Fields: an own copy when the definition is shared via a subclass (re-definition safe).
  const entries = Object.entries(definition.fields) as [string, Field][]
  const hasPk = entries.some(([, f]) => f.primaryKey)
  if (!hasPk) {
    const auto = globalDefaultAutoField === 'AutoField' ? new AutoField() : new BigAutoField()
    auto.contribute(model, 'id')
    options.addField(auto)
  }
  for (const [fieldName, field] of entries) {
    if (field.model !== undefined && field.model !== model) {
      throw new ImproperlyConfigured(
        `The field ${String(field)} is already used by another model; create a new field object.`,
      )
    }
    if (
      !/^[A-Za-z_][A-Za-z0-9_]*$/.test(fieldName) ||
      fieldName.includes('__') ||
      fieldName === 'pk'
    ) {
      throw new ImproperlyConfigured(
        `Invalid field name '${fieldName}' on ${name}: no '__', not 'pk'.`,
      )
    }
    field.contribute(model, fieldName)
    options.addField(field)
    if (field instanceof ForeignKey) installForwardAccessor(model, field)
  }
  registry.register(model)
}

/** DEFAULT_AUTO_FIELD, set by the connections handler from settings. */
let globalDefaultAutoField: 'AutoField' | 'BigAutoField' = 'BigAutoField'
export function setDefaultAutoField(value: 'AutoField' | 'BigAutoField'): void {
  globalDefaultAutoField = value
}

/** `choice.question`: the cached related object; `choice.question = q` sets the id too. */
function installForwardAccessor(model: AnyModelClass, field: ForeignKey): void {
  Object.defineProperty(model.prototype, field.name, {
    configurable: true,
    enumerable: false,
    get(this: AnyModelInstance) {
      if (this._state.cache.has(field.name)) return this._state.cache.get(field.name)
      if (this[field.attname] === null || this[field.attname] === undefined) return null
      throw new RelatedNotLoaded(
        `${model._meta.objectName}.${field.name} is not loaded: use selectRelated('${field.name}'), ` +
          `prefetchRelated('${field.name}') or await instance.getRelated('${field.name}').`,
      )
    },
    set(this: AnyModelInstance, value: unknown) {
      if (value === null || value === undefined) {
        this[field.attname] = null
        this._state.cache.set(field.name, null)
        return
      }
      if (typeof value === 'object' && value !== null && '_state' in value) {
        const target = field.relatedModel
        if (!(value instanceof target)) {
          throw new TypeError(
            `${model._meta.objectName}.${field.name} must be a ${target._meta.objectName} instance.`,
          )
        }
        this[field.attname] = (value as AnyModelInstance)[field.targetField.attname] ?? null
        this._state.cache.set(field.name, value)
        return
      }
      // A raw id: keep it and forget any cached object.
      this[field.attname] = value
      this._state.cache.delete(field.name)
    },
  })
}

const exceptionCache = new WeakMap<
  AnyModelClass,
  { doesNotExist: typeof ObjectDoesNotExist; multiple: typeof MultipleObjectsReturned }
>()

function exceptionsOf(model: AnyModelClass) {
  let entry = exceptionCache.get(model)
  if (entry === undefined) {
    const name = model._meta.objectName
    const doesNotExist = class extends ObjectDoesNotExist {
      override name = `${name}.DoesNotExist`
    }
    const multiple = class extends MultipleObjectsReturned {
      override name = `${name}.MultipleObjectsReturned`
    }
    entry = { doesNotExist, multiple }
    exceptionCache.set(model, entry)
  }
  return entry
}

async function saveInstance(instance: AnyModelInstance, options: SaveOptions): Promise<void> {
  const model = instance.constructor as AnyModelClass
  const meta = model._meta
  const using = options.using ?? instance._state.db ?? router.dbForWrite(model)
  const connection = connections.get(using)
  const updateFields = options.updateFields ?? null
  if (updateFields !== null) {
    for (const name of updateFields) meta.getField(name)
    if (updateFields.length === 0) return
  }
  // A related object assigned before it was saved: take its key now, or refuse.
  const state = instance._state
  const cache = state instanceof InstanceState ? state.cacheIfCreated : state.cache
  for (const field of cache === null || cache.size === 0 ? [] : meta.fields) {
    if (!(field instanceof ForeignKey) || !cache!.has(field.name)) continue
    const related = cache!.get(field.name) as AnyModelInstance | null
    if (related === null) continue
    const key = related[field.targetField.attname]
    if (key === null || key === undefined) {
      throw new TypeError(
        `save() prohibited to prevent data loss due to unsaved related object '${field.name}'.`,
      )
    }
    instance[field.attname] = key
  }
  if (preSave.hasListeners(model))
    await sendAsync(preSave, model, { instance, using, updateFields })
  const pkField = meta.pk
  const pkValue = instance[pkField.attname]
  const pkSet = !(pkValue === null || pkValue === undefined)
  const forcedUpdate = options.forceUpdate === true || updateFields !== null
  if (!pkSet && forcedUpdate) {
    throw new TypeError(
      `Cannot force an update in save() of ${meta.objectName} with no primary key.`,
    )
  }
  // As in Django: with a primary key set, try an UPDATE and INSERT only when it matched no
  // row, so saving a new instance with the pk of an existing row updates that row. A new
  // instance whose pk comes from a default (UUIDs) cannot exist yet: INSERT at once.
  const insertOnly =
    options.forceInsert === true ||
    !pkSet ||
    (instance._state.adding && pkField.hasDefault() && !forcedUpdate)
  let created = false
  let updated = 0
  if (!insertOnly) {
    const fields = meta.fields.filter(
      (f) =>
        !f.primaryKey &&
        (updateFields === null ||
          updateFields.includes(f.name) ||
          updateFields.includes(f.attname)),
    )
    const query = new Query(model)
    query.addFilter(query.buildCondition({ pk: instance.pk }))
    const values = fields.map(
      (f) =>
        [f, new ValueExpression(preSaveValue(f, instance, false), f)] as [Field, ValueExpression],
    )
    // Nothing to write but the key: setting it to itself still says whether the row exists.
    if (values.length === 0) values.push([pkField, new ValueExpression(pkValue, pkField)])
    ;({ rowCount: updated } = await connection.executeSql(compileUpdate(query, connection, values)))
    if (updated === 0 && forcedUpdate) {
      const { DatabaseError } = await import('../utils/errors.js')
      throw new DatabaseError(
        `Save with update did not affect any rows (${meta.objectName} pk=${String(instance.pk)}).`,
      )
    }
  }
  if (updated === 0) {
    const fields = insertFields(meta, pkSet)
    const row = new Array<unknown>(fields.length)
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!
      row[i] = field.toDb(preSaveValue(field, instance, true), connection)
    }
    const sql = insertSql(connection, meta, fields, 1, true)
    const { rows } =
      connection.executeNow<unknown[]>(sql, row, ARRAY_MODE) ??
      (await connection.execute<unknown[]>(sql, row, ARRAY_MODE))
    instance[pkField.attname] = pkField.fromDb(rows[0]?.[0], connection)
    created = true
  }
  instance._state.adding = false
  instance._state.db = using
  if (postSave.hasListeners(model))
    await sendAsync(postSave, model, { instance, created, using, updateFields })
}

// Hooks for the query layer and relation fields (they cannot import this module).
/** The alias the instance being loaded comes from (read by the constructor's FROM_DB path). */
let loadingDb: string | null = null

modelHooks.fromRow = (model, db, connection, fields, row, offset) => {
  loadingDb = db
  const instance = new (model as unknown as new (v: typeof FROM_DB) => AnyModelInstance)(FROM_DB)
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!
    const value = row[offset + i]
    instance[field.attname] =
      value === null || value === undefined ? null : field.fromDb(value, connection)
  }
  return instance
}
modelHooks.fromDb = (model, db, fields, values) =>
  modelHooks.fromRow(model, db, connections.get(db), fields, values, 0)
modelHooks.create = (model, values) =>
  new (model as unknown as new (v: Record<string, unknown>) => AnyModelInstance)(values)
modelHooks.save = (instance, options) => saveInstance(instance, options)
modelHooks.doesNotExist = (model, message) => new (exceptionsOf(model).doesNotExist)(message)
modelHooks.multipleObjects = (model, message) => new (exceptionsOf(model).multiple)(message)
relationHooks.installReverseForeignKey = installReverseForeignKey as (
  field: ForeignKey<AnyModelClass, boolean>,
) => void
relationHooks.installManyToMany = (field: ManyToManyField) => installManyToMany(field, Model)
