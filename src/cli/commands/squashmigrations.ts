/**
 * `reinhardt squashmigrations app_label [start_migration_name] migration_name`: writes one
 * migration that replaces a range of an app's migrations (Django's
 * `manage.py squashmigrations`).
 *
 * The new file `<start>_squashed_<end>.ts` (or `0001_squashed_<end>.ts` from the app's first
 * migration; `--squashed-name` chooses the part after the number) holds the range's
 * operations, optimized unless `--no-optimize`, and `replaces` them: a new database runs
 * it instead of the originals, and a database that applied the originals carries on
 * (see `squashMigrations()` for the ranges it refuses). The migration files are read
 * without a database, as `makemigrations` reads them. On a terminal the command asks
 * before writing, unless `--noinput`.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { apps, type AppConfig } from '../../apps/index.js'
import {
  MigrationLoader,
  migrationFilePath,
  renderMigration,
  squashMigrations,
} from '../../db/migrations/index.js'
import { reportingMigrationErrors } from '../../db/migrations/command-support.js'
import { CommandError, defineCommand, UsageError, type CommandContext } from '../command.js'

export interface SquashmigrationsOptions {
  appLabel: string
  /** First migration of the range (name or prefix); default: the app's first. */
  startMigrationName?: string
  /** Last migration of the range (name or prefix). */
  migrationName: string
  squashedName?: string
  noOptimize?: boolean
  /** Ask nothing. Without it the question is asked only on a terminal. */
  noinput?: boolean
  /** Asks a yes/no question (tests); default: a prompt on the terminal. */
  confirm?: (question: string) => Promise<boolean>
}

/** Runs squashmigrations; returns the exit code. Exported for tests and scripts. */
export async function squashmigrations(
  options: SquashmigrationsOptions,
  context: Pick<CommandContext, 'stdout' | 'cwd'>,
): Promise<number> {
  const out = (line: string): void => void context.stdout.write(`${line}\n`)
  let app: AppConfig
  try {
    app = apps.getAppConfig(options.appLabel)
  } catch (error) {
    throw new CommandError((error as Error).message)
  }
  const loader = await MigrationLoader.load({ apps: apps.getAppConfigs() })
  const result = squashMigrations(loader, {
    appLabel: options.appLabel,
    end: options.migrationName,
    ...(options.startMigrationName !== undefined ? { start: options.startMigrationName } : {}),
    ...(options.squashedName !== undefined ? { squashedName: options.squashedName } : {}),
    optimize: options.noOptimize !== true,
  })
  const { migration } = result
  const file = migrationFilePath(app, migration.name)
  if (existsSync(file)) {
    throw new CommandError(`Migration ${migration.name} already exists. Use a different name.`)
  }

  out('Will squash the following migrations:')
  for (const squashed of result.squashed) out(` - ${squashed.name}`)
  const confirm =
    options.confirm ??
    (options.noinput !== true && process.stdin.isTTY === true ? askOnTerminal(context) : null)
  if (confirm !== null && !(await confirm('Do you wish to proceed? [y/N] '))) return 0

  if (options.noOptimize === true) {
    out('(Skipping optimization.)')
  } else {
    out('Optimizing...')
    out(
      migration.operations.length === result.operationCount
        ? '  No optimizations possible.'
        : `  Optimized from ${result.operationCount} operations to ` +
            `${migration.operations.length} operations.`,
    )
  }
  writeFileSync(file, renderMigration(migration), { flag: 'wx' })
  out(`Created new squashed migration ${relative(context.cwd, file) || file}`)
  out('  You should commit this migration but leave the old ones in place;')
  out('  the new migration will be used for new installs. Once you are sure')
  out('  all instances of the codebase have applied the migrations you squashed,')
  out('  you can delete them.')
  if (result.copiesFunctions) {
    out('Manual porting may be required')
    out('  The squashed migration copies RunJS functions by their source. Check that')
    out('  they use nothing imported or defined elsewhere in the original files.')
  }
  return 0
}

/** A `[y/N]` prompt on stdin; anything but y/yes is "no". */
function askOnTerminal(context: Pick<CommandContext, 'stdout'>) {
  return async (question: string): Promise<boolean> => {
    const rl = createInterface({ input: process.stdin, output: context.stdout })
    try {
      const answer = (await rl.question(question)).trim().toLowerCase()
      return answer === 'y' || answer === 'yes'
    } finally {
      rl.close()
    }
  }
}

export const squashmigrationsCommand = defineCommand({
  help: "Squashes a range of an app's migrations into one new migration.",
  usage: 'app_label [start_migration_name] migration_name',
  options: {
    'no-optimize': { type: 'boolean', help: 'Do not try to optimize the squashed operations' },
    noinput: { type: 'boolean', help: 'Do not ask before writing the migration' },
    'no-input': { type: 'boolean', help: 'Same as --noinput' },
    'squashed-name': {
      type: 'string',
      valueName: 'NAME',
      help: 'Name of the new squashed migration (after the number)',
    },
  },
  async run(args, context) {
    const positionals = args.positionals
    if (positionals.length < 2 || positionals.length > 3) {
      throw new UsageError(
        'squashmigrations takes an app label, an optional start migration and a migration name.',
      )
    }
    const [appLabel, first, second] = positionals as [string, string, string | undefined]
    const flag = (name: string): boolean => args.values[name] === true
    const squashedName = args.values['squashed-name']
    return reportingMigrationErrors(() =>
      squashmigrations(
        {
          appLabel,
          ...(second === undefined
            ? { migrationName: first }
            : { startMigrationName: first, migrationName: second }),
          ...(typeof squashedName === 'string' ? { squashedName } : {}),
          noOptimize: flag('no-optimize'),
          noinput: flag('noinput') || flag('no-input'),
        },
        context,
      ),
    )
  },
})
