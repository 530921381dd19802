/**
 * HttpResponseBase and HttpResponse: what every view returns.
 *
 * A response holds a status, headers (case-insensitive, CR/LF refused), cookies and a body.
 * The gateway writes it; `close()` runs once when the body has been sent or the client went
 * away, releasing resources (files, temp uploads) and sending the requestFinished signal.
 */
import { STATUS_CODES } from 'node:http'
import { stringifySetCookie } from 'cookie'
import { requestFinished } from '../core/signals.js'
import { BadHeaderError } from './exceptions.js'
import { ResponseHeaders, type HeadersInit } from './response-headers.js'

export interface ResponseInit {
  /** Status code; 200 by default. */
  status?: number
  /** Reason phrase; the standard one for the status by default. */
  reason?: string
  /** Content-Type; `text/html; charset=<charset>` by default. */
  contentType?: string
  /** Charset of the body (and of the default Content-Type); `utf-8` by default. */
  charset?: string
  /** Extra headers. */
  headers?: HeadersInit
}

export type SameSite = 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none'

export interface CookieOptions {
  /** Lifetime in seconds; also sets Expires, as browsers that ignore Max-Age need it. */
  maxAge?: number
  /** Absolute expiry. */
  expires?: Date
  /** Path the cookie applies to; `/` by default. */
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: SameSite
  partitioned?: boolean
}

const DEFAULT_CHARSET = 'utf-8'
const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8'

/**
 * The charset a Content-Type value names (utf-8 when none). Views use a handful of distinct
 * values, and this runs several times per response, so results are cached (bounded).
 */
