/**
 * What a middleware is.
 *
 * As in Django, a middleware is a factory: given `getResponse` (the rest of the chain) it
 * returns a handler for one request. The handler is a function, or an object with `call`
 * plus optional hooks the handler runs around the view:
 *
 * - `processView(request, view, params)`: before the view, top-down; a response short-cuts.
 * - `processException(request, error)`: when the view throws, bottom-up; a response stops.
 * - `processTemplateResponse(request, response)`: for deferred-render responses, bottom-up.
 *
 * Classes are accepted too: anything whose prototype has a `call` method is constructed with
 * `new Middleware(getResponse)` (MiddlewareMixin is such a class).
 */
import type { Settings } from '../../conf/global-settings.js'
import type { HttpRequest } from '../../http/request.js'
import type { HttpResponseBase, RenderableResponse } from '../../http/response.js'
import type { Awaitable } from '../../utils/awaitable.js'
import type { View, ViewParams } from '../../views/types.js'

/**
 * The rest of the chain, as a middleware sees it: a response, or a promise of one when
 * something inside is asynchronous. `await` it; it never throws or rejects (errors inside
 * have already become responses).
 */
export type GetResponse = (request: HttpRequest) => Awaitable<HttpResponseBase>

/** Optional hooks a middleware handler object may carry. */
export interface MiddlewareHooks {
  processView?(
    request: HttpRequest,
    view: View,
    params: ViewParams,
  ): Awaitable<HttpResponseBase | null | undefined | void>
  processException?(
    request: HttpRequest,
    error: unknown,
  ): Awaitable<HttpResponseBase | null | undefined | void>
  processTemplateResponse?(
    request: HttpRequest,
    response: RenderableResponse,
  ): Awaitable<HttpResponseBase>
}

/** A handler object: `call` handles the request; hooks are optional. */
export interface MiddlewareObject extends MiddlewareHooks {
  call(request: HttpRequest): Awaitable<HttpResponseBase>
}

/** A plain function handler (may carry hooks as properties). */
export type MiddlewareFunction = ((request: HttpRequest) => Awaitable<HttpResponseBase>) &
  MiddlewareHooks

/**
 * Builds a middleware's handler, once, when the handler starts. `settings` are the
 * handler's settings: read configuration from them (not from the global proxy) so a
 * handler built from explicit settings, as tests do, configures its middleware too.
 */
export type MiddlewareFactory = (
  getResponse: GetResponse,
  settings: Readonly<Settings>,
) => MiddlewareFunction | MiddlewareObject

export type MiddlewareClass = new (
  getResponse: GetResponse,
  settings: Readonly<Settings>,
) => MiddlewareObject

/** An entry of settings.MIDDLEWARE. */
export type Middleware = MiddlewareFactory | MiddlewareClass

/** True for classes to construct with `new` (their prototype has a `call` method). */
export function isMiddlewareClass(middleware: Middleware): middleware is MiddlewareClass {
  const proto = (middleware as { prototype?: { call?: unknown } }).prototype
  return proto !== undefined && proto !== null && typeof proto.call === 'function'
}
