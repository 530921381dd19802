/**
 * RedirectView: a class-based view that only redirects.
 *
 * How it works: `getRedirectUrl(params)` builds the target, either from `url` (a template
 * with Django's `%(name)s` placeholders, filled from the URL parameters) or by reversing
 * `patternName` with the same parameters. With `queryString` on, the request's query string
 * is carried over. Every common method (GET, HEAD, POST, OPTIONS, DELETE, PUT, PATCH)
 * answers 302 (301 when `permanent`), or 410 Gone when there is no target.
 */
import { escapeControlCharacters, getLogger, markResponseLogged } from '../../core/log.js'
import type { HttpRequest } from '../../http/request.js'
import type { HttpResponseBase } from '../../http/response.js'
import {
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
} from '../../http/response-redirect.js'
import { HttpResponseGone } from '../../http/response-status.js'
import { reverse } from '../../urls/index.js'
import type { Awaitable } from '../../utils/awaitable.js'
import { View } from '../base.js'
import type { ViewParams } from '../types.js'

// Django logs 410 Gone answers on its request logger; so do we.
const logger = getLogger('reinhardt.request')

/**
 * Redirects to `url` or to the reversed `patternName`.
 *
 * ```ts
 * export const urlpatterns = [
 *   // /go/42/ → 302 to /articles/42/
 *   path('go/<int:id>/', RedirectView.asView({ url: '/articles/%(id)s/' })),
 *   // /old/42/?page=2 → 301 to reverse('article', { kwargs: { id: 42 } }) + '?page=2'
 *   path('old/<int:id>/', RedirectView.asView({ patternName: 'article', permanent: true, queryString: true })),
 * ]
 * ```
 */
export class RedirectView extends View {
  /**
   * Target URL. `%(name)s` is replaced by the URL parameter `name` (inserted as is, not
   * percent-encoded); write a literal `%` as `%%`. `%(name)d` inserts it as an integer.
   */
  url: string | null = null
  /** A URL pattern name to reverse with the request's parameters, used when `url` is unset. */
  patternName: string | null = null
  /** 301 instead of 302. */
  permanent = false
  /** Carry the request's query string over to the target. */
  queryString = false

  /**
   * The URL to redirect to, or null for 410 Gone. Override it (sync or async) to compute
   * the target yourself.
   */
  getRedirectUrl(params: ViewParams): Awaitable<string | null> {
    let url: string
    if (this.url) {
      url = interpolate(this.url, params)
    } else if (this.patternName) {
      url = reverse(this.patternName, {
        args: this.args.length > 0 ? [...this.args] : undefined,
        kwargs: Object.keys(params).length > 0 ? params : undefined,
      })
    } else {
      return null
    }
    const query = this.request.queryString
    if (this.queryString && query !== '') url += (url.includes('?') ? '&' : '?') + query
    return url
  }

  async get(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    const url = await this.getRedirectUrl(params)
    if (!url) {
      logger.warning(`Gone: ${escapeControlCharacters(request.path)}`, {
        extra: { statusCode: 410 },
      })
      const response = new HttpResponseGone()
      markResponseLogged(response) // logged above; the handler must not log it again
      return response
    }
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url)
  }

  head(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }

  post(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }

  override options(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }

  delete(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }

  put(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }

  patch(request: HttpRequest, params: ViewParams): Promise<HttpResponseBase> {
    return this.get(request, params)
  }
}

const PLACEHOLDER = /%(?:\(([^)]*)\)([sdi])|[\s\S]?)/g

/**
 * Fills Django-style `%(name)s` / `%(name)d` placeholders from `params`; `%%` is a literal
 * percent. A missing parameter or a stray `%` is an error, as in Django, so a template that
 * works there works here.
 */
export function interpolate(template: string, params: ViewParams): string {
  return template.replace(
    PLACEHOLDER,
    (match, name: string | undefined, conversion: string | undefined) => {
      if (match === '%%') return '%'
      if (name === undefined) {
        throw new TypeError(
          `Invalid placeholder ${JSON.stringify(match)} in redirect URL ${JSON.stringify(template)}: ` +
            `use %(name)s for a URL parameter and %% for a literal percent sign.`,
        )
      }
      if (!Object.hasOwn(params, name)) {
        throw new TypeError(
          `Redirect URL ${JSON.stringify(template)} uses %(${name})${conversion} but the URL has no ` +
            `parameter ${JSON.stringify(name)} (it has: ${Object.keys(params).join(', ') || 'none'}).`,
        )
      }
      const value = params[name]
      if (conversion === 's') return String(value)
      const number = typeof value === 'number' ? value : Number(value)
      if (typeof value === 'boolean' || value === null || value === '' || Number.isNaN(number)) {
        throw new TypeError(
          `Redirect URL ${JSON.stringify(template)}: %(${name})${conversion} needs a number, ` +
            `got ${JSON.stringify(value)}.`,
        )
      }
      return String(Math.trunc(number))
    },
  )
}
