/** Exceptions of the HTTP layer. */

/** Raise from a view to answer 404 Not Found. */
export class Http404 extends Error {
  override name = 'Http404'
  constructor(message = 'Not found') {
    super(message)
  }
}

/**
 * The raw body was asked for after it was consumed as a stream (for example by the
 * multipart parser), or before it was read. The message says which and how to fix it.
 */
export class RawPostDataException extends Error {
  override name = 'RawPostDataException'
}

/** A header value contained CR or LF (header injection) or a header name was invalid. */
export class BadHeaderError extends Error {
  override name = 'BadHeaderError'
}
