/**
 * BaseHandler: turns an HttpRequest into an HttpResponse.
 *
 * At construction it reads the settings once, composes settings.MIDDLEWARE into a chain
 * (outermost first, each layer wrapped by convertExceptionToResponse) and collects the
 * middleware hooks: processView top-down, processTemplateResponse and processException
 * bottom-up, as Django orders them. Per request, `getResponse` runs the chain; the innermost
 * layer resolves the URL, loads form bodies, runs the view middleware, the view, and the
 * deferred render of template responses.
 */
import type { Settings } from '../../conf/global-settings.js'
import { getSettings } from '../../conf/settings.js'
import type { HttpRequest } from '../../http/request.js'
import { requestOptionsFromSettings, type RequestOptions } from '../../http/request-options.js'
import { isRenderable, HttpResponseBase, type RenderableResponse } from '../../http/response.js'
import { getResolver, setScriptPrefix, setUrlconf } from '../../urls/index.js'
import type { ResolverMatch } from '../../urls/resolver-match.js'
import type { URLResolver } from '../../urls/resolvers.js'
import type { URLConf } from '../../urls/types.js'
import { isPromiseLike, type Awaitable } from '../../utils/awaitable.js'
import type { ErrorView, View, ViewParams } from '../../views/types.js'
import { atomicRequestAliases } from '../../db/atomic-requests-settings.js'
import { ImproperlyConfigured, MiddlewareNotUsed } from '../exceptions.js'
import {
  convertExceptionToResponse,
  logResponse,
  type ErrorStatus,
  type ExceptionContext,
} from './exception.js'
import {
  isMiddlewareClass,
  type GetResponse,
  type MiddlewareHooks,
  type MiddlewareObject,
} from './middleware.js'

type ViewHook = NonNullable<MiddlewareHooks['processView']>
type ExceptionHook = NonNullable<MiddlewareHooks['processException']>
type TemplateResponseHook = NonNullable<MiddlewareHooks['processTemplateResponse']>

export interface BaseHandlerOptions {
  /**
   * Mount path of the application ('' at the root); FORCE_SCRIPT_NAME wins over it.
   * Used by reverse() for every URL it builds.
   */
  scriptName?: string
  /** Make this handler's URLconf and script prefix the process-wide defaults (true). */
  installGlobals?: boolean
}

export class BaseHandler implements ExceptionContext {
  readonly settings: Readonly<Settings>
  readonly requestOptions: RequestOptions
  readonly debug: boolean
  readonly urlconf: URLConf
  readonly scriptName: string
  #resolver: URLResolver
  #chain: GetResponse = () => Promise.reject(new Error('loadMiddleware() has not run'))
  #viewMiddleware: ViewHook[] = []
  #templateResponseMiddleware: TemplateResponseHook[] = []
  #exceptionMiddleware: ExceptionHook[] = []
  /** DATABASES aliases with ATOMIC_REQUESTS; null (the usual case) adds no work per request. */
  #atomicAliases: string[] | null

  /**
   * ```ts
   * const handler = new BaseHandler(buildSettings({ ROOT_URLCONF: urls, DEBUG: true }))
   * const response = await handler.getResponse(request)
   * ```
   */
  constructor(settings: Readonly<Settings> = getSettings(), options: BaseHandlerOptions = {}) {
    this.settings = settings
    this.debug = settings.DEBUG
    this.requestOptions = requestOptionsFromSettings(settings)
    if (settings.ROOT_URLCONF === null || typeof settings.ROOT_URLCONF !== 'object') {
      throw new ImproperlyConfigured(
        'ROOT_URLCONF is not set. Set it to your URLconf module, e.g. ' +
          "`import * as urls from './urls.js'` and `ROOT_URLCONF: urls`.",
      )
    }
    this.urlconf = settings.ROOT_URLCONF
    this.#atomicAliases = atomicRequestAliases(settings.DATABASES ?? {})
    this.#resolver = getResolver(this.urlconf)
    this.scriptName = stripTrailingSlash(settings.FORCE_SCRIPT_NAME ?? options.scriptName ?? '')
    if (options.installGlobals ?? true) {
      setUrlconf(this.urlconf)
      setScriptPrefix(this.scriptName + '/')
    }
    this.loadMiddleware()
  }

