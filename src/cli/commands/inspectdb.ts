/**
 * `reinhardt inspectdb [table ...]`: prints model definitions for the tables of an
 * existing database (Django's `manage.py inspectdb`), for projects that start from a schema
 * rather than from models. Redirect the output into an app's models file and review it.
 */
import { reportingMigrationErrors, withConnection } from '../../db/migrations/command-support.js'
import { describeTable, listTables } from '../../db/migrations/introspection.js'
import { renderInspectedModels } from '../../db/migrations/inspect-models.js'
import { CommandError, defineCommand, UsageError, type CommandContext } from '../command.js'

export interface InspectdbOptions {
  tables?: readonly string[]
  database?: string
  appLabel?: string
}

/** Writes the generated models to stdout; returns the exit code. */
export async function inspectdb(
  options: InspectdbOptions,
  context: Pick<CommandContext, 'stdout'>,
): Promise<number> {
  const appLabel = options.appLabel ?? 'inspected'
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(appLabel)) {
    throw new UsageError(`--app-label '${appLabel}' must be a valid identifier.`)
  }
  return withConnection(options.database, async (connection) => {
    const available = await listTables(connection)
    const wanted =
      options.tables !== undefined && options.tables.length > 0 ? options.tables : available
    for (const table of wanted) {
      if (!available.includes(table)) {
        throw new CommandError(`Table '${table}' does not exist in database '${connection.alias}'.`)
      }
    }
    const tables = []
    for (const table of wanted) tables.push(await describeTable(connection, table))
    context.stdout.write(renderInspectedModels(tables, { appLabel }))
    return 0
  })
}

export const inspectdbCommand = defineCommand({
  help: 'Prints model definitions for the tables of an existing database.',
  usage: '[table ...]',
  options: {
    database: {
      type: 'string',
      valueName: 'ALIAS',
      help: "Database alias to inspect (default: 'default')",
    },
    'app-label': {
      type: 'string',
      valueName: 'LABEL',
      help: "App label the generated models declare (default: 'inspected')",
    },
  },
  async run(args, context) {
    return reportingMigrationErrors(() =>
      inspectdb(
        {
          tables: args.positionals,
          ...(typeof args.values.database === 'string' ? { database: args.values.database } : {}),
          ...(typeof args.values['app-label'] === 'string'
            ? { appLabel: args.values['app-label'] }
            : {}),
        },
        context,
      ),
    )
  },
})
