/**
 * `reinhardt help [command]`: lists the commands, grouped by where they come from (the
 * built-ins, then each installed app's), or shows one command's usage and options.
 *
 * App commands are listed only when a settings module is at hand; if loading it fails, the
 * built-ins are listed with a note saying why, as Django does.
 */
import { isConfigured } from '../../conf/settings.js'
import { setup } from '../../conf/setup.js'
import { defineCommand, UsageError, type CommandContext } from '../command.js'
import { appCommandEntries, builtinEntries } from '../command-registry.js'
import { formatCommandHelp, formatCommandList, type CommandEntry } from '../usage.js'

export const help = defineCommand({
  help: 'Lists the commands, or shows the usage of one.',
  usage: '[command]',
  requiresSettings: false,
  async run(args, context) {
    if (args.positionals.length > 1) throw new UsageError('help takes at most one command name.')
    const { entries, note } = await allCommands(context)
    const wanted = args.positionals[0]
    if (wanted === undefined) {
      context.stdout.write(formatCommandList(context.programName, entries, note))
      return 0
    }
    const entry = entries.find((candidate) => candidate.name === wanted)
    if (entry === undefined) {
      context.stderr.write(
        `Unknown command: '${wanted}'. Type '${context.programName} help' for usage.\n`,
      )
      return 2
    }
    context.stdout.write(formatCommandHelp(context.programName, wanted, entry.command))
    return 0
  },
})

async function allCommands(
  context: CommandContext,
): Promise<{ entries: CommandEntry[]; note?: string }> {
  const builtins = builtinEntries()
  if (context.settingsModule === undefined && !isConfigured()) {
    return { entries: builtins }
  }
  try {
    await setup({ settingsModule: context.settingsModule, cwd: context.cwd })
  } catch (error) {
    return {
      entries: builtins,
      note:
        "Note that only reinhardt's own commands are listed as settings are not properly " +
        `configured (error: ${(error as Error).message}).`,
    }
  }
  const fromApps = appCommandEntries()
  const replaced = new Set(fromApps.map((entry) => entry.name))
  return { entries: [...builtins.filter((entry) => !replaced.has(entry.name)), ...fromApps] }
}
