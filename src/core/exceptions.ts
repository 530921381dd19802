/**
 * Framework-wide exceptions. The handler maps them to responses in one place
 * (`responseForException` in core/handlers/exception.ts): BadRequest and SuspiciousOperation
 * become 400 (413 for RequestDataTooBig), PermissionDenied 403, anything unknown 500.
 */

/** The project's configuration is wrong; the message names the setting to fix. */
export class ImproperlyConfigured extends Error {
  override name = 'ImproperlyConfigured'
}

/** Thrown by a middleware factory at start-up to take itself out of the chain. */
export class MiddlewareNotUsed extends Error {
  override name = 'MiddlewareNotUsed'
}

/** The user may not do this: becomes a 403 response. */
export class PermissionDenied extends Error {
  override name = 'PermissionDenied'
  constructor(message = 'Permission denied') {
    super(message)
  }
}

/** The request is malformed: becomes a 400 response. */
export class BadRequest extends Error {
  override name = 'BadRequest'
  constructor(message = 'Bad request') {
    super(message)
  }
}

/** The client did something suspicious: becomes a 400 response and a security log entry. */
export class SuspiciousOperation extends Error {
  override name = 'SuspiciousOperation'
  /** HTTP status the handler answers with; subclasses override where 400 is not the best fit. */
  readonly statusCode: number = 400
}

/** The Host header is not in ALLOWED_HOSTS. */
export class DisallowedHost extends SuspiciousOperation {
  override name = 'DisallowedHost'
}

/** A redirect target looks unsafe (for example an unexpected scheme). */
export class DisallowedRedirect extends SuspiciousOperation {
  override name = 'DisallowedRedirect'
}

/** The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE allows: becomes 413. */
export class RequestDataTooBig extends SuspiciousOperation {
  override name = 'RequestDataTooBig'
  override readonly statusCode: number = 413
}

/** More form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS allows. */
export class TooManyFieldsSent extends SuspiciousOperation {
  override name = 'TooManyFieldsSent'
}

/** More uploaded files than DATA_UPLOAD_MAX_NUMBER_FILES allows. */
export class TooManyFilesSent extends SuspiciousOperation {
  override name = 'TooManyFilesSent'
}

/** A multipart body could not be parsed. */
export class SuspiciousMultipartForm extends SuspiciousOperation {
  override name = 'SuspiciousMultipartForm'
}

/** A view or URLconf entry points at something that is not a view. */
export class ViewDoesNotExist extends Error {
  override name = 'ViewDoesNotExist'
}

/**
 * Data failed validation (model `fullClean()`, later forms). `messageDict` holds the messages
 * per field name ('__all__' for errors not tied to one field); `messages` is the flat list.
 *
 * ```ts
 * throw new ValidationError({ email: ['Enter a valid email address.'] })
 * throw new ValidationError('Ensure this value is at most 5.')
 * ```
 */
export class ValidationError extends Error {
  override name = 'ValidationError'
  readonly messageDict: Readonly<Record<string, readonly string[]>>
  readonly messages: readonly string[]
  /** Machine-readable reason when a single message was given ('required', 'max_length', ...). */
  readonly code: string | undefined

  constructor(
    messages: string | readonly string[] | Record<string, readonly string[]>,
    code?: string,
  ) {
    const dict: Record<string, readonly string[]> = Object.create(null)
    if (typeof messages === 'string') dict.__all__ = [messages]
    else if (Array.isArray(messages)) dict.__all__ = [...(messages as readonly string[])]
    else Object.assign(dict, messages)
    const flat = Object.values(dict).flat()
    super(
      typeof messages === 'string' || Array.isArray(messages)
        ? flat.join(' ')
        : Object.entries(dict)
            .map(([field, list]) => `${field}: ${list.join(' ')}`)
            .join('; '),
    )
    this.messageDict = dict
    this.messages = flat
    this.code = code
  }
}
