/**
 * Template responses (Django's SimpleTemplateResponse and TemplateResponse): a response that
 * keeps its template and context and renders late. The handler sees an unrendered response
 * (`isRendered` false), runs the middleware's processTemplateResponse hooks, which may change
 * `templateName` or `contextData`, and then calls `render()`; response middleware gets the
 * rendered response. Reading the content before that throws ContentNotRenderedError.
 *
 * ```ts
 * export function index(request: HttpRequest) {
 *   return new TemplateResponse(request, 'polls/index.html', { latestQuestions })
 * }
 * // a middleware
 * processTemplateResponse(request, response) {
 *   response.contextData = { ...response.contextData, banner: 'Sale!' }
 *   return response
 * }
 * ```
 */
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase, type ResponseInit } from '../http/response.js'
import type { BackendTemplate, TemplateContextData } from './backends/base.js'
import { getTemplate, selectTemplate } from './loader.js'

/** The body of a template response was read before it was rendered. */
export class ContentNotRenderedError extends Error {
  override name = 'ContentNotRenderedError'
}

/** What a template response can be given: a name, names to select from, or a template. */
export type TemplateSpec = string | readonly string[] | BackendTemplate

/** Options of the template responses: the response's, plus the backend to use. */
export interface TemplateResponseInit extends ResponseInit {
  /** Only this TEMPLATES backend (by NAME). */
  using?: string
}

/** Called after rendering; may return another response to use instead. */
export type PostRenderCallback = (response: HttpResponseBase) => HttpResponseBase | void

/**
 * A response rendered from a template after the view returns.
 *
 * @example
 * const response = new SimpleTemplateResponse('hello.html', { name: 'Ada' })
 * await response.render()
 * response.text() // rendered page
 */
export class SimpleTemplateResponse extends HttpResponse {
  /** The template (name, names or template), changeable until rendered. */
  templateName: TemplateSpec
  /** The variables, changeable until rendered. */
  contextData: TemplateContextData | null
  /** The TEMPLATES backend to use, by NAME. */
  using: string | undefined
  #isRendered = false
  #postRender: PostRenderCallback[] = []

  constructor(
    template: TemplateSpec,
    context?: TemplateContextData | null,
    init: TemplateResponseInit = {},
  ) {
    super('', init)
    this.templateName = template
    this.contextData = context ?? null
    this.using = init.using
  }

  /** False until `render()` ran (or content was set directly). */
  get isRendered(): boolean {
    return this.#isRendered
  }

  /** The request rendering passes to the backend (TemplateResponse has one). */
  protected renderRequest(): unknown {
    return undefined
  }

  /** Turns `templateName` into a template (override to customise lookup). */
  resolveTemplate(template: TemplateSpec): BackendTemplate {
    const options = { using: this.using }
    if (typeof template === 'string') return getTemplate(template, options)
    if (Array.isArray(template)) return selectTemplate(template as readonly string[], options)
    return template as BackendTemplate
  }

  /** Turns `contextData` into what the template renders with (override to customise). */
  resolveContext(context: TemplateContextData | null): TemplateContextData | null {
    return context
  }

  /** The rendered page, without storing it (a Promise when the template is async). */
  get renderedContent(): string | Promise<string> {
    const template = this.resolveTemplate(this.templateName)
    return template.render(this.resolveContext(this.contextData), this.renderRequest())
  }

  /**
   * Runs `callback` after rendering (at once when already rendered). A callback returning a
   * response replaces this one as the result of `render()`.
   */
  addPostRenderCallback(callback: PostRenderCallback): void {
    if (this.#isRendered) callback(this)
    else this.#postRender.push(callback)
  }

  /**
   * Renders the template into the body once; later calls do nothing. Resolves to this
   * response, or to the one a post-render callback returned.
   */
  render(): HttpResponseBase | Promise<HttpResponseBase> {
    if (this.#isRendered) return this
    const content = this.renderedContent
    return typeof content === 'string'
      ? this.#finish(content)
      : content.then((c) => this.#finish(c))
  }

  #finish(content: string): HttpResponseBase {
    if (this.#isRendered) return this
    this.content = content
    let result: HttpResponseBase = this
    const callbacks = this.#postRender
    this.#postRender = []
    for (const callback of callbacks) result = callback(result) ?? result
    return result
  }

  /** The body as bytes; throws ContentNotRenderedError before `render()`. */
  override get content(): Buffer {
    this.#checkRendered()
    return super.content
  }

  /** Setting the body directly counts as rendering (the template is then not used). */
  override set content(value: string | Uint8Array) {
    super.content = value
    this.#isRendered = true
  }

  override get body(): string | Buffer {
    this.#checkRendered()
    return super.body
  }

  override text(): string {
    this.#checkRendered()
    return super.text()
  }

  #checkRendered(): void {
    if (!this.#isRendered) {
      throw new ContentNotRenderedError(
        'The response content must be rendered before it can be accessed: call ' +
          '`await response.render()` (the handler does this after processTemplateResponse).',
      )
    }
  }
}

/**
 * A template response that renders with the request, so context processors run (the usual
 * choice in views).
 *
 * @example
 * return new TemplateResponse(request, 'polls/detail.html', { question })
 */
export class TemplateResponse extends SimpleTemplateResponse {
  readonly #request: HttpRequest

  constructor(
    request: HttpRequest,
    template: TemplateSpec,
    context?: TemplateContextData | null,
    init: TemplateResponseInit = {},
  ) {
    super(template, context, init)
    this.#request = request
  }

  protected override renderRequest(): unknown {
    return this.#request
  }
}
