/**
 * Relations: ForeignKey, OneToOneField, ManyToManyField.
 *
 * A relation names its target as a model class, a thunk `() => Model` (for models defined
 * later in the same file), 'app_label.ModelName', 'ModelName' (same app) or 'self'. Strings
 * resolve through the model's registry, lazily: the reverse accessor on the target (e.g.
 * `question.choiceSet`) is installed as soon as both models exist.
 *
 * On the instance a ForeignKey `question` gives `questionId` (the stored value) and
 * `question` (the related object: loaded by selectRelated, set by assignment, or fetched
 * with `await choice.getRelated('question')`).
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import type { AnyModelClass } from '../model-types.js'
import { Field, toSnakeCase, type FieldOptions } from './field.js'

/** What happens to rows pointing at a deleted row (Django's on_delete). */
export type OnDelete =
  'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING'
export const CASCADE = 'CASCADE'
export const PROTECT = 'PROTECT'
export const RESTRICT = 'RESTRICT'
export const SET_NULL = 'SET_NULL'
export const SET_DEFAULT = 'SET_DEFAULT'
export const DO_NOTHING = 'DO_NOTHING'
const ON_DELETE = new Set<string>([CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT, DO_NOTHING])

/** A relation target: the class, a thunk returning it, or a string reference. */
export type ModelReference<M extends AnyModelClass = AnyModelClass> = M | (() => M) | string

/** The primary key value type of a model class (number for the automatic id). */
export type PkOf<M> = M extends { prototype: { pk: infer P } } ? P : unknown

export interface ForeignKeyOptions<M extends AnyModelClass, N extends boolean> extends Omit<
  FieldOptions<InstanceType<M>, N>,
  'default'
> {
  /** Target model when using the single-options form (what deconstruct() writes). */
  to?: ModelReference<M>
  onDelete: OnDelete
  /** Name of the reverse accessor on the target ('choices'; default `<model>Set`). */
  relatedName?: string
  /** Name used in reverse lookups (`Question.objects.filter({ choice__votes: 1 })`). */
  relatedQueryName?: string
  /** Target field (default: its primary key). */
  toField?: string
  /** Create a FOREIGN KEY constraint (default true). */
  dbConstraint?: boolean
  /** Default value of the stored key (e.g. an id). */
  default?: unknown
}

function referenceLabel(reference: ModelReference, model: AnyModelClass | undefined): string {
  if (typeof reference === 'string') {
    if (reference === 'self') return model ? model._meta.label : 'self'
    return reference.includes('.') || model === undefined
      ? reference
      : `${model._meta.appLabel}.${reference}`
  }
  const target = isModelClass(reference) ? reference : reference()
  return target._meta.label
}

function isModelClass(value: unknown): value is AnyModelClass {
  return typeof value === 'function' && '_meta' in value
}

/** Shared by ForeignKey and ManyToManyField: target resolution and reverse names. */
function resolveReference(
  reference: ModelReference,
  model: AnyModelClass,
  callback: (target: AnyModelClass) => void,
): void {
  if (typeof reference !== 'string') {
    if (isModelClass(reference)) return callback(reference)
    // A thunk: may not be callable yet (class defined later in the module).
    queueMicrotask(() => callback((reference as () => AnyModelClass)()))
    return
  }
  const label = referenceLabel(reference, model)
  if (reference === 'self' || label === model._meta.label) return callback(model)
  const [appLabel, name] = label.split('.') as [string, string]
  model._meta.registry.whenRegistered(appLabel, name, callback)
}

/** Gives a relation field its target model once that model exists. */
abstract class RelatedField<T, N extends boolean> extends Field<T, N> {
  override readonly isRelation = true
  readonly to: ModelReference
  readonly relatedName: string | undefined
  readonly relatedQueryNameOption: string | undefined
  #related: AnyModelClass | undefined

  constructor(
    to: ModelReference,
    options: FieldOptions<T, N>,
    relatedName?: string,
    queryName?: string,
  ) {
    super(options)
    if (to === undefined || to === null) {
      throw new TypeError(
        `${new.target.name} needs a target model (a class, a thunk or 'app.Model').`,
      )
    }
    this.to = to
    this.relatedName = relatedName
    this.relatedQueryNameOption = queryName
  }

