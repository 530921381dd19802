/**
 * Operations on one field of a model: add, remove, alter, rename.
 *
 * AddField and AlterField accept `preserveDefault: false`: the field's default is used once
 * to fill existing rows (the value makemigrations asked for) and is not kept in the state,
 * as in Django.
 *
 * Reductions (for the optimizer): AddField + AlterField → AddField, AddField + RemoveField →
 * nothing, AddField + RenameField → AddField under the new name, AlterField + AlterField or
 * RemoveField → the later one, AlterField + RenameField → the rename first, RenameField +
 * RenameField → one rename, RemoveField + DeleteModel → DeleteModel. A one-off default
 * (`preserveDefault: false`) fills rows that exist at that point of the history, so an
 * operation carrying one is never merged into a later one that would lose it.
 */
import type { AnyField as Field } from '../field-type.js'
import type { SchemaEditor } from '../schema.js'
import type { ProjectState } from '../state.js'
import { withoutDefault } from '../orm-adapter.js'
import { modelKey, Operation, type DeconstructedOperation } from './base.js'
import { DeleteModel, isManaged } from './models.js'
import { fieldReferencesModel } from './references.js'

interface FieldOperationOptions {
  /** The model's name (any case). */
  modelName: string
  /** The field's attribute name. */
  name: string
}

/**
 * What the four field operations share: the model they change, and the optimizer's view of
 * what they reference (their model, their field, and the model a relation field points at).
 */
export abstract class FieldOperation extends Operation {
  abstract readonly modelName: string

  /** The field names the operation touches (both names for a rename). */
  protected abstract get fieldNames(): readonly string[]

  /** The field definition the operation carries, if any (AddField, AlterField). */
  protected get carriedField(): Field | undefined {
    return undefined
  }

  override get alteredModel(): string {
    return this.modelName
  }

  override referencesModel(name: string, appLabel: string): boolean {
    if (modelKey(name) === modelKey(this.modelName)) return true
    const field = this.carriedField
    return field !== undefined && fieldReferencesModel(field, appLabel, name, appLabel)
  }

  override referencesField(modelName: string, name: string, appLabel: string): boolean {
    if (modelKey(modelName) === modelKey(this.modelName) && this.fieldNames.includes(name)) {
      return true
    }
    // A relation field depends on its target model as a whole (primary key, to-field).
    const field = this.carriedField
    return field !== undefined && fieldReferencesModel(field, appLabel, modelName, appLabel)
  }

  /** True when `other` is a field operation on the same model and field (`name`). */
  protected sameField(other: Operation, name: string): boolean {
    return (
      other instanceof FieldOperation &&
      modelKey(other.modelName) === modelKey(this.modelName) &&
      other.fieldNames[0] === name
    )
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    const base = super.reduce(other, appLabel)
    if (base !== false) return base
    return !this.fieldNames.some((name) => other.referencesField(this.modelName, name, appLabel))
  }
}

/** Adds a column (or, for a many-to-many field, its table). */
export class AddField extends FieldOperation {
  readonly modelName: string
  readonly name: string
  readonly field: Field
  readonly preserveDefault: boolean

  constructor(options: FieldOperationOptions & { field: Field; preserveDefault?: boolean }) {
    super()
    this.modelName = options.modelName
    this.name = options.name
    this.field = options.field
    this.preserveDefault = options.preserveDefault ?? true
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const field = this.preserveDefault ? this.field.clone() : withoutDefault(this.field)
    state.addField(appLabel, this.modelName, this.name, field)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    if (!isManaged(to.getModel(appLabel, this.modelName))) return
    // The operation's own field carries the one-off default the state dropped.
    const ref = { state: to, appLabel, modelName: this.modelName, fieldName: this.name }
    await editor.addField({ ...ref, field: this.field.clone() })
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    if (!isManaged(from.getModel(appLabel, this.modelName))) return
    await editor.removeField({
      state: from,
      appLabel,
      modelName: this.modelName,
      fieldName: this.name,
    })
  }

  describe(): string {
    return `Add field ${this.name} to ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `${modelKey(this.modelName)}_${this.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    const options: Record<string, unknown> = {
      modelName: this.modelName,
      name: this.name,
      field: this.field,
    }
    if (!this.preserveDefault) options.preserveDefault = false
    return { type: 'AddField', options }
  }

  protected get fieldNames(): readonly string[] {
    return [this.name]
  }

  protected override get carriedField(): Field {
    return this.field
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (this.sameField(other, this.name)) {
      if (other instanceof RemoveField) return []
      if (other instanceof AlterField) {
        if (!this.preserveDefault || !other.preserveDefault) return false
        return [new AddField({ modelName: this.modelName, name: this.name, field: other.field })]
      }
      if (other instanceof RenameField) {
        return [
          new AddField({
            modelName: this.modelName,
            name: other.newName,
            field: this.field,
            preserveDefault: this.preserveDefault,
          }),
        ]
      }
    }
    return super.reduce(other, appLabel)
  }
}

/** Drops a column. Reversing it re-adds the column as the previous state describes it. */
export class RemoveField extends FieldOperation {
  readonly modelName: string
  readonly name: string

  constructor(options: FieldOperationOptions) {
    super()
    this.modelName = options.modelName
    this.name = options.name
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.removeField(appLabel, this.modelName, this.name)
  }