const charsets = new Map<string, string>()
function charsetOf(contentType: string): string {
  let charset = charsets.get(contentType)
  if (charset === undefined) {
    charset = /;\s*charset=["']?([^"';\s]+)/i.exec(contentType)?.[1] ?? DEFAULT_CHARSET
    if (charsets.size < 256) charsets.set(contentType, charset)
  }
  return charset
}

export class HttpResponseBase {
  /** True for responses whose body is an iterable written as it is produced. */
  readonly streaming: boolean = false
  statusCode: number
  headers: ResponseHeaders
  #cookies: Map<string, string> | undefined
  #reasonPhrase: string | undefined
  #charset: string | undefined
  #closers: Array<() => unknown> | undefined
  #closed = false

  constructor(init: ResponseInit = {}) {
    this.statusCode = init.status ?? 200
    if (!Number.isInteger(this.statusCode) || this.statusCode < 100 || this.statusCode > 599) {
      throw new TypeError(
        `HTTP status code must be an integer from 100 to 599, got ${init.status}.`,
      )
    }
    this.#reasonPhrase = init.reason
    this.#charset = init.charset
    this.headers = new ResponseHeaders(init.headers)
    if (init.contentType !== undefined) this.headers.set('Content-Type', init.contentType)
    else if (!this.headers.has('Content-Type')) {
      // The common case: a constant, valid value, so it skips header validation.
      const value =
        init.charset === undefined ? DEFAULT_CONTENT_TYPE : `text/html; charset=${this.charset}`
      this.headers.setTrusted('Content-Type', value)
    }
  }

  /** Cookies to set: name → full Set-Cookie header value (made on first use). */
  get cookies(): Map<string, string> {
    return (this.#cookies ??= new Map())
  }

  get reasonPhrase(): string {
    return this.#reasonPhrase ?? STATUS_CODES[this.statusCode] ?? 'Unknown Status Code'
  }

  set reasonPhrase(value: string) {
    if (/[\r\n]/.test(value)) throw new BadHeaderError('Reason phrase cannot contain newlines.')
    this.#reasonPhrase = value
  }

  /** The body's charset: the explicit one, else the Content-Type's, else utf-8. */
  get charset(): string {
    if (this.#charset !== undefined) return this.#charset
    const contentType = this.headers?.get('Content-Type')
    if (contentType === undefined) return DEFAULT_CHARSET
    return charsetOf(contentType)
  }

  set charset(value: string) {
    this.#charset = value
  }

  /** Reads a header (case-insensitive). */
  getHeader(name: string): string | undefined {
    return this.headers.get(name)
  }

  /** Sets a header; values with CR or LF are refused with BadHeaderError. */
  setHeader(name: string, value: string | number): this {
    this.headers.set(name, value)
    return this
  }

  hasHeader(name: string): boolean {
    return this.headers.has(name)
  }

  deleteHeader(name: string): boolean {
    return this.headers.delete(name)
  }

  /**
   * Sets a cookie. `maxAge` is in seconds and also sets Expires; names and values are
   * validated (values are percent-encoded where the cookie grammar needs it).
   *
   * ```ts
   * response.setCookie('theme', 'dark', { maxAge: 3600, sameSite: 'Lax', httpOnly: true })
   * ```
   */
  setCookie(name: string, value = '', options: CookieOptions = {}): this {
    let expires = options.expires
    if (options.maxAge !== undefined && expires === undefined) {
      expires = new Date(Date.now() + options.maxAge * 1000)
    }
    let header: string
    try {
      header = stringifySetCookie(name, value, {
        maxAge: options.maxAge === undefined ? undefined : Math.trunc(options.maxAge),
        expires,
        path: options.path ?? '/',
        domain: options.domain,
        secure: options.secure,
        httpOnly: options.httpOnly,
        sameSite: options.sameSite?.toLowerCase() as 'lax' | 'strict' | 'none' | undefined,
        partitioned: options.partitioned,
      })
    } catch (error) {
      throw new BadHeaderError(
        `Invalid cookie ${JSON.stringify(name)}: ${(error as Error).message}`,
      )
    }
    this.cookies.set(name, header)
    return this
  }

  /**
   * Tells the client to drop a cookie (empty value, Max-Age=0, Expires in 1970). Pass the
   * same path and domain the cookie was set with. `__Secure-`/`__Host-` cookies and
   * SameSite=None cookies are deleted with Secure, as browsers require.
   */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, 'path' | 'domain' | 'sameSite'> = {},
  ): this {
    const secure =
      name.startsWith('__Secure-') ||
      name.startsWith('__Host-') ||
      options.sameSite?.toLowerCase() === 'none'
    return this.setCookie(name, '', {
      maxAge: 0,
      expires: new Date(0),
      path: options.path,
      domain: options.domain,
      secure,
      sameSite: options.sameSite,
    })
  }

  /** Registers cleanup to run when the response is closed (after it is sent). */
  addCloser(closer: () => unknown): void {
    ;(this.#closers ??= []).push(closer)
  }

  /**
   * Whether close() has work anyone could observe: closers, requestFinished receivers, or a
   * subclass's own close(). When it has none, a gateway may close right after handing the
   * body over instead of waiting for the connection's events (a cost on every request).
   */
  hasCloseWork(): boolean {
    return (
      this.#closers !== undefined ||
      this.close !== HttpResponseBase.prototype.close ||
      requestFinished.hasListeners()
    )
  }

  get closed(): boolean {
    return this.#closed
  }

  /**
   * Releases the response's resources and sends requestFinished. The gateway calls it once
   * the body is sent or the client is gone; calling it again does nothing.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    const closers = this.#closers
    this.#closers = undefined
    let firstError: unknown
    if (closers) {
      for (const closer of closers) {
        try {
          const result = closer()
          if (result instanceof Promise) result.catch(() => {})
        } catch (error) {
          firstError ??= error
        }
      }
    }
    if (requestFinished.hasListeners()) requestFinished.sendRobust(this, {})
    if (firstError !== undefined) throw firstError
  }

  /**
   * Flat `name, value, …` list (Set-Cookie lines included) as node:http's writeHead takes,
   * plus `extraName: extraValue` at the end when given (the gateway's Content-Length).
   * Built at its final size: it is made for every response.
   */
  headerList(extraName?: string, extraValue?: string): string[] {
    const cookies = this.#cookies
    const size =
      this.headers.size * 2 + (cookies ? cookies.size * 2 : 0) + (extraName === undefined ? 0 : 2)
    const out = new Array<string>(size)
    let i = this.headers.copyFlatInto(out)
    if (cookies !== undefined) {
      for (const header of cookies.values()) {
        out[i++] = 'Set-Cookie'
        out[i++] = header
      }
    }
    if (extraName !== undefined) {
      out[i++] = extraName
      out[i] = extraValue ?? ''
    }
    return out
  }
}

/**
 * A response with its whole body in memory.
 *
 * ```ts
 * return new HttpResponse('<p>Hello</p>')
 * return new HttpResponse('created', { status: 201, contentType: 'text/plain' })
 * ```
 */
export class HttpResponse extends HttpResponseBase {
  /** The body as given: one string or bytes (the common case, written without a copy). */
  #body: string | Buffer
  #chunks: Array<string | Buffer> | undefined

  constructor(content: string | Uint8Array = '', init: ResponseInit = {}) {
    super(init)
    this.#body = this.#toBody(content)
  }

  /** The body as bytes (encoded with the response's charset). */
  get content(): Buffer {
    this.#flushChunks()
    const body = this.#body
    return typeof body === 'string' ? Buffer.from(body, this.#encoding()) : body
  }

  set content(value: string | Uint8Array) {
    this.#chunks = undefined
    this.#body = this.#toBody(value)
  }

  /** The body decoded as text with the response's charset. */
  text(): string {
    this.#flushChunks()
    const body = this.#body
    return typeof body === 'string' ? body : body.toString(this.#encoding())
  }

  /** Appends to the body (file-like use, as in Django's `response.write()`). */
  write(content: string | Uint8Array): void {
    ;(this.#chunks ??= []).push(this.#toBody(content))
  }

  /** Appends each chunk in turn. */
  writelines(lines: Iterable<string | Uint8Array>): void {
    for (const line of lines) this.write(line)
  }

  /** What the gateway writes: a string (with `encoding`) or bytes, without copying. */
  get body(): string | Buffer {
    this.#flushChunks()
    return this.#body
  }

  /** Node's encoding name for the body's charset, used when the body is a string. */
  get bodyEncoding(): BufferEncoding {
    return this.#encoding()
  }

  /** Body length in bytes (what Content-Length says). */
  get contentLength(): number {
    const body = this.body
    return typeof body === 'string' ? Buffer.byteLength(body, this.#encoding()) : body.length
  }

  #toBody(content: string | Uint8Array): string | Buffer {
    if (typeof content === 'string') return content
    if (Buffer.isBuffer(content)) return content
    if (content instanceof Uint8Array) {
      return Buffer.from(content.buffer, content.byteOffset, content.byteLength)
    }
    throw new TypeError(
      `HttpResponse content must be a string or bytes, got ${content === null ? 'null' : typeof content}.`,
    )
  }

  #flushChunks(): void {
    const chunks = this.#chunks
    if (chunks === undefined) return
    this.#chunks = undefined
    const encoding = this.#encoding()
    const parts = [this.#body, ...chunks].map((c) =>
      typeof c === 'string' ? Buffer.from(c, encoding) : c,
    )
    this.#body = Buffer.concat(parts)
  }

  #encoding(): BufferEncoding {
    return nodeEncoding(this.charset)
  }
}

/** Maps a charset name to Node's Buffer encoding; unknown charsets are refused. */
export function nodeEncoding(charset: string): BufferEncoding {
  if (charset === 'utf-8') return 'utf8' // nearly every response
  const name = charset.toLowerCase().replace(/_/g, '-')
  switch (name) {
    case 'utf-8':
    case 'utf8':
      return 'utf8'
    case 'iso-8859-1':
    case 'latin1':
    case 'latin-1':
    case 'us-ascii':
    case 'ascii':
      return 'latin1'
    case 'utf-16le':
    case 'utf16le':
      return 'utf16le'
    default:
      throw new TypeError(
        `Charset ${JSON.stringify(charset)} is not supported for response bodies; ` +
          'pass bytes (a Buffer) instead of a string, or use utf-8.',
      )
  }
}

/**
 * The deferred-rendering protocol (TemplateResponse): a response with `render()` that has
 * not rendered yet goes through processTemplateResponse middleware, then is rendered.
 */
export interface RenderableResponse extends HttpResponseBase {
  readonly isRendered: boolean
  render(): HttpResponseBase | Promise<HttpResponseBase>
}

export function isRenderable(response: HttpResponseBase): response is RenderableResponse {
  const candidate = response as unknown as Partial<RenderableResponse>
  return typeof candidate.render === 'function' && candidate.isRendered === false
}
