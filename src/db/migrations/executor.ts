/**
 * Plans and runs migrations against one database (Django's MigrationExecutor).
 *
 * A plan is a list of `{ migration, backwards }` steps to reach the targets: forwards, every
 * unapplied ancestor of the target; backwards, everything applied that depends on the
 * target's successors in its app (or, for 'zero', on the app's first migration). Each
 * migration runs in its own schema-editor session: one transaction when the migration is
 * atomic (SQLite and PostgreSQL both run DDL in transactions), with its row in
 * `reinhardt_migrations` written in the same transaction, so a failing migration leaves
 * neither schema changes nor a record behind. On MySQL/MariaDB each DDL statement commits
 * by itself (`features.supportsTransactionalDdl` is false): the session is no transaction,
 * the row is written after it succeeds, and a failure leaves the statements that ran.
 *
 * A squashed migration is recorded together with every migration it replaces (and
 * unrecorded with them), so the database's history reads the same whichever files
 * applied it. After every run, a squashed migration whose replaced migrations are all
 * recorded gets its own row too (Django's `check_replacements`): that covers databases
 * that applied the originals before the squashed file existed.
 */
import type { DatabaseWrapper } from '../backends/base/base.js'
import type { AppConfig } from '../../apps/index.js'
import { MigrationTargetError } from './exceptions.js'
import { keyId, type MigrationKey } from './graph.js'
import { MigrationLoader } from './loader.js'
import type { Migration } from './migration.js'
import { MigrationSchemaEditor } from './migration-schema-editor.js'
import { CreateModel } from './operations/models.js'
import { MigrationRecorder } from './recorder.js'
import { dbTableOf } from './orm-adapter.js'
import { ProjectState } from './state.js'

/** A target: `[app, name]`, or `[app, null]` to unapply all of the app ('zero'). */
export type MigrationTarget = readonly [appLabel: string, name: string | null]

export interface PlanStep {
  readonly migration: Migration
  readonly backwards: boolean
}

/** Progress events, for the `migrate` command's output. */
export type MigrationProgress =
  | { readonly action: 'applyStart' | 'unapplyStart'; readonly migration: Migration }
  | {
      readonly action: 'applySuccess' | 'unapplySuccess'
      readonly migration: Migration
      readonly fake: boolean
    }

export interface MigrateOptions {
  /** Record the migrations as applied/unapplied without touching the schema. */
  fake?: boolean
  /** Fake an initial migration whose tables already exist. */
  fakeInitial?: boolean
}

export class MigrationExecutor {
  readonly connection: DatabaseWrapper
  readonly recorder: MigrationRecorder
  loader: MigrationLoader
  readonly #progress: ((event: MigrationProgress) => void) | undefined

  private constructor(
    connection: DatabaseWrapper,
    loader: MigrationLoader,
    progress?: (event: MigrationProgress) => void,
  ) {
    this.connection = connection
    this.recorder = new MigrationRecorder(connection)
    this.loader = loader
    this.#progress = progress
  }

  /** Loads the migrations of `apps` and what `connection` has applied. */
  static async create(
    connection: DatabaseWrapper,
    apps: readonly AppConfig[],
    progress?: (event: MigrationProgress) => void,
  ): Promise<MigrationExecutor> {
    const recorder = new MigrationRecorder(connection)
    const loader = await MigrationLoader.load({ apps, applied: await recorder.appliedMigrations() })
    return new MigrationExecutor(connection, loader, progress)
  }

  /** Re-reads files and the applied set (after a migrate run). */
  async reload(): Promise<void> {
    this.loader = await MigrationLoader.load({
      apps: this.loader.apps,
      applied: await this.recorder.appliedMigrations(),
    })
  }

