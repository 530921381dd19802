/**
 * Escape hatches: RunSQL (raw SQL forwards and, optionally, backwards) and RunJS (a data
 * migration: JavaScript that reads and writes rows through the historical models, Django's
 * RunPython). Neither changes the migration state, unless RunSQL is given
 * `stateOperations` describing what its SQL did.
 *
 * For the optimizer both are walls: nothing is moved across them, since their code may
 * read or write any table. `elidable: true` says the operation only matters for data that
 * exists at that point of the history (a one-time fix): squashing then drops it.
 */
import type { SchemaEditor } from '../schema.js'
import type { ProjectState } from '../state.js'
import { historicalApps, type HistoricalApps } from '../orm-adapter.js'
import { Operation, type DeconstructedOperation } from './base.js'

/** SQL for RunSQL: one string (may hold several statements), or a list of statements. */
export type SqlStatements = string | readonly (string | readonly [string, readonly unknown[]])[]

export interface RunSqlOptions {
  sql: SqlStatements
  /** SQL undoing `sql`; without it the migration cannot be unapplied. '' means "nothing". */
  reverseSql?: SqlStatements
  /** Operations whose state changes describe what the SQL does to the schema. */
  stateOperations?: readonly Operation[]
  /** May be dropped when migrations are squashed (Django's `elidable`). */
  elidable?: boolean
}

/** Runs raw SQL. Values are bound parameters: pass `[sql, params]` pairs, never concatenate. */
export class RunSQL extends Operation {
  /** A `reverseSql` that does nothing (the reverse is allowed and a no-op). */
  static readonly noop = ''
  readonly sql: SqlStatements
  readonly reverseSql: SqlStatements | undefined
  readonly stateOperations: readonly Operation[]
  readonly #elidable: boolean

  constructor({ sql, reverseSql, stateOperations = [], elidable = false }: RunSqlOptions) {
    super()
    this.sql = sql
    this.reverseSql = reverseSql
    this.stateOperations = stateOperations
    this.#elidable = elidable
  }

  /** Never when it carries stateOperations: dropping it would lose their schema changes. */
  override get elidable(): boolean {
    return this.#elidable && this.stateOperations.length === 0
  }

  override get reversible(): boolean {
    return this.reverseSql !== undefined
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    for (const operation of this.stateOperations) operation.stateForwards(appLabel, state)
  }

  async databaseForwards(_appLabel: string, editor: SchemaEditor) {
    await runStatements(editor, this.sql)
  }

  async databaseBackwards(_appLabel: string, editor: SchemaEditor) {
    if (this.reverseSql === undefined) {
      throw new Error('RunSQL has no reverseSql, so it cannot be reversed.')
    }
    await runStatements(editor, this.reverseSql)
  }

  describe(): string {
    return 'Raw SQL operation'
  }

  deconstruct(): DeconstructedOperation {
    const options: Record<string, unknown> = { sql: this.sql }
    if (this.reverseSql !== undefined) options.reverseSql = this.reverseSql
    if (this.stateOperations.length > 0) options.stateOperations = this.stateOperations
    if (this.#elidable) options.elidable = true
    return { type: 'RunSQL', options }
  }
}

async function runStatements(editor: SchemaEditor, statements: SqlStatements): Promise<void> {
  if (typeof statements === 'string') {
    if (statements.trim() !== '') await editor.execute(statements)
    return
  }
  for (const statement of statements) {
    if (typeof statement === 'string') await editor.execute(statement)
    else await editor.execute(statement[0], statement[1])
  }
}

/** What a RunJS function receives. */
export interface RunJsContext {
  /** The models as this migration sees them: `apps.getModel('polls', 'Question')`. */
  readonly apps: HistoricalApps
  /** The schema editor, for raw SQL: `schemaEditor.execute(sql, params)`. */
  readonly schemaEditor: SchemaEditor
  /** The app the migration belongs to. */
  readonly appLabel: string
}

export type RunJsFunction = (context: RunJsContext) => void | Promise<void>

export interface RunJsOptions {
  forwards: RunJsFunction
  /** Undoes `forwards`; without it the migration cannot be unapplied. Use RunJS.noop. */
  backwards?: RunJsFunction
  /** Shown by `migrate` and `sqlmigrate`. */
  description?: string
  /** May be dropped when migrations are squashed (Django's `elidable`). */
  elidable?: boolean
}

/**
 * A data migration. The function runs inside the migration's transaction and must use
 * `apps.getModel()` rather than importing models: the imported model is today's, the
 * historical one matches the schema at this point in the history.
 */
export class RunJS extends Operation {
  /** A reverse that does nothing. */
  static readonly noop: RunJsFunction = () => {}
  override readonly reducesToSql = false
  readonly forwards: RunJsFunction
  readonly backwards: RunJsFunction | undefined
  readonly description: string | undefined
  readonly #elidable: boolean

  constructor({ forwards, backwards, description, elidable = false }: RunJsOptions) {
    super()
    if (typeof forwards !== 'function') throw new TypeError('RunJS needs a forwards function.')
    this.forwards = forwards
    this.backwards = backwards
    this.description = description
    this.#elidable = elidable
  }

  override get elidable(): boolean {
    return this.#elidable
  }

  override get reversible(): boolean {
    return this.backwards !== undefined
  }

  stateForwards(): void {}

  async databaseForwards(appLabel: string, editor: SchemaEditor, from: ProjectState) {
    await this.forwards({ apps: historicalApps(from, editor), schemaEditor: editor, appLabel })
  }

  async databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    _from: ProjectState,
    to: ProjectState,
  ) {
    if (this.backwards === undefined) throw new Error('RunJS has no backwards function.')
    await this.backwards({ apps: historicalApps(to, editor), schemaEditor: editor, appLabel })
  }

  describe(): string {
    return (
      this.description ??
      `Raw JavaScript operation${this.forwards.name ? ` (${this.forwards.name})` : ''}`
    )
  }

  deconstruct(): DeconstructedOperation {
    const options: Record<string, unknown> = { forwards: this.forwards }
    if (this.backwards !== undefined) options.backwards = this.backwards
    if (this.description !== undefined) options.description = this.description
    if (this.#elidable) options.elidable = true
    return { type: 'RunJS', options }
  }
}
