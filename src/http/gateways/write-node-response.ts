/**
 * writeNodeResponse: puts an HttpResponseBase on a node:http ServerResponse.
 *
 * In-memory bodies (HttpResponse) take the fast path: one `writeHead(status, reason, flat
 * header list)` — the flat `[name, value, …]` form skips Node's per-header object work and
 * keeps each Set-Cookie line separate — then one `res.end(body, encoding)`. The string body is
 * handed to Node as is, so it is encoded once, straight into the socket write. When closing
 * the response has observable work (closers, requestFinished receivers, a subclass close()),
 * the response rides on the ServerResponse under a symbol and one shared 'close' listener
 * calls `response.close()` when Node is done with the exchange (sent, or the client went
 * away); otherwise it is closed right after `end()`, which saves a listener per request.
 *
 * The promise never rejects: if writing throws before the headers are out (say a header
 * value Node refuses), the error is logged and a plain 500 is sent instead.
 *
 * Streaming bodies are pumped chunk by chunk: `write()` returning false means the socket
 * buffer is full, so the pump waits for 'drain' before pulling the next chunk (a slow client
 * slows the generator down instead of filling memory). If the client disconnects, the pump
 * stops and the source iterator's `return()` runs (a generator's `finally`). An error thrown
 * by the source after the headers went out cannot become an error page; the connection is
 * destroyed (the client sees a truncated body, not a complete-looking one) and the error is
 * logged. Either way the promise resolves and `response.close()` runs exactly once.
 *
 * HEAD gets the headers (Content-Length included) and no body; 1xx and 204 get neither body
 * nor Content-Length; 304 gets no body and keeps a Content-Length the view set.
 */
import type { ServerResponse } from 'node:http'
import { HttpResponse, type HttpResponseBase } from '../response.js'
import { getLogger } from '../../core/log.js'

const logger = getLogger('reinhardt.server')

export interface WriteNodeResponseOptions {
  /** The request method; HEAD responses are sent without a body. */
  method: string
}

const kResponse = Symbol('reinhardt.response')
type TrackedResponse = ServerResponse & { [kResponse]?: HttpResponseBase | undefined }

const RESOLVED: Promise<void> = Promise.resolve()

/**
 * Writes `response` to `res` and arranges for `response.close()` to run once the exchange is
 * over. Resolves when the body has been handed to Node (in-memory bodies) or the stream has
 * finished or been abandoned (streaming); never rejects (failures are logged, see above).
 *
 * ```ts
 * http.createServer(async (req, res) => {
 *   const response = await handler.getResponse(buildRequest(req))
 *   await writeNodeResponse(res, response, { method: req.method ?? 'GET' })
 * })
 * ```
 */
export function writeNodeResponse(
  res: ServerResponse,
  response: HttpResponseBase,
  options: WriteNodeResponseOptions,
): Promise<void> {
  const status = response.statusCode
  // 1xx, 204 and 304 never carry a body (RFC 9110 §6.4.1); HEAD gets headers only.
  const noContent = status < 200 || status === 204
  const skipBody = noContent || status === 304 || options.method === 'HEAD'
  if (res.destroyed) {
    // The client left before the view finished: nothing to write, only clean up.
    closeResponse(response)
    return RESOLVED
  }
  if (response.streaming) {
    return writeStreaming(res as TrackedResponse, response, skipBody, noContent)
  }
  const tracked = res as TrackedResponse
  // Closing waits for the exchange to end only when someone can tell the difference; the
  // listener (and the property it reads) cost more than the rest of a small response.
  const deferClose = response.hasCloseWork()
  if (deferClose) {
    tracked[kResponse] = response
    tracked.on('close', onResponseClose)
  }
  try {
    // Content-Length, unless the status forbids a body or the view set it already.
    const addLength = !noContent && status !== 304 && !response.hasHeader('Content-Length')
    if (response instanceof HttpResponse) {
      const headers = addLength
        ? response.headerList('Content-Length', String(response.contentLength))
        : response.headerList()
      if (noContent) stripContentLength(headers)
      tracked.writeHead(status, response.reasonPhrase, headers)
      if (skipBody) tracked.end()
      else tracked.end(response.body, response.bodyEncoding)
    } else {
      const headers = addLength ? response.headerList('Content-Length', '0') : response.headerList()
      if (noContent) stripContentLength(headers)
      tracked.writeHead(status, response.reasonPhrase, headers)
      tracked.end()
    }
  } catch (error) {
    return failed(tracked, response, error)
  }
  if (!deferClose) closeResponse(response)
  return RESOLVED
}

/** The shared 'close' listener of the in-memory path (`this` is the ServerResponse). */
function onResponseClose(this: TrackedResponse): void {
  const response = this[kResponse]
  if (response === undefined) return
  this[kResponse] = undefined
  closeResponse(response)
}

