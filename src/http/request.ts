/**
 * HttpRequest: what a view receives.
 *
 * Built by a gateway (node:http, Fetch, or the test Client) from the request line, the
 * header record and a body source. The constructor only splits the path from the query
 * string; everything else is parsed on first access and cached: GET, COOKIES, META, the
 * Content-Type, the Accept header. A request whose view never touches its body never
 * reads it, so the body source stays unconsumed.
 *
 * The body is read asynchronously (Node delivers it in chunks): `await request.read()`
 * for the raw bytes, `await request.json()`, `request.stream()` for large uploads, and
 * `await request.loadBody()` to fill POST and FILES, which the handler calls for form
 * content types before the view runs. Settings come from `request.options` (read once
 * by the handler), never from the settings module.
 */
import { TextDecoder } from 'node:util'
import { parseCookie } from 'cookie'
import { BadRequest } from '../core/exceptions.js'
import type { ResolverMatch } from '../urls/resolver-match.js'
import { validateHost } from './host.js'
import { MediaType, parseAccept, parseHeaderParameters } from './media-type.js'
import type { MultiValueDict } from './multi-value-dict.js'
import { percentEncode, QueryDict } from './query-dict.js'
import { parseContentLength, type BodySource } from './read-body.js'
import { RequestBody, type FormKind } from './request-body.js'
import { HttpHeaders, type RawHeaders } from './request-headers.js'
import { defaultRequestOptions, type RequestOptions } from './request-options.js'
import type { UploadedFile } from './uploaded-file.js'

export type { BodySource } from './read-body.js'

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
  /** Server host name (SERVER_NAME), used when there is no Host header; 'localhost' by default. */
  serverName?: string
  /** Settings-derived limits and host validation; Django's defaults when omitted. */
  options?: RequestOptions
}

/** Characters kept as they are when re-emitting an already percent-encoded path or query. */
const RAW_URI_SAFE = "/%[]=:;$&()+,!?*@'~"
/** Characters kept when encoding a decoded path (the rest is percent-encoded). */
const PATH_SAFE = "/:@&+$,!*'()"

/**
 * An incoming HTTP request.
 *
 * ```ts
 * export async function search(request: HttpRequest) {
 *   const q = request.GET.get('q', '')
 *   const theme = request.COOKIES.theme ?? 'light'
 *   return new HttpResponse(`${q} (${theme}) on ${request.getHost()}`)
 * }
 * ```
 */
export class HttpRequest {
  /** Upper-case method. */
  readonly method: string
  /** Case-insensitive request headers. */
  readonly headers: HttpHeaders
  /** Mount prefix ('' at the root). */
  readonly scriptName: string
  readonly remoteAddress: string
  readonly serverName: string
  readonly serverPort: number | undefined
  readonly options: RequestOptions
  /** The match the URL resolver produced; set by the handler before the view runs. */
  resolverMatch: ResolverMatch | null = null
  /** The raw path, percent-encoded, without the query string. */
  readonly rawPath: string
  /** The raw query string, without the '?' ('' when absent). */
  readonly queryString: string
  protected readonly bodySource: BodySource | null
  readonly #transportScheme: 'http' | 'https'
  #pathInfo: string | undefined
  #get: QueryDict | undefined
  #cookies: Record<string, string> | undefined
  #meta: Record<string, string> | undefined
  #contentType: [string, Record<string, string>] | undefined
  #encoding: string | null | undefined
  #accepted: MediaType[] | undefined
  #bodyObject: RequestBody | undefined

