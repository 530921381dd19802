/**
 * SecurityMiddleware (Django's django.middleware.security): HTTPS redirect and the security
 * response headers.
 *
 * How it works: the constructor reads the SECURE_* settings once and builds every header
 * value then (the HSTS value, the comma-joined Referrer-Policy), so a request only tests and
 * sets headers. On the way in, with SECURE_SSL_REDIRECT on, a plain-HTTP request whose path
 * (without its leading slash) matches none of SECURE_REDIRECT_EXEMPT gets a 301 to
 * `https://` + SECURE_SSL_HOST (or the request's host) + the full path. On the way out it
 * adds, without overriding what a view set: Strict-Transport-Security (secure requests only,
 * as browsers ignore it over HTTP), X-Content-Type-Options: nosniff, Referrer-Policy and
 * Cross-Origin-Opener-Policy (on every response, as Django does: browsers only act on it for
 * documents, and deciding what is a document would cost a Content-Type parse per request).
 *
 * ```ts
 * MIDDLEWARE: [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware]
 * ```
 */
import type { Settings } from '../conf/global-settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { GetResponse } from '../core/handlers/middleware.js'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import { HttpResponsePermanentRedirect } from '../http/response-redirect.js'
import { MiddlewareMixin } from './mixin.js'
import { compilePatterns, requireHeaderValue } from './settings-values.js'

export class SecurityMiddleware extends MiddlewareMixin {
  readonly #stsHeader: string | null
  readonly #contentTypeNosniff: boolean
  readonly #redirect: boolean
  readonly #redirectHost: string | null
  readonly #redirectExempt: readonly RegExp[]
  readonly #referrerPolicy: string | null
  readonly #crossOriginOpenerPolicy: string | null

  constructor(getResponse: GetResponse, settings?: Readonly<Settings>) {
    super(getResponse, settings)
    const s = this.settings
    const seconds = s.SECURE_HSTS_SECONDS
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new ImproperlyConfigured(
        `SECURE_HSTS_SECONDS must be a whole number of seconds (0 to turn HSTS off), got ${String(seconds)}.`,
      )
    }
    let sts: string | null = null
    if (seconds > 0) {
      sts = `max-age=${seconds}`
      if (s.SECURE_HSTS_INCLUDE_SUBDOMAINS) sts += '; includeSubDomains'
      if (s.SECURE_HSTS_PRELOAD) sts += '; preload'
    }
    this.#stsHeader = sts
    this.#contentTypeNosniff = s.SECURE_CONTENT_TYPE_NOSNIFF
    this.#redirect = s.SECURE_SSL_REDIRECT
    this.#redirectHost = s.SECURE_SSL_HOST ? s.SECURE_SSL_HOST : null
    if (this.#redirectHost !== null) requireHeaderValue('SECURE_SSL_HOST', this.#redirectHost)
    this.#redirectExempt = compilePatterns('SECURE_REDIRECT_EXEMPT', s.SECURE_REDIRECT_EXEMPT)
    this.#referrerPolicy = referrerPolicyValue(s.SECURE_REFERRER_POLICY)
    if (this.#referrerPolicy !== null) {
      requireHeaderValue('SECURE_REFERRER_POLICY', this.#referrerPolicy)
    }
    const coop = s.SECURE_CROSS_ORIGIN_OPENER_POLICY
    this.#crossOriginOpenerPolicy = coop ? coop : null
    if (coop) requireHeaderValue('SECURE_CROSS_ORIGIN_OPENER_POLICY', coop)
  }

  /** With SECURE_SSL_REDIRECT on, answers a non-exempt plain-HTTP request with a 301 to HTTPS. */
  override processRequest(request: HttpRequest): HttpResponseBase | undefined {
    if (!this.#redirect || request.isSecure()) return undefined
    const path = request.path.replace(/^\/+/, '')
    for (const pattern of this.#redirectExempt) if (pattern.test(path)) return undefined
    const host = this.#redirectHost ?? request.getHost()
    return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`)
  }

  /**
   * Adds the security headers a view did not set itself. The values were checked for line
   * breaks when the middleware was built (requireHeaderValue) and are constant from then on,
   * so they are set without re-checking them on every response.
   */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    const headers = response.headers
    if (
      this.#stsHeader !== null &&
      !headers.has('Strict-Transport-Security') &&
      request.isSecure()
    ) {
      headers.setTrusted('Strict-Transport-Security', this.#stsHeader)
    }
    if (this.#contentTypeNosniff && !headers.has('X-Content-Type-Options')) {
      headers.setTrusted('X-Content-Type-Options', 'nosniff')
    }
    const referrerPolicy = this.#referrerPolicy
    if (referrerPolicy !== null && !headers.has('Referrer-Policy')) {
      headers.setTrusted('Referrer-Policy', referrerPolicy)
    }
    const coop = this.#crossOriginOpenerPolicy
    if (coop !== null && !headers.has('Cross-Origin-Opener-Policy')) {
      headers.setTrusted('Cross-Origin-Opener-Policy', coop)
    }
    return response
  }
}

/**
 * The Referrer-Policy header value for the setting: a comma-separated string (spaces around
 * the commas dropped) or a list, joined with commas, most preferred last as browsers read it.
 */
export function referrerPolicyValue(setting: string | readonly string[] | null): string | null {
  if (setting === null || setting === undefined) return null
  const values = typeof setting === 'string' ? setting.split(',') : setting
  const joined = values.map((value) => value.trim()).join(',')
  return joined === '' ? null : joined
}