  /** The steps that reach `targets` from the applied set (or from nothing, `cleanStart`). */
  migrationPlan(targets: readonly MigrationTarget[], cleanStart = false): PlanStep[] {
    const { graph } = this.loader
    const plan: PlanStep[] = []
    const applied = new Set(cleanStart ? [] : this.loader.appliedMigrations.keys())
    const unapply = (start: MigrationKey): void => {
      for (const key of graph.backwardsPlan(start)) {
        if (applied.delete(keyId(key)))
          plan.push({ migration: graph.migration(key), backwards: true })
      }
    }
    for (const [app, name] of targets) {
      if (name === null) {
        for (const root of graph.rootNodes(app)) unapply(root)
      } else if (applied.has(keyId([app, name]))) {
        // Roll back only the target's successors in its own app: the dependencies in other
        // apps that they pulled in stay applied.
        for (const child of graph.children([app, name])) if (child[0] === app) unapply(child)
      } else {
        for (const key of graph.forwardsPlan([app, name])) {
          if (!applied.has(keyId(key))) {
            applied.add(keyId(key))
            plan.push({ migration: graph.migration(key), backwards: false })
          }
        }
      }
    }
    return plan
  }

  /** Every leaf of the graph: the default target of `migrate`. */
  allLeaves(): MigrationTarget[] {
    return this.loader.graph.leafNodes()
  }

  /**
   * Runs the plan to `targets` and returns the resulting project state. A plan mixing
   * forwards and backwards steps is refused (migrate one app at a time).
   */
  async migrate(
    targets: readonly MigrationTarget[],
    options: MigrateOptions & { plan?: readonly PlanStep[] } = {},
  ): Promise<ProjectState> {
    this.loader.checkConsistentHistory()
    const plan = options.plan ?? this.migrationPlan(targets)
    const forwards = plan.filter((step) => !step.backwards).length
    if (forwards > 0 && forwards < plan.length) {
      throw new MigrationTargetError(
        'This plan mixes forwards and backwards migrations; run one migrate command per ' +
          'direction (e.g. one app at a time).',
      )
    }
    if (plan.length > 0) await this.recorder.ensureSchema()
    const state =
      forwards > 0 || plan.length === 0
        ? await this.#migrateForwards(plan, options)
        : await this.#migrateBackwards(plan, options)
    await this.checkReplacements()
    await this.reload()
    return state
  }

  /**
   * Records each squashed migration whose replaced migrations are all recorded but which
   * has no row of its own yet.
   */
  async checkReplacements(): Promise<void> {
    const recorded = await this.recorder.appliedMigrations()
    for (const [id, migration] of this.loader.replacements) {
      if (recorded.has(id)) continue
      if (migration.replaces.every((key) => recorded.has(keyId(key)))) {
        await this.recorder.recordApplied(migration.key)
      }
    }
  }

