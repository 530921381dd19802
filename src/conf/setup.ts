/**
 * Start-up of a project (Django's `django.setup()`): load the settings module, apply
 * LOGGING, populate the app registry. The CLI, `serve` and test set-ups call it once.
 */
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { apps } from '../apps/registry.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { configureLogging } from '../core/log.js'
import type { Settings } from './global-settings.js'
import { configure, getSettings, isConfigured, type SettingsInput } from './settings.js'

/** Environment variable naming the settings module (Django: DJANGO_SETTINGS_MODULE). */
export const SETTINGS_MODULE_ENV = 'REINHARDT_SETTINGS_MODULE'

/**
 * Imports a settings module and installs its settings. `specifier` is a file path
 * (relative to `cwd`) or a package specifier; it defaults to REINHARDT_SETTINGS_MODULE.
 * The module's default export (from `defineSettings`) or its `settings` export is used.
 */
export async function loadSettings(
  specifier: string | undefined = process.env[SETTINGS_MODULE_ENV],
  cwd: string = process.cwd(),
): Promise<Readonly<Settings>> {
  if (specifier === undefined || specifier === '') {
    throw new ImproperlyConfigured(
      `No settings module: set ${SETTINGS_MODULE_ENV} (e.g. ./mysite/settings.ts) or pass ` +
        '--settings.',
    )
  }
  const url = looksLikePath(specifier)
    ? pathToFileURL(isAbsolute(specifier) ? specifier : resolve(cwd, specifier)).href
    : specifier
  let module: { default?: unknown; settings?: unknown }
  try {
    module = (await import(url)) as { default?: unknown; settings?: unknown }
  } catch (error) {
    if (isModuleNotFound(error, url)) {
      throw new ImproperlyConfigured(`Settings module '${specifier}' was not found (${url}).`)
    }
    throw error
  }
  const value = module.default ?? module.settings
  if (value === null || typeof value !== 'object') {
    throw new ImproperlyConfigured(
      `Settings module '${specifier}' must \`export default defineSettings({...})\`.`,
    )
  }
  return configure(value as SettingsInput)
}

/**
 * Loads settings (unless already configured), applies LOGGING and populates the apps.
 * Safe to call more than once.
 */
export async function setup(
  options: { settingsModule?: string; cwd?: string } = {},
): Promise<Readonly<Settings>> {
  if (options.settingsModule !== undefined || !isConfigured()) {
    await loadSettings(options.settingsModule, options.cwd)
  }
  const current = getSettings()
  configureLogging(current.LOGGING, current.DEBUG)
  await apps.populate(current.INSTALLED_APPS)
  return current
}

function looksLikePath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier) || /\.(?:[cm]?[jt]s)$/.test(specifier)
}

function isModuleNotFound(error: unknown, url: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String((error as Error).message).includes(url.startsWith('file:') ? new URL(url).pathname : url)
  )
}
