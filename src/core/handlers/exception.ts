/**
 * Exceptions become responses here, and only here.
 *
 * `responseForException` maps an error to a status (Http404 → 404, PermissionDenied → 403,
 * BadRequest / SuspiciousOperation → 400, RequestDataTooBig → 413, anything else → 500)
 * and renders it with the root URLconf's handlerNNN view, the default error views, or —
 * with DEBUG on — the technical pages. `convertExceptionToResponse` wraps every middleware
 * layer with it, so an outer layer only ever sees responses.
 */
import { Http404 } from '../../http/exceptions.js'
import type { Settings } from '../../conf/global-settings.js'
import type { HttpRequest } from '../../http/request.js'
import type { HttpResponseBase } from '../../http/response.js'
import { isPromiseLike, type Awaitable } from '../../utils/awaitable.js'
import {
  badRequest,
  pageNotFound,
  permissionDenied,
  requestTooLarge,
  serverError,
} from '../../views/defaults.js'
import { technical404Response, technical500Response } from '../../views/debug.js'
import type { ErrorView } from '../../views/types.js'
import { BadRequest, PermissionDenied, SuspiciousOperation } from '../exceptions.js'
import { escapeControlCharacters, getLogger, isResponseLogged, markResponseLogged } from '../log.js'
import { gotRequestException } from '../signals.js'

export type ErrorStatus = 400 | 403 | 404 | 500

/** What the exception mapping needs from the handler. */
export interface ExceptionContext {
  readonly debug: boolean
  /** The handler's settings: the technical 500 page shows them (masked). */
  readonly settings?: Readonly<Settings>
  /** The root URLconf's handlerNNN, if it defines one. */
  errorHandler(status: ErrorStatus): ErrorView | undefined
}

const requestLogger = getLogger('reinhardt.request')

/** Maps `error` to a response (see the module comment); never throws. */
export async function responseForException(
  request: HttpRequest,
  error: unknown,
  context: ExceptionContext,
): Promise<HttpResponseBase> {
  let response: HttpResponseBase
  if (error instanceof Http404) {
    response = context.debug
      ? technical404Response(request, error, { urlconf: context.settings?.ROOT_URLCONF })
      : await errorResponse(request, 404, error, context)
  } else if (error instanceof PermissionDenied) {
    response = await errorResponse(request, 403, error, context)
  } else if (error instanceof SuspiciousOperation) {
    // Django's django.security.<ClassName>: one logger per kind, so each can be silenced.
    getLogger(`reinhardt.security.${error.name}`).error(escapeControlCharacters(error.message), {
      error,
      extra: { statusCode: error.statusCode },
    })
    if (context.debug) response = technicalResponse(request, error, error.statusCode, context)
    else if (error.statusCode === 413) response = requestTooLarge(request, error)
    else response = await errorResponse(request, 400, error, context)
  } else if (error instanceof BadRequest) {
    response = context.debug
      ? technicalResponse(request, error, 400, context)
      : await errorResponse(request, 400, error, context)
  } else {
    gotRequestException.sendRobust(null, { request, error })
    response = await uncaught(request, error, context)
  }
  logResponse(request, response, error)
  return response
}

/**
 * Wraps a chain layer so that whatever it throws (or rejects with) comes back as a response.
 * A layer that answers synchronously stays synchronous: no promise is made for it.
 */
export function convertExceptionToResponse(
  inner: (request: HttpRequest) => Awaitable<HttpResponseBase>,
  context: ExceptionContext,
): (request: HttpRequest) => Awaitable<HttpResponseBase> {
  return function convertedLayer(request: HttpRequest): Awaitable<HttpResponseBase> {
    let result: Awaitable<HttpResponseBase>
    try {
      result = inner(request)
    } catch (error) {
      return responseForException(request, error, context)
    }
    if (isPromiseLike(result)) {
      return result.then(undefined, (error: unknown) =>
        responseForException(request, error, context),
      )
    }
    return result
  }
}

async function errorResponse(
  request: HttpRequest,
  status: ErrorStatus,
  error: unknown,
  context: ExceptionContext,
): Promise<HttpResponseBase> {
  const handler = context.errorHandler(status) ?? DEFAULT_HANDLERS[status]
  try {
    return await handler(request, error)
  } catch (handlerError) {
    // The error view itself failed: report that error as a 500, as Django does.
    gotRequestException.sendRobust(null, { request, error: handlerError })
    return uncaught(request, handlerError, context)
  }
}

async function uncaught(
  request: HttpRequest,
  error: unknown,
  context: ExceptionContext,
): Promise<HttpResponseBase> {
  if (context.debug) return technicalResponse(request, error, 500, context)
  const handler = context.errorHandler(500)
  if (handler !== undefined) {
    try {
      return await handler(request, error)
    } catch (handlerError) {
      requestLogger.error('handler500 raised an error; answering with the default page', {
        error: handlerError,
      })
    }
  }
  return serverError(request)
}

function technicalResponse(
  request: HttpRequest,
  error: unknown,
  status: number,
  context: ExceptionContext,
): HttpResponseBase {
  return technical500Response(request, error, status, { settings: context.settings })
}

const DEFAULT_HANDLERS: Record<ErrorStatus, ErrorView> = {
  400: badRequest,
  403: permissionDenied,
  404: pageNotFound,
  500: serverError,
}

/**
 * Logs a 4xx as a warning and a 5xx as an error on `reinhardt.request`, once per response
 * (the handler calls it for every response; exception responses are logged with their error).
 */
export function logResponse(
  request: HttpRequest,
  response: HttpResponseBase,
  error?: unknown,
): void {
  const status = response.statusCode
  if (status < 400 || isResponseLogged(response)) return
  markResponseLogged(response)
  let path: string
  try {
    path = request.path
  } catch {
    path = request.rawPath
  }
  const message = `${response.reasonPhrase}: ${escapeControlCharacters(path)}`
  if (status >= 500) requestLogger.error(message, { error, extra: { statusCode: status } })
  else requestLogger.warning(message, { extra: { statusCode: status } })
}
