/**
 * The node:http gateway: the fast path from a socket to the handler and back.
 *
 * Node's parsed request goes straight into HttpRequest (no Web Request/Response objects in
 * between): the header record is node's own, the body is the IncomingMessage stream, read
 * only if the view asks. Limits: header size (431), headers and whole-request timeouts,
 * keep-alive timeout. `serve()` adds graceful shutdown on SIGTERM/SIGINT.
 *
 * ```ts
 * const handler = new BaseHandler(buildSettings({ ROOT_URLCONF: urls }))
 * createServer(handler).listen(8000, '127.0.0.1')
 * ```
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BaseHandler } from '../../core/handlers/base.js'
import { getLogger } from '../../core/log.js'
import { requestStarted } from '../../core/signals.js'
import { HttpRequest } from '../request.js'
import type { HttpResponseBase } from '../response.js'
import { isPromiseLike } from '../../utils/awaitable.js'
import { writeNodeResponse } from './write-node-response.js'

export interface NodeGatewayOptions {
  /** Largest request head (request line + headers) in bytes; more is a 431. Default 16 KiB. */
  maxHeaderSize?: number
  /** Time allowed to receive the request head, in ms (Node's headersTimeout). Default 20 s. */
  headersTimeout?: number
  /** Time allowed to receive the whole request, in ms (Node's requestTimeout). Default 120 s. */
  requestTimeout?: number
  /** Idle time before a keep-alive connection is closed, in ms. Default 5 s. */
  keepAliveTimeout?: number
  /**
   * Called once per request when the exchange ends (response sent or client gone), e.g.
   * for runserver's access log. Unset, it costs nothing: no per-request work is added.
   */
  onResponse?: (entry: ResponseLogEntry) => void
}

/** What `onResponse` learns about one request. */
export interface ResponseLogEntry {
  readonly method: string
  /** The request target as received (path and query string). */
  readonly url: string
  readonly httpVersion: string
  readonly statusCode: number
  /** Body bytes written (after any compression a middleware applied). */
  readonly bytes: number
  /** Milliseconds from the request's arrival to the end of the exchange. */
  readonly durationMs: number
  /** False when the client went away before the response was fully sent. */
  readonly completed: boolean
}

const logger = getLogger('reinhardt.server')

/** Creates an http.Server that answers every request with `handler`. */
export function createServer(handler: BaseHandler, options: NodeGatewayOptions = {}): http.Server {
  const server = http.createServer(
    {
      maxHeaderSize: options.maxHeaderSize ?? 16 * 1024,
      headersTimeout: options.headersTimeout ?? 20_000,
      requestTimeout: options.requestTimeout ?? 120_000,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    },
    options.onResponse === undefined
      ? createRequestListener(handler)
      : withResponseLog(createRequestListener(handler), options.onResponse),
  )
  server.on('clientError', onClientError)
  return server
}

