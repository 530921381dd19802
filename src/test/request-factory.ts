/**
 * RequestFactory: builds HttpRequest objects for calling views directly, without the
 * handler or middleware (Django's RequestFactory).
 *
 * ```ts
 * const rf = new RequestFactory()
 * const response = await myView(rf.get('/articles/', { page: 2 }), {})
 * ```
 */
import { HttpRequest } from '../http/request.js'
import { defaultRequestOptions, type RequestOptions } from '../http/request-options.js'
import {
  encodeMultipart,
  encodeUrlencoded,
  MULTIPART_CONTENT,
  type FormData,
} from './encode-multipart.js'

/** Query data: values become repeated keys when they are arrays. */
export type QueryData =
  | Readonly<
      Record<
        string,
        string | number | boolean | readonly (string | number | boolean)[] | null | undefined
      >
    >
  | URLSearchParams
  | string

/** A request body: form data (encoded by content type), JSON-able data, or raw text/bytes. */
export type BodyData =
  FormData | string | Uint8Array | readonly unknown[] | Readonly<Record<string, unknown>>

export interface FactoryRequestOptions {
  /** Extra request headers (any casing). */
  headers?: Readonly<Record<string, string>>
  /** Build an https request. */
  secure?: boolean
  /** Query string data appended to the path (for methods with a body too). */
  query?: QueryData
}

export interface BodyRequestOptions extends FactoryRequestOptions {
  /** Content-Type of the body; multipart/form-data for post(), application/octet-stream otherwise. */
  contentType?: string
}

export interface RequestFactoryOptions {
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>
  /** Limits and host validation; Django's test defaults (host `testserver`) when omitted. */
  requestOptions?: RequestOptions
  /** Mount prefix of the application. */
  scriptName?: string
}

/** The encoded body of each request the factory built (the test client replays it on 307/308). */
const builtBodies = new WeakMap<HttpRequest, Buffer>()

/** The raw body a RequestFactory encoded for `request`, if it built one. */
export function factoryBody(request: HttpRequest): Buffer | undefined {
  return builtBodies.get(request)
}

export class RequestFactory {
  protected readonly defaultHeaders: Readonly<Record<string, string>>
  protected requestOptions: RequestOptions
  protected scriptName: string

  constructor(options: RequestFactoryOptions = {}) {
    this.defaultHeaders = options.headers ?? {}
    this.requestOptions = options.requestOptions ?? defaultRequestOptions
    this.scriptName = options.scriptName ?? ''
  }

  get(path: string, query?: QueryData, options: FactoryRequestOptions = {}): HttpRequest {
    return this.generic('GET', path, undefined, { ...options, query: query ?? options.query })
  }

  head(path: string, query?: QueryData, options: FactoryRequestOptions = {}): HttpRequest {
    return this.generic('HEAD', path, undefined, { ...options, query: query ?? options.query })
  }

  options(path: string, data?: BodyData, options: BodyRequestOptions = {}): HttpRequest {
    return this.generic('OPTIONS', path, data, options)
  }

  trace(path: string, query?: QueryData, options: FactoryRequestOptions = {}): HttpRequest {
    return this.generic('TRACE', path, undefined, { ...options, query: query ?? options.query })
  }

  /** POST; objects are encoded as multipart/form-data unless `contentType` says otherwise. */
  post(path: string, data?: BodyData, options: BodyRequestOptions = {}): HttpRequest {
    return this.generic('POST', path, data ?? {}, { contentType: MULTIPART_CONTENT, ...options })
  }

  put(path: string, data?: BodyData, options: BodyRequestOptions = {}): HttpRequest {
    return this.generic('PUT', path, data, options)
  }

  patch(path: string, data?: BodyData, options: BodyRequestOptions = {}): HttpRequest {
    return this.generic('PATCH', path, data, options)
  }

  delete(path: string, data?: BodyData, options: BodyRequestOptions = {}): HttpRequest {
    return this.generic('DELETE', path, data, options)
  }

  /** Any method: `data` is encoded according to `contentType` (see BodyData). */
  generic(
    method: string,
    path: string,
    data?: BodyData,
    options: BodyRequestOptions = {},
  ): HttpRequest {
    const url = new URL(path, 'http://testserver')
    if (options.query !== undefined) {
      const extra = encodeUrlencoded(options.query as Record<string, unknown>)
      if (extra) url.search = url.search ? `${url.search}&${extra}` : `?${extra}`
    }
    const headers: Record<string, string> = Object.create(null)
    headers.host = url.port ? `${url.hostname}:${url.port}` : url.hostname
    for (const source of [this.defaultHeaders, options.headers ?? {}]) {
      for (const [name, value] of Object.entries(source)) headers[name.toLowerCase()] = value
    }
    let body: Buffer | null = null
    if (data !== undefined) {
      const contentType = options.contentType ?? 'application/octet-stream'
      body = encodeBody(data, contentType)
      headers['content-type'] = contentType
      headers['content-length'] = String(body.length)
    }
    const request = new HttpRequest({
      method,
      url: url.pathname + url.search,
      headers,
      body,
      scriptName: this.scriptName,
      remoteAddress: '127.0.0.1',
      serverName: 'testserver',
      scheme: options.secure ? 'https' : 'http',
      serverPort: options.secure ? 443 : 80,
      options: this.requestOptions,
    })
    if (body !== null) builtBodies.set(request, body)
    return request
  }
}

function encodeBody(data: BodyData, contentType: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  if (data instanceof Uint8Array) return Buffer.from(data)
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (type === 'multipart/form-data') {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2]
    return encodeMultipart(data as FormData, boundary)
  }
  if (type === 'application/x-www-form-urlencoded') {
    return Buffer.from(encodeUrlencoded(data as Record<string, unknown>))
  }
  if (type === 'application/json' || type.endsWith('+json'))
    return Buffer.from(JSON.stringify(data))
  throw new TypeError(
    `Cannot encode ${Array.isArray(data) ? 'an array' : 'an object'} as ${contentType}; pass a ` +
      'string or bytes, or use a JSON, urlencoded or multipart content type.',
  )
}
