/**
 * MiddlewareMixin: the hook style of middleware, for classes.
 *
 * Subclass it and define any of `processRequest` (before the URL is resolved; return a
 * response to answer early), `processResponse` (every response on the way out),
 * `processView`, `processException`, `processTemplateResponse`. Put the class itself in
 * settings.MIDDLEWARE; the handler constructs it with the rest of the chain.
 *
 * ```ts
 * class TimingMiddleware extends MiddlewareMixin {
 *   override processResponse(request: HttpRequest, response: HttpResponseBase) {
 *     response.setHeader('Server-Timing', `app;dur=${performance.now() - started.get(request)!}`)
 *     return response
 *   }
 * }
 * ```
 */
import { getSettings } from '../conf/settings.js'
import type { Settings } from '../conf/global-settings.js'
import type { GetResponse, MiddlewareObject } from '../core/handlers/middleware.js'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import { isPromiseLike, type Awaitable } from '../utils/awaitable.js'

export class MiddlewareMixin implements MiddlewareObject {
  protected readonly getResponse: GetResponse
  /** The handler's settings (read configuration here, once, in the constructor). */
  protected readonly settings: Readonly<Settings>

  constructor(getResponse: GetResponse, settings: Readonly<Settings> = getSettings()) {
    if (typeof getResponse !== 'function') {
      throw new TypeError(
        `${new.target.name} must be constructed with the next getResponse function.`,
      )
    }
    this.getResponse = getResponse
    this.settings = settings
  }

  /**
   * Runs processRequest, the rest of the chain, then processResponse. Stays synchronous
   * when the hooks and the inner chain are, so hook-style middleware costs no promise.
   */
  call(request: HttpRequest): Awaitable<HttpResponseBase> {
    if (this.processRequest) {
      const early = this.processRequest(request)
      if (isPromiseLike(early)) {
        return early.then((response) =>
          response ? this.#processResponse(request, response) : this.#passOn(request),
        )
      }
      if (early) return this.#processResponse(request, early)
    }
    return this.#passOn(request)
  }

  #passOn(request: HttpRequest): Awaitable<HttpResponseBase> {
    const response = this.getResponse(request)
    if (isPromiseLike(response)) return response.then((r) => this.#processResponse(request, r))
    return this.#processResponse(request, response)
  }

  #processResponse(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase> {
    return this.processResponse ? this.processResponse(request, response) : response
  }

  processRequest?(request: HttpRequest): Awaitable<HttpResponseBase | null | undefined | void>
  processResponse?(request: HttpRequest, response: HttpResponseBase): Awaitable<HttpResponseBase>
}
