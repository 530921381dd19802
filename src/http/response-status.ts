/**
 * HttpResponse subclasses that fix the status code: 304, 400, 403, 404, 405, 410, 500.
 *
 * They are plain HttpResponses otherwise (same body, headers and cookies API), so a view can
 * return `new HttpResponseNotFound('<h1>No such poll</h1>')` where an Express handler would
 * write `res.status(404).send(…)`. HttpResponseNotModified is the odd one: a 304 has no body
 * by definition, so it drops Content-Type and refuses content.
 */
import { HttpResponse, type ResponseInit } from './response.js'

/** Options of a response whose status code is fixed by its class. */
export type FixedStatusInit = Omit<ResponseInit, 'status'>

/**
 * 304 Not Modified: the client's cached copy is still good. No body; setting one throws.
 *
 * ```ts
 * if (request.headers.get('If-None-Match') === etag) return new HttpResponseNotModified()
 * ```
 */
export class HttpResponseNotModified extends HttpResponse {
  constructor(init: FixedStatusInit = {}) {
    super('', { ...init, status: 304 })
    // A 304 describes the cached representation; a Content-Type here would be ours, not its.
    if (init.contentType === undefined) this.headers.delete('Content-Type')
  }

  override get content(): Buffer {
    return super.content
  }

  override set content(value: string | Uint8Array) {
    if (value.length > 0) {
      throw new TypeError('A 304 (Not Modified) response cannot have content.')
    }
    super.content = value
  }

  override write(content: string | Uint8Array): void {
    if (content.length > 0) {
      throw new TypeError('A 304 (Not Modified) response cannot have content.')
    }
  }
}

/** 400 Bad Request. `new HttpResponseBadRequest('Missing "q" parameter')` */
export class HttpResponseBadRequest extends HttpResponse {
  constructor(content: string | Uint8Array = '', init: FixedStatusInit = {}) {
    super(content, { ...init, status: 400 })
  }
}

/** 403 Forbidden. `new HttpResponseForbidden('<h1>Members only</h1>')` */
export class HttpResponseForbidden extends HttpResponse {
  constructor(content: string | Uint8Array = '', init: FixedStatusInit = {}) {
    super(content, { ...init, status: 403 })
  }
}

/**
 * 404 Not Found. Throwing `Http404` is usually simpler: the handler then renders the
 * project's 404 page.
 *
 * ```ts
 * return new HttpResponseNotFound('<h1>Page not found</h1>')
 * ```
 */
export class HttpResponseNotFound extends HttpResponse {
  constructor(content: string | Uint8Array = '', init: FixedStatusInit = {}) {
    super(content, { ...init, status: 404 })
  }
}

/**
 * 405 Method Not Allowed, with the Allow header listing the methods the resource accepts
 * (joined as given: method names are case-sensitive in HTTP).
 *
 * ```ts
 * if (request.method !== 'POST') return new HttpResponseNotAllowed(['POST'])
 * ```
 */
export class HttpResponseNotAllowed extends HttpResponse {
  /** The methods listed in Allow. */
  readonly permittedMethods: readonly string[]

  constructor(
    permittedMethods: readonly string[],
    content: string | Uint8Array = '',
    init: FixedStatusInit = {},
  ) {
    super(content, { ...init, status: 405 })
    this.permittedMethods = Object.freeze([...permittedMethods])
    this.headers.set('Allow', this.permittedMethods.join(', '))
  }
}

/** 410 Gone: the resource existed and was removed for good. */
export class HttpResponseGone extends HttpResponse {
  constructor(content: string | Uint8Array = '', init: FixedStatusInit = {}) {
    super(content, { ...init, status: 410 })
  }
}

/** 500 Internal Server Error. */
export class HttpResponseServerError extends HttpResponse {
  constructor(content: string | Uint8Array = '', init: FixedStatusInit = {}) {
    super(content, { ...init, status: 500 })
  }
}
