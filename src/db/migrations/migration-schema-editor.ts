/**
 * The SchemaEditor migrations use, on top of the ORM's backend schema editor.
 *
 * Operations name models by state (`{ state, appLabel, modelName }`); this class renders
 * that state as historical model classes (orm-adapter.ts) and hands the live classes and
 * fields to the backend editor, which writes the DDL for its database (and rebuilds SQLite
 * tables where ALTER cannot do the job). A field given explicitly (AddField's one-off
 * default) replaces the state's field before rendering, so it is attached to its model the
 * way the backend expects.
 */
import type { BaseSchemaEditor } from '../backends/base/schema-editor.js'
import type { AnyModelClass } from '../models/model-types.js'
import { renderState } from './orm-adapter.js'
import type { FieldRef, ModelRef, SchemaEditor } from './schema.js'
import type { NamedSchemaObject } from './state.js'

/** The backend editor's index / constraint parameter types, without importing them. */
type IndexArgument = Parameters<BaseSchemaEditor['addIndex']>[1]
type ConstraintArgument = Parameters<BaseSchemaEditor['addConstraint']>[1]

export class MigrationSchemaEditor implements SchemaEditor {
  readonly #editor: BaseSchemaEditor
  readonly vendor: string
  readonly alias: string
  readonly collectSql: boolean

  constructor(
    editor: BaseSchemaEditor,
    options: { vendor: string; alias: string; collectSql: boolean },
  ) {
    this.#editor = editor
    this.vendor = options.vendor
    this.alias = options.alias
    this.collectSql = options.collectSql
  }

  /** The backend editor, for RunJS code that needs more than `execute()`. */
  get backend(): BaseSchemaEditor {
    return this.#editor
  }

  get collectedSql(): readonly string[] {
    return this.#editor.collectedSql
  }

  comment(text: string): void {
    if (this.collectSql) this.#editor.collectedSql.push(`-- ${text.replace(/\r?\n/g, ' ')}`)
  }

  async execute(sql: string, params?: readonly unknown[]): Promise<void> {
    await this.#editor.execute(sql, params)
  }

  #model(ref: ModelRef): AnyModelClass {
    return renderState(ref.state).getModel(ref.appLabel, ref.modelName)
  }

  /** The model with `ref.field` swapped in (when given), and that field attached to it. */
  #modelAndField(ref: FieldRef) {
    let state = ref.state
    if (ref.field !== undefined) {
      state = state.clone()
      state.getModel(ref.appLabel, ref.modelName).fields.set(ref.fieldName, ref.field.clone())
    }
    const model = renderState(state).getModel(ref.appLabel, ref.modelName)
    return { model, field: model._meta.getField(ref.fieldName) }
  }

  async createModel(ref: ModelRef): Promise<void> {
    await this.#editor.createModel(this.#model(ref))
  }

  async deleteModel(ref: ModelRef): Promise<void> {
    await this.#editor.deleteModel(this.#model(ref))
  }

  async alterDbTable(ref: ModelRef, oldTable: string, newTable: string): Promise<void> {
    await this.#editor.alterDbTable(this.#model(ref), oldTable, newTable)
  }

  async addField(ref: FieldRef): Promise<void> {
    const { model, field } = this.#modelAndField(ref)
    await this.#editor.addField(model, field)
  }

  async removeField(ref: FieldRef): Promise<void> {
    const { model, field } = this.#modelAndField(ref)
    await this.#editor.removeField(model, field)
  }

  async alterField(from: FieldRef, to: FieldRef): Promise<void> {
    const before = this.#modelAndField(from)
    const after = this.#modelAndField(to)
    // Django passes the "from" model: the table to change is the one that exists now.
    await this.#editor.alterField(before.model, before.field, after.field)
  }

  async alterUniqueTogether(
    ref: ModelRef,
    oldSets: readonly (readonly string[])[],
    newSets: readonly (readonly string[])[],
  ): Promise<void> {
    await this.#editor.alterUniqueTogether(
      this.#model(ref),
      oldSets.map((set) => [...set]),
      newSets.map((set) => [...set]),
    )
  }

  async addIndex(ref: ModelRef, index: NamedSchemaObject): Promise<void> {
    await this.#editor.addIndex(this.#model(ref), index as unknown as IndexArgument)
  }

  async removeIndex(ref: ModelRef, index: NamedSchemaObject): Promise<void> {
    await this.#editor.removeIndex(this.#model(ref), index as unknown as IndexArgument)
  }

  async addConstraint(ref: ModelRef, constraint: NamedSchemaObject): Promise<void> {
    await this.#editor.addConstraint(this.#model(ref), constraint as unknown as ConstraintArgument)
  }

  async removeConstraint(ref: ModelRef, constraint: NamedSchemaObject): Promise<void> {
    await this.#editor.removeConstraint(
      this.#model(ref),
      constraint as unknown as ConstraintArgument,
    )
  }
}
