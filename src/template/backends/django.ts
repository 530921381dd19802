/**
 * The Django template language as a TEMPLATES backend (Django's
 * `django.template.backends.django.DjangoTemplates`), and the default BACKEND.
 *
 * It turns a TEMPLATES entry into an Engine once: DIRS first, then (APP_DIRS) each installed
 * app's `templates/` folder from the app registry; libraries from every installed app's
 * `templateLibraries` (loadable with `{% load name %}`, OPTIONS.libraries winning on a name
 * clash); `debug` defaults to DEBUG, `timeZone` to TIME_ZONE, the i18n tags' language
 * to LANGUAGE_CODE / USE_I18N and the number formats to USE_THOUSAND_SEPARATOR,
 * THOUSAND_SEPARATOR, NUMBER_GROUPING and DECIMAL_SEPARATOR. Options and those settings are
 * checked when the backend is built, so a typo fails at start-up with what is expected.
 *
 * ```ts
 * TEMPLATES: [{
 *   DIRS: ['templates'],
 *   APP_DIRS: true,
 *   OPTIONS: { contextProcessors: [debug, request], libraries: { extras } },
 * }]
 * ```
 */
import { apps } from '../../apps/registry.js'
import type { AppConfig } from '../../apps/config.js'
import { ImproperlyConfigured } from '../../core/exceptions.js'
import { Context, type Scope } from '../context.js'
import { Engine, type EngineOptions } from '../engine.js'
import { Library } from '../library.js'
import { appTemplateDirs } from '../loaders/app-directories.js'
import type { Loader } from '../loaders/loader.js'
import { RequestContext, type ContextProcessor } from '../request-context.js'
import type { PartialTemplate, Template } from '../template.js'
import { makeNumberFormats, type NumberFormatSettings } from '../utils/number-formats.js'
import type {
  BackendParams,
  BackendTemplate,
  TemplateBackend,
  TemplateContextData,
} from './base.js'

/** OPTIONS a DjangoTemplates entry accepts (Engine options, camel-cased). */
export interface DjangoTemplatesOptions {
  contextProcessors?: readonly ContextProcessor[]
  builtins?: readonly Library[]
  libraries?: Record<string, Library>
  loaders?: readonly Loader[]
  autoescape?: boolean
  debug?: boolean
  stringIfInvalid?: string
  timeZone?: string
  languages?: ReadonlyArray<readonly [string, string]>
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'contextProcessors',
  'builtins',
  'libraries',
  'loaders',
  'autoescape',
  'debug',
  'stringIfInvalid',
  'timeZone',
  'languages',
])

/**
 * The DTL backend.
 *
 * @example
 * const backend = new DjangoTemplates({ NAME: 'django', DIRS: ['templates'], APP_DIRS: false,
 *   OPTIONS: {}, settings: getSettings() })
 * await backend.getTemplate('home.html').render({ user }, request)
 */
export class DjangoTemplates implements TemplateBackend {
  /** Alias of an entry without NAME, as in Django. */
  static readonly defaultName = 'django'
  readonly name: string
  /** The configured engine (for code that needs the DTL API itself). */
  readonly engine: Engine

  constructor(params: BackendParams) {
    this.name = params.NAME
    const options = params.OPTIONS as DjangoTemplatesOptions & Record<string, unknown>
    for (const key of Object.keys(options)) {
      if (!OPTION_NAMES.has(key)) {
        throw new ImproperlyConfigured(
          `Unknown option '${key}' in TEMPLATES entry '${this.name}'. The Django template ` +
            `backend accepts: ${[...OPTION_NAMES].join(', ')}.`,
        )
      }
    }
    if (params.APP_DIRS && options.loaders !== undefined) {
      throw new ImproperlyConfigured(
        `TEMPLATES entry '${this.name}': APP_DIRS must not be set when OPTIONS.loaders is ` +
          'defined. Either remove APP_DIRS or add an AppDirectoriesLoader to the loaders.',
      )
    }
    for (const processor of options.contextProcessors ?? []) {
      if (typeof processor !== 'function') {
        throw new ImproperlyConfigured(
          `TEMPLATES entry '${this.name}': every context processor must be a function of the ` +
            `request (import it, e.g. \`import { request } from 'reinhardt/template'\`).`,
        )
      }
    }
    const installed = installedApps(params)
    const engineOptions: EngineOptions = {
      dirs: params.DIRS,
      appDirs: params.APP_DIRS && installed.length ? appTemplateDirs() : [],
      builtins: options.builtins,
      libraries: librariesOf(this.name, installed, options.libraries),
      autoescape: options.autoescape,
      debug: options.debug ?? params.settings.DEBUG,
      stringIfInvalid: options.stringIfInvalid,
      contextProcessors: options.contextProcessors,
      timeZone: options.timeZone ?? params.settings.TIME_ZONE,
      useI18n: params.settings.USE_I18N,
      languageCode: params.settings.LANGUAGE_CODE,
      languages: options.languages,
      ...numberFormatSettings(params.settings),
    }
    if (options.loaders !== undefined) engineOptions.loaders = options.loaders
    this.engine = new Engine(engineOptions)
  }

