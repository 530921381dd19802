/**
 * The system check registry (Django's django.core.checks.registry). Checks are functions
 * registered with tags; `runChecks()` runs the selected ones and drops silenced messages.
 * Deployment checks (`deploy: true`) run only with `check --deploy` and at `serve` start-up.
 */
import type { AppConfig } from '../../apps/config.js'
import type { Settings } from '../../conf/global-settings.js'
import type { CheckMessage } from './messages.js'

/** Tags grouping the built-in checks (`check --tag urls`). */
export const Tags = {
  admin: 'admin',
  async: 'async_support',
  caches: 'caches',
  compatibility: 'compatibility',
  database: 'database',
  files: 'files',
  models: 'models',
  security: 'security',
  signals: 'signals',
  sites: 'sites',
  staticfiles: 'staticfiles',
  templates: 'templates',
  translation: 'translation',
  urls: 'urls',
  middleware: 'middleware',
  settings: 'settings',
} as const

export interface CheckContext {
  /** The settings to check (checks read these, never the global proxy). */
  readonly settings: Readonly<Settings>
  /** Apps to limit app-level checks to; null means all installed apps. */
  readonly appConfigs: readonly AppConfig[] | null
  /** Database aliases the checks may query; null means none. */
  readonly databases: readonly string[] | null
}

export type CheckFunction = (
  context: CheckContext,
) => readonly CheckMessage[] | Promise<readonly CheckMessage[]>

export interface RegisterOptions {
  tags?: readonly string[]
  /** Only run for deployment (`check --deploy`, `serve`). */
  deploy?: boolean
}

interface Registration {
  check: CheckFunction
  tags: readonly string[]
  deploy: boolean
}

export interface RunChecksOptions {
  settings: Readonly<Settings>
  tags?: readonly string[]
  includeDeploymentChecks?: boolean
  appConfigs?: readonly AppConfig[] | null
  databases?: readonly string[] | null
}

export class CheckRegistry {
  private readonly registrations: Registration[] = []

  /** Adds a check; registering the same function twice is a no-op. */
  register(check: CheckFunction, options: RegisterOptions = {}): CheckFunction {
    if (!this.registrations.some((entry) => entry.check === check)) {
      this.registrations.push({
        check,
        tags: options.tags ?? [],
        deploy: options.deploy === true,
      })
    }
    return check
  }

  /** Removes a check (tests). */
  unregister(check: CheckFunction): void {
    const index = this.registrations.findIndex((entry) => entry.check === check)
    if (index !== -1) this.registrations.splice(index, 1)
  }

  /** Every tag some registered check carries (for `check --list-tags`). */
  tagsAvailable(includeDeploymentChecks = false): Set<string> {
    const tags = new Set<string>()
    for (const entry of this.registrations) {
      if (entry.deploy && !includeDeploymentChecks) continue
      for (const tag of entry.tags) tags.add(tag)
    }
    return tags
  }

  /** Runs the matching checks in registration order; silenced messages are left out. */
  async runChecks(options: RunChecksOptions): Promise<CheckMessage[]> {
    const context: CheckContext = {
      settings: options.settings,
      appConfigs: options.appConfigs ?? null,
      databases: options.databases ?? null,
    }
    const silenced = options.settings.SILENCED_SYSTEM_CHECKS
    const messages: CheckMessage[] = []
    for (const entry of this.registrations) {
      if (entry.deploy && options.includeDeploymentChecks !== true) continue
      if (options.tags !== undefined && options.tags.length > 0) {
        if (!entry.tags.some((tag) => options.tags!.includes(tag))) continue
      }
      const result = await entry.check(context)
      if (!Array.isArray(result)) {
        throw new TypeError(
          `The system check ${entry.check.name || '(anonymous)'} did not return a list of ` +
            'messages.',
        )
      }
      for (const message of result) if (!message.isSilenced(silenced)) messages.push(message)
    }
    return messages
  }
}

/** The process-wide registry; built-in checks register on import of reinhardt/core/checks. */
export const registry = new CheckRegistry()

/** Registers a check on the global registry. */
export function register(check: CheckFunction, options: RegisterOptions = {}): CheckFunction {
  return registry.register(check, options)
}

/** Runs the global registry's checks. */
export function runChecks(options: RunChecksOptions): Promise<CheckMessage[]> {
  return registry.runChecks(options)
}
