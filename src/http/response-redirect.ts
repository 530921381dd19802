/**
 * Redirect responses: 302 (HttpResponseRedirect) and 301 (HttpResponsePermanentRedirect).
 *
 * The target goes into the Location header through the response's headers object, so a URL
 * with CR or LF is refused there (BadHeaderError) like any other header value. Non-ASCII
 * characters are percent-encoded as UTF-8 (an IRI becomes a URI; existing `%xx` escapes are
 * kept), because Node refuses header values outside Latin-1.
 *
 * The scheme is then checked against `allowedSchemes` (http, https, ftp; a URL without a
 * scheme — relative or `//host/…` — is always allowed). The scheme is read the way a browser
 * reads it: leading/trailing control characters and spaces are ignored and tabs/newlines
 * inside are dropped, so `' java\tscript:…'` counts as `javascript:` and is refused with
 * DisallowedRedirect. URLs longer than `maxLength` (2048 by default, as in Django) are
 * refused too, since some browsers and proxies truncate or reject them.
 */
import { DisallowedRedirect } from '../core/exceptions.js'
import { HttpResponse, type ResponseInit } from './response.js'

/** Longest redirect target accepted by default (after percent-encoding). */
export const MAX_URL_REDIRECT_LENGTH = 2048

const DEFAULT_ALLOWED_SCHEMES: readonly string[] = Object.freeze(['http', 'https', 'ftp'])

export interface RedirectInit extends Omit<ResponseInit, 'status'> {
  /**
   * Keep the method and body on the redirected request: 307 instead of 302, 308 instead
   * of 301.
   */
  preserveRequest?: boolean
  /** Longest accepted target; `null` turns the check off. 2048 by default. */
  maxLength?: number | null
}

export interface RedirectBaseInit extends RedirectInit {
  /** Status code; 302 by default. */
  status?: number
}

/**
 * Shared behaviour of redirects: sets Location and refuses unsafe targets. Subclass it to
 * allow other schemes (override the `allowedSchemes` getter, which the constructor reads):
 *
 * ```ts
 * class AppRedirect extends HttpResponseRedirectBase {
 *   override get allowedSchemes() {
 *     return ['myapp', 'https']
 *   }
 * }
 * return new AppRedirect('myapp://open/42')
 * ```
 */
export class HttpResponseRedirectBase extends HttpResponse {
  constructor(url: string, init: RedirectBaseInit = {}) {
    const { preserveRequest, maxLength, ...rest } = init
    super('', rest.status === undefined ? { ...rest, status: 302 } : rest)
    if (typeof url !== 'string') {
      throw new TypeError(`A redirect target must be a string, got ${typeof url}.`)
    }
    if (preserveRequest) this.statusCode = this.statusCode === 301 ? 308 : 307
    this.headers.set('Location', iriToUri(url))
    const limit = maxLength === undefined ? MAX_URL_REDIRECT_LENGTH : maxLength
    if (limit !== null && this.url.length > limit) {
      throw new DisallowedRedirect(
        `Unsafe redirect exceeding ${limit} characters; pass { maxLength } to allow longer URLs.`,
      )
    }
    const scheme = urlScheme(url)
    if (scheme !== undefined && !this.allowedSchemes.includes(scheme)) {
      throw new DisallowedRedirect(
        `Unsafe redirect to URL with protocol ${JSON.stringify(scheme)}; allowed schemes are ` +
          `${this.allowedSchemes.join(', ')} (or a relative URL).`,
      )
    }
  }

  /** Schemes a redirect may use, lower case. A getter so subclasses can override it. */
  get allowedSchemes(): readonly string[] {
    return DEFAULT_ALLOWED_SCHEMES
  }

  /** The redirect target (the Location header as sent). */
  get url(): string {
    return this.headers.get('Location') ?? ''
  }
}

/**
 * A temporary redirect (302; 307 with `preserveRequest`).
 *
 * ```ts
 * return new HttpResponseRedirect('/accounts/login/?next=/polls/')
 * ```
 */
export class HttpResponseRedirect extends HttpResponseRedirectBase {
  constructor(url: string, init: RedirectInit = {}) {
    super(url, { ...init, status: 302 })
  }
}

/**
 * A permanent redirect (301; 308 with `preserveRequest`).
 *
 * ```ts
 * return new HttpResponsePermanentRedirect('https://example.com/new-home/')
 * ```
 */
export class HttpResponsePermanentRedirect extends HttpResponseRedirectBase {
  constructor(url: string, init: RedirectInit = {}) {
    super(url, { ...init, status: 301 })
  }
}

// Characters kept as they are: unreserved, reserved and `%` (so existing escapes survive),
// plus CR and LF, which must reach the header check to be refused rather than hidden.
const NEEDS_ENCODING = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\r\n]/gu

/** Percent-encodes what may not appear raw in a URI (spaces, quotes, non-ASCII…). */
function iriToUri(iri: string): string {
  NEEDS_ENCODING.lastIndex = 0
  if (!NEEDS_ENCODING.test(iri)) return iri
  return iri.replace(NEEDS_ENCODING, (char) => {
    try {
      return encodeURIComponent(char)
    } catch {
      return '%EF%BF%BD' // a lone surrogate: encode U+FFFD instead
    }
  })
}

// What browsers strip before parsing a URL (WHATWG URL: C0 controls and space at the ends,
// ASCII tab and newlines anywhere).
const EDGE_JUNK = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g
const TAB_OR_NEWLINE = /[\t\n\r]/g
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/

/** The URL's scheme in lower case, or undefined for a relative URL. */
function urlScheme(url: string): string | undefined {
  const cleaned = url.replace(EDGE_JUNK, '').replace(TAB_OR_NEWLINE, '')
  return SCHEME.exec(cleaned)?.[1]?.toLowerCase()
}
