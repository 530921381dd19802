/**
 * `reinhardt diffsettings`: shows how the project's settings differ from the defaults
 * (or from another settings module with `--default`), Django's `manage.py diffsettings`.
 *
 * `--output hash` (default): changed settings as `NAME = value`, settings the defaults do
 * not have followed by `###`, and with `--all` unchanged ones prefixed with `###`.
 * `--output unified`: `+` for the project's value, `-` for the default's, and with
 * `--all` two spaces before unchanged ones.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { AppConfig } from '../../apps/config.js'
import { globalSettings } from '../../conf/global-settings.js'
import { buildSettings, getSettings } from '../../conf/settings.js'
import { CommandError, defineCommand, UsageError } from '../command.js'
import { createStyle, supportsColor } from '../style.js'

export const diffsettings = defineCommand({
  help: 'Shows the settings that differ from the defaults.',
  options: {
    all: { type: 'boolean', help: 'Show every setting; unchanged ones are marked' },
    default: {
      type: 'string',
      valueName: 'MODULE',
      help: 'Compare against this settings module instead of the defaults',
    },
    output: {
      type: 'string',
      valueName: 'FORMAT',
      help: "'hash' (default) or 'unified'",
    },
  },
  async run(args, context) {
    if (args.positionals.length > 0) throw new UsageError('diffsettings takes no arguments.')
    const output = String(args.values.output ?? 'hash')
    if (output !== 'hash' && output !== 'unified') {
      throw new UsageError(`--output must be 'hash' or 'unified', not '${output}'.`)
    }
    const user = getSettings() as unknown as Record<string, unknown>
    const defaults =
      typeof args.values.default === 'string'
        ? await loadDefaults(args.values.default, context.cwd)
        : (globalSettings as unknown as Record<string, unknown>)
    const style = createStyle(
      args.values['no-color'] !== true && supportsColor(context.stdout, context.env),
    )
    const showAll = args.values.all === true
    const lines: string[] = []
    for (const key of Object.keys(user).sort()) {
      const value = formatSettingValue(user[key])
      const known = Object.hasOwn(defaults, key)
      const same = known && isDeepStrictEqual(user[key], defaults[key])
      if (output === 'hash') {
        if (!known) lines.push(`${key} = ${value}  ###`)
        else if (!same) lines.push(`${key} = ${value}`)
        else if (showAll) lines.push(`### ${key} = ${value}`)
      } else if (!known) {
        lines.push(style.success(`+ ${key} = ${value}`))
      } else if (!same) {
        lines.push(style.error(`- ${key} = ${formatSettingValue(defaults[key])}`))
        lines.push(style.success(`+ ${key} = ${value}`))
      } else if (showAll) {
        lines.push(`  ${key} = ${value}`)
      }
    }
    context.stdout.write(lines.length === 0 ? '' : `${lines.join('\n')}\n`)
  },
})

/** Imports another settings module without installing it. */
async function loadDefaults(specifier: string, cwd: string): Promise<Record<string, unknown>> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier)
  const url = isPath ? pathToFileURL(resolve(cwd, specifier)).href : specifier
  let module: { default?: unknown; settings?: unknown }
  try {
    module = (await import(url)) as typeof module
  } catch (error) {
    throw new CommandError(`Cannot import --default '${specifier}': ${(error as Error).message}`)
  }
  const value = module.default ?? module.settings
  if (value === null || typeof value !== 'object') {
    throw new CommandError(`--default '${specifier}' has no default export of settings.`)
  }
  return buildSettings(value as never) as unknown as Record<string, unknown>
}

/**
 * A short, stable text for a setting's value: strings quoted, functions and classes by
 * name, imported modules as `<module: export names>`, containers recursively.
 */
export function formatSettingValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  if (typeof value === 'function') return value.name === '' ? '<function>' : value.name
  if (value instanceof RegExp) return String(value)
  if (value === null || typeof value !== 'object') return String(value)
  if (depth > 3) return '…'
  if (Array.isArray(value)) {
    return `[${value.map((item) => formatSettingValue(item, depth + 1)).join(', ')}]`
  }
  if (value instanceof AppConfig) return `<app: ${value.name}>`
  if ((value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module') {
    return `<module: ${Object.keys(value).join(', ')}>`
  }
  const name = (value as object).constructor?.name
  const prefix = name !== undefined && name !== 'Object' ? `${name} ` : ''
  const entries = Object.entries(value).map(
    ([key, item]) => `${key}: ${formatSettingValue(item, depth + 1)}`,
  )
  return `${prefix}{${entries.join(', ')}}`
}
