/**
 * A migration: an ordered list of operations plus the migrations it depends on (Django's
 * `migrations.Migration`). A migration file's default export is one:
 *
 *     export default new Migration({
 *       dependencies: [['polls', '0001_initial']],
 *       operations: [new AddField({ modelName: 'question', name: 'pubDate', field: ... })],
 *     })
 *
 * The loader sets `appLabel` and `name` from the app and the file name. `apply()` runs each
 * operation's state change and then its database change; `unapply()` first replays the
 * state changes forwards to know the state around each operation, then undoes the
 * operations in reverse order.
 */
import { IrreversibleError } from './exceptions.js'
import type { MigrationKey } from './graph.js'
import type { Operation } from './operations/base.js'
import type { SchemaEditor } from './schema.js'
import type { ProjectState } from './state.js'

export interface MigrationOptions {
  /** Migrations that must be applied first: `[appLabel, name]`, name may be '__first__'. */
  dependencies?: readonly MigrationKey[]
  /** What the migration does, in order. */
  operations?: readonly Operation[]
  /** The app's first migration (`migrate --fake-initial` may skip it if tables exist). */
  initial?: boolean
  /** Run inside one transaction (default true; SQLite and PostgreSQL support DDL in one). */
  atomic?: boolean
  /** Migrations this one squashes; the loader uses it instead of them when it can. */
  replaces?: readonly MigrationKey[]
  /** Migrations of other apps that must run after this one. */
  runBefore?: readonly MigrationKey[]
}

export class Migration {
  readonly dependencies: MigrationKey[]
  readonly operations: Operation[]
  readonly initial: boolean
  readonly atomic: boolean
  readonly replaces: MigrationKey[]
  readonly runBefore: MigrationKey[]
  /** Set by the loader from the app that owns the file. */
  appLabel = ''
  /** Set by the loader from the file name (without extension). */
  name = ''

  constructor(options: MigrationOptions = {}) {
    this.dependencies = [...(options.dependencies ?? [])]
    this.operations = [...(options.operations ?? [])]
    this.initial = options.initial ?? false
    this.atomic = options.atomic ?? true
    this.replaces = [...(options.replaces ?? [])]
    this.runBefore = [...(options.runBefore ?? [])]
  }

  /** `[appLabel, name]`. */
  get key(): MigrationKey {
    return [this.appLabel, this.name]
  }

  /** Returns a copy bound to an app and name (so a shared module object is never mutated). */
  bind(appLabel: string, name: string): Migration {
    const bound = new Migration({
      dependencies: this.dependencies,
      operations: this.operations,
      initial: this.initial,
      atomic: this.atomic,
      replaces: this.replaces,
      runBefore: this.runBefore,
    })
    bound.appLabel = appLabel
    bound.name = name
    return bound
  }

  /** Applies every operation's state change to `state` (mutating it) and returns it. */
  mutateState(state: ProjectState): ProjectState {
    for (const operation of this.operations) operation.stateForwards(this.appLabel, state)
    return state
  }

  /**
   * Applies the migration to the database. `state` is the project state before it and is
   * mutated into the state after it.
   */
  async apply(state: ProjectState, editor: SchemaEditor): Promise<ProjectState> {
    for (const operation of this.operations) {
      if (editor.collectSql) editor.comment(operation.describe())
      if (operation.reducesToSql === false && editor.collectSql) {
        editor.comment('(JavaScript: no SQL to show)')
        operation.stateForwards(this.appLabel, state)
        continue
      }
      const before = state.clone()
      operation.stateForwards(this.appLabel, state)
      await operation.databaseForwards(this.appLabel, editor, before, state)
    }
    return state
  }

  /**
   * Reverses the migration on the database. `state` is the project state *before* the
   * migration (not mutated): the state around each operation is rebuilt from it.
   */
  async unapply(state: ProjectState, editor: SchemaEditor): Promise<ProjectState> {
    const steps: { operation: Operation; before: ProjectState; after: ProjectState }[] = []
    let current = state.clone()
    for (const operation of this.operations) {
      if (!operation.reversible) {
        throw new IrreversibleError(
          `Operation '${operation.describe()}' in ${this.appLabel}.${this.name} cannot be ` +
            'reversed (give RunSQL a reverseSql or RunJS a backwards function).',
        )
      }
      const before = current
      const after = current.clone()
      operation.stateForwards(this.appLabel, after)
      steps.push({ operation, before, after })
      current = after
    }
    for (const { operation, before, after } of steps.reverse()) {
      if (editor.collectSql) editor.comment(`Undo: ${operation.describe()}`)
      if (operation.reducesToSql === false && editor.collectSql) {
        editor.comment('(JavaScript: no SQL to show)')
        continue
      }
      await operation.databaseBackwards(this.appLabel, editor, after, before)
    }
    return state
  }

  /**
   * A name for a new migration from its operations (Django's `suggest_name`): 'initial',
   * the operations' name fragments joined, or 'auto_<timestamp>'.
   */
  suggestName(now: Date = new Date()): string {
    if (this.initial) return 'initial'
    const fragments = this.operations.map((operation) =>
      operation.migrationNameFragment?.replace(/\W+/g, '_'),
    )
    if (fragments.length === 0 || fragments.some((fragment) => !fragment)) {
      return `auto_${timestamp(now)}`
    }
    let name = fragments[0]!
    for (const fragment of fragments.slice(1)) {
      const longer = `${name}_${fragment}`
      if (longer.length > 52) return `${name}_and_more`
      name = longer
    }
    return name
  }
}

function timestamp(now: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}_` +
    `${pad(now.getHours())}${pad(now.getMinutes())}`
  )
}
