/**
 * The plumbing shared by the response-patching view decorators (cache, vary, clickjacking,
 * gzip, conditional): wrap a view so that a function sees its response on the way out.
 *
 * The wrapper stays synchronous for a synchronous view (no promise per request) and chains
 * onto the promise of an async one. Like Python's functools.wraps it keeps the view's name,
 * its parameter types and the properties set on it (`viewClass` of an `asView()` function,
 * `shouldAppendSlash`, …).
 */
import type { HttpRequest } from '../../http/request.js'
import type { HttpResponseBase } from '../../http/response.js'
import { isPromiseLike, type Awaitable } from '../../utils/awaitable.js'
import type { View } from '../types.js'

/** The `params` type of a view function. */
export type ParamsOf<F> = F extends (request: HttpRequest, params: infer P) => unknown ? P : never

/** A decorated view: same parameters and properties as `F`, and still a view. */
export type DecoratedView<F extends View> = ((
  request: HttpRequest,
  params: ParamsOf<F>,
) => Awaitable<HttpResponseBase>) & { [K in keyof F]: F[K] }

/** What a decorator factory such as `cacheControl({...})` returns. */
export type ViewDecorator = <F extends View>(view: F) => DecoratedView<F>

/**
 * Wraps `view` so that `after(request, response)` runs on every response it returns.
 *
 * ```ts
 * const withHeader = wrapView(view, (request, response) => response.setHeader('X-A', '1'))
 * ```
 */
export function wrapView<F extends View>(
  view: F,
  after: (request: HttpRequest, response: HttpResponseBase) => HttpResponseBase,
): DecoratedView<F> {
  if (typeof view !== 'function') {
    throw new TypeError(`A view decorator was applied to ${typeof view}, not a view function.`)
  }
  const wrapper = (request: HttpRequest, params: ParamsOf<F>): Awaitable<HttpResponseBase> => {
    const result = view(request, params)
    if (isPromiseLike<HttpResponseBase>(result)) {
      return Promise.resolve(result).then((response) => after(request, response))
    }
    return after(request, result)
  }
  return copyViewIdentity(wrapper, view)
}

/** Gives `wrapper` the name and own properties of `view` (functools.wraps). */
export function copyViewIdentity<F extends View>(
  wrapper: (request: HttpRequest, params: ParamsOf<F>) => Awaitable<HttpResponseBase>,
  view: F,
): DecoratedView<F> {
  Object.assign(wrapper, view)
  Object.defineProperty(wrapper, 'name', { value: view.name, configurable: true })
  return wrapper as DecoratedView<F>
}
