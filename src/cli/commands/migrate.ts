/**
 * `reinhardt migrate [app_label] [migration_name|zero]`: brings the database's schema to
 * the state of the migration files, or of one migration (Django's `manage.py migrate`).
 *
 * Without arguments every app is migrated to its latest migration; with an app, that app
 * only; with a migration name (or a unique prefix such as `0002`), forwards or backwards to
 * it; `zero` unapplies all of the app's migrations. `--plan` prints what would run;
 * `--fake` records without touching the schema; `--fake-initial` fakes initial migrations
 * whose tables already exist. Each migration runs in its own transaction.
 */
import { apps } from '../../apps/index.js'
import {
  liveProjectState,
  MigrationAutodetector,
  MigrationExecutor,
  NonInteractiveQuestioner,
  type MigrationProgress,
  type MigrationTarget,
} from '../../db/migrations/index.js'
import { reportingMigrationErrors, withConnection } from '../../db/migrations/command-support.js'
import { CommandError, defineCommand, UsageError, type CommandContext } from '../command.js'

export interface MigrateOptions {
  appLabel?: string
  /** Migration name, unique prefix, or 'zero'. */
  target?: string
  database?: string
  plan?: boolean
  fake?: boolean
  fakeInitial?: boolean
  /** Exit 1 if unapplied migrations exist, without applying them (`--check`). */
  check?: boolean
}

/** Runs migrate; returns the exit code. Exported for tests and scripts. */
export async function migrate(
  options: MigrateOptions,
  context: Pick<CommandContext, 'stdout' | 'stderr'>,
): Promise<number> {
  const out = (line: string): void => void context.stdout.write(`${line}\n`)
  return withConnection(options.database, async (connection) => {
    const progress = (event: MigrationProgress): void => {
      const id = `${event.migration.appLabel}.${event.migration.name}`
      if (event.action === 'applySuccess' || event.action === 'unapplySuccess') {
        context.stdout.write(event.fake ? ' FAKED\n' : ' OK\n')
      } else {
        const verb = event.action === 'applyStart' ? 'Applying' : 'Unapplying'
        context.stdout.write(`  ${verb} ${id}...`)
      }
    }
    const executor = await MigrationExecutor.create(connection, apps.getAppConfigs(), progress)
    const { loader } = executor
    loader.checkConsistentHistory()
    const conflicts = [...loader.detectConflicts()]
    if (conflicts.length > 0) {
      const list = conflicts.map(([app, names]) => `${names.join(', ')} in ${app}`).join('; ')
      throw new CommandError(
        `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}).\n` +
          "To fix them run 'reinhardt makemigrations --merge'",
      )
    }

    let targets: MigrationTarget[]
    let scope: string
    if (options.appLabel !== undefined) {
      const label = options.appLabel
      try {
        apps.getAppConfig(label)
      } catch (error) {
        throw new CommandError((error as Error).message)
      }
      if (!loader.migratedApps.has(label)) {
        throw new CommandError(`App '${label}' does not have migrations.`)
      }
      if (options.target === undefined) {
        targets = loader.graph.leafNodes(label)
        scope = `  Apply all migrations: ${label}`
      } else if (options.target === 'zero') {
        targets = [[label, null]]
        scope = `  Unapply all migrations: ${label}`
      } else {
        let name: string
        try {
          name = loader.getMigrationByPrefix(label, options.target).name
        } catch (error) {
          throw new CommandError((error as Error).message)
        }
        targets = [[label, name]]
        scope = `  Target specific migration: ${name}, from ${label}`
      }
    } else {
      targets = executor.allLeaves()
      scope = `  Apply all migrations: ${[...loader.migratedApps].sort().join(', ') || '(none)'}`
    }

    const plan = executor.migrationPlan(targets)
    if (options.check === true) {
      if (plan.length > 0) {
        out(`${plan.length} migration(s) to ${plan[0]!.backwards ? 'unapply' : 'apply'}.`)
        return 1
      }
      return 0
    }
    if (options.plan === true) {
      out('Planned operations:')
      if (plan.length === 0) out('  No planned migration operations.')
      for (const { migration, backwards } of plan) {
        out(`${migration.appLabel}.${migration.name}`)
        for (const operation of migration.operations) {
          const irreversible = backwards && !operation.reversible ? ' -> IRREVERSIBLE' : ''
          out(`    ${backwards ? 'Undo ' : ''}${operation.describe()}${irreversible}`)
        }
      }
      return 0
    }

    out('Operations to perform:')
    out(scope)
    out('Running migrations:')
    if (plan.length === 0) out('  No migrations to apply.')
    try {
      await executor.migrate(targets, {
        plan,
        fake: options.fake === true,
        fakeInitial: options.fakeInitial === true,
      })
    } catch (error) {
      context.stdout.write(' FAILED\n')
      throw error
    }
    if (plan.length === 0 || plan.every((step) => !step.backwards)) {
      await warnAboutMissingMigrations(executor, context)
    }
    return 0
  })
}

/**
 * Answers every question without asking or failing: only *whether* an app has changes
 * matters for the warning, not what a migration would contain.
 */
class WarningQuestioner extends NonInteractiveQuestioner {
  override async askNotNullAddition(): Promise<unknown> {
    return null
  }
}

/** Django's "Your models have changes that are not yet reflected in a migration". */
async function warnAboutMissingMigrations(
  executor: MigrationExecutor,
  context: Pick<CommandContext, 'stdout'>,
): Promise<void> {
  const { loader } = executor
  const detector = new MigrationAutodetector(
    loader.projectState(),
    liveProjectState(apps),
    new WarningQuestioner(),
  )
  const changes = await detector.changes(loader.graph, {
    mayCreateInitial: (app) => loader.migratedApps.has(app),
  })
  const changed = [...changes.keys()]
  if (changed.length === 0) return
  context.stdout.write(
    `  Your models in app(s): ${changed.map((app) => `'${app}'`).join(', ')} have changes ` +
      "that are not yet reflected in a migration, and so won't be applied.\n" +
      "  Run 'reinhardt makemigrations' to make new migrations, and then re-run " +
      "'reinhardt migrate' to apply them.\n",
  )
}

export const migrateCommand = defineCommand({
  help: 'Updates the database schema to the migration files (forwards or backwards).',
  usage: '[app_label] [migration_name|zero]',
  options: {
    database: {
      type: 'string',
      valueName: 'ALIAS',
      help: "Database alias to migrate (default: 'default')",
    },
    plan: { type: 'boolean', help: 'Show the operations that would run, run nothing' },
    fake: { type: 'boolean', help: 'Mark migrations as applied/unapplied without running them' },
    'fake-initial': {
      type: 'boolean',
      help: 'Mark initial migrations as applied when their tables already exist',
    },
    check: { type: 'boolean', help: 'Exit with status 1 when there are unapplied migrations' },
    noinput: {
      type: 'boolean',
      help: 'Ask nothing (migrate never asks; accepted for Django parity)',
    },
  },
  async run(args, context) {
    if (args.positionals.length > 2) {
      throw new UsageError('migrate takes at most an app label and a migration name.')
    }
    const [appLabel, target] = args.positionals
    return reportingMigrationErrors(() =>
      migrate(
        {
          ...(appLabel !== undefined ? { appLabel } : {}),
          ...(target !== undefined ? { target } : {}),
          ...(typeof args.values.database === 'string' ? { database: args.values.database } : {}),
          plan: args.values.plan === true,
          fake: args.values.fake === true,
          fakeInitial: args.values['fake-initial'] === true,
          check: args.values.check === true,
        },
        context,
      ),
    )
  },
})