/** The `(req, res)` listener, for mounting reinhardt in an existing node:http server. */
export function createRequestListener(
  handler: BaseHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  const scriptName = handler.scriptName
  const options = handler.requestOptions
  return function reinhardtListener(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET'
    const headers = req.headers
    const hasBody =
      headers['transfer-encoding'] !== undefined ||
      (headers['content-length'] !== undefined && headers['content-length'] !== '0')
    const socket = req.socket
    const request = new HttpRequest({
      method,
      url: req.url ?? '/',
      headers,
      body: hasBody ? req : null,
      scriptName,
      remoteAddress: socket.remoteAddress,
      scheme: (socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      serverPort: socket.localPort,
      options,
    })
    if (requestStarted.hasListeners()) requestStarted.sendRobust(handler, { request })
    let result: ReturnType<BaseHandler['respond']>
    try {
      result = handler.respond(request)
    } catch (error) {
      failed(res, error)
      return
    }
    if (isPromiseLike(result)) {
      result.then(
        (response) => send(req, res, response, method, hasBody),
        (error: unknown) => failed(res, error),
      )
    } else {
      send(req, res, result, method, hasBody)
    }
  }
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  response: HttpResponseBase,
  method: string,
  hasBody: boolean,
): void {
  // A body the view never read (or stopped reading at a limit) would otherwise be drained
  // before the next request on this connection: close the connection instead.
  if (hasBody && !req.complete) response.setHeader('Connection', 'close')
  void writeNodeResponse(res, response, { method })
}

/** Wraps a listener to count body bytes and time each exchange (only when asked to). */
function withResponseLog(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  onResponse: (entry: ResponseLogEntry) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return function loggedListener(req, res) {
    const start = performance.now()
    let bytes = 0
    const count = (chunk: unknown, encoding: unknown): void => {
      if (typeof chunk === 'string') {
        bytes += Buffer.byteLength(
          chunk,
          typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
        )
      } else if (chunk instanceof Uint8Array) {
        bytes += chunk.byteLength
      }
    }
    const write = res.write
    const end = res.end
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      count(chunk, rest[0])
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
    } as typeof res.write
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      count(chunk, rest[0])
      return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest)
    } as typeof res.end
    res.once('close', () => {
      onResponse({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        httpVersion: req.httpVersion,
        statusCode: res.statusCode,
        bytes,
        durationMs: performance.now() - start,
        completed: res.writableFinished,
      })
    })
    listener(req, res)
  }
}

/** getResponse never rejects by design; if it does, answer 500 and keep serving. */
function failed(res: ServerResponse, error: unknown): void {
  logger.error('Unhandled error in the handler', { error })
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
  res.end('Internal Server Error')
}

/** Malformed requests that never reach the handler: answer 400/408/431 and close. */
function onClientError(
  error: Error & { code?: string },
  socket: import('node:stream').Duplex,
): void {
  if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
    socket.destroy()
    return
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request'
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export interface ServeOptions extends NodeGatewayOptions {
  host?: string
  port?: number
  /** Time in ms to let in-flight requests finish on shutdown before closing them. Default 10 s. */
  gracePeriod?: number
  /** Install SIGTERM/SIGINT handlers that shut down gracefully and exit (true). */
  handleSignals?: boolean
}

export interface RunningServer {
  server: http.Server
  /** The address actually bound (port 0 picks a free one). */
  address: AddressInfo
  url: string
  /** Stops accepting, lets in-flight requests finish (up to gracePeriod), closes idle sockets. */
  shutdown(): Promise<void>
}

/**
 * Starts a server and resolves once it listens. On SIGTERM/SIGINT (or `shutdown()`) it
 * stops accepting connections, closes idle keep-alive sockets, lets in-flight requests
 * finish, and force-closes what is left after `gracePeriod`.
 */
export function serve(handler: BaseHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const server = createServer(handler, options)
  const gracePeriod = options.gracePeriod ?? 10_000
  let closing: Promise<void> | undefined

  const shutdown = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), gracePeriod)
      // Keep-alive connections become idle as their in-flight responses finish: close them
      // as they do instead of waiting for the keep-alive timeout.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50)
      timer.unref()
      sweeper.unref()
      server.close(() => {
        clearTimeout(timer)
        clearInterval(sweeper)
        resolve()
      })
      server.closeIdleConnections()
      // Requests that still arrive on open connections are answered, then the connection closes.
      server.on('request', (_req, res: ServerResponse) => res.setHeader('Connection', 'close'))
    }))

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      const address = server.address() as AddressInfo
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
      if (options.handleSignals ?? true) {
        const onSignal = (signal: NodeJS.Signals) => {
          logger.log('info', `Received ${signal}; shutting down gracefully`)
          shutdown().then(() => process.exit(0))
        }
        process.once('SIGTERM', onSignal)
        process.once('SIGINT', onSignal)
      }
      resolve({ server, address, url: `http://${host}:${address.port}`, shutdown })
    })
  })
}

export { writeNodeResponse, type WriteNodeResponseOptions } from './write-node-response.js'
