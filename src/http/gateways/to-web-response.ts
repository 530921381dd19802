/**
 * toWebResponse: turns an HttpResponseBase into a Fetch API Response, for runtimes and
 * adapters that speak Request/Response (serverless handlers, Hono's node server, tests).
 *
 * In-memory bodies are passed straight to `new Response()` (a UTF-8 string as is; another
 * charset as bytes) and `response.close()` runs at once, since the body no longer depends on
 * the response object. Streaming bodies become a ReadableStream that pulls one chunk from
 * the source per read (highWaterMark 0: nothing is produced before someone reads), and
 * close() runs when the stream ends, errors, or is cancelled — cancelling also calls the
 * source iterator's `return()`, so a generator's `finally` runs.
 *
 * Set-Cookie lines are appended one by one (Headers keeps them apart; read them back with
 * `headers.getSetCookie()`). HEAD, 204, 205 and 304 get a null body, as Response requires.
 * Status codes below 200 cannot be expressed (Response throws a RangeError).
 */
import { HttpResponse, type HttpResponseBase } from '../response.js'
import { getLogger } from '../../core/log.js'

const logger = getLogger('reinhardt.server')

export interface ToWebResponseOptions {
  /** The request method; HEAD responses get a null body. */
  method: string
}

/**
 * Converts `response` to a Fetch API Response.
 *
 * ```ts
 * export default {
 *   async fetch(request: Request): Promise<Response> {
 *     const response = await handler.getResponse(await fromWebRequest(request))
 *     return toWebResponse(response, { method: request.method })
 *   },
 * }
 * ```
 */
export function toWebResponse(response: HttpResponseBase, options: ToWebResponseOptions): Response {
  const status = response.statusCode
  const noContent = status === 204 || status === 205 || status < 200
  const nullBody = noContent || status === 304 || options.method === 'HEAD'
  let streamed = false
  try {
    const headers = new Headers()
    for (const [name, value] of response.headers) headers.append(name, value)
    for (const cookie of response.cookies.values()) headers.append('Set-Cookie', cookie)
    if (noContent) headers.delete('Content-Length')
    const init = { status, statusText: response.reasonPhrase, headers }

    if (response.streaming) {
      const content = (response as { streamingContent?: AsyncIterable<Buffer> }).streamingContent
      if (content === undefined) {
        throw new TypeError('A response with `streaming = true` must have `streamingContent`.')
      }
      if (nullBody) return new Response(null, init)
      const result = new Response(streamFrom(content[Symbol.asyncIterator](), response), init)
      streamed = true
      return result
    }

    if (!(response instanceof HttpResponse)) return new Response(null, init)
    if (!noContent && status !== 304 && !headers.has('Content-Length')) {
      headers.set('Content-Length', String(response.contentLength))
    }
    if (nullBody) return new Response(null, init)
    const body = response.body
    const encoding = response.bodyEncoding
    return new Response(
      typeof body !== 'string' || encoding === 'utf8' ? body : Buffer.from(body, encoding),
      init,
    )
  } finally {
    // The body is self-contained (or absent) unless it streams: release everything now.
    if (!streamed) closeResponse(response)
  }
}

/** A pull-based ReadableStream over the iterator that closes `response` when it settles. */
function streamFrom(
  iterator: AsyncIterator<Buffer>,
  response: HttpResponseBase,
): ReadableStream<Uint8Array> {
  let settled = false
  const settle = (): void => {
    if (settled) return
    settled = true
    closeResponse(response)
  }
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: IteratorResult<Buffer>
        try {
          result = await iterator.next()
        } catch (error) {
          controller.error(error)
          settle()
          return
        }
        if (result.done) {
          controller.close()
          settle()
        } else {
          controller.enqueue(result.value)
        }
      },
      async cancel() {
        try {
          await iterator.return?.()
        } finally {
          settle()
        }
      },
    },
    { highWaterMark: 0 },
  )
}

/** Calls `response.close()`, logging a closer's error rather than breaking the response. */
function closeResponse(response: HttpResponseBase): void {
  try {
    response.close()
  } catch (error) {
    logger.error('error while closing the response.', { error })
  }
}
