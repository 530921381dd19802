/**
 * Operations on whole models: create, delete, rename, move to another table, change
 * options and unique-together sets (indexes and constraints are in indexes.ts). Each keeps
 * the state change and the database change side by side; a model with `managed: false`
 * changes the state only.
 */
import type { AnyField as Field } from '../field-type.js'
import type { SchemaEditor } from '../schema.js'
import {
  DATABASE_OPTIONS,
  ModelState,
  type ModelStateOptions,
  type ProjectState,
} from '../state.js'
import { dbTableOf, relationTarget } from '../orm-adapter.js'
import { modelKey, Operation, type DeconstructedOperation } from './base.js'

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
    return this.fields.some(([, field]) => {
      const target = relationTarget(field, appLabel)
      return (
        target !== null &&
        target.appLabel === appLabel &&
        modelKey(target.modelName) === modelKey(name)
      )
    })
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
}

/**
 * Moves the table when its name was derived from the model's (an explicit dbTable stays).
 * Foreign keys of other tables follow by themselves: PostgreSQL constraints reference the
 * table, not its name, and SQLite rewrites references in other tables' definitions on
 * `ALTER TABLE ... RENAME` (since 3.26). Auto-created many-to-many tables named after the
 * model keep their names (see docs/migrations.md).
 */
async function renameTables(
  editor: SchemaEditor,
  fromModel: ModelState,
  toModel: ModelState,
  toState: ProjectState,
): Promise<void> {
  if (!isManaged(toModel)) return
  refuseAutoManyToMany(fromModel, toModel, toState)
  const oldTable = dbTableOf(fromModel)
  const newTable = dbTableOf(toModel)
  if (oldTable === newTable) return
  const ref = { state: toState, appLabel: toModel.appLabel, modelName: toModel.name }
  await editor.alterDbTable(ref, oldTable, newTable)
}

/**
 * Auto-created many-to-many tables and their columns are named after the model
 * (`polls_question_tags.question_id`); moving them is not implemented, so a rename that
 * would need it stops with a message instead of leaving the schema and the state apart.
 */
function refuseAutoManyToMany(
  fromModel: ModelState,
  toModel: ModelState,
  state: ProjectState,
): void {
  const affected: string[] = []
  for (const model of state.models.values()) {
    for (const [name, field] of model.fields) {
      if (field.concrete || !field.isRelation) continue
      if (field.deconstruct().options.through !== undefined) continue
      const target = relationTarget(field, model.appLabel)
      const pointsHere =
        target !== null &&
        target.appLabel === toModel.appLabel &&
        modelKey(target.modelName) === toModel.nameLower
      if (model === toModel || pointsHere) affected.push(`${model.name}.${name}`)
    }
  }
  if (affected.length > 0) {
    throw new Error(
      `Renaming ${fromModel.label} to ${toModel.name} would have to move the auto-created ` +
        `many-to-many table(s) of ${affected.join(', ')}, which is not supported yet. Give ` +
        'those fields an explicit through model, or move the tables with RunSQL ' +
        '(with stateOperations).',
    )
  }
}

/** Sets a model's table name (`dbTable` option). */
export class AlterModelTable extends Operation {
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
export class AlterModelOptions extends Operation {
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
export class AlterUniqueTogether extends Operation {
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
}
