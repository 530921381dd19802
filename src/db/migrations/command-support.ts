/**
 * Shared by the migration commands (migrate, showmigrations, sqlmigrate, inspectdb): the
 * database a command works on, chosen by `--database` among DATABASES, and closed when the
 * command is done so a PostgreSQL pool does not keep the process alive; and the mapping of
 * migration errors (a missing dependency, a bad file) to one-line CommandErrors.
 */
import { CommandError } from '../../cli/command.js'
import type { DatabaseWrapper } from '../backends/base/base.js'
import { connections } from '../connection.js'

/** Thrown for a `--database` alias that is not in DATABASES. */
export class UnknownDatabaseError extends Error {
  override name = 'UnknownDatabaseError'
}

/** Runs `fn` with the connection for `alias`, closing it afterwards. */
export async function withConnection<T>(
  alias: string | undefined,
  fn: (connection: DatabaseWrapper) => Promise<T>,
): Promise<T> {
  const name = alias ?? 'default'
  const databases = connections.databases
  if (!Object.hasOwn(databases, name)) {
    const known = Object.keys(databases)
    throw new UnknownDatabaseError(
      `The database '${name}' is not in DATABASES` +
        (known.length > 0
          ? ` (configured: ${known.join(', ')}).`
          : ' (no database is configured).'),
    )
  }
  const connection = connections.get(name)
  try {
    return await fn(connection)
  } finally {
    await connection.close()
  }
}

/** Errors a user fixes by editing files or arguments: printed as one line, no stack. */
const USER_ERRORS = new Set([
  'UnknownDatabaseError',
  'BadMigrationError',
  'NodeNotFoundError',
  'CircularDependencyError',
  'InconsistentMigrationHistory',
  'IrreversibleError',
  'MigrationTargetError',
  'InvalidStateError',
  'SquashError',
  'LookupError',
])

/** Runs a command body, turning migration errors into CommandError (exit 1, one line). */
export async function reportingMigrationErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof Error && !(error instanceof CommandError) && USER_ERRORS.has(error.name)) {
      throw new CommandError(error.message)
    }
    throw error
  }
}
