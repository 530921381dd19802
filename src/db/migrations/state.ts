/**
 * The schema as migration files describe it (Django's ProjectState / ModelState).
 *
 * A ModelState is a model reduced to what migrations care about: app label, name, fields
 * (unattached field objects, compared through `deconstruct()`) and options (dbTable,
 * ordering, indexes, constraints, uniqueTogether, ...). The ProjectState holds every
 * ModelState keyed by `app.modelname` (lower case); operations mutate it in
 * `stateForwards`, the loader builds it by replaying every migration, and the autodetector
 * compares it with a ProjectState built from the live models. States are cloned before an
 * operation changes them, so the state before and after every operation can be kept.
 */
import type { AnyField as Field } from './field-type.js'
import { InvalidStateError } from './exceptions.js'
import { modelKey } from './operations/base.js'
import { renameFieldReferences, retargetRelation, relationTarget } from './orm-adapter.js'

/** Model options migrations track. Index and constraint objects come from 'reinhardt/db'. */
export interface ModelStateOptions {
  dbTable?: string
  ordering?: readonly string[]
  uniqueTogether?: readonly (readonly string[])[]
  indexes?: readonly NamedSchemaObject[]
  constraints?: readonly NamedSchemaObject[]
  verboseName?: string
  verboseNamePlural?: string
  getLatestBy?: string | readonly string[]
  /** False: migrations track the model but never create or alter its table. */
  managed?: boolean
  [option: string]: unknown
}

/** An index or constraint: anything with a name and a `deconstruct()`. */
export interface NamedSchemaObject {
  readonly name: string
  deconstruct(): { type: string; options: Record<string, unknown> }
}

/** Options whose change alters the database (the rest only need AlterModelOptions). */
export const DATABASE_OPTIONS = new Set(['dbTable', 'uniqueTogether', 'indexes', 'constraints'])

export class ModelState {
  readonly appLabel: string
  name: string
  readonly fields: Map<string, Field>
  options: ModelStateOptions

  constructor(
    appLabel: string,
    name: string,
    fields: Iterable<readonly [string, Field]>,
    options: ModelStateOptions = {},
  ) {
    this.appLabel = appLabel
    this.name = name
    this.fields = new Map()
    for (const [fieldName, field] of fields) {
      if (this.fields.has(fieldName)) {
        throw new InvalidStateError(
          `Model ${appLabel}.${name} has two fields named '${fieldName}'.`,
        )
      }
      this.fields.set(fieldName, field)
    }
    this.options = { ...options }
  }

  /** Lower-case model name, the key used everywhere models are looked up. */
  get nameLower(): string {
    return modelKey(this.name)
  }

  /** `app.Name`. */
  get label(): string {
    return `${this.appLabel}.${this.name}`
  }

  /** The field `name`, or InvalidStateError naming the model. */
  getField(name: string): Field {
    const field = this.fields.get(name)
    if (field === undefined) {
      throw new InvalidStateError(`Model ${this.label} has no field named '${name}'.`)
    }
    return field
  }

  /** A copy whose fields and option lists can be changed without touching this one. */
  clone(): ModelState {
    const options: ModelStateOptions = {}
    for (const [key, value] of Object.entries(this.options)) {
      options[key] = Array.isArray(value) ? [...(value as unknown[])] : value
    }
    return new ModelState(
      this.appLabel,
      this.name,
      [...this.fields].map(([name, field]) => [name, field.clone()] as const),
      options,
    )
  }
}

export class ProjectState {
  readonly models = new Map<string, ModelState>()

  constructor(models: Iterable<ModelState> = []) {
    for (const model of models) this.addModel(model)
  }

  static key(appLabel: string, name: string): string {
    return `${appLabel}.${modelKey(name)}`
  }

  clone(): ProjectState {
    return new ProjectState([...this.models.values()].map((model) => model.clone()))
  }

  hasModel(appLabel: string, name: string): boolean {
    return this.models.has(ProjectState.key(appLabel, name))
  }

