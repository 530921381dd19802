/**
 * Operations on whole models: create, delete, rename, move to another table, change
 * options and unique-together sets (indexes and constraints are in indexes.ts). Each keeps
 * the state change and the database change side by side; a model with `managed: false`
 * changes the state only.
 *
 * Reductions (for the optimizer): CreateModel + DeleteModel → nothing; CreateModel + any
 * later operation confined to that model (AddField, AlterField, RemoveField, RenameField,
 * RenameModel, option, index and constraint changes) → one CreateModel of the result;
 * RenameModel + RenameModel → one rename; an option change followed by the same kind of
 * change or by DeleteModel → the later one.
 */
import type { AnyField as Field } from '../field-type.js'
import type { SchemaEditor } from '../schema.js'
import { DATABASE_OPTIONS, ModelState, ProjectState, type ModelStateOptions } from '../state.js'
import { dbTableOf } from '../orm-adapter.js'
import { modelKey, Operation, type DeconstructedOperation } from './base.js'
import { fieldReferencesModel, schemaMentionsField } from './references.js'
import { renameModelTables } from './rename-tables.js'

/** True when migrations manage the model's table (Django's `allow_migrate_model`). */
export function isManaged(model: ModelState): boolean {
  return model.options.managed !== false
}

export interface CreateModelOptions {
  name: string
  /** `[name, field]` pairs, in column order. */
  fields: readonly (readonly [string, Field])[]
  options?: ModelStateOptions
}

/** Creates a model's table (and its many-to-many tables, indexes and constraints). */
export class CreateModel extends Operation {
  readonly name: string
  readonly fields: readonly (readonly [string, Field])[]
  readonly options: ModelStateOptions

  constructor({ name, fields, options = {} }: CreateModelOptions) {
    super()
    this.name = name
    this.fields = fields
    this.options = options
    const seen = new Set<string>()
    for (const [fieldName] of fields) {
      if (seen.has(fieldName)) {
        throw new Error(`CreateModel ${name}: the field '${fieldName}' appears twice.`)
      }
      seen.add(fieldName)
    }
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.addModel(
      new ModelState(
        appLabel,
        this.name,
        this.fields.map(([name, field]) => [name, field.clone()] as const),
        this.options,
      ),
    )
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    if (isManaged(to.getModel(appLabel, this.name))) {
      await editor.createModel({ state: to, appLabel, modelName: this.name })
    }
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    if (isManaged(from.getModel(appLabel, this.name))) {
      await editor.deleteModel({ state: from, appLabel, modelName: this.name })
    }
  }

  describe(): string {
    return `Create model ${this.name}`
  }

  override get migrationNameFragment(): string {
    return modelKey(this.name)
  }

  deconstruct(): DeconstructedOperation {
    const options: Record<string, unknown> = { name: this.name, fields: this.fields }
    if (Object.keys(this.options).length > 0) options.options = this.options
    return { type: 'CreateModel', options }
  }

  override referencesModel(name: string, appLabel: string): boolean {
    if (modelKey(name) === modelKey(this.name)) return true
    return this.fields.some(([, field]) => fieldReferencesModel(field, appLabel, name, appLabel))
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (other instanceof DeleteModel && modelKey(other.name) === modelKey(this.name)) return []
    const altered = other.alteredModel
    if (altered !== undefined && modelKey(altered) === modelKey(this.name)) {
      const folded = this.#absorb(other, appLabel)
      // Not absorbed: `other` changes this model, so nothing moves this past it.
      return folded === null ? false : [folded]
    }
    return modelOperationReduce(this, this.name, other, appLabel)
  }

  /**
   * The CreateModel that creates the model as it is after `other`: `other` is replayed on a
   * state holding only this model (it changes nothing else). Refused (null) when the result
   * would not match what the two operations do to the database: a removed or renamed
   * field still named by an index, constraint or uniqueTogether, or a change of `managed`
   * (AlterModelOptions never creates or drops the table).
   */
  #absorb(other: Operation, appLabel: string): CreateModel | null {
    const state = new ProjectState()
    this.stateForwards(appLabel, state)
    const model = state.getModel(appLabel, this.name)
    const fieldsBefore = [...model.fields.keys()]
    const managedBefore = isManaged(model)
    try {
      other.stateForwards(appLabel, state)
    } catch {
      return null
    }
    const [after] = state.models.values()
    if (after === undefined || state.models.size !== 1) return null
    if (isManaged(after) !== managedBefore) return null
    const gone = fieldsBefore.filter((name) => !after.fields.has(name))
    if (gone.some((name) => schemaMentionsField(after, name))) return null
    return new CreateModel({
      name: after.name,
      fields: [...after.fields],
      options: after.options,
    })
  }
}

