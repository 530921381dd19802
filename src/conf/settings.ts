/**
 * The global, lazily configured settings object.
 *
 * `configure({...})` installs a project's settings merged over the global defaults;
 * `settings.DEBUG` etc. read them. Reading before `configure()` throws ImproperlyConfigured.
 * Core classes never read this object: the edges (handler start-up, gateways) do and pass
 * plain options down, so a handler can also be built from an explicit settings object.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import { globalSettings, type Settings } from './global-settings.js'

let configured: Settings | null = null

/** Merges `overrides` over the defaults and makes them the global settings. */
export function configure(overrides: Partial<Settings> = {}): Readonly<Settings> {
  configured = buildSettings(overrides)
  return configured
}

/** Merges `overrides` over the defaults without installing them globally. */
export function buildSettings(overrides: Partial<Settings> = {}): Readonly<Settings> {
  const merged = Object.assign(Object.create(null) as object, globalSettings) as Settings
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value
  }
  return Object.freeze(merged)
}

/** True once `configure()` has run. */
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
      'Settings are not configured. Call configure({...}) from reinhardt/conf before using ' +
        'the framework, or pass settings to the handler explicitly.',
    )
  }
  return configured
}

/** Read-only view of the configured settings; unknown names throw ImproperlyConfigured. */
export const settings: Readonly<Settings> = new Proxy(Object.create(null) as Settings, {
  get(_target, name) {
    const current = getSettings()
    if (typeof name === 'string' && !(name in current)) {
      throw new ImproperlyConfigured(`Unknown setting ${name}.`)
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
