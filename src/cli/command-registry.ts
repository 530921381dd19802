/**
 * Where commands come from: the built-in table and the installed apps' `commands`. As in
 * Django, an app's command replaces a built-in of the same name, and when two apps define
 * the same name the one listed first in INSTALLED_APPS wins.
 */
import { apps } from '../apps/registry.js'
import { builtinCommands } from './commands/index.js'
import type { CommandEntry } from './usage.js'

/** Group name of the built-in commands in `reinhardt help`. */
export const BUILTIN_SOURCE = 'reinhardt'

/** Built-in commands, as help lists them. */
export function builtinEntries(): CommandEntry[] {
  return Object.entries(builtinCommands).map(([name, command]) => ({
    name,
    command,
    source: BUILTIN_SOURCE,
  }))
}

/** Commands of the installed apps (requires `setup()` to have run). */
export function appCommandEntries(): CommandEntry[] {
  const found = new Map<string, CommandEntry>()
  for (const app of apps.getAppConfigs()) {
    for (const [name, command] of Object.entries(app.commands)) {
      if (!found.has(name)) found.set(name, { name, command, source: app.label })
    }
  }
  return [...found.values()]
}
