/**
 * Operations on one field of a model: add, remove, alter, rename.
 *
 * AddField and AlterField accept `preserveDefault: false`: the field's default is used once
 * to fill existing rows (the value makemigrations asked for) and is not kept in the state,
 * as in Django.
 */
import type { AnyField as Field } from '../field-type.js'
import type { SchemaEditor } from '../schema.js'
import type { ProjectState } from '../state.js'
import { withoutDefault } from '../orm-adapter.js'
import { modelKey, Operation, type DeconstructedOperation } from './base.js'
import { isManaged } from './models.js'

interface FieldOperationOptions {
  /** The model's name (any case). */
  modelName: string
  /** The field's attribute name. */
  name: string
}

/** Adds a column (or, for a many-to-many field, its table). */
export class AddField extends Operation {
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
}

/** Drops a column. Reversing it re-adds the column as the previous state describes it. */
export class RemoveField extends Operation {
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
}

/** Changes a field's definition (type, null, default, unique, index, dbColumn, ...). */
export class AlterField extends Operation {
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
}

/** Renames a field, and its column when the column name was derived from it. */
export class RenameField extends Operation {
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
}
