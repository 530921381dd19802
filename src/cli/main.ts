/**
 * The `reinhardt` command line (Django's ManagementUtility).
 *
 * `runCli(argv)` finds the command name (the first argument that is not an option),
 * parses the rest with node:util parseArgs against the command's options plus the global
 * ones (`--settings`, `--traceback`, `--no-color`, `--help`), loads the settings (see
 * settings-module.ts for how the module is chosen) and
 * populates the apps when the command needs them, and runs it. App commands
 * (`defineApp({ commands })`) are found after set-up; as in Django, an app's command
 * replaces a built-in of the same name, and the first app in INSTALLED_APPS wins.
 *
 * Exit codes: what the command returns (0 by default), 1 for CommandError and other
 * failures, 2 for usage errors (unknown command, bad option, wrong arguments).
 */
import { parseArgs } from 'node:util'
import { isConfigured } from '../conf/settings.js'
import { setup, SETTINGS_MODULE_ENV } from '../conf/setup.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import {
  CommandError,
  UsageError,
  type Command,
  type CommandContext,
  type CommandOption,
  type ParsedArguments,
} from './command.js'
import { appCommandEntries, BUILTIN_SOURCE, builtinEntries } from './command-registry.js'
import { builtinCommands } from './commands/index.js'
import { settingsFromPackageJson } from './settings-module.js'
import {
  formatCommandHelp,
  formatCommandList,
  formatUsageLine,
  GLOBAL_OPTIONS,
  type CommandEntry,
} from './usage.js'

/**
 * Runs the CLI with `argv` (without node and the script) and resolves to the exit code.
 *
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2))
 * ```
 */
export async function runCli(
  argv: readonly string[],
  overrides: Partial<CommandContext> = {},
): Promise<number> {
  const env = overrides.env ?? process.env
  const base: CommandContext = {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    cwd: overrides.cwd ?? process.cwd(),
    programName: overrides.programName ?? 'reinhardt',
    env,
  }
  const { name, rest, settings } = splitCommandName(argv)
  const settingsModule =
    settings ??
    overrides.settingsModule ??
    nonEmpty(env[SETTINGS_MODULE_ENV]) ??
    settingsFromPackageJson(base.cwd)
  const context: CommandContext = { ...base, settingsModule }
  const traceback = argv.includes('--traceback')
  let settingUp: Promise<unknown> | undefined
  const ensureSetup = (): Promise<unknown> =>
    (settingUp ??= setup({ settingsModule, cwd: context.cwd }))

  if (name === undefined) {
    const wantsVersion = argv.includes('--version')
    if (wantsVersion) return runCli(['version'], context)
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      return runCli(['help'], context)
    }
    context.stderr.write(`${formatCommandList(context.programName, builtinEntries())}`)
    return 2
  }

  try {
    const entry = await findCommand(name, context, ensureSetup)
    if (entry === undefined) {
      context.stderr.write(
        `Unknown command: '${name}'. Type '${context.programName} help' for usage.\n`,
      )
      return 2
    }
    const { command } = entry
    let args: ParsedArguments
    try {
      args = parseCommandArguments(command, rest)
    } catch (error) {
      context.stderr.write(`${formatUsageLine(context.programName, name, command)}\n`)
      throw new UsageError((error as Error).message)
    }
    if (args.values.help === true) {
      context.stdout.write(formatCommandHelp(context.programName, name, command))
      return 0
    }
    try {
      if (command.requiresSettings !== false) await ensureSetup()
      const code = await command.run(args, context)
      return typeof code === 'number' ? code : 0
    } catch (error) {
      if (error instanceof UsageError) {
        context.stderr.write(`${formatUsageLine(context.programName, name, command)}\n`)
      }
      throw error
    }
  } catch (error) {
    return reportError(error, context, traceback)
  }
}

/** Prints a failure the way Django does: known errors as one line, others with the stack. */
function reportError(error: unknown, context: CommandContext, traceback: boolean): number {
  if (error instanceof CommandError) {
    const label = error instanceof UsageError ? 'error' : 'CommandError'
    context.stderr.write(`${label}: ${error.message}\n`)
    if (traceback && error.stack !== undefined) context.stderr.write(`${error.stack}\n`)
    return error.exitCode
  }
  if (error instanceof ImproperlyConfigured && !traceback) {
    context.stderr.write(`ImproperlyConfigured: ${error.message}\n`)
    return 1
  }
  const text = error instanceof Error ? (error.stack ?? String(error)) : String(error)
  context.stderr.write(`${text}\n`)
  return 1
}

/**
 * The command name is the first argument that is not an option; `--settings X` may come
 * before it, so its value is skipped (and returned) here.
 */
function splitCommandName(argv: readonly string[]): {
  name: string | undefined
  rest: string[]
  settings: string | undefined
} {
  let settings: string | undefined
  let name: string | undefined
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--settings' && i + 1 < argv.length) {
      settings = argv[i + 1]
      rest.push(arg, argv[++i]!)
    } else if (arg.startsWith('--settings=')) {
      settings = arg.slice('--settings='.length)
      rest.push(arg)
    } else if (name === undefined && !arg.startsWith('-')) {
      name = arg
    } else if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    } else {
      rest.push(arg)
    }
  }
  return { name, rest, settings: nonEmpty(settings) }
}

function parseCommandArguments(command: Command, args: string[]): ParsedArguments {
  const options: Record<string, CommandOption> = {}
  for (const [key, option] of Object.entries({ ...GLOBAL_OPTIONS, ...command.options })) {
    // parseArgs validates its option objects: pass only the keys it knows.
    const { help: _help, valueName: _valueName, ...config } = option
    options[key] = config
  }
  const { values, positionals } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: true,
  })
  return { values: { ...values }, positionals }
}

/**
 * The command `name` stands for. A built-in that needs no settings (startproject, help,
 * version, …) is used as is; otherwise, with a settings module at hand, the apps are set
 * up first so an app command can be found or replace the built-in.
 */
async function findCommand(
  name: string,
  context: CommandContext,
  ensureSetup: () => Promise<unknown>,
): Promise<CommandEntry | undefined> {
  const builtin = builtinCommands[name]
  if (builtin !== undefined && builtin.requiresSettings === false) {
    return { name, command: builtin, source: BUILTIN_SOURCE }
  }
  if (context.settingsModule !== undefined || isConfigured()) {
    await ensureSetup()
    const fromApp = appCommandEntries().find((entry) => entry.name === name)
    if (fromApp !== undefined) return fromApp
  }
  return builtin === undefined ? undefined : { name, command: builtin, source: BUILTIN_SOURCE }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** Entry point of the bin: runs the CLI with the process's arguments and sets the exit code. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2))
  // Exit now rather than wait for handles a command left open (a database pool, the
  // runserver child's IPC channel), once what was written has been flushed.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()))
  process.exit(code)
}
