/**
 * `reinhardt showmigrations [app ...]`: lists each app's migrations with `[X]` for applied
 * and `[ ]` for unapplied ones (Django's `manage.py showmigrations`). `--plan` lists them in
 * the order `migrate` would apply them, with their dependencies.
 */
import { apps } from '../../apps/index.js'
import { keyId, MigrationExecutor } from '../../db/migrations/index.js'
import { reportingMigrationErrors, withConnection } from '../../db/migrations/command-support.js'
import { CommandError, defineCommand, type CommandContext } from '../command.js'

export interface ShowmigrationsOptions {
  appLabels?: readonly string[]
  plan?: boolean
  database?: string
}

/** Prints the migration list; returns the exit code. */
export async function showmigrations(
  options: ShowmigrationsOptions,
  context: Pick<CommandContext, 'stdout'>,
): Promise<number> {
  const out = (line: string): void => void context.stdout.write(`${line}\n`)
  return withConnection(options.database, async (connection) => {
    const executor = await MigrationExecutor.create(connection, apps.getAppConfigs())
    const { loader } = executor
    const { graph } = loader
    const applied = (key: readonly [string, string]): boolean =>
      loader.appliedMigrations.has(keyId(key))
    const labels = options.appLabels ?? []
    for (const label of labels) {
      try {
        apps.getAppConfig(label)
      } catch (error) {
        throw new CommandError((error as Error).message)
      }
    }

    if (options.plan === true) {
      const seen = new Set<string>()
      const wanted = labels.length === 0 ? null : new Set(labels)
      const leaves = graph.leafNodes().filter(([app]) => wanted === null || wanted.has(app))
      for (const leaf of leaves) {
        for (const key of graph.forwardsPlan(leaf)) {
          const id = keyId(key)
          if (seen.has(id)) continue
          seen.add(id)
          const parents = graph.parents(key).map(keyId)
          const deps = parents.length > 0 ? ` ... (${parents.join(', ')})` : ''
          out(`[${applied(key) ? 'X' : ' '}]  ${id}${deps}`)
        }
      }
      if (seen.size === 0) out('(no migrations)')
      return 0
    }

    const configs =
      labels.length === 0 ? apps.getAppConfigs() : labels.map((l) => apps.getAppConfig(l))
    for (const app of configs) {
      out(app.label)
      const names = graph.nodes().filter(([label]) => label === app.label)
      if (names.length === 0) {
        out(' (no migrations)')
        continue
      }
      // Dependency order within the app, as Django prints it.
      const ordered: string[] = []
      for (const leaf of graph.leafNodes(app.label)) {
        for (const key of graph.forwardsPlan(leaf)) {
          if (key[0] === app.label && !ordered.includes(key[1])) ordered.push(key[1])
        }
      }
      for (const name of ordered) {
        const migration = graph.migration([app.label, name])
        const squashed =
          migration.replaces.length > 0 ? ` (${migration.replaces.length} squashed migrations)` : ''
        // Applied through the migrations it replaces, but without its own row yet.
        const unrecorded = !loader.recordedMigrations.has(keyId([app.label, name]))
        if (applied([app.label, name]) && squashed !== '' && unrecorded) {
          out(` [-] ${name}${squashed} Run 'reinhardt migrate' to finish recording.`)
        } else out(` [${applied([app.label, name]) ? 'X' : ' '}] ${name}${squashed}`)
      }
    }
    return 0
  })
}

export const showmigrationsCommand = defineCommand({
  help: 'Lists the migrations of each app and whether they are applied.',
  usage: '[app_label ...]',
  options: {
    plan: { type: 'boolean', short: 'p', help: 'Show the migrations in the order they apply' },
    database: { type: 'string', valueName: 'ALIAS', help: "Database alias (default: 'default')" },
  },
  async run(args, context) {
    return reportingMigrationErrors(() =>
      showmigrations(
        {
          appLabels: args.positionals,
          plan: args.values.plan === true,
          ...(typeof args.values.database === 'string' ? { database: args.values.database } : {}),
        },
        context,
      ),
    )
  },
})
