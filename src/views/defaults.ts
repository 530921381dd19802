/**
 * The default error views, used when the root URLconf defines no handler400/403/404/500.
 * They leak nothing about the request or the error: production pages.
 */
import type { HttpRequest } from '../http/request.js'
import { HttpResponse } from '../http/response.js'

function page(status: number, title: string, text: string): HttpResponse {
  return new HttpResponse(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1><p>${text}</p></body></html>\n`,
    { status },
  )
}

/** 400: the request could not be understood. */
export function badRequest(_request: HttpRequest, _exception: unknown): HttpResponse {
  return page(400, 'Bad Request (400)', 'The server could not understand the request.')
}

/** 403: the request was understood and refused. */
export function permissionDenied(_request: HttpRequest, _exception: unknown): HttpResponse {
  return page(403, '403 Forbidden', 'You do not have permission to access this resource.')
}

/** 404: nothing lives at this URL. */
export function pageNotFound(_request: HttpRequest, _exception: unknown): HttpResponse {
  return page(404, 'Not Found', 'The requested resource was not found on this server.')
}

/** 500: something broke on the server; details go to the logs, never to the client. */
export function serverError(_request: HttpRequest): HttpResponse {
  return page(
    500,
    'Server Error (500)',
    'The server hit an error and could not finish the request.',
  )
}

/** 413: the request body was larger than the server accepts. */
export function requestTooLarge(_request: HttpRequest, _exception: unknown): HttpResponse {
  return page(
    413,
    'Request Too Large (413)',
    'The request body is larger than this server accepts.',
  )
}