  /** Composes settings.MIDDLEWARE into the chain (called once, by the constructor). */
  loadMiddleware(): void {
    const views: ViewHook[] = []
    const templateResponses: TemplateResponseHook[] = []
    const exceptions: ExceptionHook[] = []
    let handler: GetResponse = convertExceptionToResponse(
      (request) => this.#getResponse(request),
      this,
    )
    const middleware = this.settings.MIDDLEWARE
    for (let i = middleware.length - 1; i >= 0; i--) {
      const factory = middleware[i]!
      let instance: ReturnType<typeof instantiate>
      try {
        instance = instantiate(factory, handler, this.settings)
      } catch (error) {
        if (error instanceof MiddlewareNotUsed) continue
        throw error
      }
      if (instance === null || instance === undefined) {
        throw new ImproperlyConfigured(
          `Middleware factory ${factory.name || '<anonymous>'} returned ${instance}; it must return ` +
            'a handler function or an object with a call(request) method.',
        )
      }
      if (instance.processView) views.unshift(instance.processView.bind(instance))
      if (instance.processTemplateResponse) {
        templateResponses.push(instance.processTemplateResponse.bind(instance))
      }
      if (instance.processException) exceptions.push(instance.processException.bind(instance))
      const call =
        typeof instance === 'function'
          ? instance
          : (instance as MiddlewareObject).call.bind(instance)
      handler = convertExceptionToResponse(
        call as (request: HttpRequest) => Awaitable<HttpResponseBase>,
        this,
      )
    }
    this.#viewMiddleware = views
    this.#templateResponseMiddleware = templateResponses
    this.#exceptionMiddleware = exceptions
    this.#chain = handler
  }

  /** Runs the middleware chain and the view; always resolves to a response. */
  async getResponse(request: HttpRequest): Promise<HttpResponseBase> {
    return this.respond(request)
  }

  /**
   * `getResponse` without the promise when it can: if every step on the way (middleware,
   * view) answered synchronously, so does this. Gateways use it to skip the microtask turns
   * a promise costs per request; the result is the same.
   */
  respond(request: HttpRequest): Awaitable<HttpResponseBase> {
    const result = this.#chain(request)
    if (isPromiseLike(result)) return result.then((response) => finish(request, response))
    return finish(request, result)
  }

  /** The root URLconf's handlerNNN view, if defined (ExceptionContext). */
  errorHandler(status: ErrorStatus): ErrorView | undefined {
    return this.#resolver.resolveErrorHandler(status) as ErrorView | undefined
  }

  /** Resolves the request's path and stores the match on `request.resolverMatch`. */
  resolveRequest(request: HttpRequest): ResolverMatch {
    const match = this.#resolver.resolve(request.pathInfo)
    request.resolverMatch = match
    return match
  }

