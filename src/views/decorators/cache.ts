/**
 * Cache-Control view decorators (Django's django.views.decorators.cache).
 *
 * `cacheControl(directives)` merges directives into the response's Cache-Control header
 * (patchCacheControl: existing ones kept, the smaller max-age wins); `neverCache` marks the
 * response as not to be stored anywhere (Expires now, `max-age=0, no-cache, no-store,
 * must-revalidate, private`). Both patch the view's response on the way out.
 */
import type { HttpResponseBase } from '../../http/response.js'
import {
  addNeverCacheHeaders,
  patchCacheControl,
  type CacheControlDirectives,
} from '../../utils/cache.js'
import type { View } from '../types.js'
import { wrapView, type DecoratedView, type ViewDecorator } from './wrap-view.js'

/**
 * Adds Cache-Control directives to the view's responses.
 *
 * ```ts
 * export const catalogue = cacheControl({ public: true, maxAge: 3600 })(
 *   (request: HttpRequest) => new HttpResponse('…'),
 * )
 * ```
 */
export function cacheControl(directives: Readonly<CacheControlDirectives>): ViewDecorator {
  const frozen = { ...directives }
  return <F extends View>(view: F): DecoratedView<F> =>
    wrapView(view, (_request, response: HttpResponseBase) => {
      patchCacheControl(response, frozen)
      return response
    })
}

/**
 * Makes the view's responses uncacheable (pages with personal or fast-changing data).
 *
 * ```ts
 * export const account = neverCache((request: HttpRequest) => new HttpResponse('balance: 42'))
 * ```
 */
export function neverCache<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (_request, response) => {
    addNeverCacheHeaders(response)
    return response
  })
}
