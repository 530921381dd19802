/**
 * XFrameOptionsMiddleware (Django's django.middleware.clickjacking): tells browsers whether
 * the page may be shown in a frame, the defence against clickjacking.
 *
 * How it works: on the way out, a response without an X-Frame-Options header gets one, with
 * the value of `getXframeOptionsValue(request, response)` — X_FRAME_OPTIONS upper-cased,
 * read once at start-up (DENY by default). A header the view set is kept, and a response
 * marked exempt (`xframeOptionsExempt` decorator, or `response.xframeOptionsExempt = true`)
 * gets none.
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
import { MiddlewareMixin } from './mixin.js'

/** The flag the xframeOptionsExempt decorator sets on a response (Django's attribute). */
export interface XFrameOptionsExemptFlag {
  xframeOptionsExempt?: boolean
}

/** X-Frame-Options values browsers understand. */
const VALUES: ReadonlySet<string> = new Set(['DENY', 'SAMEORIGIN'])

export class XFrameOptionsMiddleware extends MiddlewareMixin {
  readonly #value: string

  constructor(getResponse: GetResponse, settings?: Readonly<Settings>) {
    super(getResponse, settings)
    const value = String(this.settings.X_FRAME_OPTIONS ?? 'DENY').toUpperCase()
    if (!VALUES.has(value)) {
      throw new ImproperlyConfigured(
        `X_FRAME_OPTIONS must be 'DENY' or 'SAMEORIGIN', got ${JSON.stringify(this.settings.X_FRAME_OPTIONS)}.`,
      )
    }
    this.#value = value
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.headers.has('X-Frame-Options')) return response
    if ((response as XFrameOptionsExemptFlag).xframeOptionsExempt === true) return response
    const value = this.getXframeOptionsValue(request, response)
    // The configured value was checked at start-up; anything a subclass returns is checked
    // like any header value (CR/LF refused).
    if (value === this.#value) response.headers.setTrusted('X-Frame-Options', value)
    else response.headers.set('X-Frame-Options', value)
    return response
  }

  /**
   * The value to send; override to decide per request or response (say, SAMEORIGIN for an
   * embeddable widget's URLs).
   */
  getXframeOptionsValue(_request: HttpRequest, _response: HttpResponseBase): string {
    return this.#value
  }
}
