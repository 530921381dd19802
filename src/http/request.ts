/**
 * HttpRequest: what a view receives.
 *
 * Built by a gateway (node:http, Fetch, or the test Client) from the request line, the
 * header record and a body source. Everything beyond the request line is parsed lazily:
 * a request that never reads its cookies, query string or body never parses them.
 */
import { BadRequest } from '../core/exceptions.js'
import type { ResolverMatch } from '../urls/resolver-match.js'
import { HttpHeaders, type RawHeaders } from './request-headers.js'
import { defaultRequestOptions, type RequestOptions } from './request-options.js'

/** Where the body comes from: bytes already in memory, or a stream of chunks. */
export type BodySource = Uint8Array | AsyncIterable<Uint8Array>

export interface HttpRequestInit {
  /** Request method, upper-case (`GET`, `POST`, …). */
  method: string
  /** The request target as received: percent-encoded path plus optional `?query`. */
  url: string
  /** Lower-cased header record (node:http's `req.headers` is already this). */
  headers: RawHeaders | HttpHeaders
  /** The body, when the request has one. */
  body?: BodySource | null
  /** Mount prefix of the application (decoded, no trailing slash), '' at the root. */
  scriptName?: string
  /** Peer address (REMOTE_ADDR). */
  remoteAddress?: string
  /** Transport scheme; `https` when the connection itself is TLS. */
  scheme?: 'http' | 'https'
  /** Port the server listens on (SERVER_PORT), used when the Host header has none. */
  serverPort?: number
  /** Settings-derived limits and host validation; Django's defaults when omitted. */
  options?: RequestOptions
}

export class HttpRequest {
  /** Upper-case method. */
  readonly method: string
  /** Case-insensitive request headers. */
  readonly headers: HttpHeaders
  /** Mount prefix ('' at the root). */
  readonly scriptName: string
  readonly remoteAddress: string
  readonly scheme: 'http' | 'https'
  readonly serverPort: number | undefined
  readonly options: RequestOptions
  /** The match the URL resolver produced; set by the handler before the view runs. */
  resolverMatch: ResolverMatch | null = null
  /** The raw path, percent-encoded, without the query string. */
  readonly rawPath: string
  /** The raw query string, without the '?' ('' when absent). */
  readonly queryString: string
  protected readonly bodySource: BodySource | null
  #pathInfo: string | undefined

  constructor(init: HttpRequestInit) {
    this.method = init.method.toUpperCase()
    this.headers = init.headers instanceof HttpHeaders ? init.headers : new HttpHeaders(init.headers)
    this.scriptName = init.scriptName ?? ''
    this.remoteAddress = init.remoteAddress ?? ''
    this.scheme = init.scheme ?? 'http'
    this.serverPort = init.serverPort
    this.options = init.options ?? defaultRequestOptions
    this.bodySource = init.body ?? null
    const url = init.url
    const q = url.indexOf('?')
    this.rawPath = q === -1 ? url : url.slice(0, q)
    this.queryString = q === -1 ? '' : url.slice(q + 1)
  }

  /**
   * The decoded path below the script prefix: what the URL resolver matches. Malformed
   * percent-encoding or invalid UTF-8 is a BadRequest (400).
   */
  get pathInfo(): string {
    if (this.#pathInfo !== undefined) return this.#pathInfo
    let path = this.rawPath
    if (path.includes('%')) {
      try {
        path = decodeURIComponent(path)
      } catch {
        throw new BadRequest(`The request path ${JSON.stringify(this.rawPath)} has malformed percent-encoding.`)
      }
    }
    if (path === '' || path[0] !== '/') path = '/' + path
    const prefix = this.scriptName
    if (prefix !== '' && (path === prefix || path.startsWith(prefix + '/'))) {
      path = path.slice(prefix.length) || '/'
    }
    this.#pathInfo = path
    return path
  }

  /** The full decoded path: scriptName + pathInfo. */
  get path(): string {
    return this.scriptName + this.pathInfo
  }
}
