/**
 * Engine: template configuration and lookup. It owns the loaders, the builtin libraries and
 * the libraries `{% load %}` can name, and settings every render uses (autoescape,
 * stringIfInvalid, timeZone, contextProcessors, number formats). It never reads project
 * settings itself: the settings backend builds one from TEMPLATES.
 *
 * Without explicit `loaders`, it uses a filesystem loader over `dirs` and one over
 * `appDirs`, wrapped in the cached loader unless `debug` is on.
 */
import { Context, type Scope } from './context.js'
import { TemplateDoesNotExist } from './errors.js'
import type { Library } from './library.js'
import { CachedLoader } from './loaders/cached.js'
import { AppDirectoriesLoader } from './loaders/app-directories.js'
import { FilesystemLoader } from './loaders/filesystem.js'
import type { LoadRequest, Loader, Tried } from './loaders/loader.js'
import type { EngineLike, Origin, TemplateLike } from './nodes/base.js'
import { RequestContext, type ContextProcessor } from './request-context.js'
import { PartialTemplate, Template, type ContextInput } from './template.js'
import { builtinLibrary } from './builtins/index.js'
import { i18nLibrary, type I18nSettings } from './builtins/i18n.js'
import { l10nLibrary } from './builtins/l10n.js'
import { tzLibrary } from './builtins/tz.js'
import {
  DEFAULT_NUMBER_FORMATS,
  makeNumberFormats,
  type NumberFormatSettings,
  type NumberFormats,
} from './utils/number-formats.js'

/**
 * Options of `new Engine()`, mirroring Django's TEMPLATES OPTIONS, plus the number format
 * settings (`useThousandSeparator`, `thousandSeparator`, `numberGrouping`, `decimalSeparator`:
 * Django's USE_THOUSAND_SEPARATOR, … camel-cased, with their defaults).
 */
export interface EngineOptions extends NumberFormatSettings {
  /** Directories searched by the filesystem loader, in order. */
  dirs?: readonly string[]
  /** Installed apps' `templates/` directories, in INSTALLED_APPS order. */
  appDirs?: readonly string[]
  /** Explicit loaders (replaces the dirs/appDirs defaults). */
  loaders?: readonly Loader[]
  /** Libraries available in every template without {% load %}. */
  builtins?: readonly Library[]
  /** Libraries `{% load name %}` can load, by name. */
  libraries?: Record<string, Library> | ReadonlyMap<string, Library>
  /** Escape variables by default (true). */
  autoescape?: boolean
  /** Debug mode: no template caching by default, richer errors. */
  debug?: boolean
  /** Output for failed variable lookups ('' by default; `%s` is replaced by the variable). */
  stringIfInvalid?: string
  /** Functions of the request whose results every RequestContext gets. */
  contextProcessors?: readonly ContextProcessor[]
  /** IANA time zone for date output ('UTC' by default). */
  timeZone?: string
  /** USE_I18N for the i18n tags: false makes `{% language %}` a no-op (true by default). */
  useI18n?: boolean
  /** LANGUAGE_CODE: the language `{% get_current_language %}` gives ('en-us' by default). */
  languageCode?: string
  /** LANGUAGES: `[code, name]` pairs for `{% get_available_languages %}` (the current one). */
  languages?: ReadonlyArray<readonly [string, string]>
}

/** Libraries every engine can `{% load %}` without registering them (Django's defaults). */
const DEFAULT_LIBRARIES: ReadonlyArray<[string, Library]> = [
  ['i18n', i18nLibrary],
  ['l10n', l10nLibrary],
  ['tz', tzLibrary],
]

let defaultEngine: Engine | null = null

/**
 * A configured template engine.
 *
 * @example
 * const engine = new Engine({ dirs: ['templates'] })
 * const html = await engine.renderToString('home.html', { user })
 * engine.fromString('{{ x|upper }}').render({ x: 'hi' }) // 'HI'
 */
export class Engine implements EngineLike {
  readonly dirs: readonly string[]
  readonly appDirs: readonly string[]
  readonly loaders: readonly Loader[]
  readonly autoescape: boolean
  readonly debug: boolean
  readonly stringIfInvalid: string
  readonly contextProcessors: readonly ContextProcessor[]
  readonly timeZone: string
  /** Builtin libraries (the standard tags and filters first). */
  readonly templateBuiltins: readonly Library[]
  readonly templateLibraries: ReadonlyMap<string, Library>
  /** Language settings the i18n tags read. */
  readonly i18n: I18nSettings
  /** How localized numbers print; every context this engine makes carries it. */
  readonly numberFormats: NumberFormats