  /** The model, or InvalidStateError naming what exists in that app. */
  getModel(appLabel: string, name: string): ModelState {
    const model = this.models.get(ProjectState.key(appLabel, name))
    if (model === undefined) {
      const known = [...this.models.values()]
        .filter((m) => m.appLabel === appLabel)
        .map((m) => m.name)
      throw new InvalidStateError(
        `No model '${name}' in app '${appLabel}' in the migration state (models: ` +
          `${known.join(', ') || 'none'}). Is a migration missing a dependency?`,
      )
    }
    return model
  }

  addModel(model: ModelState): void {
    const key = ProjectState.key(model.appLabel, model.name)
    if (this.models.has(key)) {
      throw new InvalidStateError(`Model ${model.label} is created twice.`)
    }
    this.models.set(key, model)
  }

  removeModel(appLabel: string, name: string): void {
    this.getModel(appLabel, name)
    this.models.delete(ProjectState.key(appLabel, name))
  }

  /** Renames a model and repoints every relation that targeted it. */
  renameModel(appLabel: string, oldName: string, newName: string): void {
    const model = this.getModel(appLabel, oldName)
    this.models.delete(ProjectState.key(appLabel, oldName))
    model.name = newName
    this.addModel(model)
    for (const other of this.models.values()) {
      for (const [fieldName, field] of other.fields) {
        const target = relationTarget(field, other.appLabel)
        if (
          target !== null &&
          target.appLabel === appLabel &&
          modelKey(target.modelName) === modelKey(oldName)
        ) {
          other.fields.set(fieldName, retargetRelation(field, `${appLabel}.${newName}`))
        }
      }
    }
  }

  addField(appLabel: string, modelName: string, name: string, field: Field): void {
    const model = this.getModel(appLabel, modelName)
    if (model.fields.has(name)) {
      throw new InvalidStateError(`Model ${model.label} already has a field named '${name}'.`)
    }
    model.fields.set(name, field)
  }

  removeField(appLabel: string, modelName: string, name: string): void {
    const model = this.getModel(appLabel, modelName)
    model.getField(name)
    model.fields.delete(name)
  }

  alterField(appLabel: string, modelName: string, name: string, field: Field): void {
    const model = this.getModel(appLabel, modelName)
    model.getField(name)
    model.fields.set(name, field)
  }

  /** Renames a field, keeping its position, and updates option lists that name it. */
  renameField(appLabel: string, modelName: string, oldName: string, newName: string): void {
    const model = this.getModel(appLabel, modelName)
    model.getField(oldName)
    if (model.fields.has(newName)) {
      throw new InvalidStateError(`Model ${model.label} already has a field named '${newName}'.`)
    }
    const entries = [...model.fields].map(
      ([name, field]) => [name === oldName ? newName : name, field] as const,
    )
    model.fields.clear()
    for (const [name, field] of entries) model.fields.set(name, field)
    const rename = (name: string): string => {
      if (name === oldName) return newName
      if (name === `-${oldName}`) return `-${newName}`
      return name
    }
    if (model.options.uniqueTogether !== undefined) {
      model.options.uniqueTogether = model.options.uniqueTogether.map((set) => set.map(rename))
    }
    if (model.options.ordering !== undefined) {
      model.options.ordering = model.options.ordering.map(rename)
    }
    for (const kind of ['indexes', 'constraints'] as const) {
      const items = model.options[kind]
      if (items !== undefined) {
        model.options[kind] = items.map((item) => renameFieldReferences(item, oldName, newName))
      }
    }
  }

  /** Models of one app (or all), sorted by app then name: a stable order for output. */
  modelsOf(appLabel?: string): ModelState[] {
    return [...this.models.values()]
      .filter((model) => appLabel === undefined || model.appLabel === appLabel)
      .sort((a, b) => (a.appLabel + '.' + a.nameLower < b.appLabel + '.' + b.nameLower ? -1 : 1))
  }
}
