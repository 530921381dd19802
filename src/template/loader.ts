/**
 * Template lookup across every configured backend (Django's `django.template.loader`):
 * `getTemplate`, `selectTemplate` and `renderToString` ask each backend of settings.TEMPLATES
 * in order (or only the one named by `using`) and return the first template found. When none
 * has it, TemplateDoesNotExist lists every place every backend tried.
 *
 * ```ts
 * import { renderToString } from 'reinhardt/template'
 * const html = await renderToString('emails/welcome.txt', { user })
 * ```
 */
import type { BackendTemplate, TemplateContextData } from './backends/base.js'
import { engines, type EngineHandler } from './engines.js'
import { TemplateDoesNotExist } from './errors.js'

/** Options of the loader functions. */
export interface LoaderOptions {
  /** Only this backend (a TEMPLATES NAME), instead of each in turn. */
  using?: string
  /** The backends to search (the global `engines` by default). */
  engines?: EngineHandler
}

function backendsFor(options: LoaderOptions) {
  const handler = options.engines ?? engines
  return options.using === undefined ? handler.all() : [handler.get(options.using)]
}

/**
 * The template named `name`, from the first backend that has it.
 *
 * @example
 * const template = getTemplate('polls/index.html')
 * const html = await template.render({ latestQuestions }, request)
 */
export function getTemplate(name: string, options: LoaderOptions = {}): BackendTemplate {
  return firstTemplate([name], options)
}

/**
 * The first of `names` that exists (Django's select_template), e.g. a specific template
 * with a generic fallback.
 *
 * @example
 * selectTemplate([`shop/product_${kind}.html`, 'shop/product.html'])
 */
export function selectTemplate(
  names: readonly string[],
  options: LoaderOptions = {},
): BackendTemplate {
  if (typeof names === 'string') {
    throw new TypeError(
      `selectTemplate() takes a list of template names, not a string ('${names}'); use ` +
        'getTemplate() for one name.',
    )
  }
  if (names.length === 0) throw new TemplateDoesNotExist('No template names provided')
  return firstTemplate(names, options)
}

/** Tries each name with each backend in turn; the error lists every place tried. */
function firstTemplate(names: readonly string[], options: LoaderOptions): BackendTemplate {
  const chain: TemplateDoesNotExist[] = []
  for (const name of names) {
    for (const backend of backendsFor(options)) {
      try {
        return backend.getTemplate(name)
      } catch (error) {
        if (!(error instanceof TemplateDoesNotExist)) throw error
        chain.push(error)
      }
    }
  }
  throw notFound(names.join(', '), chain)
}

/**
 * Load (`getTemplate`, or `selectTemplate` for a list of names) and render. With a request,
 * the DTL runs its context processors. A string, or a Promise of one when the template met
 * asynchronous values (`await` it either way).
 *
 * @example
 * const html = await renderToString('polls/detail.html', { question }, request)
 */
export function renderToString(
  name: string | readonly string[],
  context?: TemplateContextData | null,
  request?: unknown,
  options: LoaderOptions = {},
): string | Promise<string> {
  const template =
    typeof name === 'string' ? getTemplate(name, options) : selectTemplate(name, options)
  return template.render(context, request)
}

function notFound(name: string, chain: TemplateDoesNotExist[]): TemplateDoesNotExist {
  const tried = chain.flatMap((error) => error.tried)
  if (chain.length === 0) {
    return new TemplateDoesNotExist(name, [
      {
        origin: 'settings.TEMPLATES',
        reason:
          'no template backend is configured: add an entry such as { DIRS: [...], APP_DIRS: true }',
      },
    ])
  }
  return new TemplateDoesNotExist(name, tried, chain)
}
