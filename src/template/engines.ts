/**
 * `engines`: the template backends of settings.TEMPLATES (Django's
 * `django.template.engines`). Each entry becomes a backend the first time any is asked for,
 * then stays built: templates are compiled once per process. Entries default to the Django
 * template language (BACKEND: DjangoTemplates) and are named by NAME or the backend's default
 * name ('django'); two entries with one name are refused.
 *
 * The handler listens to `settingChanged`, so `overrideSettings({ TEMPLATES })` (or
 * INSTALLED_APPS, DEBUG, TIME_ZONE, LANGUAGE_CODE, USE_I18N, or a number format setting) in a
 * test rebuilds the backends from the new settings on next use.
 *
 * ```ts
 * import { engines } from 'reinhardt/template'
 * const html = await engines.get('django').getTemplate('home.html').render({ user })
 * ```
 */
import type { Settings, TemplateBackendSettings } from '../conf/global-settings.js'
import { getSettings } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { settingChanged } from '../core/signals.js'
import type { BackendParams, TemplateBackend, TemplateBackendFactory } from './backends/base.js'
import { DjangoTemplates } from './backends/django.js'

/** `engines.get(alias)` was given a name no TEMPLATES entry has. */
export class InvalidTemplateEngineError extends ImproperlyConfigured {
  override name = 'InvalidTemplateEngineError'
}

/** Settings whose change invalidates built backends. */
const WATCHED = new Set([
  'TEMPLATES',
  'INSTALLED_APPS',
  'DEBUG',
  'TIME_ZONE',
  'LANGUAGE_CODE',
  'USE_I18N',
  'USE_THOUSAND_SEPARATOR',
  'THOUSAND_SEPARATOR',
  'NUMBER_GROUPING',
  'DECIMAL_SEPARATOR',
])

/** Lazily built template backends, by alias. */
export class EngineHandler {
  readonly #settings: () => Readonly<Settings>
  #backends: Map<string, TemplateBackend> | null = null

  /** `settings` supplies the settings to read (the configured ones by default). */
  constructor(settings: () => Readonly<Settings> = getSettings) {
    this.#settings = settings
  }

  /** The backend with this alias; InvalidTemplateEngineError names the known ones. */
  get(alias: string): TemplateBackend {
    const backends = this.#build()
    const backend = backends.get(alias)
    if (backend === undefined) {
      const known = [...backends.keys()].join(', ') || '(none: TEMPLATES is empty)'
      throw new InvalidTemplateEngineError(
        `Could not find template engine with alias '${alias}'. Configured: ${known}.`,
      )
    }
    return backend
  }

  /** Every backend, in TEMPLATES order. */
  all(): TemplateBackend[] {
    return [...this.#build().values()]
  }

  /** Forget built backends (and their cached templates); the next use rebuilds them. */
  reset(): void {
    const backends = this.#backends
    this.#backends = null
    if (backends) for (const backend of backends.values()) backend.reset?.()
  }

  #build(): Map<string, TemplateBackend> {
    if (this.#backends !== null) return this.#backends
    const settings = this.#settings()
    const entries = settings.TEMPLATES
    if (!Array.isArray(entries)) {
      throw new ImproperlyConfigured('TEMPLATES must be a list of backend entries (objects).')
    }
    const backends = new Map<string, TemplateBackend>()
    for (const entry of entries as readonly TemplateBackendSettings[]) {
      const factory = (entry.BACKEND ?? DjangoTemplates) as TemplateBackendFactory
      if (typeof factory !== 'function') {
        throw new ImproperlyConfigured(
          `TEMPLATES BACKEND must be a backend class or factory (e.g. DjangoTemplates from ` +
            `reinhardt/template), got ${JSON.stringify(entry.BACKEND)}.`,
        )
      }
      const name = entry.NAME ?? factory.defaultName ?? factory.name
      if (backends.has(name)) {
        throw new ImproperlyConfigured(
          `Template engine aliases aren't unique, duplicates: ${name}. Set a unique NAME on ` +
            'each TEMPLATES entry that uses the same BACKEND.',
        )
      }
      const params: BackendParams = {
        NAME: name,
        DIRS: entry.DIRS ?? [],
        APP_DIRS: entry.APP_DIRS ?? false,
        OPTIONS: entry.OPTIONS ?? {},
        settings,
      }
      backends.set(name, construct(factory, params))
    }
    this.#backends = backends
    return backends
  }
}

function construct(factory: TemplateBackendFactory, params: BackendParams): TemplateBackend {
  // A backend class (its prototype has getTemplate) is called with `new`; any other
  // function is a factory returning the backend.
  const proto = (factory as { prototype?: { getTemplate?: unknown } }).prototype
  const isClass = typeof proto?.getTemplate === 'function'
  return isClass
    ? new (factory as new (p: BackendParams) => TemplateBackend)(params)
    : (factory as (p: BackendParams) => TemplateBackend)(params)
}

/**
 * The project's template backends, from the configured settings.TEMPLATES.
 *
 * @example
 * engines.get('django')   // the DjangoTemplates backend
 * engines.all()           // every backend, in TEMPLATES order
 */
export const engines = new EngineHandler()

settingChanged.connect(
  ({ setting }) => {
    if (WATCHED.has(setting)) engines.reset()
  },
  { dispatchUid: 'reinhardt.template.engines' },
)
