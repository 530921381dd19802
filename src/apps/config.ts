/**
 * An application's configuration: Django's AppConfig, declared as a value.
 *
 * Each app exports one config, usually from `apps.ts` beside its code:
 *
 *     export default defineApp({ name: 'polls', path: import.meta.dirname })
 *
 * and the project lists the imported configs in INSTALLED_APPS. `path` is the app's
 * directory: templates (`<path>/templates`) and migrations (`<path>/migrations`) are found
 * from it, so no module scanning by name is needed.
 */
import { fileURLToPath } from 'node:url'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { Command } from '../cli/command.js'

export interface AppConfigOptions {
  /** Full name, unique in the project, e.g. 'polls' or 'reinhardt.contrib.admin'. */
  name: string
  /** The app's directory (`import.meta.dirname`, or a `file:` URL of it). */
  path: string | URL
  /** Short unique name used in model references and migrations; last part of `name`. */
  label?: string
  /** Human-readable name; defaults to the label, capitalised. */
  verboseName?: string
  /**
   * Imports the app's models so they register themselves (Django imports `app.models`).
   * Called by `apps.populate()` for every app before any `ready()` hook runs.
   */
  importModels?: () => Promise<unknown>
  /** Start-up hook, run once after every app's models are imported. */
  ready?: (app: AppConfig) => void | Promise<void>
  /** Management commands this app adds to the `reinhardt` CLI, by command name. */
  commands?: Record<string, Command>
  /** Template tag libraries this app provides, by the name `{% load %}` uses. */
  templateLibraries?: Record<string, unknown>
}

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/

export class AppConfig {
  readonly name: string
  readonly label: string
  readonly path: string
  readonly verboseName: string
  readonly commands: Readonly<Record<string, Command>>
  readonly templateLibraries: Readonly<Record<string, unknown>>
  private readonly options: AppConfigOptions

  constructor(options: AppConfigOptions) {
    if (typeof options.name !== 'string' || options.name === '') {
      throw new ImproperlyConfigured('An app config needs a non-empty name.')
    }
    if (options.path === undefined || options.path === '') {
      throw new ImproperlyConfigured(
        `App '${options.name}' needs a path: pass path: import.meta.dirname in defineApp().`,
      )
    }
    this.name = options.name
    this.label = options.label ?? options.name.slice(options.name.lastIndexOf('.') + 1)
    if (!LABEL.test(this.label)) {
      throw new ImproperlyConfigured(
        `The app label '${this.label}' is not a valid identifier; set label: in defineApp().`,
      )
    }
    this.path = options.path instanceof URL ? fileURLToPath(options.path) : options.path
    this.verboseName =
      options.verboseName ?? this.label.charAt(0).toUpperCase() + this.label.slice(1)
    this.commands = options.commands ?? {}
    this.templateLibraries = options.templateLibraries ?? {}
    this.options = options
  }

  /** Imports the app's models (no-op for apps without models). */
  async importModels(): Promise<void> {
    await this.options.importModels?.()
  }

  /** Runs the app's start-up hook; subclasses may override instead of passing `ready`. */
  async ready(): Promise<void> {
    await this.options.ready?.(this)
  }
}

/** What INSTALLED_APPS accepts: a config, or a module whose default export is one. */
export type AppConfigInput = AppConfig | { readonly default: AppConfig }

/** Declares an app; export the result as the module's default. */
export function defineApp(options: AppConfigOptions): AppConfig {
  return new AppConfig(options)
}

/** The config an INSTALLED_APPS entry stands for. */
export function toAppConfig(entry: AppConfigInput): AppConfig {
  if (entry instanceof AppConfig) return entry
  if (entry !== null && typeof entry === 'object' && entry.default instanceof AppConfig) {
    return entry.default
  }
  throw new ImproperlyConfigured(
    'INSTALLED_APPS entries must be app configs from defineApp() (or modules whose default ' +
      `export is one); got ${describe(entry)}.`,
  )
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}' (import the app's config instead)`
  if (value === null) return 'null'
  return typeof value
}
