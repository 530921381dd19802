/**
 * CommonMiddleware (Django's django.middleware.common): refused user agents, the www. and
 * trailing-slash redirects, and Content-Length.
 *
 * How it works. On the way in: a User-Agent matching one of DISALLOWED_USER_AGENTS is refused
 * with PermissionDenied (403); the host is validated against ALLOWED_HOSTS (`getHost()`,
 * DisallowedHost → 400), which is what makes every request, not only those whose view reads
 * the host, answer 400 for a forged Host header; with PREPEND_WWW, a host without `www.` is
 * redirected (301) to the `www.` one, adding the trailing slash in the same redirect when
 * APPEND_SLASH would. On the way out: with APPEND_SLASH, a 404 for a path without a trailing
 * slash becomes a 301 to the slashed path (query string kept, script prefix included) when
 * the path does not resolve and the slashed one does; then non-streaming responses get a
 * Content-Length if they lack one.
 *
 * The redirect cannot keep a request body, so with DEBUG on a POST, PUT or PATCH that would
 * be redirected raises an error explaining the fix instead (a 500 page naming the URL to use).
 *
 * Subclasses can change `shouldRedirectWithSlash(request)`, `getFullPathWithSlash(request)`
 * and `responseRedirectClass`, as in Django. A view can opt out of the slash redirect with
 * `view.shouldAppendSlash = false` (what Django's no_append_slash decorator sets).
 */
import type { Settings } from '../conf/global-settings.js'
import { PermissionDenied } from '../core/exceptions.js'
import type { GetResponse } from '../core/handlers/middleware.js'
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { HttpResponsePermanentRedirect } from '../http/response-redirect.js'
import { Resolver404 } from '../urls/exceptions.js'
import type { ResolverMatch } from '../urls/resolver-match.js'
import { resolve } from '../urls/resolvers.js'
import type { URLConf } from '../urls/types.js'
import { MiddlewareMixin } from './mixin.js'
import { compilePatterns } from './settings-values.js'

/** Methods whose body a redirect would lose. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

/** A view that may carry the opt-out flag `shouldAppendSlash`. */
interface SlashAwareView {
  shouldAppendSlash?: boolean
}

export class CommonMiddleware extends MiddlewareMixin {
  /** The redirect class for the www. and slash redirects (301 by default). */
  protected responseRedirectClass: new (url: string) => HttpResponseBase =
    HttpResponsePermanentRedirect
  readonly #disallowedUserAgents: readonly RegExp[]
  readonly #prependWww: boolean
  readonly #appendSlash: boolean
  readonly #debug: boolean
  readonly #urlconf: URLConf | null

  constructor(getResponse: GetResponse, settings?: Readonly<Settings>) {
    super(getResponse, settings)
    const s = this.settings
    this.#disallowedUserAgents = compilePatterns('DISALLOWED_USER_AGENTS', s.DISALLOWED_USER_AGENTS)
    this.#prependWww = s.PREPEND_WWW
    this.#appendSlash = s.APPEND_SLASH
    this.#debug = s.DEBUG
    this.#urlconf = s.ROOT_URLCONF
  }

  /** Refused user agents (403), host validation, and the PREPEND_WWW redirect. */
  override processRequest(request: HttpRequest): HttpResponseBase | undefined {
    const agents = this.#disallowedUserAgents
    if (agents.length > 0) {
      const userAgent = request.headers.get('user-agent')
      if (userAgent !== undefined) {
        for (const pattern of agents) {
          if (pattern.test(userAgent)) throw new PermissionDenied('Forbidden user agent')
        }
      }
    }
    const host = request.getHost()
    if (this.#prependWww && host !== '' && !host.startsWith('www.')) {
      // Add the slash in the same redirect when it will be needed (resolving is only worth
      // it here, where a redirect is certain, and in processResponse on a 404).
      const path = this.shouldRedirectWithSlash(request)
        ? this.getFullPathWithSlash(request)
        : request.getFullPath()
      return new this.responseRedirectClass(`${request.scheme}://www.${host}${path}`)
    }
    return undefined
  }

  /**
   * True when APPEND_SLASH is on, the path lacks a trailing slash, does not resolve, and
   * resolves with the slash to a view that does not opt out.
   */
  shouldRedirectWithSlash(request: HttpRequest): boolean {
    if (!this.#appendSlash) return false
    const pathInfo = request.pathInfo
    if (pathInfo.endsWith('/')) return false
    const urlconf = (request as { urlconf?: URLConf | null }).urlconf ?? this.#urlconf
    if (isValidPath(pathInfo, urlconf)) return false
    const match = isValidPath(pathInfo + '/', urlconf)
    if (match === false) return false
    return (match.func as SlashAwareView).shouldAppendSlash ?? true
  }

  /**
   * The full path with a slash appended to the path part (query string kept). With DEBUG on,
   * refuses (throws) for POST, PUT and PATCH, whose data the redirect would drop.
   */
  getFullPathWithSlash(request: HttpRequest): string {
    // A path starting with `//` would make a scheme-relative URL, i.e. another host.
    const newPath = escapeLeadingSlashes(request.getFullPath(true))
    if (this.#debug && BODY_METHODS.has(request.method)) {
      let host: string
      try {
        host = request.getHost()
      } catch {
        host = ''
      }
      throw new Error(
        `You called this URL via ${request.method}, but the URL doesn't end in a slash and ` +
          `you have APPEND_SLASH set. reinhardt can't redirect to the slash URL while ` +
          `keeping the ${request.method} data. Change your form to point to ` +
          `${host}${newPath} (note the trailing slash), or set APPEND_SLASH: false in your settings.`,
      )
    }
    return newPath
  }

  /** The slash redirect for a 404, then Content-Length for in-memory bodies. */
  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    if (response.statusCode === 404 && this.shouldRedirectWithSlash(request)) {
      return new this.responseRedirectClass(this.getFullPathWithSlash(request))
    }
    if (
      !response.streaming &&
      response instanceof HttpResponse &&
      !response.headers.has('Content-Length')
    ) {
      // Digits only, made here: nothing to validate.
      response.headers.setTrusted('Content-Length', String(response.contentLength))
    }
    return response
  }
}

/**
 * The match for `path` in `urlconf`, or false when it does not resolve (Django's
 * is_valid_path).
 *
 * ```ts
 * isValidPath('/articles/2024/', urls) // ResolverMatch
 * isValidPath('/nope', urls)           // false
 * ```
 */
export function isValidPath(path: string, urlconf?: URLConf | null): ResolverMatch | false {
  try {
    return resolve(path, urlconf)
  } catch (error) {
    if (error instanceof Resolver404) return false
    throw error
  }
}

/** `//evil.example/x` → `/%2Fevil.example/x`, so a path can never read as another host. */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url
}
