/**
 * The app registry (Django's `django.apps.apps`): the installed apps, in INSTALLED_APPS
 * order, and the models they register. Templates' app directories, the ORM, migrations
 * and app-provided CLI commands read it.
 *
 * `populate()` runs once per process (from `setup()`): it imports every app's models, then
 * runs every `ready()` hook. Lookups before that throw AppRegistryNotReady.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import { AppConfig, toAppConfig, type AppConfigInput } from './config.js'

/** Raised when the registry is used before `apps.populate()` has finished. */
export class AppRegistryNotReady extends Error {
  override name = 'AppRegistryNotReady'
}

/** Raised when an app label or model name is not in the registry. */
export class LookupError extends Error {
  override name = 'LookupError'
}

/** The registry's view of a model: anything with a name (the ORM registers its classes). */
export interface RegisteredModel {
  readonly name: string
}

export class Apps {
  private configs = new Map<string, AppConfig>()
  private models = new Map<string, Map<string, RegisteredModel>>()
  private populating: Promise<void> | null = null
  private installed: readonly AppConfigInput[] | null = null
  /** True once every app's models are imported. */
  modelsReady = false
  /** True once every `ready()` hook has run. */
  ready = false

  /**
   * Loads the apps: checks labels and names are unique, imports models, runs `ready()`.
   * Calling it again with the same list is a no-op; with another list it throws (call
   * `reset()` first, as tests do).
   */
  populate(installedApps: readonly AppConfigInput[]): Promise<void> {
    if (this.populating !== null) {
      if (this.installed !== installedApps && !sameEntries(this.installed, installedApps)) {
        return Promise.reject(
          new ImproperlyConfigured(
            'The app registry is already populated with another INSTALLED_APPS.',
          ),
        )
      }
      return this.populating
    }
    this.installed = installedApps
    this.populating = this.load(installedApps)
    return this.populating
  }

  private async load(installedApps: readonly AppConfigInput[]): Promise<void> {
    const names = new Set<string>()
    for (const entry of installedApps) {
      const config = toAppConfig(entry)
      if (this.configs.has(config.label)) {
        throw new ImproperlyConfigured(
          `Application labels aren't unique, duplicates: ${config.label}`,
        )
      }
      if (names.has(config.name)) {
        throw new ImproperlyConfigured(
          `Application names aren't unique, duplicates: ${config.name}`,
        )
      }
      names.add(config.name)
      this.configs.set(config.label, config)
    }
    for (const config of this.configs.values()) await config.importModels()
    this.modelsReady = true
    for (const config of this.configs.values()) await config.ready()
    this.ready = true
  }

  /** Throws AppRegistryNotReady unless `populate()` has finished. */
  checkAppsReady(): void {
    if (!this.ready) {
      throw new AppRegistryNotReady(
        "Apps aren't loaded yet: call `await setup()` from reinhardt/conf first.",
      )
    }
  }

  /** Installed app configs, in INSTALLED_APPS order. */
  getAppConfigs(): AppConfig[] {
    this.checkAppsReady()
    return [...this.configs.values()]
  }

  /** The config with this label; throws LookupError naming the installed labels. */
  getAppConfig(label: string): AppConfig {
    this.checkAppsReady()
    const config = this.configs.get(label)
    if (config === undefined) {
      const known = [...this.configs.keys()].join(', ') || '(none)'
      throw new LookupError(`No installed app with label '${label}'. Installed: ${known}.`)
    }
    return config
  }

  /** True when an app with this full name is installed. */
  isInstalled(name: string): boolean {
    this.checkAppsReady()
    for (const config of this.configs.values()) if (config.name === name) return true
    return false
  }

  /** Called by the ORM when a model is defined; a second model of the same name throws. */
  registerModel(appLabel: string, model: RegisteredModel): void {
    let appModels = this.models.get(appLabel)
    if (appModels === undefined) this.models.set(appLabel, (appModels = new Map()))
    const key = model.name.toLowerCase()
    const existing = appModels.get(key)
    if (existing !== undefined && existing !== model) {
      throw new ImproperlyConfigured(`Conflicting '${key}' models in application '${appLabel}'.`)
    }
    appModels.set(key, model)
  }

  /** The model `appLabel.modelName` (case-insensitive name); throws LookupError. */
  getModel(appLabel: string, modelName: string): RegisteredModel {
    const model = this.models.get(appLabel)?.get(modelName.toLowerCase())
    if (model === undefined) {
      throw new LookupError(`App '${appLabel}' doesn't have a '${modelName}' model.`)
    }
    return model
  }

  /** Registered models, optionally of one app, in registration order. */
  getModels(appLabel?: string): RegisteredModel[] {
    if (appLabel !== undefined) return [...(this.models.get(appLabel)?.values() ?? [])]
    const all: RegisteredModel[] = []
    for (const appModels of this.models.values()) all.push(...appModels.values())
    return all
  }

  /** Empties the registry (tests, and `overrideSettings({INSTALLED_APPS})`). */
  reset(options: { keepModels?: boolean } = {}): void {
    this.configs = new Map()
    if (options.keepModels !== true) this.models = new Map()
    this.populating = null
    this.installed = null
    this.modelsReady = false
    this.ready = false
  }
}

function sameEntries(a: readonly AppConfigInput[] | null, b: readonly AppConfigInput[]): boolean {
  if (a === null || a.length !== b.length) return false
  return a.every((entry, i) => toAppConfig(entry) === toAppConfig(b[i]!))
}

/** The process-wide registry. */
export const apps = new Apps()
