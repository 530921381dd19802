/**
 * reinhardt/cli: run the `reinhardt` command line from code, and write commands.
 *
 * ```ts
 * // polls/apps.ts: an app command, run as `reinhardt closepoll 3`
 * import { defineApp } from 'reinhardt/apps'
 * import { defineCommand, CommandError } from 'reinhardt/cli'
 *
 * export default defineApp({
 *   name: 'polls',
 *   path: import.meta.dirname,
 *   commands: {
 *     closepoll: defineCommand({
 *       help: 'Closes the given poll.',
 *       usage: 'POLL_ID',
 *       run({ positionals }, { stdout }) {
 *         if (positionals.length !== 1) throw new CommandError('Give one poll id.')
 *         stdout.write(`Closed poll ${positionals[0]}\n`)
 *       },
 *     }),
 *   },
 * })
 * ```
 */
export {
  defineCommand,
  CommandError,
  UsageError,
  type Command,
  type CommandContext,
  type CommandOption,
  type ParsedArguments,
} from './command.js'
export { runCli } from './main.js'
export { builtinCommands } from './commands/index.js'
export { parseAddrport, type AddrPort } from './addrport.js'
