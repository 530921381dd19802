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

  /**
   * True when squashing may drop the operation (Django's `elidable`): data fixes that a
   * fresh database does not need. Only RunSQL and RunJS take it as an option.
   */
  get elidable(): boolean {
    return false
  }

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

  /**
   * For an operation that changes the definition of one model of its app (its fields,
   * options, indexes, constraints or name): that model's name. A CreateModel of the model
   * absorbs such an operation by replaying it on the new model (see CreateModel.reduce).
   */
  get alteredModel(): string | undefined {
    return undefined
  }

  /**
   * True if the operation may touch model `name` of `appLabel` (when in doubt, true: the
   * optimizer never moves another operation of that model past this one).
   */
  referencesModel(_name: string, _appLabel: string): boolean {
    return true
  }

  /** True if the operation may touch field `name` of model `modelName` (when in doubt, true). */
  referencesField(modelName: string, _name: string, appLabel: string): boolean {
    return this.referencesModel(modelName, appLabel)
  }

  /**
   * Combines this operation with a later one, `other`, of the same migration list:
   * returns the operations that replace both (possibly none), `true` when the two do not
   * combine but this one may be moved past `other`, `false` when it may not.
   *
   *     new AddField({...name: 'x'}).reduce(new RemoveField({...name: 'x'}), 'polls') // []
   *
   * The base case only knows about elidable operations, which vanish in a reduction.
   */
  reduce(other: Operation, _appLabel: string): Operation[] | boolean {
    if (this.elidable) return [other]
    if (other.elidable) return [this]
    return false
  }
}

/** A list answer of `reduce()` (the pair combines), as opposed to a yes/no. */
export function isReduction(result: Operation[] | boolean): result is Operation[] {
  return Array.isArray(result)
}

/** Lower-cased model name: model names are case-insensitive keys, as in Django. */
export function modelKey(name: string): string {
  return name.toLowerCase()
}