  async databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    if (!isManaged(from.getModel(appLabel, this.modelName))) return
    await editor.removeField({
      state: from,
      appLabel,
      modelName: this.modelName,
      fieldName: this.name,
    })
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    if (!isManaged(to.getModel(appLabel, this.modelName))) return
    await editor.addField({ state: to, appLabel, modelName: this.modelName, fieldName: this.name })
  }

  describe(): string {
    return `Remove field ${this.name} from ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `remove_${modelKey(this.modelName)}_${this.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return { type: 'RemoveField', options: { modelName: this.modelName, name: this.name } }
  }

  protected get fieldNames(): readonly string[] {
    return [this.name]
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    // The column goes with its table.
    if (other instanceof DeleteModel && modelKey(other.name) === modelKey(this.modelName)) {
      return [other]
    }
    return super.reduce(other, appLabel)
  }
}

/** Changes a field's definition (type, null, default, unique, index, dbColumn, ...). */
export class AlterField extends FieldOperation {
  readonly modelName: string
  readonly name: string
  readonly field: Field
  readonly preserveDefault: boolean

  constructor(options: FieldOperationOptions & { field: Field; preserveDefault?: boolean }) {
    super()
    this.modelName = options.modelName
    this.name = options.name
    this.field = options.field
    this.preserveDefault = options.preserveDefault ?? true
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const field = this.preserveDefault ? this.field.clone() : withoutDefault(this.field)
    state.alterField(appLabel, this.modelName, this.name, field)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    if (!isManaged(to.getModel(appLabel, this.modelName))) return
    const ref = { appLabel, modelName: this.modelName, fieldName: this.name }
    await editor.alterField(
      { ...ref, state: from },
      this.preserveDefault
        ? { ...ref, state: to }
        : { ...ref, state: to, field: this.field.clone() },
    )
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    if (!isManaged(to.getModel(appLabel, this.modelName))) return
    const ref = { appLabel, modelName: this.modelName, fieldName: this.name }
    await editor.alterField({ ...ref, state: from }, { ...ref, state: to })
  }

  describe(): string {
    return `Alter field ${this.name} on ${this.modelName}`
  }

  override get migrationNameFragment(): string {
    return `alter_${modelKey(this.modelName)}_${this.name.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    const options: Record<string, unknown> = {
      modelName: this.modelName,
      name: this.name,
      field: this.field,
    }
    if (!this.preserveDefault) options.preserveDefault = false
    return { type: 'AlterField', options }
  }

  protected get fieldNames(): readonly string[] {
    return [this.name]
  }

  protected override get carriedField(): Field {
    return this.field
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (this.sameField(other, this.name)) {
      if (other instanceof RemoveField) return [other]
      // The later definition wins, unless this one fills existing rows once.
      if (other instanceof AlterField) return this.preserveDefault ? [other] : false
      if (other instanceof RenameField && this.field.deconstruct().options.dbColumn === undefined) {
        // Rename first, so this alteration can meet later operations on the new name.
        return [
          other,
          new AlterField({
            modelName: this.modelName,
            name: other.newName,
            field: this.field,
            preserveDefault: this.preserveDefault,
          }),
        ]
      }
    }
    return super.reduce(other, appLabel)
  }
}

/** Renames a field, and its column when the column name was derived from it. */
export class RenameField extends FieldOperation {
  readonly modelName: string
  readonly oldName: string
  readonly newName: string

  constructor(options: { modelName: string; oldName: string; newName: string }) {
    super()
    this.modelName = options.modelName
    this.oldName = options.oldName
    this.newName = options.newName
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.renameField(appLabel, this.modelName, this.oldName, this.newName)
  }

  async databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await this.#rename(appLabel, editor, from, to, this.oldName, this.newName)
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
  ) {
    await this.#rename(appLabel, editor, from, to, this.newName, this.oldName)
  }

  async #rename(
    appLabel: string,
    editor: SchemaEditor,
    from: ProjectState,
    to: ProjectState,
    oldName: string,
    newName: string,
  ): Promise<void> {
    if (!isManaged(to.getModel(appLabel, this.modelName))) return
    await editor.alterField(
      { state: from, appLabel, modelName: this.modelName, fieldName: oldName },
      { state: to, appLabel, modelName: this.modelName, fieldName: newName },
    )
  }

  describe(): string {
    return `Rename field ${this.oldName} on ${this.modelName} to ${this.newName}`
  }

  override get migrationNameFragment(): string {
    return `rename_${this.oldName.toLowerCase()}_${modelKey(this.modelName)}_${this.newName.toLowerCase()}`
  }

  deconstruct(): DeconstructedOperation {
    return {
      type: 'RenameField',
      options: { modelName: this.modelName, oldName: this.oldName, newName: this.newName },
    }
  }

  protected get fieldNames(): readonly string[] {
    return [this.oldName, this.newName]
  }

  override reduce(other: Operation, appLabel: string): Operation[] | boolean {
    if (this.sameField(other, this.newName) && other instanceof RenameField) {
      // Renamed back: nothing happened.
      if (other.newName === this.oldName) return []
      return [
        new RenameField({
          modelName: this.modelName,
          oldName: this.oldName,
          newName: other.newName,
        }),
      ]
    }
    return super.reduce(other, appLabel)
  }
}