  /** The rows a migration's record consists of: itself, and what it replaces. */
  #recordKeys(migration: Migration): MigrationKey[] {
    return [...migration.replaces, migration.key]
  }

  /** The state with every applied migration of the graph replayed. */
  #appliedState(): ProjectState {
    const state = new ProjectState()
    for (const step of this.migrationPlan(this.allLeaves(), true)) {
      if (this.loader.appliedMigrations.has(keyId(step.migration.key))) {
        step.migration.mutateState(state)
      }
    }
    return state
  }

  async #migrateForwards(
    plan: readonly PlanStep[],
    options: MigrateOptions,
  ): Promise<ProjectState> {
    let state = this.#appliedState()
    for (const { migration } of plan) {
      state = await this.applyMigration(state, migration, options)
    }
    return state
  }

  async #migrateBackwards(
    plan: readonly PlanStep[],
    options: MigrateOptions,
  ): Promise<ProjectState> {
    // The state just before each migration to undo, from a replay of the whole history.
    const toRun = new Set(plan.map((step) => keyId(step.migration.key)))
    const before = new Map<string, ProjectState>()
    let state = new ProjectState()
    for (const { migration } of this.migrationPlan(this.allLeaves(), true)) {
      if (toRun.size === 0) break
      const id = keyId(migration.key)
      if (toRun.has(id)) {
        before.set(id, state)
        state = migration.mutateState(state.clone())
        toRun.delete(id)
      } else if (this.loader.appliedMigrations.has(id)) {
        migration.mutateState(state)
      }
    }
    for (const { migration } of plan) {
      await this.unapplyMigration(before.get(keyId(migration.key))!, migration, options)
    }
    return this.#appliedState()
  }

  /** Applies one migration (or records it, with `fake`) and returns the state after it. */
  async applyMigration(
    state: ProjectState,
    migration: Migration,
    options: MigrateOptions = {},
  ): Promise<ProjectState> {
    this.#progress?.({ action: 'applyStart', migration })
    let fake = options.fake === true
    if (!fake && options.fakeInitial === true && (await this.#tablesExist(migration, state))) {
      fake = true
    }
    const record = async (): Promise<void> => {
      for (const key of this.#recordKeys(migration)) await this.recorder.recordApplied(key)
    }
    if (fake) {
      migration.mutateState(state)
      await record()
    } else {
      await this.#schemaEditor(
        async (backend) => {
          const editor = this.#editor(backend, false)
          await migration.apply(state, editor)
        },
        migration.atomic,
        record,
      )
    }
    const applied = new Date()
    for (const [app, name] of this.#recordKeys(migration)) {
      this.loader.appliedMigrations.set(keyId([app, name]), { app, name, applied })
    }
    this.#progress?.({ action: 'applySuccess', migration, fake })
    return state
  }

  /** Unapplies one migration given the state before it. */
  async unapplyMigration(
    stateBefore: ProjectState,
    migration: Migration,
    options: MigrateOptions = {},
  ): Promise<void> {
    this.#progress?.({ action: 'unapplyStart', migration })
    const fake = options.fake === true
    const unrecord = async (): Promise<void> => {
      for (const key of this.#recordKeys(migration)) await this.recorder.recordUnapplied(key)
    }
    if (fake) {
      await unrecord()
    } else {
      await this.#schemaEditor(
        async (backend) => {
          await migration.unapply(stateBefore, this.#editor(backend, false))
        },
        migration.atomic,
        unrecord,
      )
    }
    for (const key of this.#recordKeys(migration)) {
      this.loader.appliedMigrations.delete(keyId(key))
    }
    this.#progress?.({ action: 'unapplySuccess', migration, fake })
  }

  /**
   * The SQL each step would run, without running it (`sqlmigrate`): statements per step,
   * with `-- description` comments per operation.
   */
  async collectSql(plan: readonly PlanStep[]): Promise<string[]> {
    const statements: string[] = []
    for (const { migration, backwards } of plan) {
      const state = this.loader.projectState([migration.key], false)
      await this.connection.schemaEditor(
        async (backend) => {
          const editor = this.#editor(backend, true)
          if (backwards) {
            await migration.unapply(state, editor)
          } else {
            await migration.apply(state, editor)
          }
          statements.push(...editor.collectedSql)
        },
        { atomic: false, collectSql: true },
      )
    }
    return statements
  }

  /**
   * Runs `fn` in a schema-editor session (on SQLite the connection switches foreign key
   * enforcement off around it and checks integrity before the commit), then `record`: in
   * the same transaction when the session is one; otherwise (DDL that cannot roll back, as
   * on MySQL, or a non-atomic migration) once the session, deferred statements included,
   * has succeeded, so a migration that failed half-way is never recorded (Django's rule).
   */
  async #schemaEditor(
    fn: (backend: Parameters<Parameters<DatabaseWrapper['schemaEditor']>[0]>[0]) => Promise<void>,
    atomic: boolean,
    record: () => Promise<void>,
  ): Promise<void> {
    const inTransaction = atomic && this.connection.features.supportsTransactionalDdl
    await this.connection.schemaEditor(
      async (backend) => {
        await fn(backend)
        if (inTransaction) await record()
      },
      { atomic },
    )
    if (!inTransaction) await record()
  }

  #editor(
    backend: Parameters<Parameters<DatabaseWrapper['schemaEditor']>[0]>[0],
    collectSql: boolean,
  ): MigrationSchemaEditor {
    return new MigrationSchemaEditor(backend, {
      vendor: this.connection.vendor,
      alias: this.connection.alias,
      collectSql,
    })
  }

  /** `--fake-initial`: true when every table the migration creates is already there. */
  async #tablesExist(migration: Migration, state: ProjectState): Promise<boolean> {
    if (!migration.initial) return false
    const creates = migration.operations.filter(
      (op): op is CreateModel => op instanceof CreateModel,
    )
    if (creates.length === 0) return false
    const tables = new Set(await this.connection.tableNames())
    const after = migration.mutateState(state.clone())
    return creates.every((op) => tables.has(dbTableOf(after.getModel(migration.appLabel, op.name))))
  }
}
