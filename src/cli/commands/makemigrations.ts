/**
 * `reinhardt makemigrations [app ...]`: writes new migration files for model changes
 * (Django's `manage.py makemigrations`).
 *
 * The state built from the existing migration files is compared with the live models;
 * each app with changes gets one new `<app>/migrations/NNNN_name.ts`. Renames are asked on a
 * terminal or given as `--rename app.Model.old=new` / `--rename app.Model=NewModel`;
 * without either, a rename is written as a removal plus an addition. `--check` writes
 * nothing and exits 1 when migrations are missing (for CI). An app gets its first
 * migration when it is named on the command line or already has a `migrations` directory.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { apps } from '../../apps/index.js'
import {
  liveProjectState,
  Migration,
  MigrationAutodetector,
  MigrationLoader,
  migrationFilePath,
  migrationsDirectory,
  InteractiveQuestioner,
  NonInteractiveQuestioner,
  parseRenameHint,
  QuestionerAbort,
  renderMigration,
  type MigrationQuestioner,
  type RenameHint,
} from '../../db/migrations/index.js'
import { reportingMigrationErrors } from '../../db/migrations/command-support.js'
import { CommandError, defineCommand, UsageError, type CommandContext } from '../command.js'

export interface MakemigrationsOptions {
  appLabels?: readonly string[]
  name?: string
  empty?: boolean
  dryRun?: boolean
  check?: boolean
  merge?: boolean
  /** Questioner to use; default: interactive on a TTY unless `noinput`. */
  questioner?: MigrationQuestioner
  renames?: readonly RenameHint[]
  noinput?: boolean
  /** Clock for auto names (tests). */
  now?: Date
}