  constructor(options: EngineOptions = {}) {
    this.dirs = options.dirs ?? []
    this.appDirs = options.appDirs ?? []
    this.autoescape = options.autoescape ?? true
    this.debug = options.debug ?? false
    this.stringIfInvalid = options.stringIfInvalid ?? ''
    this.contextProcessors = options.contextProcessors ?? []
    this.timeZone = options.timeZone ?? 'UTC'
    this.templateBuiltins = [builtinLibrary, ...(options.builtins ?? [])]
    const libs = options.libraries ?? {}
    this.templateLibraries = new Map([
      ...DEFAULT_LIBRARIES,
      ...(libs instanceof Map ? libs : Object.entries(libs as Record<string, Library>)),
    ])
    this.numberFormats = makeNumberFormats(options)
    const languageCode = options.languageCode ?? 'en-us'
    this.i18n = {
      useI18n: options.useI18n ?? true,
      languageCode,
      languages: options.languages ?? [[languageCode, languageCode]],
    }
    if (options.loaders) this.loaders = options.loaders
    else {
      const base: Loader[] = []
      if (this.dirs.length) base.push(new FilesystemLoader(this.dirs))
      if (this.appDirs.length) base.push(new AppDirectoriesLoader(this.appDirs))
      this.loaders = this.debug || base.length === 0 ? base : [new CachedLoader(base)]
    }
  }

  /** A shared engine with default options (used by `new Template(source)`). */
  static default(): Engine {
    defaultEngine ??= new Engine()
    return defaultEngine
  }

  /** Compile a template from source. */
  fromString(source: string): Template {
    return new Template(source, { engine: this })
  }

  /**
   * Find and compile a template by name; `'page.html#card'` returns the partial `card`.
   * Throws TemplateDoesNotExist listing every place tried.
   */
  getTemplate(name: string, skip: readonly string[] = []): Template | PartialTemplate {
    const hash = name.indexOf('#')
    if (hash > 0) {
      const parent = this.getTemplate(name.slice(0, hash), skip) as Template
      const partialName = name.slice(hash + 1)
      const nodes = parent.partials.get(partialName)
      if (!nodes) {
        throw new TemplateDoesNotExist(name, [
          {
            origin: parent.origin.path ?? parent.name,
            reason: `No partial named '${partialName}'`,
          },
        ])
      }
      return new PartialTemplate(parent, partialName, nodes)
    }
    const tried: Tried[] = []
    const request: LoadRequest = {
      skip,
      tried,
      compile: (source: string, origin: Origin): TemplateLike =>
        new Template(source, { engine: this, origin }),
    }
    for (const loader of this.loaders) {
      const template = loader.getTemplate(name, request)
      if (template) return template as Template
    }
    throw new TemplateDoesNotExist(name, tried)
  }

  /** The first of several names that exists (Django's select_template). */
  selectTemplate(names: readonly string[]): Template | PartialTemplate {
    const chain: TemplateDoesNotExist[] = []
    for (const name of names) {
      try {
        return this.getTemplate(name)
      } catch (error) {
        if (!(error instanceof TemplateDoesNotExist)) throw error
        chain.push(error)
      }
    }
    throw new TemplateDoesNotExist(
      names.join(', '),
      chain.flatMap((e) => e.tried),
      chain,
    )
  }

  /**
   * Load (or select, given a list) and render. `request` turns on context processors.
   */
  renderToString(
    name: string | readonly string[],
    context?: Scope | Map<string, unknown> | null,
    request?: unknown,
  ): string | Promise<string> {
    const template = typeof name === 'string' ? this.getTemplate(name) : this.selectTemplate(name)
    const ctx =
      request === undefined
        ? this.makeContext(context)
        : new RequestContext(request, context ?? null, [], {
            autoescape: this.autoescape,
            timeZone: this.timeZone,
          })
    return template.render(ctx)
  }

  /** Turn render() input into a Context configured for this engine. */
  makeContext(input: ContextInput): Context {
    if (input instanceof Context) {
      if (input instanceof RequestContext) input.bind(this.contextProcessors)
      // A context made without formats (the usual `new Context(values)`) prints numbers as
      // the engine rendering it says.
      if (input.numberFormats === DEFAULT_NUMBER_FORMATS) input.numberFormats = this.numberFormats
      return input
    }
    return new Context(input ?? null, {
      autoescape: this.autoescape,
      timeZone: this.timeZone,
      numberFormats: this.numberFormats,
    })
  }

  /** Drop cached templates (after editing files with debug off). */
  reset(): void {
    for (const loader of this.loaders) loader.reset?.()
  }
}