  constructor(init: HttpRequestInit) {
    this.method = init.method.toUpperCase()
    this.headers =
      init.headers instanceof HttpHeaders ? init.headers : new HttpHeaders(init.headers)
    this.scriptName = init.scriptName ?? ''
    this.remoteAddress = init.remoteAddress ?? ''
    this.#transportScheme = init.scheme ?? 'http'
    this.serverName = init.serverName ?? 'localhost'
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
        throw new BadRequest(
          `The request path ${JSON.stringify(this.rawPath)} has malformed percent-encoding.`,
        )
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

  // ── Query string, cookies, META ────────────────────────────────────────────────

  /** Query-string parameters, parsed on first access (BadRequest / TooManyFieldsSent). */
  get GET(): QueryDict {
    return (this.#get ??= new QueryDict(this.queryString, {
      encoding: this.#charset(),
      maxNumFields: this.options.dataUploadMaxNumberFields,
    }))
  }

  /** Cookies from the Cookie header (null-prototype; the first of duplicate names wins). */
  get COOKIES(): Record<string, string> {
    if (this.#cookies !== undefined) return this.#cookies
    const cookies: Record<string, string> = Object.create(null)
    const header = this.headers.get('cookie')
    if (header) {
      for (const [name, value] of Object.entries(parseCookie(header, { decode: decodeCookie }))) {
        if (value !== undefined) cookies[name] = value
      }
    }
    return (this.#cookies = cookies)
  }

  /**
   * CGI-style variables, as Django's `request.META` (null-prototype, built on first
   * access). Headers whose names contain `_` are left out so that `X_Forwarded_Proto`
   * cannot pose as `X-Forwarded-Proto` (both would be HTTP_X_FORWARDED_PROTO).
   */
  get META(): Record<string, string> {
    if (this.#meta !== undefined) return this.#meta
    const meta: Record<string, string> = Object.create(null)
    meta.REQUEST_METHOD = this.method
    meta.PATH_INFO = this.pathInfo
    meta.SCRIPT_NAME = this.scriptName
    meta.QUERY_STRING = this.queryString
    meta.CONTENT_TYPE = this.headers.get('content-type') ?? ''
    meta.CONTENT_LENGTH = this.headers.get('content-length') ?? ''
    meta.REMOTE_ADDR = this.remoteAddress
    meta.SERVER_NAME = this.serverName
    meta.SERVER_PORT = this.#serverPort()
    for (const [name, value] of this.headers) {
      if (name.includes('_') || name === 'content-type' || name === 'content-length') continue
      meta['HTTP_' + name.toUpperCase().replaceAll('-', '_')] = value
    }
    return (this.#meta = meta)
  }

  // ── Content type and encoding ──────────────────────────────────────────────────

  /** The media type of the body, lower-cased, without parameters ('' when absent). */
  get contentType(): string {
    return this.#parsedContentType()[0]
  }

  /** The Content-Type parameters (null-prototype), e.g. `{ charset: 'utf-8' }`. */
  get contentParams(): Readonly<Record<string, string>> {
    return this.#parsedContentType()[1]
  }

  /**
   * The charset for decoding GET, POST and json(): the Content-Type charset when it is a
   * known one, else null (meaning DEFAULT_CHARSET). Setting it re-parses GET, and POST if
   * it came from a urlencoded body.
   */
  get encoding(): string | null {
    if (this.#encoding === undefined) {
      const charset = this.contentParams.charset
      this.#encoding = charset !== undefined && isKnownCharset(charset) ? charset : null
    }
    return this.#encoding
  }

  set encoding(value: string | null) {
    this.#encoding = value
    this.#get = undefined
    this.#bodyObject?.reparse()
  }

  // ── Scheme, host, port, URLs ───────────────────────────────────────────────────

  /**
   * 'https' when the connection is TLS, or when SECURE_PROXY_SSL_HEADER is set and the
   * proxy's header carries the configured value (a present header with another value
   * means 'http', whatever the transport).
   */
  get scheme(): 'http' | 'https' {
    const proxy = this.options.secureProxySslHeader
    if (proxy !== null) {
      const value = this.headers.get(proxyHeaderName(proxy[0]))
      if (value !== undefined) {
        return (value.split(',', 1)[0] ?? '').trim() === proxy[1] ? 'https' : 'http'
      }
    }
    return this.#transportScheme
  }

  isSecure(): boolean {
    return this.scheme === 'https'
  }

  /**
   * The host the client asked for (X-Forwarded-Host with USE_X_FORWARDED_HOST, else
   * Host, else server name and port), validated against ALLOWED_HOSTS: DisallowedHost
   * (400) when it is malformed or not allowed.
   */
  getHost(): string {
    return validateHost(this.#rawHost(), this.options)
  }

  /** The port as a string: X-Forwarded-Port with USE_X_FORWARDED_PORT, else SERVER_PORT. */
  getPort(): string {
    if (this.options.useXForwardedPort) {
      const forwarded = this.headers.get('x-forwarded-port')
      if (forwarded !== undefined) return forwarded
    }
    return this.#serverPort()
  }

  /** Path plus `?query`, percent-encoded; with `forceAppendSlash` the path ends in '/'. */
  getFullPath(forceAppendSlash = false): string {
    return this.#withQuery(
      percentEncode(this.scriptName, PATH_SAFE) + this.#rawPathInfo(),
      forceAppendSlash,
    )
  }

  /** Like getFullPath() but without the script prefix. */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#withQuery(this.#rawPathInfo(), forceAppendSlash)
  }

  /**
   * The absolute URI for `location` (the current URL when omitted). Absolute URLs are
   * returned as they are; `/x` is put on this scheme and host; `//host/x` takes this
   * scheme; relative ones (`x`, `../x`, `?page=2`) are resolved against the current URL.
   *
   * ```ts
   * request.buildAbsoluteUri('/login/')  // 'https://example.com/login/'
   * ```
   */
  buildAbsoluteUri(location?: string): string {
    const origin = `${this.scheme}://${this.getHost()}`
    if (location === undefined) return origin + this.getFullPath()
    // Encoding first makes `\`, tabs and newlines inert: the URL parser would otherwise
    // read `/\evil.com` or `/\t/evil.com` as a link to another host.
    const loc = percentEncode(location, RAW_URI_SAFE + '#')
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(loc)) return loc
    if (loc.startsWith('/') && !loc.startsWith('//') && !/\/\.\.?(?:[/?#]|$)/.test(loc)) {
      return origin + loc
    }
    return new URL(loc, origin + this.getFullPath()).href
  }

  // ── Content negotiation ────────────────────────────────────────────────────────

  /** The Accept header's media ranges, most preferred first (`*\/*` when absent). */
  get acceptedTypes(): readonly MediaType[] {
    return (this.#accepted ??= parseAccept(this.headers.get('accept')))
  }

  /** Whether the client accepts `mediaType` (e.g. `'application/json'`). */
  accepts(mediaType: string): boolean {
    return this.acceptedTypes.some((range) => range.match(mediaType))
  }

  /** The entry of `mediaTypes` the client prefers, or null when it accepts none. */
  getPreferredType(mediaTypes: readonly string[]): string | null {
    for (const range of this.acceptedTypes) {
      const found = mediaTypes.find((type) => range.match(type))
      if (found !== undefined) return found
    }
    return null
  }

  // ── Body ───────────────────────────────────────────────────────────────────────

  get #bodyState(): RequestBody {
    return (this.#bodyObject ??= new RequestBody({
      source: this.bodySource,
      formKind: this.#formKind(),
      contentTypeHeader: this.headers.get('content-type') ?? '',
      declaredLength: parseContentLength(this.headers.get('content-length')),
      options: this.options,
      charset: () => this.#charset(),
    }))
  }

  /**
   * True for a POST with a urlencoded or multipart body (as Django, other methods' form
   * bodies are not parsed): the handler then calls loadBody() before the view.
   */
  get hasFormBody(): boolean {
    return this.#formKind() !== null
  }

  /**
   * Reads the whole raw body once (later and concurrent calls share the result),
   * refusing more than DATA_UPLOAD_MAX_MEMORY_SIZE bytes with RequestDataTooBig (413).
   *
   * ```ts
   * const signature = verify(await request.read(), request.headers.get('x-signature'))
   * ```
   */
  read(): Promise<Buffer> {
    return this.#bodyState.read()
  }

  /** The raw body, once read() or loadBody() has read it (RawPostDataException before). */
  get body(): Buffer {
    return this.#bodyState.body
  }

  /**
   * The body parsed as JSON; BadRequest (400) when it is empty or not valid JSON.
   *
   * ```ts
   * const { title } = await request.json<{ title: string }>()
   * ```
   */
  json<T = unknown>(): Promise<T> {
    return this.#bodyState.json<T>()
  }

  /**
   * The raw body as it arrives, for views that stream large uploads. Only once, and not
   * together with read(), json() or loadBody(). DATA_UPLOAD_MAX_MEMORY_SIZE does not
   * apply: the view decides how much it accepts.
   *
   * ```ts
   * await pipeline(Readable.from(request.stream()), createWriteStream(target))
   * ```
   */
  stream(): AsyncIterable<Uint8Array> {
    return this.#bodyState.stream()
  }

  /**
   * Fills POST and FILES from a urlencoded or multipart POST body (once; later calls
   * share the same promise). For other requests it does nothing.
   */
  loadBody(): Promise<void> {
    return this.#bodyState.load()
  }

  /**
   * Form fields of a POST body (an immutable QueryDict). For form bodies it is filled by
   * loadBody(), which the handler calls before the view; empty for other requests.
   */
  get POST(): QueryDict {
    return this.#bodyState.post
  }

  /** Uploaded files of a multipart POST body, by field name (UploadedFile values). */
  get FILES(): MultiValueDict<UploadedFile> {
    return this.#bodyState.files
  }

  /** Deletes spooled upload files (idempotent). Gateways call it when the response is done. */
  cleanup(): Promise<void> {
    return this.#bodyObject?.cleanup() ?? Promise.resolve()
  }

  // ── Internals ──────────────────────────────────────────────────────────────────

  #formKind(): FormKind {
    if (this.method !== 'POST') return null
    const type = this.contentType
    if (type === 'application/x-www-form-urlencoded') return 'urlencoded'
    if (type === 'multipart/form-data') return 'multipart'
    return null
  }

  #parsedContentType(): [string, Record<string, string>] {
    return (this.#contentType ??= parseHeaderParameters(this.headers.get('content-type') ?? ''))
  }

  #charset(): string {
    return this.encoding ?? this.options.defaultCharset
  }

  #serverPort(): string {
    if (this.serverPort !== undefined) return String(this.serverPort)
    return this.#transportScheme === 'https' ? '443' : '80'
  }

  #rawHost(): string {
    if (this.options.useXForwardedHost) {
      const forwarded = this.headers.get('x-forwarded-host')
      if (forwarded !== undefined) return forwarded
    }
    const host = this.headers.get('host')
    if (host !== undefined) return host
    const port = this.getPort()
    return port === (this.isSecure() ? '443' : '80')
      ? this.serverName
      : `${this.serverName}:${port}`
  }

  /** The client's encoding of pathInfo (re-decoding and re-encoding would turn %2F into /). */
  #rawPathInfo(): string {
    const raw = this.rawPath.startsWith('/') ? this.rawPath : '/' + this.rawPath
    const prefix = this.scriptName
    if (prefix === '') return percentEncode(raw, RAW_URI_SAFE)
    let cut = 0
    for (let n = prefix.split('/').length - 1; n > 0 && cut !== -1; n--)
      cut = raw.indexOf('/', cut + 1)
    if (cut === -1) cut = raw.length
    if (safeDecode(raw.slice(0, cut)) === prefix) {
      return percentEncode(raw.slice(cut) || '/', RAW_URI_SAFE)
    }
    return percentEncode(this.pathInfo, PATH_SAFE)
  }

  #withQuery(path: string, forceAppendSlash: boolean): string {
    const p = forceAppendSlash && !path.endsWith('/') ? path + '/' : path
    return this.queryString === '' ? p : `${p}?${percentEncode(this.queryString, RAW_URI_SAFE)}`
  }
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

/** Cookie values: surrounding double quotes dropped, then percent-decoded when valid. */
function decodeCookie(value: string): string {
  const unquoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  if (!unquoted.includes('%')) return unquoted
  return safeDecode(unquoted) ?? unquoted
}

/** SECURE_PROXY_SSL_HEADER may name the header as Django does (`HTTP_X_FORWARDED_PROTO`) or plainly. */
function proxyHeaderName(name: string): string {
  return /^HTTP_/i.test(name)
    ? name.slice(5).replaceAll('_', '-').toLowerCase()
    : name.toLowerCase()
}

function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label)
    return true
  } catch {
    return false
  }
}
