/**
 * The test Client: sends requests through the real handler and the full middleware chain,
 * in-process, with no socket (Django's test Client).
 *
 * It keeps cookies between requests, can follow redirects (recording the chain), and
 * re-throws an error a view raised (instead of returning the 500 page) unless
 * `raiseRequestException: false`. Responses carry the request, the resolver match, the
 * redirect chain, a `json()` helper, and the templates rendered with their contexts
 * (`response.templates`, `response.context`, recorded through the engine's
 * templateRendered signal only while a request runs).
 *
 * ```ts
 * const client = new Client({ settings: buildSettings({ ROOT_URLCONF: urls }) })
 * const response = await client.get('/articles/2024/')
 * expect(response.statusCode).toBe(200)
 * ```
 */
import { parseSetCookie } from 'cookie'
import type { Settings } from '../conf/global-settings.js'
import { getSettings } from '../conf/settings.js'
import { BaseHandler } from '../core/handlers/base.js'
import { gotRequestException } from '../core/signals.js'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import type { TemplateLike } from '../template/nodes/base.js'
import type { ResolverMatch } from '../urls/resolver-match.js'
import {
  factoryBody,
  RequestFactory,
  type BodyData,
  type BodyRequestOptions,
  type FactoryRequestOptions,
  type QueryData,
} from './request-factory.js'
import { recordTemplates, type ContextList, type RenderedTemplates } from './template-recorder.js'

export interface ClientOptions {
  /** A handler to use; built from `settings` (or the configured settings) when omitted. */
  handler?: BaseHandler
  settings?: Readonly<Settings>
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>
  /** Re-throw errors raised by views instead of returning the 500 response (true). */
  raiseRequestException?: boolean
}

export interface FollowOptions {
  /** Follow redirects, recording them in `response.redirectChain`. */
  follow?: boolean
}

export type RequestOptions = FactoryRequestOptions & FollowOptions
export type BodyOptions = BodyRequestOptions & FollowOptions

/** Extras the test client adds to each response. */
export interface TestResponseExtras {
  client: Client
  request: HttpRequest
  resolverMatch: ResolverMatch | null
  /** `[url, status]` for each redirect followed. */
  redirectChain: [string, number][]
  /** Templates rendered for this request, in order (page, parent layouts, includes). */
  templates: TemplateLike[]
  /**
   * Their contexts, copied as each template started; `context.get('name')` finds a variable
   * in the first that has it. Empty when no template was rendered.
   */
  context: ContextList
  /** The body decoded as text (drains a streaming body). */
  text(): Promise<string>
  /** The body parsed as JSON; throws if the Content-Type is not JSON. */
  json<T = unknown>(): Promise<T>
}

export type TestResponse = HttpResponseBase & TestResponseExtras

/** Redirects followed in a loop, or too many of them. */
export class RedirectCycleError extends Error {
  override name = 'RedirectCycleError'
  constructor(
    message: string,
    readonly lastResponse: TestResponse,
  ) {
    super(message)
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20

export class Client {
  readonly handler: BaseHandler
  /** Cookies the client sends: name → value. Set-Cookie responses update it. */
  readonly cookies = new Map<string, string>()
  readonly raiseRequestException: boolean
  /** Builds the requests (exposed for tests that want a request without sending it). */
  readonly factory: RequestFactory

  constructor(options: ClientOptions = {}) {
    const handler = options.handler ?? new BaseHandler(options.settings ?? getSettings())
    this.factory = new RequestFactory({
      headers: options.headers,
      requestOptions: handler.requestOptions,
      scriptName: handler.scriptName,
    })
    this.handler = handler
    this.raiseRequestException = options.raiseRequestException ?? true
  }

  get(path: string, query?: QueryData, options: RequestOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.get(path, query, options), options)
  }

  head(path: string, query?: QueryData, options: RequestOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.head(path, query, options), options)
  }