  getTemplate(name: string): BackendTemplate {
    return new DjangoTemplate(this.engine.getTemplate(name), this)
  }

  fromString(source: string): BackendTemplate {
    return new DjangoTemplate(this.engine.fromString(source), this)
  }

  reset(): void {
    this.engine.reset()
  }
}

/**
 * A DTL template as backends hand it out: renders from a plain object or Map and a request.
 */
export class DjangoTemplate implements BackendTemplate {
  constructor(
    /** The compiled template. */
    readonly template: Template | PartialTemplate,
    readonly backend: DjangoTemplates,
  ) {}

  get name(): string {
    return this.template.name
  }

  render(context?: TemplateContextData | null, request?: unknown): string | Promise<string> {
    if (context instanceof Context) {
      // Django refuses a Context here too: processors and engine options would be bypassed.
      throw new TypeError(
        `context must be a plain object or Map rather than ${context.constructor.name}. ` +
          'Pass the variables; the backend builds the Context (and runs context processors).',
      )
    }
    const engine = this.backend.engine
    const values = (context ?? null) as Scope | Map<string, unknown> | null
    const options = { autoescape: engine.autoescape, timeZone: engine.timeZone }
    const ctx =
      request === undefined || request === null
        ? new Context(values, options)
        : new RequestContext(request, values, [], options)
    return this.template.render(ctx)
  }
}

/** Names of the number format settings, for error messages. */
const NUMBER_SETTING_NAMES = {
  useThousandSeparator: 'USE_THOUSAND_SEPARATOR',
  thousandSeparator: 'THOUSAND_SEPARATOR',
  numberGrouping: 'NUMBER_GROUPING',
  decimalSeparator: 'DECIMAL_SEPARATOR',
} as const

/** The number format settings as Engine options; ImproperlyConfigured names a bad one. */
function numberFormatSettings(settings: BackendParams['settings']): NumberFormatSettings {
  const values: NumberFormatSettings = {
    useThousandSeparator: settings.USE_THOUSAND_SEPARATOR,
    thousandSeparator: settings.THOUSAND_SEPARATOR,
    numberGrouping: settings.NUMBER_GROUPING,
    decimalSeparator: settings.DECIMAL_SEPARATOR,
  }
  try {
    makeNumberFormats(values, NUMBER_SETTING_NAMES)
  } catch (error) {
    if (error instanceof TypeError) throw new ImproperlyConfigured(`settings.${error.message}`)
    throw error
  }
  return values
}

/** Installed app configs, or none when INSTALLED_APPS is empty and setup() never ran. */
function installedApps(params: BackendParams): AppConfig[] {
  if (!apps.ready && params.settings.INSTALLED_APPS.length === 0) return []
  return apps.getAppConfigs()
}

/** Apps' libraries in INSTALLED_APPS order (later apps win), then OPTIONS.libraries. */
function librariesOf(
  backendName: string,
  installed: readonly AppConfig[],
  explicit: Record<string, Library> | undefined,
): Map<string, Library> {
  const libraries = new Map<string, Library>()
  for (const app of installed) {
    for (const [name, library] of Object.entries(app.templateLibraries)) {
      if (!(library instanceof Library)) {
        throw new ImproperlyConfigured(
          `App '${app.name}' lists templateLibraries.${name}, which is not a Library from ` +
            'reinhardt/template (create one with `new Library()` and register tags on it).',
        )
      }
      libraries.set(name, library)
    }
  }
  for (const [name, library] of Object.entries(explicit ?? {})) {
    if (!(library instanceof Library)) {
      throw new ImproperlyConfigured(
        `TEMPLATES entry '${backendName}': OPTIONS.libraries.${name} is not a Library from ` +
          'reinhardt/template.',
      )
    }
    libraries.set(name, library)
  }
  return libraries
}
