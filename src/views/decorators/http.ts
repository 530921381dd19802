/**
 * HTTP view decorators: method restrictions and conditional processing.
 *
 * How the method decorators work: `requireHttpMethods(methods)` returns a wrapper factory.
 * The wrapper checks `request.method` against the list before calling the view and answers
 * 405 Method Not Allowed (with an Allow header naming the list) otherwise. The wrapper keeps
 * the view's name, its parameter types and any properties set on it (`viewClass` of an
 * `asView()` function, for example), like Python's functools.wraps.
 *
 * How `condition` works: before the view runs, the ETag and/or last-modified functions
 * compute the resource's current validators (cheaply: a version column, an `updatedAt`), and
 * the request's preconditions are evaluated against them (getConditionalResponse in
 * src/utils/cache.ts): a matching If-None-Match / If-Modified-Since answers 304 and a failed
 * If-Match / If-Unmodified-Since answers 412 without calling the view at all. Otherwise the
 * view runs, and for GET and HEAD its response gets the ETag and Last-Modified headers if it
 * has none. The functions may be async (a database query); the wrapper stays synchronous
 * when they and the view are.
 */
import { escapeControlCharacters, getLogger, markResponseLogged } from '../../core/log.js'
import type { HttpRequest } from '../../http/request.js'
import type { HttpResponseBase } from '../../http/response.js'
import { HttpResponseNotAllowed } from '../../http/response-status.js'
import { conditionalGetResponse } from '../../middleware/http.js'
import { isPromiseLike, type Awaitable } from '../../utils/awaitable.js'
import { getConditionalResponse, quoteEtag } from '../../utils/cache.js'
import { httpDate } from '../../utils/http-date.js'
import type { View } from '../types.js'
import { copyViewIdentity, wrapView, type DecoratedView } from './wrap-view.js'

// Django logs refused requests (405) on its request logger; so do we.
const logger = getLogger('reinhardt.request')

/** The `params` type of a view function (`unknown` when it takes none). */
type ParamsOf<F> = F extends (request: HttpRequest, params: infer P) => unknown ? P : never

/**
 * A view wrapped by a method decorator: same parameters and properties, and its result may
 * also be the 405 response (returned synchronously, which the handler awaits like any value).
 */
export type MethodRestrictedView<F extends View> = ((
  request: HttpRequest,
  params: ParamsOf<F>,
) => ReturnType<F> | HttpResponseNotAllowed) & { [K in keyof F]: F[K] }

/** What `requireHttpMethods(...)` returns: applies the restriction to one view. */
export type MethodDecorator = <F extends View>(view: F) => MethodRestrictedView<F>

/**
 * Lets through only the listed methods (case-insensitive); anything else gets 405 with
 * Allow listing them.
 *
 * ```ts
 * export const vote = requireHttpMethods(['GET', 'POST'])(
 *   async (request: HttpRequest, { id }: { id: number }) => new HttpResponse(`vote ${id}`),
 * )
 * ```
 */
export function requireHttpMethods(methods: readonly string[]): MethodDecorator {
  const allowed = methods.map((method) => method.toUpperCase())
  return <F extends View>(view: F): MethodRestrictedView<F> => {
    const wrapper = (request: HttpRequest, params: ParamsOf<F>) => {
      if (!allowed.includes(request.method)) {
        logger.warning(
          `Method Not Allowed (${request.method}): ${escapeControlCharacters(request.path)}`,
          { extra: { statusCode: 405 } },
        )
        const response = new HttpResponseNotAllowed(allowed)
        markResponseLogged(response) // logged above; the handler must not log it again
        return response
      }
      return view(request, params) as ReturnType<F>
    }
    // Copy the view's own properties first (viewClass, …), then pin the name, which
    // Object.assign cannot set because a function's name is read-only.
    Object.assign(wrapper, view)
    Object.defineProperty(wrapper, 'name', { value: view.name, configurable: true })
    return wrapper as MethodRestrictedView<F>
  }
}

/**
 * Only GET.
 *
 * ```ts
 * export const feed = requireGET((request: HttpRequest) => new HttpResponse('rss'))
 * ```
 */
export const requireGET: MethodDecorator = requireHttpMethods(['GET'])

/**
 * Only POST.
 *
 * ```ts
 * export const submit = requirePOST(async (request: HttpRequest) => new HttpResponse('ok'))
 * ```
 */
export const requirePOST: MethodDecorator = requireHttpMethods(['POST'])

/**
 * Only the safe methods GET and HEAD: views that must not change state.
 *
 * ```ts
 * export const article = requireSafe((request: HttpRequest, { id }: { id: number }) =>
 *   new HttpResponse(`article ${id}`),
 * )
 * ```
 */
export const requireSafe: MethodDecorator = requireHttpMethods(['GET', 'HEAD'])

