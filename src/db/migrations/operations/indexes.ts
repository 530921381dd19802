/**
 * Operations on a model's named indexes and constraints (Meta.indexes / Meta.constraints):
 * add and remove by name. The objects themselves (Index, UniqueConstraint, CheckConstraint
 * from 'reinhardt/db') describe the SQL; the schema editor writes it.
 *
 * Reductions (for the optimizer): adding an index or constraint and removing it again →
 * nothing. They touch one model's table only, so other models' operations move past them.
 */
import type { SchemaEditor } from '../schema.js'
import type { ModelState, NamedSchemaObject, ProjectState } from '../state.js'
import { modelKey, Operation, type DeconstructedOperation } from './base.js'
import { isManaged } from './models.js'

type ListOption = 'indexes' | 'constraints'

function addNamed(model: ModelState, option: ListOption, item: NamedSchemaObject): void {
  const current = model.options[option] ?? []
  if (current.some((existing) => existing.name === item.name)) {
    throw new Error(
      `Model ${model.label} already has ${option === 'indexes' ? 'an index' : 'a constraint'} named '${item.name}'.`,
    )
  }
  model.options[option] = [...current, item]
}

function findNamed(model: ModelState, option: ListOption, name: string): NamedSchemaObject {
  const found = (model.options[option] ?? []).find((item) => item.name === name)
  if (found === undefined) {
    throw new Error(
      `Model ${model.label} has no ${option === 'indexes' ? 'index' : 'constraint'} named '${name}'.`,
    )
  }
  return found
}

/**
 * What the four operations share for the optimizer: they change one model, reference only
 * it, and may move past operations that do not reference it.
 */
abstract class ModelSchemaOperation extends Operation {
  abstract readonly modelName: string

  /** The name of the index or constraint added or removed. */
  protected abstract get objectName(): string

  override get alteredModel(): string {
    return this.modelName
  }

  override referencesModel(name: string): boolean {
    return modelKey(name) === modelKey(this.modelName)
  }

  /** True when `other` is a `kind` operation on this model removing `name`. */
  protected removes(
    other: Operation,
    kind: typeof RemoveIndex | typeof RemoveConstraint,
    name: string,
  ) {
    return (
      other instanceof kind &&
      modelKey(other.modelName) === modelKey(this.modelName) &&
      other.name === name
    )
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    const base = super.reduce(other, appLabel)
    if (base !== false) return base
    // Indexes and constraints of one table are independent unless they share a name
    // (PostgreSQL keeps both in one namespace).
    if (other instanceof ModelSchemaOperation && other.objectName !== this.objectName) return true
    return !other.referencesModel(this.modelName, appLabel)
  }
}

function removeNamed(model: ModelState, option: ListOption, name: string): void {
  findNamed(model, option, name)
  const rest = (model.options[option] ?? []).filter((item) => item.name !== name)
  if (rest.length === 0) delete model.options[option]
  else model.options[option] = rest
}

/** Adds an index (an Index object from 'reinhardt/db' with a name). */
export class AddIndex extends ModelSchemaOperation {
  readonly modelName: string
  readonly index: NamedSchemaObject

  constructor({ modelName, index }: { modelName: string; index: NamedSchemaObject }) {
    super()
    if (!index.name) {
      throw new Error(`AddIndex on ${modelName} needs an index with a name.`)
    }
    this.modelName = modelName
    this.index = index
  }

  protected get objectName(): string {
    return this.index.name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    addNamed(state.getModel(appLabel, this.modelName), 'indexes', this.index)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    const model = to.getModel(appLabel, this.modelName)
    const ref = { state: to, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.addIndex(ref, this.index)
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    const model = from.getModel(appLabel, this.modelName)
    const ref = { state: from, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.removeIndex(ref, this.index)
  }

  describe(): string {
    return `Create index ${this.index.name} on ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `${modelKey(this.modelName)}_${this.index.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'AddIndex', options: { modelName: this.modelName, index: this.index } }
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (this.removes(other, RemoveIndex, this.index.name)) return []
    return super.reduce(other, appLabel)
  }
}

/** Removes the index `name`. */
export class RemoveIndex extends ModelSchemaOperation {
  readonly modelName: string
  readonly name: string

  constructor({ modelName, name }: { modelName: string; name: string }) {
    super()
    this.modelName = modelName
    this.name = name
  }

  protected get objectName(): string {
    return this.name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    removeNamed(state.getModel(appLabel, this.modelName), 'indexes', this.name)
  }

  async databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    const model = from.getModel(appLabel, this.modelName)
    const ref = { state: from, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.removeIndex(ref, findNamed(model, 'indexes', this.name))
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    const model = to.getModel(appLabel, this.modelName)
    const ref = { state: to, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.addIndex(ref, findNamed(model, 'indexes', this.name))
  }

  describe(): string {
    return `Remove index ${this.name} from ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `remove_${modelKey(this.modelName)}_${this.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'RemoveIndex', options: { modelName: this.modelName, name: this.name } }
  }
}

/** Adds a constraint (UniqueConstraint / CheckConstraint from 'reinhardt/db'). */
export class AddConstraint extends ModelSchemaOperation {
  readonly modelName: string
  readonly constraint: NamedSchemaObject

  constructor({ modelName, constraint }: { modelName: string; constraint: NamedSchemaObject }) {
    super()
    if (!constraint.name)
      throw new Error(`AddConstraint on ${modelName} needs a constraint with a name.`)
    this.modelName = modelName
    this.constraint = constraint
  }

  protected get objectName(): string {
    return this.constraint.name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    addNamed(state.getModel(appLabel, this.modelName), 'constraints', this.constraint)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    const model = to.getModel(appLabel, this.modelName)
    const ref = { state: to, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.addConstraint(ref, this.constraint)
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    const model = from.getModel(appLabel, this.modelName)
    const ref = { state: from, appLabel, modelName: this.modelName }
    if (isManaged(model)) await editor.removeConstraint(ref, this.constraint)
  }

  describe(): string {
    return `Create constraint ${this.constraint.name} on model ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `${modelKey(this.modelName)}_${this.constraint.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return {
      type: 'AddConstraint',
      options: { modelName: this.modelName, constraint: this.constraint },
    }
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (this.removes(other, RemoveConstraint, this.constraint.name)) return []
    return super.reduce(other, appLabel)
  }
}

/** Removes the constraint `name`. */
export class RemoveConstraint extends ModelSchemaOperation {
  readonly modelName: string
  readonly name: string

  constructor({ modelName, name }: { modelName: string; name: string }) {
    super()
    this.modelName = modelName
    this.name = name
  }

  protected get objectName(): string {
    return this.name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    removeNamed(state.getModel(appLabel, this.modelName), 'constraints', this.name)
  }

  async databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    const model = from.getModel(appLabel, this.modelName)
    const ref = { state: from, appLabel, modelName: this.modelName }
    if (isManaged(model))
      await editor.removeConstraint(ref, findNamed(model, 'constraints', this.name))
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    const model = to.getModel(appLabel, this.modelName)
    const ref = { state: to, appLabel, modelName: this.modelName }
    if (isManaged(model))
      await editor.addConstraint(ref, findNamed(model, 'constraints', this.name))
  }

  describe(): string {
    return `Remove constraint ${this.name} from model ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `remove_${modelKey(this.modelName)}_${this.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'RemoveConstraint', options: { modelName: this.modelName, name: this.name } }
  }
}
