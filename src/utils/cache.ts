/**
 * HTTP caching helpers (Django's django.utils.cache): ETags, Cache-Control, Vary, and the
 * conditional-request evaluation shared by ConditionalGetMiddleware and the `condition`
 * view decorator.
 *
 * How conditional requests work here: `getConditionalResponse` takes the resource's current
 * ETag and Last-Modified time and evaluates the request's preconditions in the order RFC 9110
 * §13.2.2 prescribes — If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since —
 * answering 412 Precondition Failed when a state-changing precondition fails and 304 Not
 * Modified when a GET or HEAD would send the client what it already has. A 304 keeps the
 * headers RFC 9110 §15.4.5 requires plus Last-Modified, and the original's cookies.
 *
 * The header writers go through `setHeader`, so a value with CR or LF is refused like any
 * other header value.
 */
import { createHash } from 'node:crypto'
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { HttpResponseNotModified } from '../http/response-status.js'
import { httpDate, parseHttpDateSafe } from './http-date.js'

/** Splits comma-separated header values (Cache-Control, Vary) with the space around commas. */
const LIST_DELIMITER = /\s*,\s*/
/** One entity tag, optionally weak: `"xyzzy"` or `W/"xyzzy"`. */
const ETAG = /^(?:W\/)?"[^"]*"$/

/** Headers a 304 keeps from the response it stands for (RFC 9110 §15.4.5, + Last-Modified). */
const NOT_MODIFIED_HEADERS = [
  'Cache-Control',
  'Content-Location',
  'Date',
  'ETag',
  'Expires',
  'Last-Modified',
  'Vary',
] as const

// ── ETags ────────────────────────────────────────────────────────────────────────────

/**
 * Wraps a bare tag in double quotes; an already quoted (or weak `W/"…"`) tag is returned
 * unchanged.
 *
 * ```ts
 * quoteEtag('abc')      // '"abc"'
 * quoteEtag('W/"abc"')  // 'W/"abc"'
 * ```
 */
export function quoteEtag(etag: string): string {
  return ETAG.test(etag) ? etag : `"${etag}"`
}

/**
 * Parses an If-Match / If-None-Match value into its entity tags (quotes kept). `*` gives
 * `['*']`; malformed members are dropped, as a recipient must ignore what it cannot parse.
 *
 * ```ts
 * parseEtags('"a", W/"b", junk')  // ['"a"', 'W/"b"']
 * ```
 */
export function parseEtags(header: string): string[] {
  if (header.trim() === '*') return ['*']
  const etags: string[] = []
  for (const part of header.split(',')) {
    const etag = part.trim()
    if (ETAG.test(etag)) etags.push(etag)
  }
  return etags
}

/**
 * Sets a strong ETag computed from the body (an MD5 hex digest, which is a fingerprint here,
 * not a security measure). Streaming and empty responses are left alone: their body is not
 * known up front.
 *
 * ```ts
 * setResponseEtag(new HttpResponse('hello')).getHeader('ETag') // '"5d41402abc4b2a76b9719d911017c592"'
 * ```
 */
export function setResponseEtag<R extends HttpResponseBase>(response: R): R {
  if (response.streaming || !(response instanceof HttpResponse)) return response
  const body = response.body
  if (body.length === 0) return response
  const digest = createHash('md5')
    .update(typeof body === 'string' ? Buffer.from(body, response.bodyEncoding) : body)
    .digest('hex')
  response.setHeader('ETag', `"${digest}"`)
  return response
}

// ── Vary ─────────────────────────────────────────────────────────────────────────────

/**
 * Adds header names to Vary, keeping the existing order and skipping names already there
 * (compared case-insensitively). `*` anywhere makes the whole value `*`.
 *
 * ```ts
 * patchVaryHeaders(response, ['Accept-Language', 'Cookie'])
 * ```
 */
export function patchVaryHeaders(response: HttpResponseBase, headers: readonly string[]): void {
  const current = response.getHeader('Vary')
  const vary = current === undefined || current === '' ? [] : current.split(LIST_DELIMITER)
  const present = new Set(vary.map((name) => name.toLowerCase()))
  for (const name of headers) {
    const lower = name.toLowerCase()
    if (!present.has(lower)) {
      vary.push(name)
      present.add(lower)
    }
  }
  response.setHeader('Vary', vary.includes('*') ? '*' : vary.join(', '))
}

/**
 * Whether Vary names `header` (case-insensitive).
 *
 * ```ts
 * hasVaryHeader(response, 'cookie')
 * ```
 */
export function hasVaryHeader(response: HttpResponseBase, header: string): boolean {
  const vary = response.getHeader('Vary')
  if (vary === undefined) return false
  const wanted = header.toLowerCase()
  return vary.split(LIST_DELIMITER).some((name) => name.toLowerCase() === wanted)
}