  /**
   * The innermost layer (Django's _get_response): resolve, load form bodies, view
   * middleware, view, deferred render. Synchronous from end to end when nothing on the way
   * is asynchronous — the common GET to a plain view.
   */
  #getResponse(request: HttpRequest): Awaitable<HttpResponseBase> {
    const match = this.resolveRequest(request)
    if (request.hasFormBody || this.#viewMiddleware.length > 0) {
      return this.#getResponseWithHooks(request, match.func, match.kwargs)
    }
    return this.#runView(request, match.func, match.kwargs)
  }

  async #getResponseWithHooks(
    request: HttpRequest,
    view: View,
    params: ViewParams,
  ): Promise<HttpResponseBase> {
    if (request.hasFormBody) await request.loadBody()
    for (const processView of this.#viewMiddleware) {
      const result = processView(request, view, params)
      const response = isPromiseLike(result) ? await result : result
      if (response) return this.#afterView(response, request, processView)
    }
    return this.#runView(request, view, params)
  }

  /** Calls the view (in a transaction under ATOMIC_REQUESTS); errors go to processException hooks. */
  #runView(request: HttpRequest, view: View, params: ViewParams): Awaitable<HttpResponseBase> {
    if (this.#atomicAliases !== null) return this.#runAtomicView(request, view, params)
    return this.#callView(request, view, params)
  }

  async #runAtomicView(
    request: HttpRequest,
    view: View,
    params: ViewParams,
  ): Promise<HttpResponseBase> {
    // Loaded on first use: projects without ATOMIC_REQUESTS never import the ORM here.
    const { makeViewAtomic } = await import('../../db/atomic-requests.js')
    const atomicView = makeViewAtomic(view, this.#atomicAliases!)
    return this.#callView(request, atomicView, params, view)
  }

  #callView(
    request: HttpRequest,
    view: View,
    params: ViewParams,
    producer: View = view,
  ): Awaitable<HttpResponseBase> {
    let result: Awaitable<HttpResponseBase>
    try {
      result = view(request, params)
    } catch (error) {
      return this.#viewFailed(error, request, producer)
    }
    if (isPromiseLike(result)) {
      return result.then(
        (response) => this.#afterView(response, request, producer),
        (error: unknown) => this.#viewFailed(error, request, producer),
      )
    }
    return this.#afterView(result, request, producer)
  }

  async #viewFailed(error: unknown, request: HttpRequest, view: View): Promise<HttpResponseBase> {
    const response = await this.#processExceptionByMiddleware(error, request)
    return this.#afterView(response, request, view)
  }

  /** Checks what the view (or a hook) returned, then renders a deferred-render response. */
  #afterView(
    response: unknown,
    request: HttpRequest,
    producer: View | ((...args: never[]) => unknown),
  ): Awaitable<HttpResponseBase> {
    checkResponse(response, producer)
    if (isRenderable(response)) return this.#renderTemplateResponse(response, request, producer)
    return response
  }

  /** processTemplateResponse hooks (bottom-up), then render(). */
  async #renderTemplateResponse(
    renderable: RenderableResponse,
    request: HttpRequest,
    producer: View | ((...args: never[]) => unknown),
  ): Promise<HttpResponseBase> {
    let response: HttpResponseBase = renderable
    for (const processTemplateResponse of this.#templateResponseMiddleware) {
      response = await processTemplateResponse(request, response as RenderableResponse)
      checkResponse(response, processTemplateResponse, 'processTemplateResponse of a middleware')
      if (!isRenderable(response)) break
    }
    if (!isRenderable(response)) return response
    try {
      response = await response.render()
    } catch (error) {
      response = await this.#processExceptionByMiddleware(error, request)
    }
    checkResponse(response, producer)
    return response
  }

  /** Offers `error` to processException hooks, innermost first; rethrows when none answers. */
  async #processExceptionByMiddleware(
    error: unknown,
    request: HttpRequest,
  ): Promise<HttpResponseBase> {
    for (const processException of this.#exceptionMiddleware) {
      const result = await processException(request, error)
      if (result) return result
    }
    throw error
  }
}

/** Per-response work done once the chain has answered: logging, upload cleanup. */
function finish(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
  if (!(response instanceof HttpResponseBase)) {
    // Only a middleware can get here (views are checked where they are called).
    throw new TypeError(
      `The middleware chain returned ${describeValue(response)} instead of an HttpResponse. ` +
        'Every middleware must return the response from getResponse(request), or its own.',
    )
  }
  if (response.statusCode >= 400) logResponse(request, response)
  if (request.hasFormBody) response.addCloser(() => request.cleanup())
  return response
}

function instantiate(
  factory: Settings['MIDDLEWARE'][number],
  getResponse: GetResponse,
  settings: Readonly<Settings>,
): (((request: HttpRequest) => unknown) & MiddlewareHooks) | MiddlewareObject {
  if (typeof factory !== 'function') {
    throw new ImproperlyConfigured(
      `MIDDLEWARE contains ${JSON.stringify(factory)}, which is not a middleware factory or class. ` +
        'Import the middleware and put the function or class itself in the list.',
    )
  }
  return isMiddlewareClass(factory)
    ? new factory(getResponse, settings)
    : factory(getResponse, settings)
}

/** Refuses a view result that is not a response, naming the view and how to fix it. */
function checkResponse(
  response: unknown,
  callable: View | ((...args: never[]) => unknown),
  what = 'The view',
): asserts response is HttpResponseBase {
  if (response instanceof HttpResponseBase) return
  const name = callable.name ? `${callable.name}` : '<anonymous>'
  const subject = what === 'The view' ? `The view ${name}` : `${what} (${name})`
  const got = `returned ${describeValue(response)}`
  throw new TypeError(
    `${subject} didn't return an HttpResponse object: it ${got} instead. ` +
      'Return (or resolve to) an HttpResponse, e.g. `return new HttpResponse(...)`, or throw Http404.',
  )
}

function stripTrailingSlash(value: string): string {
  return value.endsWith('/') ? value.replace(/\/+$/, '') : value
}

/** "undefined", "null", "a string", or the class name of an object: for error messages. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value)
  if (typeof value === 'object') return value.constructor?.name ?? 'an object'
  return typeof value
}