// ── Conditional view processing ──────────────────────────────────────────────────────

/** Computes the resource's current ETag (quoted or not); null/undefined when it has none. */
// `any` default: a function ignoring params fits views of every parameter type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EtagFunc<P = any> = (
  request: HttpRequest,
  params: P,
) => Awaitable<string | null | undefined>

/** Computes when the resource last changed; null/undefined when unknown. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LastModifiedFunc<P = any> = (
  request: HttpRequest,
  params: P,
) => Awaitable<Date | null | undefined>

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ConditionOptions<P = any> {
  etagFunc?: EtagFunc<P>
  lastModifiedFunc?: LastModifiedFunc<P>
}

/** What `condition(...)` returns: applies to a view taking the functions' parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConditionDecorator<P = any> = <F extends View<P>>(view: F) => DecoratedView<F>

/**
 * Answers conditional requests from cheap validators, before the view does any work (see
 * the module comment).
 *
 * ```ts
 * export const article = condition({
 *   etagFunc: async (request, { id }: { id: number }) => (await Article.objects.get({ id })).version,
 *   lastModifiedFunc: async (request, { id }: { id: number }) =>
 *     (await Article.objects.get({ id })).updatedAt,
 * })(async (request: HttpRequest, { id }: { id: number }) => render(request, 'article.html', …))
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function condition<P = any>(options: ConditionOptions<P>): ConditionDecorator<P> {
  const { etagFunc, lastModifiedFunc } = options
  if (etagFunc === undefined && lastModifiedFunc === undefined) {
    throw new TypeError('condition() needs an etagFunc, a lastModifiedFunc, or both.')
  }
  return <F extends View<P>>(view: F): DecoratedView<F> => {
    const wrapper = (request: HttpRequest, params: P): Awaitable<HttpResponseBase> => {
      const etag = etagFunc === undefined ? null : etagFunc(request, params)
      const modified = lastModifiedFunc === undefined ? null : lastModifiedFunc(request, params)
      if (isPromiseLike(etag) || isPromiseLike(modified)) {
        return Promise.all([etag, modified]).then(([e, m]) =>
          respondConditionally(view, request, params, e, m),
        )
      }
      return respondConditionally(view, request, params, etag, modified)
    }
    return copyViewIdentity(wrapper, view) as DecoratedView<F>
  }
}

/**
 * `condition` with only an ETag function.
 *
 * ```ts
 * export const feed = etag((request) => feedVersion())((request: HttpRequest) => renderFeed())
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function etag<P = any>(etagFunc: EtagFunc<P>): ConditionDecorator<P> {
  return condition({ etagFunc })
}

/**
 * `condition` with only a last-modified function.
 *
 * ```ts
 * export const page = lastModified((request, { slug }: { slug: string }) => pageUpdatedAt(slug))(
 *   (request: HttpRequest, { slug }: { slug: string }) => renderPage(slug),
 * )
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lastModified<P = any>(
  lastModifiedFunc: LastModifiedFunc<P>,
): ConditionDecorator<P> {
  return condition({ lastModifiedFunc })
}

/**
 * ConditionalGetMiddleware for one view: an ETag from the body, then 304/412 as the request's
 * preconditions say (the view still runs).
 *
 * ```ts
 * export const about = conditionalPage((request: HttpRequest) => new HttpResponse('…'))
 * ```
 */
export function conditionalPage<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, conditionalGetResponse)
}

function respondConditionally<P>(
  view: View<P>,
  request: HttpRequest,
  params: P,
  etagValue: string | null | undefined,
  modified: Date | null | undefined,
): Awaitable<HttpResponseBase> {
  const resourceEtag =
    etagValue === null || etagValue === undefined ? null : quoteEtag(String(etagValue))
  const resourceModified = toSeconds(modified)
  const early = getConditionalResponse(request, {
    etag: resourceEtag,
    lastModified: resourceModified,
  })
  const result = early ?? view(request, params)
  if (request.method !== 'GET' && request.method !== 'HEAD') return result
  const addValidators = (response: HttpResponseBase): HttpResponseBase => {
    if (resourceModified !== null && !response.headers.has('Last-Modified')) {
      response.headers.set('Last-Modified', httpDate(resourceModified))
    }
    if (resourceEtag !== null) response.headers.setDefault('ETag', resourceEtag)
    return response
  }
  return isPromiseLike<HttpResponseBase>(result)
    ? Promise.resolve(result).then(addValidators)
    : addValidators(result)
}

function toSeconds(modified: Date | null | undefined): number | null {
  if (modified === null || modified === undefined) return null
  if (!(modified instanceof Date) || Number.isNaN(modified.getTime())) {
    throw new TypeError(
      `A lastModifiedFunc must return a valid Date (or null), got ${String(modified)}.`,
    )
  }
  return Math.floor(modified.getTime() / 1000)
}