// ── Cache-Control ────────────────────────────────────────────────────────────────────

/**
 * Cache-Control directives in camelCase (`maxAge` is `max-age`, `sMaxage` is `s-maxage`);
 * kebab-case keys are accepted as they are. `true` writes the bare directive, a number or
 * string writes `directive=value`, and `false` removes the directive.
 */
export interface CacheControlDirectives {
  maxAge?: number
  sMaxage?: number
  public?: boolean
  private?: boolean | string
  noCache?: boolean | string
  noStore?: boolean
  noTransform?: boolean
  mustRevalidate?: boolean
  proxyRevalidate?: boolean
  mustUnderstand?: boolean
  immutable?: boolean
  staleWhileRevalidate?: number
  staleIfError?: number
  [directive: string]: boolean | number | string | undefined
}

type DirectiveValue = true | string

/**
 * Merges directives into the response's Cache-Control header, as Django's
 * patch_cache_control does: existing directives are kept unless overridden; when both the
 * header and the call give max-age the smaller wins (a decorator and a middleware agreeing
 * on the stricter one); `public` replaces `private` and vice versa; `no-cache` may name
 * several field names.
 *
 * ```ts
 * patchCacheControl(response, { public: true, maxAge: 3600 })
 * // Cache-Control: public, max-age=3600
 * ```
 */
export function patchCacheControl(
  response: HttpResponseBase,
  directives: Readonly<CacheControlDirectives>,
): void {
  const cc = new Map<string, DirectiveValue | Set<DirectiveValue>>()
  const header = response.getHeader('Cache-Control')
  if (header !== undefined && header !== '') {
    for (const field of header.split(LIST_DELIMITER)) {
      if (field === '') continue
      const eq = field.indexOf('=')
      const name = (eq === -1 ? field : field.slice(0, eq)).toLowerCase()
      const value: DirectiveValue = eq === -1 ? true : field.slice(eq + 1)
      addDirective(cc, name, value)
    }
  }
  const updates = new Map<string, boolean | number | string>()
  for (const [key, value] of Object.entries(directives)) {
    if (value !== undefined) updates.set(directiveName(key), value)
  }
  const maxAge = updates.get('max-age')
  const currentMaxAge = cc.get('max-age')
  if (typeof maxAge === 'number' && typeof currentMaxAge === 'string') {
    const current = Number.parseInt(currentMaxAge, 10)
    if (Number.isFinite(current)) updates.set('max-age', Math.min(current, maxAge))
  }
  if (cc.has('private') && updates.get('public') === true) cc.delete('private')
  else if (cc.has('public') && isSet(updates.get('private'))) cc.delete('public')

  for (const [name, value] of updates) {
    if (value === false) {
      cc.delete(name)
      continue
    }
    const text: DirectiveValue = value === true ? true : String(value)
    if (name === 'no-cache') addDirective(cc, name, text)
    else cc.set(name, text)
  }

  const parts: string[] = []
  for (const [name, value] of cc) {
    if (value instanceof Set) {
      if (value.has(true)) parts.push(name)
      else for (const fields of value) parts.push(`${name}=${fields as string}`)
    } else {
      parts.push(value === true ? name : `${name}=${value}`)
    }
  }
  response.setHeader('Cache-Control', parts.join(', '))
}

/**
 * The max-age of the response's Cache-Control in seconds, or null when there is none (or it
 * is not a number).
 *
 * ```ts
 * getMaxAge(response) // 3600
 * ```
 */
export function getMaxAge(response: HttpResponseBase): number | null {
  const header = response.getHeader('Cache-Control')
  if (header === undefined) return null
  for (const field of header.split(LIST_DELIMITER)) {
    const eq = field.indexOf('=')
    if (eq !== -1 && field.slice(0, eq).toLowerCase() === 'max-age') {
      const value = Number(field.slice(eq + 1))
      return Number.isInteger(value) ? value : null
    }
  }
  return null
}

/**
 * Sets Expires (when absent) to now + `cacheTimeout` seconds and max-age to the timeout; a
 * negative timeout counts as 0.
 *
 * ```ts
 * patchResponseHeaders(response, 600)
 * ```
 */
export function patchResponseHeaders(response: HttpResponseBase, cacheTimeout: number): void {
  const timeout = Math.max(0, Math.trunc(cacheTimeout))
  if (!response.hasHeader('Expires')) {
    response.setHeader('Expires', httpDate(Date.now() / 1000 + timeout))
  }
  patchCacheControl(response, { maxAge: timeout })
}

/**
 * Marks a response as never to be cached: Expires now, and
 * `max-age=0, no-cache, no-store, must-revalidate, private`.
 *
 * ```ts
 * addNeverCacheHeaders(response)
 * ```
 */