/**
 * The fallback of operations on one model (Django's ModelOperation.reduce): elidable
 * operations vanish, and the operation may move past `other` when `other` does not
 * reference the model.
 */
function modelOperationReduce(
  operation: Operation,
  name: string,
  other: Operation,
  appLabel: string,
): Operation[] | boolean {
  const base = Operation.prototype.reduce.call(operation, other, appLabel)
  if (base !== false) return base
  return !other.referencesModel(name, appLabel)
}

/**
 * An operation changing one option of one model (AlterModelTable, AlterModelOptions,
 * AlterUniqueTogether, as Django's ModelOptionOperation): it alters and references that
 * model only, and a later change of the same kind, or the model's deletion, makes it
 * pointless.
 */
abstract class ModelOptionOperation extends Operation {
  abstract readonly name: string

  override get alteredModel(): string {
    return this.name
  }

  override referencesModel(name: string): boolean {
    return modelKey(name) === modelKey(this.name)
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    const sameModel =
      (other instanceof DeleteModel || other.constructor === this.constructor) &&
      modelKey((other as Operation & { name: string }).name) === modelKey(this.name)
    if (sameModel) return [other]
    return modelOperationReduce(this, this.name, other, appLabel)
  }
}

/** Drops a model's table. */
export class DeleteModel extends Operation {
  readonly name: string

  constructor({ name }: { name: string }) {
    super()
    this.name = name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.removeModel(appLabel, this.name)
  }

  async databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    if (isManaged(from.getModel(appLabel, this.name))) {
      await editor.deleteModel({ state: from, appLabel, modelName: this.name })
    }
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    if (isManaged(to.getModel(appLabel, this.name))) {
      await editor.createModel({ state: to, appLabel, modelName: this.name })
    }
  }

  describe(): string {
    return `Delete model ${this.name}`
  }

  override get migrationNameFragment(): string {
    return `delete_${modelKey(this.name)}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'DeleteModel', options: { name: this.name } }
  }

  // referencesModel stays `true` for every model: the deleted model's relations reach
  // other models (Django does the same).

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    return modelOperationReduce(this, this.name, other, appLabel)
  }
}

/** Renames a model: its table (when the name was derived) and relations pointing at it. */
export class RenameModel extends Operation {
  readonly oldName: string
  readonly newName: string

  constructor({ oldName, newName }: { oldName: string; newName: string }) {
    super()
    this.oldName = oldName
    this.newName = newName
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.renameModel(appLabel, this.oldName, this.newName)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await renameTables(
      editor,
      from.getModel(appLabel, this.oldName),
      to.getModel(appLabel, this.newName),
      to,
    )
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await renameTables(
      editor,
      from.getModel(appLabel, this.newName),
      to.getModel(appLabel, this.oldName),
      to,
    )
  }

  describe(): string {
    return `Rename model ${this.oldName} to ${this.newName}`
  }

  override get migrationNameFragment(): string {
    return `rename_${modelKey(this.oldName)}_${modelKey(this.newName)}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'RenameModel', options: { oldName: this.oldName, newName: this.newName } }
  }

  override get alteredModel(): string {
    return this.oldName
  }

  // referencesModel stays `true` for every model: the rename repoints the relations of
  // other models, so none of their operations may be moved across it.

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (other instanceof RenameModel && modelKey(other.oldName) === modelKey(this.newName)) {
      // Renamed back: nothing happened.
      if (other.newName === this.oldName) return []
      return [new RenameModel({ oldName: this.oldName, newName: other.newName })]
    }
    return modelOperationReduce(this, this.newName, other, appLabel)
  }
}