/**
 * Writing threw (a header value Node refuses, a malformed response). Never reject: the
 * caller is usually an event handler, where a rejection would be unhandled. Before the
 * headers are out a plain 500 can still be sent; after, only cutting the connection is honest.
 */
function failed(res: TrackedResponse, response: HttpResponseBase, error: unknown): Promise<void> {
  res.removeListener('close', onResponseClose)
  res[kResponse] = undefined
  closeResponse(response)
  logger.error('could not write the response; answering 500.', { error })
  if (res.headersSent || res.destroyed) {
    res.destroy()
    return RESOLVED
  }
  try {
    res.writeHead(500, 'Internal Server Error', SERVER_ERROR_HEADERS)
    res.end(SERVER_ERROR_BODY)
  } catch {
    res.destroy()
  }
  return RESOLVED
}

const SERVER_ERROR_BODY = 'Internal Server Error'
const SERVER_ERROR_HEADERS = [
  'Content-Type',
  'text/plain; charset=utf-8',
  'Content-Length',
  String(SERVER_ERROR_BODY.length),
]

function stripContentLength(headers: string[]): void {
  for (let i = headers.length - 2; i >= 0; i -= 2) {
    if (headers[i]?.toLowerCase() === 'content-length') headers.splice(i, 2)
  }
}

/** Calls `response.close()`, logging (not throwing) a closer's error: we are in an event. */
function closeResponse(response: HttpResponseBase): void {
  try {
    response.close()
  } catch (error) {
    logger.error('error while closing the response.', { error })
  }
}

function writeStreaming(
  res: TrackedResponse,
  response: HttpResponseBase,
  skipBody: boolean,
  noContent: boolean,
): Promise<void> {
  const content = (response as { streamingContent?: AsyncIterable<Buffer> }).streamingContent
  if (content === undefined) {
    const error = new TypeError('A response with `streaming = true` must have `streamingContent`.')
    return failed(res, response, error)
  }
  const headers = response.headerList()
  if (noContent) stripContentLength(headers)
  if (skipBody) {
    // Same as the in-memory path; the unread source is stopped by close().
    res[kResponse] = response
    res.on('close', onResponseClose)
    try {
      res.writeHead(response.statusCode, response.reasonPhrase, headers)
      res.end()
    } catch (error) {
      return failed(res, response, error)
    }
    return RESOLVED
  }
  try {
    res.writeHead(response.statusCode, response.reasonPhrase, headers)
  } catch (error) {
    return failed(res, response, error)
  }
  return new Promise<void>((resolve) => {
    new StreamPump(res, response, content[Symbol.asyncIterator](), resolve).run()
  })
}

/** Moves chunks from the iterator to the socket, honouring backpressure and disconnects. */
class StreamPump {
  #res: ServerResponse
  #response: HttpResponseBase
  #iterator: AsyncIterator<Buffer>
  #resolve: () => void
  #finished = false
  #exhausted = false
  #drained: (() => void) | undefined

  constructor(
    res: ServerResponse,
    response: HttpResponseBase,
    iterator: AsyncIterator<Buffer>,
    resolve: () => void,
  ) {
    this.#res = res
    this.#response = response
    this.#iterator = iterator
    this.#resolve = resolve
    res.on('close', this.#onClose)
    res.on('drain', this.#onDrain)
  }

  async run(): Promise<void> {
    const res = this.#res
    try {
      while (!this.#finished) {
        const result = await this.#iterator.next()
        if (this.#finished) return // the client left while the chunk was being produced
        if (result.done) {
          this.#exhausted = true
          res.end() // 'close' follows once it is flushed, and finishes the exchange
          return
        }
        const chunk = result.value
        if (chunk.length === 0) continue // an empty chunk would end a chunked body early
        if (!res.write(chunk)) {
          await new Promise<void>((resolve) => (this.#drained = resolve))
        }
      }
    } catch (error) {
      this.#exhausted = true
      if (this.#finished) return // stopping the source on disconnect may make it throw
      logger.error(
        'the streaming response body failed after the headers were sent; ' + 'connection closed.',
        { error },
      )
      res.destroy()
    }
  }

  #onDrain = (): void => {
    const drained = this.#drained
    this.#drained = undefined
    drained?.()
  }

  /** Sent, or the client went away: stop the source if unfinished, close the response. */
  #onClose = (): void => {
    if (this.#finished) return
    this.#finished = true
    this.#res.removeListener('close', this.#onClose)
    this.#res.removeListener('drain', this.#onDrain)
    this.#onDrain() // release a pump waiting for 'drain' so it sees #finished and stops
    if (!this.#exhausted) {
      try {
        const pending = this.#iterator.return?.()
        if (pending instanceof Promise) pending.catch(() => {})
      } catch (error) {
        logger.error('error while stopping the streaming response body.', { error })
      }
    }
    closeResponse(this.#response)
    this.#resolve()
  }
}
