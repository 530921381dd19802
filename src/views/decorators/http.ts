/**
 * View decorators that restrict the HTTP methods a function view accepts.
 *
 * How it works: `requireHttpMethods(methods)` returns a wrapper factory. The wrapper checks
 * `request.method` against the list before calling the view and answers 405 Method Not
 * Allowed (with an Allow header naming the list) otherwise. The wrapper keeps the view's
 * name, its parameter types and any properties set on it (`viewClass` of an `asView()`
 * function, for example), like Python's functools.wraps.
 */
import { escapeControlCharacters, getLogger } from '../../core/log.js'
import type { HttpRequest } from '../../http/request.js'
import { HttpResponseNotAllowed } from '../../http/response-status.js'
import type { View } from '../types.js'

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
        return new HttpResponseNotAllowed(allowed)
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
