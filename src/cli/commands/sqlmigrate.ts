/**
 * `reinhardt sqlmigrate app_label migration_name`: prints the SQL a migration runs, without
 * running it (Django's `manage.py sqlmigrate`). `--backwards` prints the SQL that undoes
 * it. The connection is used only to know the dialect and, for SQLite table rebuilds,
 * nothing is changed. Atomic migrations are wrapped in BEGIN / COMMIT as they run.
 */
import { apps } from '../../apps/index.js'
import { MigrationExecutor } from '../../db/migrations/index.js'
import { reportingMigrationErrors, withConnection } from '../../db/migrations/command-support.js'
import { CommandError, defineCommand, UsageError, type CommandContext } from '../command.js'

export interface SqlmigrateOptions {
  appLabel: string
  name: string
  backwards?: boolean
  database?: string
}

/** Prints the SQL of one migration; returns the exit code. */
export async function sqlmigrate(
  options: SqlmigrateOptions,
  context: Pick<CommandContext, 'stdout'>,
): Promise<number> {
  try {
    apps.getAppConfig(options.appLabel)
  } catch (error) {
    throw new CommandError((error as Error).message)
  }
  return withConnection(options.database, async (connection) => {
    const executor = await MigrationExecutor.create(connection, apps.getAppConfigs())
    if (!executor.loader.migratedApps.has(options.appLabel)) {
      throw new CommandError(`App '${options.appLabel}' does not have migrations.`)
    }
    const migration = executor.loader.getMigrationByPrefix(options.appLabel, options.name)
    const backwards = options.backwards === true
    const statements = await executor.collectSql([{ migration, backwards }])
    const transactional = migration.atomic && connection.features.supportsTransactionalDdl
    const lines = transactional ? ['BEGIN;', ...statements, 'COMMIT;'] : statements
    if (statements.every((line) => line.startsWith('--'))) lines.push('-- (no-op)')
    context.stdout.write(`${lines.join('\n')}\n`)
    return 0
  })
}

export const sqlmigrateCommand = defineCommand({
  help: 'Prints the SQL statements of a migration.',
  usage: 'app_label migration_name',
  options: {
    backwards: { type: 'boolean', help: 'Print the SQL that unapplies the migration' },
    database: { type: 'string', valueName: 'ALIAS', help: "Database alias (default: 'default')" },
  },
  async run(args, context) {
    const [appLabel, name, ...extra] = args.positionals
    if (appLabel === undefined || name === undefined || extra.length > 0) {
      throw new UsageError('sqlmigrate takes an app label and a migration name.')
    }
    return reportingMigrationErrors(() =>
      sqlmigrate(
        {
          appLabel,
          name,
          backwards: args.values.backwards === true,
          ...(typeof args.values.database === 'string' ? { database: args.values.database } : {}),
        },
        context,
      ),
    )
  },
})