/** Runs makemigrations; returns the exit code. Exported for tests and scripts. */
export async function makemigrations(
  options: MakemigrationsOptions,
  context: Pick<CommandContext, 'stdout' | 'stderr' | 'cwd'>,
): Promise<number> {
  const labels = options.appLabels ?? []
  for (const label of labels) {
    try {
      apps.getAppConfig(label)
    } catch (error) {
      throw new CommandError((error as Error).message)
    }
  }
  if (options.name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) {
    throw new UsageError(
      `--name '${options.name}' must be a valid identifier (letters, digits, _).`,
    )
  }
  const configs = apps.getAppConfigs()
  const loader = await MigrationLoader.load({ apps: configs })
  const display = (file: string): string => relative(context.cwd, file) || file

  const conflicts = [...loader.detectConflicts()].filter(
    ([app]) => labels.length === 0 || labels.includes(app),
  )
  if (conflicts.length > 0 && options.merge !== true) {
    const list = conflicts.map(([app, names]) => `${names.join(', ')} in ${app}`).join('; ')
    throw new CommandError(
      `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}).\n` +
        "To fix them run 'reinhardt makemigrations --merge'",
    )
  }
  if (options.merge === true) {
    if (conflicts.length === 0) {
      context.stdout.write('No conflicts detected to merge.\n')
      return 0
    }
    for (const [app, leaves] of conflicts) {
      const number = Math.max(...leaves.map((leaf) => Number(/^\d+/.exec(leaf)?.[0] ?? 0))) + 1
      const suffix = leaves
        .map((leaf) => leaf.replace(/^\d+_/, ''))
        .sort()
        .join('_')
      const name =
        options.name ??
        (suffix.length <= 47 ? `merge_${suffix}` : `merge_${Date.now().toString(36)}`)
      const migration = new Migration({ dependencies: leaves.map((leaf) => [app, leaf] as const) })
      const file = migrationFilePath(
        apps.getAppConfig(app),
        `${String(number).padStart(4, '0')}_${name}`,
      )
      if (options.dryRun !== true) writeNew(file, renderMigration(migration))
      context.stdout.write(`Created new merge migration ${display(file)}\n`)
    }
    return 0
  }

  if (options.empty === true) {
    if (labels.length === 0) {
      throw new UsageError('You must supply at least one app label when using --empty.')
    }
    for (const label of labels) {
      const leaf = loader.graph.leafNodes(label).at(-1)
      const number = leaf === undefined ? 1 : Number(/^\d+/.exec(leaf[1])?.[0] ?? 0) + 1
      const migration = new Migration({
        initial: leaf === undefined,
        dependencies: leaf === undefined ? [] : [leaf],
      })
      const name = `${String(number).padStart(4, '0')}_${options.name ?? (leaf === undefined ? 'initial' : migration.suggestName(options.now))}`
      const file = migrationFilePath(apps.getAppConfig(label), name)
      if (options.dryRun !== true) writeNew(file, renderMigration(migration))
      context.stdout.write(`Migrations for '${label}':\n  ${display(file)}\n`)
    }
    return 0
  }

  const questioner =
    options.questioner ??
    (options.noinput !== true && process.stdin.isTTY === true
      ? new InteractiveQuestioner({
          input: process.stdin,
          output: context.stdout,
          renames: options.renames ?? [],
        })
      : new NonInteractiveQuestioner(options.renames ?? []))
  let changes: Map<string, Migration[]>
  try {
    const autodetector = new MigrationAutodetector(
      loader.projectState(),
      liveProjectState(apps),
      questioner,
    )
    changes = await autodetector.changes(loader.graph, {
      ...(labels.length > 0 ? { appLabels: labels } : {}),
      mayCreateInitial: (app) => labels.includes(app) || loader.migratedApps.has(app),
      ...(options.name !== undefined ? { migrationName: options.name } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
    })
  } catch (error) {
    if (error instanceof QuestionerAbort) throw new CommandError(error.message, 3)
    throw error
  } finally {
    questioner.close?.()
  }

  if (changes.size === 0) {
    const scope =
      labels.length === 1
        ? ` in app '${labels[0]}'`
        : labels.length > 1
          ? ` in apps '${labels.join("', '")}'`
          : ''
    context.stdout.write(`No changes detected${scope}\n`)
    if (labels.length === 0) {
      const waiting = configs.filter(
        (app) => loader.unmigratedApps.has(app.label) && apps.getModels(app.label).length > 0,
      )
      for (const app of waiting) {
        context.stdout.write(
          `  App '${app.label}' has models but no migrations directory: run ` +
            `'reinhardt makemigrations ${app.label}' to create its first migration.\n`,
        )
      }
    }
    return 0
  }

  for (const [app, migrations] of changes) {
    context.stdout.write(`Migrations for '${app}':\n`)
    for (const migration of migrations) {
      const file = migrationFilePath(apps.getAppConfig(app), migration.name)
      context.stdout.write(`  ${display(file)}\n`)
      for (const operation of migration.operations) {
        context.stdout.write(`    - ${operation.describe()}\n`)
      }
      if (options.check !== true && options.dryRun !== true) {
        mkdirSync(migrationsDirectory(apps.getAppConfig(app)), { recursive: true })
        writeNew(file, renderMigration(migration))
      }
    }
  }
  return options.check === true ? 1 : 0
}

function writeNew(file: string, source: string): void {
  if (existsSync(file)) {
    throw new CommandError(
      `${file} already exists; not overwriting it. Use --name to choose another name.`,
    )
  }
  writeFileSync(file, source, { flag: 'wx' })
}

export const makemigrationsCommand = defineCommand({
  help: 'Creates new migrations from the changes to your models.',
  usage: '[app_label ...]',
  options: {
    name: {
      type: 'string',
      short: 'n',
      valueName: 'NAME',
      help: 'Name of the migration (after the number)',
    },
    empty: { type: 'boolean', help: 'Create an empty migration (for RunSQL / RunJS)' },
    'dry-run': { type: 'boolean', help: 'Show what would be written, write nothing' },
    check: {
      type: 'boolean',
      help: 'Exit with status 1 if model changes are missing from migrations',
    },
    merge: { type: 'boolean', help: 'Write a merge migration for conflicting leaf migrations' },
    noinput: { type: 'boolean', help: 'Ask nothing (renames only from --rename)' },
    'no-input': { type: 'boolean', help: 'Same as --noinput' },
    rename: {
      type: 'string',
      multiple: true,
      valueName: 'app.Model[.field]=new',
      help: 'Answer a rename question: app.Model=NewModel or app.Model.oldField=newField',
    },
  },
  async run(args, context) {
    let renames: RenameHint[]
    try {
      const given = args.values.rename
      renames = (Array.isArray(given) ? given : []).map((text) => parseRenameHint(String(text)))
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    const flag = (name: string): boolean => args.values[name] === true
    return reportingMigrationErrors(() =>
      makemigrations(
        {
          appLabels: args.positionals,
          ...(typeof args.values.name === 'string' ? { name: args.values.name } : {}),
          empty: flag('empty'),
          dryRun: flag('dry-run'),
          check: flag('check'),
          merge: flag('merge'),
          noinput: flag('noinput') || flag('no-input'),
          renames,
        },
        context,
      ),
    )
  },
})
