/**
 * `reinhardt/db/migrations`: what migration files import (Migration and the operations),
 * and the machinery the `makemigrations` / `migrate` / `showmigrations` / `sqlmigrate` /
 * `squashmigrations` commands are built from, for projects that drive migrations from code
 * (test set-up, deployment scripts).
 *
 * ```ts
 * import { Migration, CreateModel } from 'reinhardt/db/migrations'
 * import { BigAutoField, CharField } from 'reinhardt/db'
 *
 * export default new Migration({
 *   initial: true,
 *   dependencies: [],
 *   operations: [
 *     new CreateModel({
 *       name: 'Question',
 *       fields: [
 *         ['id', new BigAutoField()],
 *         ['questionText', new CharField({ maxLength: 200 })],
 *       ],
 *     }),
 *   ],
 * })
 * ```
 */
export { Migration, type MigrationOptions } from './migration.js'
export * from './operations/index.js'
export {
  ModelState,
  ProjectState,
  type ModelStateOptions,
  type NamedSchemaObject,
} from './state.js'
export { MigrationGraph, keyId, type MigrationKey } from './graph.js'
export {
  MigrationLoader,
  listMigrationFiles,
  migrationsDirectory,
  type MigrationLoaderOptions,
} from './loader.js'
export { MigrationRecorder, MIGRATIONS_TABLE, type AppliedMigration } from './recorder.js'
export {
  MigrationExecutor,
  type MigrateOptions,
  type MigrationProgress,
  type MigrationTarget,
  type PlanStep,
} from './executor.js'
export { MigrationAutodetector, type ChangesOptions } from './autodetector.js'
export {
  InteractiveQuestioner,
  NonInteractiveQuestioner,
  QuestionerAbort,
  parseRenameHint,
  type MigrationQuestioner,
  type RenameHint,
} from './questioner.js'
export { renderMigration, migrationFilePath } from './writer.js'
export { MigrationOptimizer } from './optimizer.js'
export { squashMigrations, type SquashOptions, type SquashResult } from './squash.js'
export { liveProjectState } from './live-state.js'
export type { SchemaEditor, ModelRef, FieldRef } from './schema.js'
export type { HistoricalApps, HistoricalModel } from './orm-adapter.js'
export {
  BadMigrationError,
  CircularDependencyError,
  ConflictingMigrationsError,
  InconsistentMigrationHistory,
  InvalidStateError,
  IrreversibleError,
  MigrationTargetError,
  NodeNotFoundError,
  SquashError,
} from './exceptions.js'
