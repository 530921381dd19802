/**
 * The database side of RenameModel: moving a model's table to its new name, and refusing
 * the renames whose auto-created many-to-many tables would have to move too.
 */
import type { SchemaEditor } from '../schema.js'
import type { ModelState, ProjectState } from '../state.js'
import { dbTableOf, relationTarget } from '../orm-adapter.js'
import { modelKey } from './base.js'

/**
 * Moves the table when its name was derived from the model's (an explicit dbTable stays).
 * Foreign keys of other tables follow by themselves: PostgreSQL constraints reference the
 * table, not its name, and SQLite rewrites references in other tables' definitions on
 * `ALTER TABLE ... RENAME` (since 3.26). Auto-created many-to-many tables named after the
 * model keep their names (see docs/migrations.md).
 */
export async function renameModelTables(
  editor: SchemaEditor,
  fromModel: ModelState,
  toModel: ModelState,
  toState: ProjectState,
): Promise<void> {
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
