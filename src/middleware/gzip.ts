/**
 * GZipMiddleware (Django's django.middleware.gzip): compresses responses for clients that
 * accept gzip.
 *
 * How it works: on the way out, `gzipResponse` leaves alone bodies under 200 bytes and
 * responses that already have a Content-Encoding; otherwise it adds `Accept-Encoding` to
 * Vary (the body now depends on that header, whatever this client sent) and, if the client
 * accepts gzip, compresses. An in-memory body is replaced only when the compressed one is
 * smaller, and Content-Length is updated; a streaming body is compressed as it streams and
 * Content-Length removed (the compressed size is not known in advance). A strong ETag
 * becomes weak (the bytes changed, the representation did not), and every compressed body
 * carries random padding against the BREACH attack (see src/utils/gzip.ts).
 *
 * Accept-Encoding is parsed with its q-values: `gzip;q=0` refuses gzip, `*` accepts it
 * unless gzip is listed with q=0. Parsed headers are cached (bounded), since clients send a
 * handful of distinct values.
 *
 * Put it near the top of MIDDLEWARE: everything that reads or changes the body must run
 * before it on the way out (that is, be listed after it).
 */
import type { Settings } from '../conf/global-settings.js'
import type { GetResponse } from '../core/handlers/middleware.js'
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { StreamingHttpResponse } from '../http/streaming-response.js'
import { patchVaryHeaders } from '../utils/cache.js'
import { compressSequence, compressString } from '../utils/gzip.js'
import { MiddlewareMixin } from './mixin.js'

/** Bodies shorter than this are not worth compressing (the gzip framing alone is ~20 bytes). */
const MIN_LENGTH = 200

export class GZipMiddleware extends MiddlewareMixin {
  /** Upper bound (exclusive) of the BREACH padding bytes; 0 turns the padding off. */
  maxRandomBytes = 100

  constructor(getResponse: GetResponse, settings?: Readonly<Settings>) {
    super(getResponse, settings)
  }

  override processResponse(request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    return gzipResponse(request, response, this.maxRandomBytes)
  }
}

/**
 * Compresses `response` in place when the request accepts gzip (see the module comment);
 * what GZipMiddleware and the gzipPage decorator run.
 *
 * ```ts
 * return gzipResponse(request, new HttpResponse(bigHtml))
 * ```
 */
export function gzipResponse<R extends HttpResponseBase>(
  request: HttpRequest,
  response: R,
  maxRandomBytes = 100,
): R {
  const inMemory = response instanceof HttpResponse && !response.streaming
  if (inMemory && response.contentLength < MIN_LENGTH) return response
  if (!inMemory && !(response instanceof StreamingHttpResponse)) return response
  if (response.headers.has('Content-Encoding')) return response
  patchVaryHeaders(response, ['Accept-Encoding'])
  if (!acceptsGzip(request.headers.get('accept-encoding'))) return response

  if (inMemory) {
    const original = (response as HttpResponse).content
    const compressed = compressString(original, { maxRandomBytes })
    if (compressed.length >= original.length) return response
    ;(response as HttpResponse).content = compressed
    response.headers.set('Content-Length', compressed.length)
  } else {
    const streaming = response as StreamingHttpResponse
    streaming.streamingContent = compressSequence(streaming.streamingContent, { maxRandomBytes })
    response.headers.delete('Content-Length')
  }
  const etag = response.headers.get('ETag')
  if (etag !== undefined && etag.startsWith('"')) response.headers.set('ETag', `W/${etag}`)
  response.headers.set('Content-Encoding', 'gzip')
  return response
}

const acceptCache = new Map<string, boolean>()

/**
 * Whether an Accept-Encoding value allows gzip: `gzip` (or its alias `x-gzip`) with q > 0,
 * or `*` with q > 0 when gzip is not listed.
 *
 * ```ts
 * acceptsGzip('gzip, deflate, br')  // true
 * acceptsGzip('gzip;q=0, *')        // false
 * acceptsGzip('identity')           // false
 * ```
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false
  let accepted = acceptCache.get(header)
  if (accepted === undefined) {
    accepted = parseAcceptsGzip(header)
    // Bounded: the header is client-controlled, so distinct values must not grow memory.
    if (acceptCache.size < 256) acceptCache.set(header, accepted)
  }
  return accepted
}

function parseAcceptsGzip(header: string): boolean {
  let gzip: number | undefined
  let wildcard: number | undefined
  for (const member of header.split(',')) {
    const [rawCoding = '', ...params] = member.split(';')
    const coding = rawCoding.trim().toLowerCase()
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue
    let q = 1
    for (const param of params) {
      const [name = '', value = ''] = param.split('=')
      if (name.trim().toLowerCase() === 'q') {
        const parsed = Number(value.trim())
        q = Number.isFinite(parsed) && value.trim() !== '' ? parsed : 0
      }
    }
    if (coding === '*') wildcard = Math.max(wildcard ?? 0, q)
    else gzip = Math.max(gzip ?? 0, q)
  }
  if (gzip !== undefined) return gzip > 0
  return wildcard !== undefined && wildcard > 0
}
