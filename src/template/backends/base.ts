/**
 * The template backend contract (Django's `BaseEngine`): what an entry of settings.TEMPLATES
 * becomes. `engines` builds one backend per entry; `getTemplate()`, `renderToString()`,
 * `render()` and TemplateResponse only talk to this interface, so another template language
 * plugs in by providing a factory with the same shape as `DjangoTemplates`.
 *
 * A backend's templates render from a plain object (or Map) of variables plus an optional
 * request; the backend decides what the request adds (the DTL runs context processors).
 */
import type { Settings, TemplateBackendSettings } from '../../conf/global-settings.js'

/** Variables a backend template renders with: a plain object or a Map. */
export type TemplateContextData = Record<string, unknown> | ReadonlyMap<string, unknown>

/** A template a backend found, ready to render (Django's backend Template wrapper). */
export interface BackendTemplate {
  /** The name it was loaded by (or `'<string>'`). */
  readonly name: string
  /** The backend that compiled it. */
  readonly backend: TemplateBackend
  /**
   * Render with `context` (a plain object or Map, never a Context) and, when given, the
   * request (the DTL then runs its context processors). A string, or a Promise of one when
   * the template met asynchronous values.
   */
  render(context?: TemplateContextData | null, request?: unknown): string | Promise<string>
}

/** A configured template engine behind settings.TEMPLATES. */
export interface TemplateBackend {
  /** The alias `engines.get(name)` finds it by (TEMPLATES' NAME, or the backend's default). */
  readonly name: string
  /** Load a template; throws TemplateDoesNotExist (listing the places tried) or a syntax error. */
  getTemplate(name: string): BackendTemplate
  /** Compile a template from source. */
  fromString(source: string): BackendTemplate
  /** Drop cached templates (the `engines` handler calls it when settings change). */
  reset?(): void
}

/** What a backend factory receives: the TEMPLATES entry, normalised, and the settings. */
export interface BackendParams {
  NAME: string
  DIRS: readonly string[]
  APP_DIRS: boolean
  OPTIONS: Readonly<Record<string, unknown>>
  /** The project settings the entry came from (DEBUG, TIME_ZONE, INSTALLED_APPS, …). */
  settings: Readonly<Settings>
}

/**
 * What a TEMPLATES entry's BACKEND holds: a class (`new Backend(params)`) or a function
 * returning a backend, with the default alias used when the entry sets no NAME.
 */
export type TemplateBackendFactory = (
  (new (params: BackendParams) => TemplateBackend) | ((params: BackendParams) => TemplateBackend)
) & { readonly defaultName?: string }

export type { TemplateBackendSettings }
