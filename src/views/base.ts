/**
 * View: Django's class-based view, the base every generic view builds on.
 *
 * How it works: `MyView.asView(initkwargs)` checks the initkwargs once, at URLconf load
 * time, and returns a plain view function. On every request that function builds a fresh
 * instance (so per-request state never leaks between requests), assigns the initkwargs,
 * calls `setup(request, params)` and then `dispatch(request, params)`. `dispatch()` looks up
 * the instance method named after the request method (lower-cased): `get`, `post`, … If it
 * is not one of `httpMethodNames` or the class does not define it, the answer is 405 with
 * an Allow header listing what the class does implement. HEAD falls back to `get()`, and
 * `options()` is built in.
 *
 * Handlers may be sync or async; the view function always returns a promise.
 */
import { escapeControlCharacters, getLogger, markResponseLogged } from '../core/log.js'
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { HttpResponseNotAllowed } from '../http/response-status.js'
import type { Awaitable } from '../utils/awaitable.js'
import type { ViewParams } from './types.js'

/** The HTTP methods a class-based view may handle, as the names of its methods. */
export const HTTP_METHOD_NAMES = [
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'trace',
] as const

// Django logs refused requests (405) on its request logger; so do we.
const logger = getLogger('reinhardt.request')

export type HttpMethodName = (typeof HTTP_METHOD_NAMES)[number]

/** A method handler on a class-based view. */
type Handler = (request: HttpRequest, params: ViewParams) => Awaitable<HttpResponseBase>

/** Attributes set by `setup()` on every request; they cannot be passed to `asView()`. */
type RequestState = 'request' | 'params' | 'args'
const PER_REQUEST: ReadonlySet<string> = new Set<RequestState>(['request', 'params', 'args'])

/**
 * What `asView()` accepts: any existing attribute of the view, except the HTTP method
 * handlers and the per-request state (Django refuses those too).
 */
export type InitKwargs<T> = Partial<Omit<T, HttpMethodName | RequestState>>

/**
 * The URL parameters a view class's handlers expect: the intersection of the `params` types
 * of its `get`/`post`/… methods, so the view function only fits routes that supply all of
 * them. Handlers without a `params` argument contribute nothing.
 */
export type ViewClassParams<T> = {
  [K in HttpMethodName & keyof T]: T[K] extends (request: HttpRequest, params: infer P) => unknown
    ? (params: P) => void
    : never
}[HttpMethodName & keyof T] extends (params: infer I) => void
  ? I
  : ViewParams

/** A constructor of a class-based view (no arguments; initkwargs are assigned after). */
export type ViewClass<T extends View = View> = (new () => T) & typeof View

/** The function `asView()` returns: a view, remembering the class and initkwargs it came from. */
export interface ClassBasedView<T extends View = View> {
  (request: HttpRequest, params: ViewClassParams<T>): Promise<HttpResponseBase>
  /** The class this function instantiates per request. */
  readonly viewClass: ViewClass<T>
  /** The initkwargs given to `asView()` (frozen). */
  readonly viewInitkwargs: Readonly<InitKwargs<T>>
}

/**
 * Base class for class-based views. Define a method per HTTP method you answer and mount
 * the class with `asView()`.
 *
 * ```ts
 * class ArticleView extends View {
 *   greeting = 'Hello'
 *   async get(request: HttpRequest, { id }: { id: number }) {
 *     return new HttpResponse(`${this.greeting}, article ${id}`)
 *   }
 * }
 * export const urlpatterns = [
 *   path('articles/<int:id>/', ArticleView.asView({ greeting: 'Hi' }), { name: 'article' }),
 * ]
 * ```
 */
export class View {
  /**
   * Methods this view may answer; others get 405 even if a handler exists. Narrow it in a
   * subclass (or through `asView({ httpMethodNames: [...] })`) to refuse some methods.
   */
  httpMethodNames: readonly string[] = HTTP_METHOD_NAMES

  // `declare`: these exist only once setup() has run, which is how asView() notices a
  // setup() override that forgot to call super.setup().
  /** The current request (set by `setup()`). */
  declare request: HttpRequest
  /** The URL parameters, Django's `self.kwargs` (set by `setup()`). */
  declare params: ViewParams
  /** Positional captures from unnamed `rePath` groups, Django's `self.args`. */
  declare args: readonly string[]

