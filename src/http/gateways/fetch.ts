/**
 * The Fetch gateway: `(Request) => Promise<Response>`, so the same project runs on any
 * runtime that speaks the Fetch standard (and in tests that use Request/Response).
 *
 * ```ts
 * const fetchHandler = toFetchHandler(new BaseHandler(settings))
 * const response = await fetchHandler(new Request('http://localhost/hello/'))
 * ```
 */
import type { BaseHandler } from '../../core/handlers/base.js'
import { requestStarted } from '../../core/signals.js'
import { HttpRequest } from '../request.js'
import { toWebResponse } from './to-web-response.js'

export interface FetchGatewayOptions {
  /** Returns the client address for a request (runtimes expose it differently). */
  remoteAddress?: (request: Request) => string | undefined
}

export type FetchHandler = (request: Request) => Promise<Response>

export function toFetchHandler(
  handler: BaseHandler,
  options: FetchGatewayOptions = {},
): FetchHandler {
  return async function reinhardtFetch(webRequest: Request): Promise<Response> {
    const url = new URL(webRequest.url)
    const headers: Record<string, string> = Object.create(null)
    webRequest.headers.forEach((value, name) => {
      headers[name] = value
    })
    if (headers.host === undefined) headers.host = url.host
    const request = new HttpRequest({
      method: webRequest.method,
      url: url.pathname + url.search,
      headers,
      body: webRequest.body as AsyncIterable<Uint8Array> | null,
      scriptName: handler.scriptName,
      remoteAddress: options.remoteAddress?.(webRequest),
      scheme: url.protocol === 'https:' ? 'https' : 'http',
      serverPort: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
      options: handler.requestOptions,
    })
    if (requestStarted.hasListeners()) requestStarted.sendRobust(handler, { request })
    const response = await handler.respond(request)
    return toWebResponse(response, { method: request.method })
  }
}

export { toWebResponse, type ToWebResponseOptions } from './to-web-response.js'
