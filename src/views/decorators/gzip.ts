/**
 * gzipPage (Django's django.views.decorators.gzip.gzip_page): GZipMiddleware for one view.
 * The response is compressed (when the client accepts gzip and it pays off) on its way out
 * of the view, with the same rules and BREACH padding as the middleware.
 */
import { gzipResponse } from '../../middleware/gzip.js'
import type { View } from '../types.js'
import { wrapView, type DecoratedView } from './wrap-view.js'

/**
 * Compresses this view's responses for clients that accept gzip.
 *
 * ```ts
 * export const report = gzipPage((request: HttpRequest) => new HttpResponse(bigHtml))
 * ```
 */
export function gzipPage<F extends View>(view: F): DecoratedView<F> {
  return wrapView(view, (request, response) => gzipResponse(request, response))
}
