/**
 * Vary view decorators (Django's django.views.decorators.vary): declare which request
 * headers the view's output depends on, so caches keep one copy per value.
 */
import { patchVaryHeaders } from '../../utils/cache.js'
import type { View } from '../types.js'
import { wrapView, type DecoratedView, type ViewDecorator } from './wrap-view.js'

/**
 * Adds the named request headers to the response's Vary header.
 *
 * ```ts
 * export const home = varyOnHeaders('Accept-Language', 'User-Agent')(
 *   (request: HttpRequest) => new HttpResponse('…'),
 * )
 * ```
 */
export function varyOnHeaders(...headers: string[]): ViewDecorator {
  const names = [...headers]
  return <F extends View>(view: F): DecoratedView<F> =>
    wrapView(view, (_request, response) => {
      patchVaryHeaders(response, names)
      return response
    })
}

/**
 * Adds `Cookie` to Vary: for views whose output depends on the visitor's cookies (sessions).
 *
 * ```ts
 * export const dashboard = varyOnCookie((request: HttpRequest) => new HttpResponse('…'))
 * ```
 */
export function varyOnCookie<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (_request, response) => {
    patchVaryHeaders(response, ['Cookie'])
    return response
  })
}
