/**
 * Usage text: the command list of `reinhardt help` (grouped by where each command comes
 * from, as Django's `manage.py help` does) and the synopsis and options of one command.
 */
import type { Command, CommandOption } from './command.js'

/** Options every command accepts; main.ts reads them before dispatching. */
export const GLOBAL_OPTIONS: Readonly<Record<string, CommandOption>> = {
  settings: {
    type: 'string',
    valueName: 'MODULE',
    help: 'Settings module (a file path like ./mysite/settings.ts, or a package specifier); default: REINHARDT_SETTINGS_MODULE',
  },
  traceback: { type: 'boolean', help: 'Print the stack trace of a CommandError too' },
  'no-color': { type: 'boolean', help: "Don't colour the output" },
  help: { type: 'boolean', short: 'h', help: 'Show this help and exit' },
}

/** A command and where it was found ('reinhardt' for the built-ins, else an app label). */
export interface CommandEntry {
  readonly name: string
  readonly command: Command
  readonly source: string
}

/** `reinhardt help` with no argument: every command, grouped by its source. */
export function formatCommandList(
  programName: string,
  entries: readonly CommandEntry[],
  note?: string,
): string {
  const lines = [
    `Usage: ${programName} <command> [options] [args]`,
    '',
    `Type '${programName} help <command>' for help on a specific command.`,
    '',
    'Available commands:',
  ]
  const groups = new Map<string, CommandEntry[]>()
  for (const entry of entries) {
    let group = groups.get(entry.source)
    if (group === undefined) groups.set(entry.source, (group = []))
    group.push(entry)
  }
  const width = Math.max(...entries.map((entry) => entry.name.length))
  for (const [source, group] of groups) {
    lines.push('', `[${source}]`)
    for (const entry of group.sort((a, b) => a.name.localeCompare(b.name))) {
      lines.push(`    ${entry.name.padEnd(width)}  ${entry.command.help}`)
    }
  }
  if (note !== undefined) lines.push('', note)
  return lines.join('\n') + '\n'
}

/** The synopsis line of one command. */
export function formatUsageLine(programName: string, name: string, command: Command): string {
  const options = Object.keys(command.options ?? {}).length > 0 ? ' [options]' : ''
  const args = command.usage === undefined ? '' : ` ${command.usage}`
  return `Usage: ${programName} ${name}${options}${args}`
}

/** `reinhardt help <command>`: synopsis, description, the command's and global options. */
export function formatCommandHelp(programName: string, name: string, command: Command): string {
  const lines = [formatUsageLine(programName, name, command), '', command.help]
  const own = Object.entries(command.options ?? {})
  if (own.length > 0) lines.push('', 'Options:', ...formatOptions(own))
  lines.push('', 'Global options:', ...formatOptions(Object.entries(GLOBAL_OPTIONS)))
  return lines.join('\n') + '\n'
}

function formatOptions(options: [string, CommandOption][]): string[] {
  const rows = options.map(([name, option]) => {
    const value = option.type === 'string' ? ` ${option.valueName ?? 'VALUE'}` : ''
    const short = option.short === undefined ? '' : `-${option.short}, `
    const repeat = option.multiple === true ? ' (repeatable)' : ''
    return [`${short}--${name}${value}`, `${option.help ?? ''}${repeat}`] as const
  })
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`.trimEnd())
}
