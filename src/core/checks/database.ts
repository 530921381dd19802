/**
 * Database checks (tag `database`), Django's check_database_backends: they only run when
 * the caller names the databases they may touch (`check --database default`), because
 * opening a connection is slow, needs the server to be up, and may create an SQLite file.
 * `runserver`, `serve` and a plain `check` pass none, so this costs them nothing.
 *
 * - database.E001 the connection to an alias cannot be opened (or the alias is unknown)
 *
 * Each alias gets its own short-lived connection built from the checked settings (not the
 * process-wide `connections`, which belong to the running code), closed afterwards. The db
 * layer is imported only when a database is checked, so importing the checks stays cheap.
 */
import { CheckError, type CheckMessage } from './messages.js'
import { register, Tags, type CheckContext } from './registry.js'

/** How long opening a connection may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 10_000

/** database.E001: every alias in `databases` is configured and answers `SELECT 1`. */
export async function checkDatabaseConnections({
  settings,
  databases,
}: CheckContext): Promise<CheckMessage[]> {
  if (databases === null || databases.length === 0) return []
  const { createConnection } = await import('../../db/connection.js')
  const messages: CheckMessage[] = []
  for (const alias of databases) {
    const obj = `DATABASES['${alias}']`
    const config = Object.hasOwn(settings.DATABASES, alias) ? settings.DATABASES[alias] : undefined
    if (config === undefined) {
      const known = Object.keys(settings.DATABASES)
      messages.push(
        new CheckError(`The database alias '${alias}' is not in DATABASES.`, {
          id: 'database.E001',
          obj,
          hint:
            known.length === 0
              ? 'No database is configured.'
              : `Configured aliases: ${known.join(', ')}.`,
        }),
      )
      continue
    }
    let timer: NodeJS.Timeout | undefined
    try {
      const wrapper = createConnection(alias, config)
      try {
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
            CONNECT_TIMEOUT_MS,
          )
        })
        await Promise.race([wrapper.execute('SELECT 1'), timeout])
      } finally {
        clearTimeout(timer)
        await wrapper.close().catch(() => undefined)
      }
    } catch (error) {
      messages.push(
        new CheckError(
          `Cannot connect to the database '${alias}' (${String(config.ENGINE)}): ` +
            `${error instanceof Error ? error.message : String(error)}`,
          {
            id: 'database.E001',
            obj,
            hint: 'Check ENGINE, NAME, HOST, PORT, USER and PASSWORD, and that the server is up.',
          },
        ),
      )
    }
  }
  return messages
}

register(checkDatabaseConnections, { tags: [Tags.database] })