  /** The target model; throws when it has not been defined (yet). */
  get relatedModel(): AnyModelClass {
    if (this.#related === undefined) {
      if (typeof this.to === 'function' && !isModelClass(this.to)) this.#setRelated(this.to())
      else if (isModelClass(this.to)) this.#setRelated(this.to)
      else if (this.model !== undefined) {
        const label = referenceLabel(this.to, this.model)
        const [appLabel, name] = label.split('.') as [string, string]
        this.#setRelated(this.model._meta.registry.getModel(appLabel, name))
      }
    }
    if (this.#related === undefined)
      throw new Error(`${String(this)}: target model is not resolved.`)
    return this.#related
  }

  #setRelated(model: AnyModelClass): void {
    if (this.#related === model) return
    this.#related = model
    this.onRelatedResolved(model)
  }

  /** Name of the reverse accessor on the target model. */
  get reverseAccessorName(): string {
    return this.relatedName ?? `${lowerFirst(this.model!._meta.objectName)}Set`
  }

  /** Name used for reverse lookups from the target model. */
  get relatedQueryName(): string {
    return this.relatedQueryNameOption ?? this.relatedName ?? this.model!._meta.modelName
  }

  override contribute(model: AnyModelClass, name: string): void {
    super.contribute(model, name)
    if (model._meta.abstract) return
    resolveReference(this.to, model, (target) => this.#setRelated(target))
  }

  /** Installs reverse accessors; called once when the target model is known. */
  protected abstract onRelatedResolved(model: AnyModelClass): void

  protected deconstructTarget(): string {
    return referenceLabel(this.to, this.model)
  }
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

/** Hooks the model layer installs (reverse managers); set by model.ts to avoid an import cycle. */
export const relationHooks: {
  installReverseForeignKey: (field: ForeignKey<AnyModelClass, boolean>) => void
  installManyToMany: (field: ManyToManyField<AnyModelClass>) => void
} = {
  installReverseForeignKey: () => {},
  installManyToMany: () => {},
}

export class ForeignKey<
  M extends AnyModelClass = AnyModelClass,
  N extends boolean = false,
> extends RelatedField<InstanceType<M>, N> {
  readonly type: string = 'ForeignKey'
  readonly onDelete: OnDelete
  readonly toField: string | undefined
  readonly dbConstraint: boolean
  /** True for OneToOneField. */
  readonly oneToOne: boolean = false

  constructor(options: ForeignKeyOptions<M, N> & { to: ModelReference<M> })
  constructor(to: ModelReference<M>, options: ForeignKeyOptions<M, N>)
  constructor(
    toOrOptions: ModelReference<M> | (ForeignKeyOptions<M, N> & { to: ModelReference<M> }),
    maybeOptions?: ForeignKeyOptions<M, N>,
  ) {
    const options =
      maybeOptions ?? (toOrOptions as ForeignKeyOptions<M, N> & { to: ModelReference<M> })
    const to = maybeOptions === undefined ? options.to! : (toOrOptions as ModelReference<M>)
    const {
      to: _to,
      onDelete,
      relatedName,
      relatedQueryName,
      toField,
      dbConstraint,
      ...rest
    } = options
    super(
      to as ModelReference,
      { dbIndex: true, ...(rest as FieldOptions<InstanceType<M>, N>) },
      relatedName,
      relatedQueryName,
    )
    if (!ON_DELETE.has(onDelete)) {
      throw new TypeError(
        `${new.target.name} needs onDelete: one of ${[...ON_DELETE].join(', ')} (got ${String(onDelete)}).`,
      )
    }
    if (onDelete === SET_NULL && options.null !== true) {
      throw new TypeError('onDelete: SET_NULL needs null: true on the field.')
    }
    this.onDelete = onDelete
    this.toField = toField
    this.dbConstraint = dbConstraint ?? true
  }

  override get attname(): string {
    return `${this.name}Id`
  }

  override contribute(model: AnyModelClass, name: string): void {
    super.contribute(model, name)
    this.column = this.dbColumn ?? `${toSnakeCase(name)}_id`
  }

  /** The field of the target the key stores (its pk unless toField). */
  get targetField(): Field {
    const meta = this.relatedModel._meta
    return this.toField === undefined ? meta.pk : meta.getField(this.toField)
  }

  override dbType(connection: DatabaseWrapper): string | null {
    return connection.relDataType(this.targetField)
  }

  override toDb(value: unknown, connection: DatabaseWrapper): unknown {
    if (value !== null && typeof value === 'object' && '_state' in value) {
      value = (value as Record<string, unknown>)[this.targetField.attname]
    }
    return this.targetField.toDb(value, connection)
  }

  override fromDb(value: unknown, connection: DatabaseWrapper): InstanceType<M> | null {
    return this.targetField.fromDb(value, connection) as InstanceType<M> | null
  }

  override toJs(value: unknown): InstanceType<M> | null {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'object' && '_state' in value) return value as InstanceType<M>
    return this.targetField.toJs(value) as InstanceType<M>
  }

  override validate(value: InstanceType<M> | null): void {
    super.validate(value)
  }

  protected onRelatedResolved(): void {
    relationHooks.installReverseForeignKey(this as unknown as ForeignKey<AnyModelClass, boolean>)
  }

  override deconstruct() {
    const { type, options } = super.deconstruct()
    delete options.to
    if (options.dbIndex === true) delete options.dbIndex
    const result: Record<string, unknown> = {
      to: this.deconstructTarget(),
      onDelete: this.onDelete,
      ...options,
    }
    if (this.relatedName !== undefined) result.relatedName = this.relatedName
    if (this.relatedQueryNameOption !== undefined)
      result.relatedQueryName = this.relatedQueryNameOption
    if (this.toField !== undefined) result.toField = this.toField
    if (!this.dbConstraint) result.dbConstraint = false
    return { type, options: result }
  }

  override clone(): this {
    const Ctor = this.constructor as new (options: unknown) => this
    return new Ctor({
      ...this.options,
      to: this.to,
      onDelete: this.onDelete,
      relatedName: this.relatedName,
      relatedQueryName: this.relatedQueryNameOption,
      toField: this.toField,
      dbConstraint: this.dbConstraint,
    })
  }
}

/** A ForeignKey with a unique constraint; the reverse side is a single object. */
export class OneToOneField<
  M extends AnyModelClass = AnyModelClass,
  N extends boolean = false,
> extends ForeignKey<M, N> {
  override readonly type: string = 'OneToOneField'
  override readonly oneToOne: boolean = true

  constructor(options: ForeignKeyOptions<M, N> & { to: ModelReference<M> })
  constructor(to: ModelReference<M>, options: ForeignKeyOptions<M, N>)
  constructor(
    toOrOptions: ModelReference<M> | (ForeignKeyOptions<M, N> & { to: ModelReference<M> }),
    maybeOptions?: ForeignKeyOptions<M, N>,
  ) {
    if (maybeOptions === undefined) {
      const options = toOrOptions as ForeignKeyOptions<M, N> & { to: ModelReference<M> }
      super({ ...options, unique: true })
    } else super(toOrOptions as ModelReference<M>, { ...maybeOptions, unique: true })
  }

  override get reverseAccessorName(): string {
    return this.relatedName ?? lowerFirst(this.model!._meta.objectName)
  }

  override deconstruct() {
    const result = super.deconstruct()
    delete result.options.unique
    return result
  }
}

export interface ManyToManyFieldOptions<M extends AnyModelClass> {
  to?: ModelReference<M>
  /** An explicit intermediate model with ForeignKeys to both sides. */
  through?: ModelReference
  relatedName?: string
  relatedQueryName?: string
  /** Table name of the auto-created intermediate table. */
  dbTable?: string
  blank?: boolean
  verboseName?: string
  helpText?: string
}

export class ManyToManyField<M extends AnyModelClass = AnyModelClass> extends RelatedField<
  never,
  false
> {
  readonly type: string = 'ManyToManyField'
  override readonly concrete = false
  readonly throughOption: ModelReference | undefined
  readonly dbTable: string | undefined
  /** The intermediate model (auto-created or `through`); set once both sides exist. */
  through: AnyModelClass | undefined

  constructor(options: ManyToManyFieldOptions<M> & { to: ModelReference<M> })
  constructor(to: ModelReference<M>, options?: ManyToManyFieldOptions<M>)
  constructor(
    toOrOptions: ModelReference<M> | (ManyToManyFieldOptions<M> & { to: ModelReference<M> }),
    maybeOptions?: ManyToManyFieldOptions<M>,
  ) {
    const isOptions =
      typeof toOrOptions === 'object' &&
      toOrOptions !== null &&
      'to' in toOrOptions &&
      maybeOptions === undefined
    const options = (isOptions ? toOrOptions : (maybeOptions ?? {})) as ManyToManyFieldOptions<M>
    const to = (isOptions ? options.to : toOrOptions) as ModelReference
    const { to: _to, through, relatedName, relatedQueryName, dbTable, ...rest } = options
    super(to, rest, relatedName, relatedQueryName)
    this.throughOption = through
    this.dbTable = dbTable
  }

  override dbType(): null {
    return null
  }

  protected onRelatedResolved(): void {
    relationHooks.installManyToMany(this as unknown as ManyToManyField<AnyModelClass>)
  }

  override deconstruct() {
    const { type, options } = super.deconstruct()
    const result: Record<string, unknown> = { to: this.deconstructTarget(), ...options }
    delete result.through
    if (this.throughOption !== undefined)
      result.through = referenceLabel(this.throughOption, this.model)
    if (this.relatedName !== undefined) result.relatedName = this.relatedName
    if (this.relatedQueryNameOption !== undefined)
      result.relatedQueryName = this.relatedQueryNameOption
    if (this.dbTable !== undefined) result.dbTable = this.dbTable
    return { type, options: result }
  }

  override clone(): this {
    const Ctor = this.constructor as new (options: unknown) => this
    return new Ctor({
      ...this.options,
      to: this.to,
      through: this.throughOption,
      relatedName: this.relatedName,
      relatedQueryName: this.relatedQueryNameOption,
      dbTable: this.dbTable,
    })
  }

  /** Resolves `through` (a model reference) for the m2m installer. */
  resolveThrough(callback: (model: AnyModelClass) => void): void {
    if (this.throughOption === undefined || this.model === undefined) return
    resolveReference(this.throughOption, this.model, callback)
  }
}