/** Moves the table of a managed model being renamed (see rename-tables.ts). */
async function renameTables(
  editor: SchemaEditor,
  fromModel: ModelState,
  toModel: ModelState,
  toState: ProjectState,
): Promise<void> {
  if (isManaged(toModel)) await renameModelTables(editor, fromModel, toModel, toState)
}

/** Sets a model's table name (`dbTable` option). */
export class AlterModelTable extends ModelOptionOperation {
  readonly name: string
  readonly table: string | undefined

  constructor({ name, table }: { name: string; table?: string }) {
    super()
    this.name = name
    this.table = table
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.name)
    if (this.table === undefined) delete model.options.dbTable
    else model.options.dbTable = this.table
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    const before = from.getModel(appLabel, this.name)
    const after = to.getModel(appLabel, this.name)
    if (isManaged(after) && dbTableOf(before) !== dbTableOf(after)) {
      const ref = { state: to, appLabel, modelName: this.name }
      await editor.alterDbTable(ref, dbTableOf(before), dbTableOf(after))
    }
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await this.databaseForwards(appLabel, editor, from, to)
  }

  describe(): string {
    return `Rename table for ${this.name} to ${this.table ?? '(default)'}`
  }

  override get migrationNameFragment(): string {
    return `alter_${modelKey(this.name)}_table`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'AlterModelTable', options: { name: this.name, table: this.table } }
  }
}

/** Changes options that do not touch the database (ordering, verboseName, ...). */
export class AlterModelOptions extends ModelOptionOperation {
  readonly name: string
  readonly options: ModelStateOptions

  constructor({ name, options }: { name: string; options: ModelStateOptions }) {
    super()
    for (const key of Object.keys(options)) {
      if (DATABASE_OPTIONS.has(key)) {
        throw new Error(
          `AlterModelOptions cannot change '${key}': use AlterModelTable, AlterUniqueTogether, ` +
            'AddIndex/RemoveIndex or AddConstraint/RemoveConstraint.',
        )
      }
    }
    this.name = name
    this.options = options
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.name)
    const kept: ModelStateOptions = {}
    // The new options replace every non-database option (absent ones are reset).
    for (const [key, value] of Object.entries(model.options)) {
      if (DATABASE_OPTIONS.has(key)) kept[key] = value
    }
    model.options = { ...kept, ...this.options }
  }

  async databaseForwards() {}

  async databaseBackwards() {}

  describe(): string {
    return `Change Meta options on ${this.name}`
  }

  override get migrationNameFragment(): string {
    return `alter_${modelKey(this.name)}_options`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'AlterModelOptions', options: { name: this.name, options: this.options } }
  }
}

/** Sets a model's `uniqueTogether` sets (unique constraints over several columns). */
export class AlterUniqueTogether extends ModelOptionOperation {
  readonly name: string
  readonly uniqueTogether: readonly (readonly string[])[]

  constructor({
    name,
    uniqueTogether,
  }: {
    name: string
    uniqueTogether: readonly (readonly string[])[]
  }) {
    super()
    this.name = name
    this.uniqueTogether = uniqueTogether
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.name)
    if (this.uniqueTogether.length === 0) delete model.options.uniqueTogether
    else model.options.uniqueTogether = this.uniqueTogether.map((set) => [...set])
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    const before = from.getModel(appLabel, this.name)
    const after = to.getModel(appLabel, this.name)
    if (!isManaged(after)) return
    await editor.alterUniqueTogether(
      { state: to, appLabel, modelName: this.name },
      before.options.uniqueTogether ?? [],
      after.options.uniqueTogether ?? [],
    )
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await this.databaseForwards(appLabel, editor, from, to)
  }

  describe(): string {
    return `Alter uniqueTogether for ${this.name} (${this.uniqueTogether.length} constraint(s))`
  }

  override get migrationNameFragment(): string {
    return `alter_${modelKey(this.name)}_unique_together`
  }

  deconstruct(): DeconstructedOperation {
    return {
      type: 'AlterUniqueTogether',
      options: { name: this.name, uniqueTogether: this.uniqueTogether },
    }
  }

  override referencesField(modelName: string, name: string): boolean {
    // Emptying the sets touches every field that was in one.
    return (
      this.referencesModel(modelName) &&
      (this.uniqueTogether.length === 0 || this.uniqueTogether.some((set) => set.includes(name)))
    )
  }
}
