/**
 * ConditionalGetMiddleware (Django's django.middleware.http): ETags and 304 Not Modified for
 * every page, without changing the views.
 *
 * How it works: on the way out of a GET or HEAD, a non-streaming response without an ETag
 * gets one computed from its body (unless its Cache-Control says no-store: a page that must
 * not be stored has no use for a validator). Then, if the response has an ETag or a
 * Last-Modified header, the request's If-None-Match / If-Modified-Since turn it into a 304
 * (keeping Cache-Control, Content-Location, Date, ETag, Expires, Last-Modified, Vary and the
 * cookies), and If-Match / If-Unmodified-Since into a 412 — the logic the `condition`
 * decorator shares (src/utils/cache.ts). Responses outside 2xx pass unchanged.
 *
 * HEAD is handled as well as GET (Django handles GET only): here a view renders the same body
 * for HEAD (the gateway drops it when writing), so the ETag is the one GET would carry, and a
 * cache revalidating with HEAD gets its 304.
 *
 * The view still runs: this saves bandwidth, not server work. To skip the work too, use the
 * `condition` decorator with a cheap ETag or last-modified function.
 */
import type { Settings } from '../conf/global-settings.js'
import type { GetResponse } from '../core/handlers/middleware.js'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import { getConditionalResponse, setResponseEtag } from '../utils/cache.js'
import { parseHttpDateSafe } from '../utils/http-date.js'
import { MiddlewareMixin } from './mixin.js'

const NO_STORE = /(?:^|,)\s*no-store\s*(?:,|$)/i

export class ConditionalGetMiddleware extends MiddlewareMixin {
  constructor(getResponse: GetResponse, settings?: Readonly<Settings>) {
    super(getResponse, settings)
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (request.method !== 'GET' && request.method !== 'HEAD') return response
    if (!response.headers.has('ETag') && this.needsEtag(response)) setResponseEtag(response)
    return evaluatePreconditions(request, response)
  }

  /** Whether to add an ETag: not when Cache-Control has no-store. */
  needsEtag(response: HttpResponseBase): boolean {
    return !NO_STORE.test(response.headers.get('Cache-Control') ?? '')
  }
}

/**
 * The middleware's response phase as a function (what the conditionalPage decorator runs).
 *
 * ```ts
 * return conditionalGetResponse(request, response)
 * ```
 */
export function conditionalGetResponse(
  request: HttpRequest,
  response: HttpResponseBase,
): HttpResponseBase {
  if (request.method !== 'GET' && request.method !== 'HEAD') return response
  if (
    !response.headers.has('ETag') &&
    !NO_STORE.test(response.headers.get('Cache-Control') ?? '')
  ) {
    setResponseEtag(response)
  }
  return evaluatePreconditions(request, response)
}

/** 304/412 from the response's own ETag and Last-Modified, or the response unchanged. */
function evaluatePreconditions(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
  const etag = response.headers.get('ETag')
  const lastModified = parseHttpDateSafe(response.headers.get('Last-Modified'))
  if (etag === undefined && lastModified === null) return response
  return getConditionalResponse(request, { etag, lastModified, response }) ?? response
}
