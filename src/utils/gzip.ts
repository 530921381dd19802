/**
 * gzip compression of response bodies (Django's compress_string / compress_sequence), with
 * the BREACH mitigation Django 4.2 introduced.
 *
 * BREACH recovers secrets from a page by watching how the compressed length changes as an
 * attacker-controlled string is reflected next to the secret. Padding every compressed body
 * with a random number of bytes makes those lengths noisy. The padding goes where it changes
 * nothing for the client: the gzip header's optional FNAME field (RFC 1952 §2.3.1), which
 * decoders read and discard. So each body gets the 10-byte header with the FNAME flag set,
 * then `a` repeated 0 to `maxRandomBytes - 1` times and a NUL, then the deflate data.
 *
 * Streams are compressed as they are pulled: each source chunk is written to one zlib
 * stream and flushed (Z_SYNC_FLUSH), so a chunk reaches the client as soon as the source
 * produced it (server-sent events, progress output) and nothing is read from the source
 * before the consumer asks for more (backpressure stays with the consumer).
 */
import { randomInt } from 'node:crypto'
import { constants, createGzip, gzipSync, type Gzip } from 'node:zlib'

/** Compression level Django uses: a good size/CPU balance for dynamic pages. */
const LEVEL = 6
/** Size of the fixed gzip member header (RFC 1952 §2.3). */
const HEADER_SIZE = 10
/** FLG bit saying an original file name follows the header. */
const FNAME = 0x08

export interface CompressOptions {
  /**
   * Upper bound (exclusive) of random padding bytes in the gzip header; 0 turns the BREACH
   * padding off. 100 in GZipMiddleware, as in Django.
   */
  maxRandomBytes?: number
}

/**
 * gzip-compresses a whole body.
 *
 * ```ts
 * const gz = compressString(Buffer.from(html), { maxRandomBytes: 100 })
 * gunzipSync(gz).toString() === html // true
 * ```
 */
export function compressString(data: Uint8Array, options: CompressOptions = {}): Buffer {
  return pad(gzipSync(data, { level: LEVEL }), options.maxRandomBytes ?? 0)
}

/**
 * gzip-compresses a body produced chunk by chunk, yielding compressed chunks as the source
 * yields (see the module comment). Stopping the returned iterator early (`return()`, as the
 * gateway does when the client leaves) stops the source too and frees the zlib stream.
 *
 * ```ts
 * response.streamingContent = compressSequence(response.streamingContent, { maxRandomBytes: 100 })
 * ```
 */
export async function* compressSequence(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CompressOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  // Flowing mode: zlib pushes its output (emitted at once as 'data') before it calls the
  // flush or end callback, so by then everything produced so far is in `output`. Reading
  // in paused mode instead would stall: zlib waits for its readable buffer to be drained.
  const zlib = createGzip({ level: LEVEL })
  const output: Buffer[] = []
  zlib.on('data', (chunk: Buffer) => output.push(chunk))
  // Errors reach the caller through flush() and end(); this keeps one emitted in between
  // from becoming an uncaught 'error' event.
  zlib.on('error', () => {})
  let headerDone = false
  let pending: Buffer | undefined
  /** Takes what zlib produced so far, padding the header once it has been produced. */
  const take = (): Buffer | undefined => {
    if (output.length === 0) return undefined
    let out = output.length === 1 ? output[0]! : Buffer.concat(output)
    output.length = 0
    if (!headerDone) {
      if (pending !== undefined) out = Buffer.concat([pending, out])
      if (out.length < HEADER_SIZE) {
        pending = out
        return undefined
      }
      pending = undefined
      headerDone = true
      out = pad(out, options.maxRandomBytes ?? 0)
    }
    return out
  }
  try {
    for await (const chunk of source) {
      if (chunk.length === 0) continue
      zlib.write(chunk)
      await flush(zlib)
      const out = take()
      if (out !== undefined) yield out
    }
    await end(zlib)
    const out = take()
    if (out !== undefined) yield out
  } finally {
    zlib.close()
  }
}

/** Flushes what was written so far; resolves once its output has been emitted. */
function flush(zlib: Gzip): Promise<void> {
  return new Promise((resolve, reject) => {
    zlib.once('error', reject)
    zlib.flush(constants.Z_SYNC_FLUSH, () => {
      zlib.removeListener('error', reject)
      resolve()
    })
  })
}

/** Ends the stream; resolves once the trailer has been emitted ('end'). */
function end(zlib: Gzip): Promise<void> {
  return new Promise((resolve, reject) => {
    zlib.once('end', resolve)
    zlib.once('error', reject)
    zlib.end()
  })
}

/** Inserts the random FNAME padding after the 10-byte header (see the module comment). */
function pad(gzipped: Buffer, maxRandomBytes: number): Buffer {
  if (maxRandomBytes <= 0) return gzipped
  const length = randomInt(maxRandomBytes)
  const out = Buffer.allocUnsafe(gzipped.length + length + 1)
  gzipped.copy(out, 0, 0, HEADER_SIZE)
  out[3] = out[3]! | FNAME
  out.fill(0x61, HEADER_SIZE, HEADER_SIZE + length) // 'a'
  out[HEADER_SIZE + length] = 0
  gzipped.copy(out, HEADER_SIZE + length + 1, HEADER_SIZE)
  return out
}
