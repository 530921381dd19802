/**
 * The contract of a CLI command (Django's management command). Built-in commands live in
 * `src/cli/commands/<name>.ts`; apps add their own through `defineApp({ commands })`.
 *
 * A command declares its options in node:util parseArgs' format (plus a `help` line and a
 * `valueName` for `reinhardt help <command>`), and a `run()` that returns the exit code.
 * Throw CommandError (exit 1) or UsageError (usage printed, exit 2) from `run()` to fail.
 */
import type { Writable } from 'node:stream'
import type { ParseArgsConfig } from 'node:util'

/** What a command's `run()` receives besides its parsed arguments. */
export interface CommandContext {
  /** Output streams (process.stdout/stderr, or buffers in tests). */
  readonly stdout: Writable
  readonly stderr: Writable
  /** Directory the command was run from. */
  readonly cwd: string
  /** Name the CLI was invoked as, for usage lines ('reinhardt'). */
  readonly programName: string
  /** The settings module chosen by `--settings` or REINHARDT_SETTINGS_MODULE, if any. */
  readonly settingsModule?: string | undefined
  /** Environment variables (process.env unless a test passes its own). */
  readonly env?: Readonly<Record<string, string | undefined>>
}

export interface ParsedArguments {
  readonly positionals: readonly string[]
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>
}

/** One option: parseArgs' option config plus what `help <command>` shows about it. */
export type CommandOption = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line describing the option. */
  readonly help?: string
  /** Placeholder for the option's value in help output, e.g. 'MODULE'. */
  readonly valueName?: string
}

export interface Command {
  /** One line shown by `reinhardt help`. */
  readonly help: string
  /** Argument synopsis shown in usage, e.g. '[addrport]'. */
  readonly usage?: string
  /** Options, in node:util parseArgs' format (with optional `help` / `valueName`). */
  readonly options?: Readonly<Record<string, CommandOption>>
  /** Whether settings are loaded and apps populated before `run()` (default true). */
  readonly requiresSettings?: boolean
  /** Runs the command; the number returned (default 0) is the exit code. */
  run(args: ParsedArguments, context: CommandContext): Promise<number | void> | number | void
}

/** Declares a command (identity, for type inference). */
export function defineCommand(command: Command): Command {
  return command
}

/**
 * A command failed in a way the user can fix: the CLI prints `CommandError: <message>` to
 * stderr (no stack) and exits with `exitCode` (default 1). Django's CommandError.
 */
export class CommandError extends Error {
  override name = 'CommandError'
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message)
  }
}

/** Bad arguments: the CLI prints the command's usage and the message, and exits with 2. */
export class UsageError extends CommandError {
  override name = 'UsageError'
  constructor(message: string) {
    super(message, 2)
  }
}
