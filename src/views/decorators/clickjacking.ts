/**
 * X-Frame-Options view decorators (Django's django.views.decorators.clickjacking): per-view
 * exceptions to what XFrameOptionsMiddleware sends.
 *
 * `xframeOptionsDeny` / `xframeOptionsSameorigin` set the header unless the view set one
 * (the middleware then keeps it); `xframeOptionsExempt` flags the response so the middleware
 * sends no header at all, for pages meant to be embedded anywhere.
 */
import type { HttpResponseBase } from '../../http/response.js'
import type { XFrameOptionsExemptFlag } from '../../middleware/clickjacking.js'
import type { View } from '../types.js'
import { wrapView, type DecoratedView } from './wrap-view.js'

/**
 * Sends `X-Frame-Options: DENY` for this view: never shown in a frame.
 *
 * ```ts
 * export const settingsPage = xframeOptionsDeny((request: HttpRequest) => new HttpResponse('…'))
 * ```
 */
export function xframeOptionsDeny<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (_request, response) => setDefaultFrameOptions(response, 'DENY'))
}

/**
 * Sends `X-Frame-Options: SAMEORIGIN` for this view: framed by this site's own pages only.
 *
 * ```ts
 * export const preview = xframeOptionsSameorigin((request: HttpRequest) => new HttpResponse('…'))
 * ```
 */
export function xframeOptionsSameorigin<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (_request, response) => setDefaultFrameOptions(response, 'SAMEORIGIN'))
}

/**
 * Lets this view's pages be framed by any site: XFrameOptionsMiddleware sends no header.
 *
 * ```ts
 * export const widget = xframeOptionsExempt((request: HttpRequest) => new HttpResponse('…'))
 * ```
 */
export function xframeOptionsExempt<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (_request, response) => {
    ;(response as HttpResponseBase & XFrameOptionsExemptFlag).xframeOptionsExempt = true
    return response
  })
}

function setDefaultFrameOptions(response: HttpResponseBase, value: string): HttpResponseBase {
  if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', value)
  return response
}
