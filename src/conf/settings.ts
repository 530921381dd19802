/**
 * The global, lazily configured settings object.
 *
 * A project's settings module `export default defineSettings({...})`; the CLI loads it
 * (`--settings` or REINHARDT_SETTINGS_MODULE) and installs it with `configure()`.
 * Standalone scripts and tests call `configure({...})` directly. `settings.DEBUG` etc. read
 * the installed values; reading before configuration, or reading a setting that does not
 * exist, throws ImproperlyConfigured naming it.
 *
 * Core classes never read this object: the edges (handler start-up, gateways, backend
 * factories) do and pass plain options down, so a handler can also be built from an
 * explicit settings object.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import { settingChanged } from '../core/signals.js'
import { globalSettings, type Settings } from './global-settings.js'

/** Settings as a project writes them: any subset, plus its own upper-case settings. */
export type SettingsInput = Partial<Settings>

let configured: Readonly<Settings> | null = null

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/

/**
 * Declares a project's settings: checks the names and merges them over the defaults.
 * Export the result as the settings module's default export.
 */
export function defineSettings(overrides: SettingsInput): Readonly<Settings> {
  return buildSettings(overrides)
}

/** Merges `overrides` over the defaults and makes them the global settings. */
export function configure(overrides: SettingsInput = {}): Readonly<Settings> {
  configured = buildSettings(overrides)
  return configured
}

/** Merges `overrides` over the defaults without installing them globally. */
export function buildSettings(overrides: SettingsInput = {}): Readonly<Settings> {
  const merged = Object.assign(Object.create(null) as object, globalSettings) as Settings
  const target = merged as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(overrides)) {
    if (!SETTING_NAME.test(key)) {
      throw new ImproperlyConfigured(
        `'${key}' is not a setting name: settings are UPPER_CASE (did you mean ` +
          `'${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}'?).`,
      )
    }
    if (value !== undefined) target[key] = value
  }
  return Object.freeze(merged)
}

/** True once settings are installed. */
export function isConfigured(): boolean {
  return configured !== null
}

/** Forgets the configured settings (for tests). */
export function resetSettings(): void {
  configured = null
}

/** The configured settings as a plain object; throws when not configured. */
export function getSettings(): Readonly<Settings> {
  if (configured === null) {
    throw new ImproperlyConfigured(
      'Settings are not configured. Set REINHARDT_SETTINGS_MODULE (or pass --settings) to ' +
        "your project's settings file, or call configure({...}) from reinhardt/conf before " +
        'using the framework.',
    )
  }
  return configured
}

/**
 * Installs `overrides` on top of the current settings. With a function, runs it and
 * restores the previous settings afterwards (also when it throws or its promise rejects)
 * and returns its result; without one, returns a function that restores them.
 * Handlers read settings when they are built, so build the test Client inside.
 */
export function overrideSettings<T>(overrides: SettingsInput, fn: () => T): T
export function overrideSettings(overrides: SettingsInput): () => void
export function overrideSettings<T>(overrides: SettingsInput, fn?: () => T): T | (() => void) {
  const previous = getSettings()
  const next = Object.assign(Object.create(null) as object, previous) as Record<string, unknown>
  for (const [key, value] of Object.entries(overrides)) {
    if (!SETTING_NAME.test(key)) throw new ImproperlyConfigured(`'${key}' is not a setting name.`)
    next[key] = value
  }
  configured = Object.freeze(next) as unknown as Settings
  for (const key of Object.keys(overrides)) {
    settingChanged.send(null, { setting: key, value: next[key], enter: true })
  }
  let restored = false
  const restore = (): void => {
    if (restored) return
    restored = true
    configured = previous
    const old = previous as unknown as Record<string, unknown>
    for (const key of Object.keys(overrides)) {
      settingChanged.send(null, { setting: key, value: old[key], enter: false })
    }
  }
  if (fn === undefined) return restore
  let result: T
  try {
    result = fn()
  } catch (error) {
    restore()
    throw error
  }
  if (result instanceof Promise) {
    return result.finally(restore) as T
  }
  restore()
  return result
}

/** Read-only view of the configured settings; unknown names throw ImproperlyConfigured. */
export const settings: Readonly<Settings> = new Proxy(Object.create(null) as Settings, {
  get(_target, name) {
    const current = getSettings()
    if (typeof name === 'string' && !(name in current)) {
      throw new ImproperlyConfigured(
        `Unknown setting ${name}: it has no default and the settings module does not set it.`,
      )
    }
    return (current as unknown as Record<string | symbol, unknown>)[name]
  },
  has(_target, name) {
    return name in getSettings()
  },
  ownKeys() {
    return Reflect.ownKeys(getSettings())
  },
  getOwnPropertyDescriptor(_target, name) {
    const descriptor = Reflect.getOwnPropertyDescriptor(getSettings(), name)
    return descriptor ? { ...descriptor, configurable: true } : undefined
  },
  set() {
    throw new TypeError('Settings are read-only; use configure() or overrideSettings().')
  },
})
