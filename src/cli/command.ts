/**
 * The contract of a CLI command (Django's management command). Built-in commands live in
 * `src/cli/commands/<name>.ts`; apps add their own through `defineApp({ commands })`.
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
}

export interface ParsedArguments {
  readonly positionals: readonly string[]
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>
}

export interface Command {
  /** One line shown by `reinhardt help`. */
  readonly help: string
  /** Argument synopsis shown in usage, e.g. '[addrport]'. */
  readonly usage?: string
  /** Options, in node:util parseArgs' format. */
  readonly options?: ParseArgsConfig['options']
  /** Whether settings are loaded and apps populated before `run()` (default true). */
  readonly requiresSettings?: boolean
  /** Runs the command; the number returned (default 0) is the exit code. */
  run(args: ParsedArguments, context: CommandContext): Promise<number | void> | number | void
}

/** Declares a command (identity, for type inference). */
export function defineCommand(command: Command): Command {
  return command
}