  /**
   * Returns the view function for this class. `initkwargs` become attributes of each
   * per-request instance; they must name attributes the class already has, and may not
   * name an HTTP method (a TypeError says which).
   */
  static asView<T extends View>(
    this: new () => T,
    initkwargs: InitKwargs<T> = {},
  ): ClassBasedView<T> {
    // The class, typed for its statics as well as for its instances.
    const cls = this as ViewClass<T>
    // Class fields live on instances, not on the prototype, so a throwaway instance is the
    // only place to ask whether an attribute exists.
    const probe = new cls()
    const kwargs = Object.freeze({ ...initkwargs })
    for (const key of Object.keys(kwargs)) {
      if (
        probe.httpMethodNames.includes(key) ||
        (HTTP_METHOD_NAMES as readonly string[]).includes(key)
      ) {
        throw new TypeError(
          `The method name ${JSON.stringify(key)} is not accepted as an initkwarg to ` +
            `${cls.name}.asView(); define a ${key}() method on the class instead.`,
        )
      }
      // Object.prototype's members (`constructor`, `__proto__`, …) are not view attributes.
      if (!(key in probe) || key in Object.prototype || PER_REQUEST.has(key)) {
        throw new TypeError(
          `${cls.name}.asView() received an invalid initkwarg ${JSON.stringify(key)}. asView() ` +
            `only accepts attributes the class already has; declare it as a field of ${cls.name}.`,
        )
      }
    }

    const view = async (request: HttpRequest, params: ViewClassParams<T>) => {
      const self = new cls()
      Object.assign(self, kwargs)
      self.setup(request, params as ViewParams)
      if (self.request === undefined) {
        throw new TypeError(
          `${cls.name} instance has no 'request' attribute. Did you override setup() and ` +
            `forget to call super.setup()?`,
        )
      }
      return self.dispatch(request, params as ViewParams)
    }
    // The class name makes debugging pages and ResolverMatch.viewName readable.
    Object.defineProperty(view, 'name', { value: cls.name, configurable: true })
    return Object.assign(view, { viewClass: cls, viewInitkwargs: kwargs })
  }

  /** Stores the request and its parameters on the instance; runs before `dispatch()`. */
  setup(request: HttpRequest, params: ViewParams): void {
    this.request = request
    this.params = params
    this.args = request.resolverMatch?.args ?? []
  }

  /**
   * Calls the handler for the request's method, or `httpMethodNotAllowed()` when there is
   * none. Override it to run code around every handler (checks, timing).
   */
  async dispatch(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    const handler = this.#handler(request.method.toLowerCase())
    if (handler === undefined) return this.httpMethodNotAllowed(request, params)
    return handler.call(this, request, params)
  }

  /** The 405 answer, with Allow listing the methods this view implements. */
  httpMethodNotAllowed(request: HttpRequest, _params: ViewParams): Awaitable<HttpResponseBase> {
    logger.warning(
      `Method Not Allowed (${request.method}): ${escapeControlCharacters(request.path)}`,
      {
        extra: { statusCode: 405 },
      },
    )
    const response = new HttpResponseNotAllowed(this.allowedMethods())
    markResponseLogged(response) // logged above; the handler must not log it again
    return response
  }

  /** Answers OPTIONS: 200, empty body, Allow listing the implemented methods. */
  options(_request: HttpRequest, _params: ViewParams): Awaitable<HttpResponseBase> {
    const response = new HttpResponse()
    response.headers.set('Allow', this.allowedMethods().join(', '))
    response.headers.set('Content-Length', '0')
    return response
  }

  /** The upper-cased methods this view answers (HEAD included when `get()` exists). */
  allowedMethods(): string[] {
    return this.httpMethodNames
      .filter((name) => this.#handler(name) !== undefined)
      .map((name) => name.toUpperCase())
  }

  /** The handler for a lower-cased method name, if allowed and defined. */
  #handler(name: string): Handler | undefined {
    if (!this.httpMethodNames.includes(name)) return undefined
    const own = (this as unknown as Record<string, unknown>)[name]
    if (typeof own === 'function') return own as Handler
    // Django's setup() aliases head to get when only get exists; looking it up here keeps
    // the fallback even for a setup() override that skips super.
    if (name === 'head') return this.#handler('get')
    return undefined
  }
}
