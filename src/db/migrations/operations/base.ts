/**
 * The base of every migration operation (Django's `migrations.operations.base.Operation`).
 *
 * An operation does two things: it changes the in-memory ProjectState (`stateForwards`), so
 * later migrations and the autodetector see the schema the files describe; and it changes
 * the database through the schema editor (`databaseForwards` / `databaseBackwards`),
 * given the state before and after it. `deconstruct()` gives `{ type, options }` so the
 * writer can print the operation back as `new Type({...})`.
 */
import type { SchemaEditor } from '../schema.js'
import type { ProjectState } from '../state.js'

export interface DeconstructedOperation {
  /** Class name exported by 'reinhardt/db/migrations'. */
  readonly type: string
  readonly options: Record<string, unknown>
}

export abstract class Operation {
  /** False when the operation cannot be undone (RunSQL/RunJS without a reverse). */
  get reversible(): boolean {
    return true
  }

  /** False for operations that run JavaScript, so `sqlmigrate` cannot show their SQL. */
  readonly reducesToSql: boolean = true

  /** Whether the operation must run outside a transaction even in an atomic migration. */
  readonly atomic: boolean | undefined = undefined

  /** Applies the operation to the in-memory state. */
  abstract stateForwards(appLabel: string, state: ProjectState): void

  /** Changes the database from `fromState` (before) to `toState` (after). */
  abstract databaseForwards(
    appLabel: string,
    editor: SchemaEditor,
    fromState: ProjectState,
    toState: ProjectState,
  ): Promise<void>

  /** Undoes the operation: `fromState` is the state after it, `toState` the one before. */
  abstract databaseBackwards(
    appLabel: string,
    editor: SchemaEditor,
    fromState: ProjectState,
    toState: ProjectState,
  ): Promise<void>

  /** One line for `migrate` output and `sqlmigrate` comments. */
  abstract describe(): string

  /** Part of an auto-generated migration name, or undefined if it has none. */
  get migrationNameFragment(): string | undefined {
    return undefined
  }

  /** `{ type, options }` such that `new Type(options)` re-creates the operation. */
  abstract deconstruct(): DeconstructedOperation

  /** True if the operation touches model `name` of `appLabel` (used to order operations). */
  referencesModel(_name: string, _appLabel: string): boolean {
    return true
  }
}

/** Lower-cased model name: model names are case-insensitive keys, as in Django. */
export function modelKey(name: string): string {
  return name.toLowerCase()
}
