/**
 * Building the schema of a fresh test database, as Django's test runner does with
 * `migrate --run-syncdb`:
 *
 * 1. installed apps that have migrations are migrated to their latest migration by the
 *    migrations framework (reinhardt/db/migrations' MigrationExecutor);
 * 2. the models of every other app — apps without migrations, and models registered
 *    without an installed app (typical of test-only models) — get their tables created
 *    straight from the model classes by the schema editor, in one transaction.
 *
 * `models` replaces step 2's selection with an explicit list; `migrate: false` skips step 1
 * and creates every selected model's table from its class.
 */
import { apps } from '../apps/index.js'
import type { DatabaseWrapper } from '../db/backends/base/base.js'
import type { AnyModelClass } from '../db/models/model-types.js'
import { globalModelRegistry } from '../db/models/registry.js'

export interface TestSchemaOptions {
  /** Run the installed apps' migrations (default true when the app registry is ready). */
  migrate?: boolean
  /**
   * Models whose tables are created from their classes (default: every registered model of
   * an app without migrations). Models already created by migrations are skipped.
   */
  models?: readonly AnyModelClass[]
}

export interface TestSchemaReport {
  /** App labels brought up to date by migrations. */
  migratedApps: string[]
  /** Tables created from model classes. */
  createdTables: string[]
}

/** Creates the tables of the test database behind `connection`. */
export async function createTestSchema(
  connection: DatabaseWrapper,
  options: TestSchemaOptions = {},
): Promise<TestSchemaReport> {
  const migratedApps = new Set<string>()
  if ((options.migrate ?? true) && apps.ready) {
    const { MigrationExecutor } = await import('../db/migrations/index.js')
    const executor = await MigrationExecutor.create(connection, apps.getAppConfigs())
    for (const label of executor.loader.migratedApps) migratedApps.add(label)
    if (migratedApps.size > 0) await executor.migrate(executor.allLeaves())
  }
  const candidates = options.models ?? globalModelRegistry.getModels()
  const models = candidates.filter(
    (model) =>
      !migratedApps.has(model._meta.appLabel) &&
      model._meta.managed &&
      !model._meta.abstract &&
      !model._meta.autoCreated,
  )
  if (models.length > 0) {
    const existing = new Set(await connection.tableNames())
    const missing = models.filter((model) => !existing.has(model._meta.dbTable))
    await connection.schemaEditor(async (editor) => {
      for (const model of missing) await editor.createModel(model)
    })
    return {
      migratedApps: [...migratedApps],
      createdTables: missing.map((model) => model._meta.dbTable),
    }
  }
  return { migratedApps: [...migratedApps], createdTables: [] }
}