  trace(path: string, query?: QueryData, options: RequestOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.trace(path, query, options), options)
  }

  /** POST; objects are sent as multipart/form-data unless `contentType` says otherwise. */
  post(path: string, data?: BodyData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.post(path, data, options), options)
  }

  put(path: string, data?: BodyData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.put(path, data, options), options)
  }

  patch(path: string, data?: BodyData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.patch(path, data, options), options)
  }

  delete(path: string, data?: BodyData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.delete(path, data, options), options)
  }

  options(path: string, data?: BodyData, options: BodyOptions = {}): Promise<TestResponse> {
    return this.#send(this.factory.options(path, data, options), options)
  }

  generic(
    method: string,
    path: string,
    data?: BodyData,
    options: BodyOptions = {},
  ): Promise<TestResponse> {
    return this.#send(this.factory.generic(method, path, data, options), options)
  }

  async request(request: HttpRequest, options: FollowOptions = {}): Promise<TestResponse> {
    return this.#send(request, options)
  }

  async #send(request: HttpRequest, options: FollowOptions = {}): Promise<TestResponse> {
    let response = await this.#run(request)
    if (options.follow) response = await this.#followRedirects(response)
    return response
  }

  async #run(request: HttpRequest): Promise<TestResponse> {
    this.#attachCookies(request)
    let raised: unknown
    let hasRaised = false
    const receiver = ({
      request: failed,
      error,
    }: {
      request: HttpRequest | null
      error: unknown
    }) => {
      if (failed === request && !hasRaised) {
        raised = error
        hasRaised = true
      }
    }
    gotRequestException.connect(receiver)
    let response: HttpResponseBase
    let rendered: RenderedTemplates
    try {
      ;({ result: response, rendered } = await recordTemplates(() =>
        this.handler.getResponse(request),
      ))
    } finally {
      gotRequestException.disconnect(receiver)
    }
    if (!response.streaming) response.close()
    if (hasRaised && this.raiseRequestException) throw raised
    this.#storeCookies(response)
    return this.#decorate(response, request, rendered)
  }

  #attachCookies(request: HttpRequest): void {
    if (this.cookies.size === 0 || request.headers.has('cookie')) return
    const header = [...this.cookies]
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('; ')
    ;(request.headers.raw as Record<string, string>).cookie = header
  }

  #storeCookies(response: HttpResponseBase): void {
    for (const header of response.cookies.values()) {
      const cookie = parseSetCookie(header)
      const expired =
        cookie.maxAge !== undefined
          ? cookie.maxAge <= 0
          : cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()
      if (expired) this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value ?? '')
    }
  }

  #decorate(
    response: HttpResponseBase,
    request: HttpRequest,
    rendered: RenderedTemplates,
  ): TestResponse {
    const readText = textReader(response)
    const extras: TestResponseExtras = {
      client: this,
      request,
      resolverMatch: request.resolverMatch,
      redirectChain: [],
      templates: rendered.templates,
      context: rendered.contexts,
      text: readText,
      json: async <T>() => {
        const contentType = response.getHeader('Content-Type') ?? ''
        if (!/^application\/(.+\+)?json/i.test(contentType)) {
          throw new TypeError(
            `Content-Type header is ${JSON.stringify(contentType)}, not "application/json".`,
          )
        }
        return JSON.parse(await readText()) as T
      },
    }
    return Object.assign(response, extras) as TestResponse
  }

  async #followRedirects(first: TestResponse): Promise<TestResponse> {
    const chain: [string, number][] = []
    let response = first
    while (REDIRECT_STATUSES.has(response.statusCode)) {
      const location = response.getHeader('Location') ?? ''
      const previous = response.request
      const target = new URL(location, `${previous.scheme}://testserver${previous.path}`)
      chain.push([location, response.statusCode])
      response.redirectChain = chain
      if (chain.length > MAX_REDIRECTS)
        throw new RedirectCycleError('Too many redirects.', response)
      const seen = chain
        .slice(0, -1)
        .some(([url, status]) => url === location && status === response.statusCode)
      if (seen) throw new RedirectCycleError('Redirect loop detected.', response)
      const keepMethod = response.statusCode === 307 || response.statusCode === 308
      const headers: Record<string, string> =
        target.hostname !== 'testserver' ? { host: target.host } : {}
      const secure = target.protocol === 'https:'
      const next = keepMethod
        ? this.#replay(previous, target.pathname + target.search, { headers, secure })
        : this.factory.get(target.pathname + target.search, undefined, { headers, secure })
      response = await this.#run(next)
    }
    response.redirectChain = chain
    return response
  }

  #replay(previous: HttpRequest, path: string, options: FactoryRequestOptions): HttpRequest {
    const contentType = previous.headers.get('content-type')
    const body = factoryBody(previous)
    return this.factory.generic(previous.method, path, body, { ...options, contentType })
  }
}

/** The response's own text() (HttpResponse, StreamingHttpResponse), captured before decoration. */
function textReader(response: HttpResponseBase): () => Promise<string> {
  const own = (response as HttpResponseBase & { text?: () => string | Promise<string> }).text
  if (typeof own !== 'function') return async () => ''
  const bound = own.bind(response)
  return async () => bound()
}

export type { BodyData, BodyRequestOptions, QueryData }