export function addNeverCacheHeaders(response: HttpResponseBase): void {
  patchResponseHeaders(response, -1)
  patchCacheControl(response, {
    noCache: true,
    noStore: true,
    mustRevalidate: true,
    private: true,
  })
}

function addDirective(
  cc: Map<string, DirectiveValue | Set<DirectiveValue>>,
  name: string,
  value: DirectiveValue,
): void {
  if (name !== 'no-cache') {
    cc.set(name, value)
    return
  }
  const current = cc.get(name)
  if (current instanceof Set) current.add(value)
  else cc.set(name, new Set([value]))
}

/** `maxAge` → `max-age`, `sMaxage` → `s-maxage`; kebab-case names pass through. */
function directiveName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).toLowerCase()
}

function isSet(value: boolean | number | string | undefined): boolean {
  return value !== undefined && value !== false
}

// ── Conditional requests ─────────────────────────────────────────────────────────────

export interface ConditionalResponseOptions {
  /** The resource's current entity tag, quoted (`"abc"` or `W/"abc"`). */
  etag?: string | null
  /** The resource's last modification, in seconds since the epoch. */
  lastModified?: number | null
  /** The response that would be sent; its headers and cookies carry over to a 304. */
  response?: HttpResponseBase | null
}

/**
 * Evaluates the request's preconditions against the resource's current ETag and
 * Last-Modified time (see the module comment). Returns a 304 or 412 response when a
 * precondition decides the outcome, otherwise `response` (null when none was given, which
 * tells a view decorator to call the view). Responses outside 2xx are returned unchanged.
 *
 * ```ts
 * const conditional = getConditionalResponse(request, { etag: quoteEtag(article.version) })
 * if (conditional !== null) return conditional
 * ```
 */
export function getConditionalResponse(
  request: HttpRequest,
  options: ConditionalResponseOptions = {},
): HttpResponseBase | null {
  const response = options.response ?? null
  if (response !== null && (response.statusCode < 200 || response.statusCode >= 300)) {
    return response
  }
  const etag = options.etag ?? null
  const lastModified = options.lastModified ?? null
  const headers = request.headers

  const ifMatch = parseEtags(headers.get('if-match') ?? '')
  if (ifMatch.length > 0 && !ifMatchPasses(etag, ifMatch)) return preconditionFailed()

  const ifUnmodifiedSince = parseHttpDateSafe(headers.get('if-unmodified-since'))
  if (
    ifMatch.length === 0 &&
    ifUnmodifiedSince !== null &&
    !(lastModified !== null && lastModified <= ifUnmodifiedSince)
  ) {
    return preconditionFailed()
  }

  const safe = request.method === 'GET' || request.method === 'HEAD'
  const ifNoneMatch = parseEtags(headers.get('if-none-match') ?? '')
  if (ifNoneMatch.length > 0 && !ifNoneMatchPasses(etag, ifNoneMatch)) {
    return safe ? notModified(response) : preconditionFailed()
  }

  const ifModifiedSince = parseHttpDateSafe(headers.get('if-modified-since'))
  if (
    safe &&
    ifNoneMatch.length === 0 &&
    ifModifiedSince !== null &&
    lastModified !== null &&
    lastModified <= ifModifiedSince
  ) {
    return notModified(response)
  }
  return response
}

/** If-Match compares strongly: a weak current tag never matches, `*` matches any tag. */
function ifMatchPasses(etag: string | null, wanted: readonly string[]): boolean {
  if (etag === null || etag === '') return false
  if (wanted.length === 1 && wanted[0] === '*') return true
  if (etag.startsWith('W/')) return false
  return wanted.includes(etag)
}

/** If-None-Match compares weakly: `W/"a"` and `"a"` are the same representation. */
function ifNoneMatchPasses(etag: string | null, wanted: readonly string[]): boolean {
  if (etag === null || etag === '') return true
  if (wanted.length === 1 && wanted[0] === '*') return false
  const opaque = stripWeak(etag)
  return !wanted.some((candidate) => stripWeak(candidate) === opaque)
}

function stripWeak(etag: string): string {
  return etag.startsWith('W/') ? etag.slice(2) : etag
}

function notModified(response: HttpResponseBase | null): HttpResponseNotModified {
  const replacement = new HttpResponseNotModified()
  if (response === null) return replacement
  for (const name of NOT_MODIFIED_HEADERS) {
    const value = response.getHeader(name)
    if (value !== undefined) replacement.setHeader(name, value)
  }
  // Cookies still reach the client on a 304 (a proxy must pass Set-Cookie along).
  for (const [name, header] of response.cookies) replacement.cookies.set(name, header)
  // A streaming original may hold an open file or generator that only close() releases.
  if (response.streaming) replacement.addCloser(() => response.close())
  return replacement
}

function preconditionFailed(): HttpResponse {
  return new HttpResponse('', { status: 412 })
}
