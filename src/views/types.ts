/** The shape of a view: what the URL resolver points at and the handler calls. */
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import type { Awaitable } from '../utils/awaitable.js'

/** Parameters captured from the URL plus a pattern's extra kwargs. */
export type ViewParams = Record<string, unknown>

/**
 * A view: takes the request and the URL's parameters, returns (or resolves to) a response.
 *
 * ```ts
 * export function article(request: HttpRequest, { year }: { year: number }) {
 *   return new HttpResponse(`Articles of ${year}`)
 * }
 * ```
 */
// `any` for P's default keeps views with specific parameter types assignable to View
// (parameters are contravariant); path() re-imposes the route's real parameter types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type View<P = any> = (request: HttpRequest, params: P) => Awaitable<HttpResponseBase>

/** handler400/403/404 views receive the exception that caused them. */
export type ErrorView = (request: HttpRequest, exception: unknown) => Awaitable<HttpResponseBase>
