/**
 * What migration operations ask of the database: the SchemaEditor contract.
 *
 * Operations speak in ModelStates (the schema as the migration files describe it), never
 * in live model classes, because a migration must run against the models as they were when
 * it was written. `migration-schema-editor.ts` implements this contract on top of the ORM's
 * backend schema editor; with `collectSql` set it records the SQL instead of running it
 * (`sqlmigrate`, `migrate --plan` with SQL).
 */
import type { AnyField as Field } from './field-type.js'
import type { NamedSchemaObject, ProjectState } from './state.js'

/** A model as of one project state. */
export interface ModelRef {
  readonly state: ProjectState
  readonly appLabel: string
  readonly modelName: string
}

/** A field of a model as of one state; `field` overrides the state's (one-off defaults). */
export interface FieldRef extends ModelRef {
  readonly fieldName: string
  readonly field?: Field
}

export interface SchemaEditor {
  /** 'sqlite' or 'postgresql'. */
  readonly vendor: string
  /** Alias of the database the editor works on. */
  readonly alias: string
  /** True when SQL is collected for display rather than executed. */
  readonly collectSql: boolean
  /** Statements collected so far (with `collectSql`). */
  readonly collectedSql: readonly string[]

  /** Adds a `-- text` line to the collected SQL. */
  comment(text: string): void
  /** Runs (or collects) raw SQL with bound parameters. */
  execute(sql: string, params?: readonly unknown[]): Promise<void>

  createModel(model: ModelRef): Promise<void>
  deleteModel(model: ModelRef): Promise<void>
  alterDbTable(model: ModelRef, oldTable: string, newTable: string): Promise<void>
  /** Adds the field as `model.state` describes it (or `field.field` when given). */
  addField(field: FieldRef): Promise<void>
  removeField(field: FieldRef): Promise<void>
  /** Changes a column (type, null, default, unique, index, name) from `from` to `to`. */
  alterField(from: FieldRef, to: FieldRef): Promise<void>
  alterUniqueTogether(
    model: ModelRef,
    oldSets: readonly (readonly string[])[],
    newSets: readonly (readonly string[])[],
  ): Promise<void>
  addIndex(model: ModelRef, index: NamedSchemaObject): Promise<void>
  removeIndex(model: ModelRef, index: NamedSchemaObject): Promise<void>
  addConstraint(model: ModelRef, constraint: NamedSchemaObject): Promise<void>
  removeConstraint(model: ModelRef, constraint: NamedSchemaObject): Promise<void>
}
