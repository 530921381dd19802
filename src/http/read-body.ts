/**
 * Reading a request body from any BodySource (bytes in memory, a node IncomingMessage,
 * a Web ReadableStream, an async generator) with a size limit.
 *
 * The limit counts the bytes actually received, so a missing or lying Content-Length
 * cannot get past it; a declared Content-Length above the limit is refused before the
 * first byte is read. When the limit is hit we simply stop pulling chunks: we do not call
 * the iterator's `return()`, because on a node IncomingMessage that destroys the socket
 * and the 413 response could not be sent. The gateway closes the connection afterwards.
 *
 * ```ts
 * const body = await readBody(req, { limit: 2_621_440, declaredLength: 12 })
 * ```
 */
import { BadRequest, RequestDataTooBig } from '../core/exceptions.js'

/** Where the body comes from: bytes already in memory, or a stream of chunks. */
export type BodySource = Uint8Array | AsyncIterable<Uint8Array>

const EMPTY = Buffer.alloc(0)
const STOPPED: unique symbol = Symbol('stopped')

/** The request body stopped before it was complete (client gone, source error, short body). */
export function incompleteBody(detail: string): BadRequest {
  return new BadRequest(`Incomplete request body: ${detail} (did the client abort the upload?).`)
}

/** The body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE. */
export function bodyTooBig(limit: number): RequestDataTooBig {
  return new RequestDataTooBig(
    `The request body exceeded DATA_UPLOAD_MAX_MEMORY_SIZE (${limit} bytes). ` +
      'Raise the setting, or stream large uploads with request.stream() or multipart files.',
  )
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8')
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/**
 * Calls `onChunk` for each chunk of `source`, waiting for it (backpressure). Errors from
 * the source become BadRequest (incomplete request body); an error thrown by `onChunk`
 * stops the pull and propagates, leaving the rest of the source unread. When `stop`
 * resolves, the pull ends quietly without waiting for the next chunk.
 */
export async function forEachChunk(
  source: BodySource,
  onChunk: (chunk: Buffer) => void | Promise<void>,
  stop?: Promise<void>,
): Promise<void> {
  if (source instanceof Uint8Array) {
    if (source.byteLength > 0) await onChunk(asBuffer(source))
    return
  }
  const iterator = source[Symbol.asyncIterator]()
  for (;;) {
    let step: IteratorResult<Uint8Array> | typeof STOPPED
    try {
      // Racing `stop` lets the caller give up on a client that has gone quiet; the
      // abandoned next() keeps a handler through race(), so its rejection is not unhandled.
      step = await (stop
        ? Promise.race([iterator.next(), stop.then((): typeof STOPPED => STOPPED)])
        : iterator.next())
    } catch (error) {
      throw incompleteBody(error instanceof Error ? error.message : String(error))
    }
    if (step === STOPPED || step.done) return
    const chunk = asBuffer(step.value as Uint8Array | string)
    if (chunk.byteLength > 0) await onChunk(chunk)
  }
}

export interface ReadBodyOptions {
  /** DATA_UPLOAD_MAX_MEMORY_SIZE; null for no limit. */
  limit: number | null
  /** The Content-Length header, parsed; null when absent or not a number. */
  declaredLength: number | null
}

/**
 * Reads the whole body into one Buffer. Throws RequestDataTooBig (413) past the limit and
 * BadRequest when the source fails or delivers fewer bytes than Content-Length declared.
 */
export async function readBody(
  source: BodySource | null,
  options: ReadBodyOptions,
): Promise<Buffer> {
  const { limit, declaredLength } = options
  if (limit !== null && declaredLength !== null && declaredLength > limit) throw bodyTooBig(limit)
  if (source === null) return EMPTY
  const chunks: Buffer[] = []
  let total = 0
  await forEachChunk(source, (chunk) => {
    total += chunk.byteLength
    if (limit !== null && total > limit) throw bodyTooBig(limit)
    chunks.push(chunk)
  })
  if (declaredLength !== null && total < declaredLength) {
    throw incompleteBody(`received ${total} of ${declaredLength} bytes`)
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)
}

/** Parses a Content-Length header: a non-negative decimal integer, else null. */
export function parseContentLength(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : null
}
