/**
 * A model's metadata (Django's `Model._meta`): names, table, fields and Meta options.
 * Built once by `Model.define()`; the query layer and the schema editor read it.
 */
import { FieldError } from './exceptions.js'
import type { Field } from './fields/field.js'
import type { Constraint } from './constraints.js'
import type { Index } from './indexes.js'
import type { AnyModelClass } from './model-types.js'
import type { ModelRegistry } from './registry.js'

/** The Meta options a model declaration accepts (third argument of Model.define). */
export interface MetaOptions {
  /** Table name; defaults to `<appLabel>_<modelname>`. */
  dbTable?: string
  /** Default ordering, e.g. ['-pubDate', 'title']. */
  ordering?: readonly string[]
  /** Field names whose value combinations must be unique. */
  uniqueTogether?: readonly (readonly string[])[]
  indexes?: readonly Index[]
  constraints?: readonly Constraint[]
  verboseName?: string
  verboseNamePlural?: string
  /** Field name(s) `latest()` / `earliest()` use when called without arguments. */
  getLatestBy?: string | readonly string[]
  /** An abstract model has no table: it only lends its fields to subclasses. */
  abstract?: boolean
  /** False: migrations neither create nor delete the table. */
  managed?: boolean
  /** The class of `objects`: a Manager subclass with your QuerySet methods (a thunk). */
  querySet?: () => new (model: AnyModelClass) => unknown
}

/** Extra options for dynamically built (historical) models and auto-created tables. */
export interface DefineOptions extends MetaOptions {
  /** The model's class name when there is no named subclass ('Question'). */
  modelName?: string
  /** Registry to register in and resolve string relations from (default: global). */
  registry?: ModelRegistry
  /** Set on the through models ManyToManyField creates. */
  autoCreated?: boolean
}

export class Options {
  readonly appLabel: string
  /** 'Question' */
  objectName: string
  /** 'question' */
  modelName: string
  dbTable: string
  readonly ordering: readonly string[]
  readonly uniqueTogether: readonly (readonly string[])[]
  readonly indexes: readonly Index[]
  readonly constraints: readonly Constraint[]
  verboseName: string
  verboseNamePlural: string
  readonly getLatestBy: readonly string[]
  readonly abstract: boolean
  readonly managed: boolean
  readonly autoCreated: boolean
  readonly registry: ModelRegistry
  readonly declared: MetaOptions
  /** Concrete fields (with a column), in declaration order; the pk first when automatic. */
  readonly fields: Field[] = []
  readonly manyToMany: Field[] = []
  pk!: Field
  model!: AnyModelClass
  /** Reverse relations (FKs of other models pointing here), keyed by query name. */
  readonly relatedObjects = new Map<string, Field>()
  readonly #byName = new Map<string, Field>()

  constructor(appLabel: string, options: DefineOptions, registry: ModelRegistry) {
    this.appLabel = appLabel
    this.declared = options
    this.objectName = options.modelName ?? ''
    this.modelName = this.objectName.toLowerCase()
    this.dbTable = options.dbTable ?? ''
    this.ordering = options.ordering ?? []
    this.uniqueTogether = options.uniqueTogether ?? []
    this.indexes = options.indexes ?? []
    this.constraints = options.constraints ?? []
    this.verboseName = options.verboseName ?? ''
    this.verboseNamePlural = options.verboseNamePlural ?? ''
    const latest = options.getLatestBy
    this.getLatestBy = latest === undefined ? [] : typeof latest === 'string' ? [latest] : latest
    this.abstract = options.abstract ?? false
    this.managed = options.managed ?? true
    this.autoCreated = options.autoCreated ?? false
    this.registry = registry
  }

  /** Sets the names once the model class (and so its name) is known. */
  setName(objectName: string): void {
    this.objectName = objectName
    this.modelName = objectName.toLowerCase()
    if (this.dbTable === '') this.dbTable = `${this.appLabel}_${this.modelName}`.toLowerCase()
    if (this.verboseName === '') {
      this.verboseName = objectName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
    }
    if (this.verboseNamePlural === '') this.verboseNamePlural = `${this.verboseName}s`
  }

  /** 'polls.Question' */
  get label(): string {
    return `${this.appLabel}.${this.objectName}`
  }

  /** 'polls.question' */
  get labelLower(): string {
    return `${this.appLabel}.${this.modelName}`
  }

  addField(field: Field): void {
    if (field.concrete) {
      if (field.primaryKey) this.fields.unshift(field)
      else this.fields.push(field)
    } else this.manyToMany.push(field)
    this.#byName.set(field.name, field)
    if (field.attname !== field.name) this.#byName.set(field.attname, field)
    if (field.primaryKey) this.pk = field
  }

  /** Every field: concrete first, then many-to-many. */
  get allFields(): Field[] {
    return [...this.fields, ...this.manyToMany]
  }

  /** The field by name (or attname, or 'pk'); FieldError lists the choices when missing. */
  getField(name: string): Field {
    const field = name === 'pk' ? this.pk : this.#byName.get(name)
    if (field === undefined) {
      throw new FieldError(
        `${this.objectName} has no field named '${name}'. Choices are: ${this.fieldNames().join(', ')}.`,
      )
    }
    return field
  }

  findField(name: string): Field | undefined {
    return name === 'pk' ? this.pk : this.#byName.get(name)
  }

  fieldNames(): string[] {
    return [...this.allFields.map((f) => f.name), ...this.relatedObjects.keys()].sort()
  }
}
