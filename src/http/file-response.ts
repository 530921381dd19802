/**
 * FileResponse: a StreamingHttpResponse that sends a file (or any readable stream) in chunks.
 *
 * Two ways in, because learning a file's size needs an asynchronous stat and a constructor
 * cannot await:
 *
 * - `await FileResponse.open(path, options)` opens the file, stats the open descriptor (so
 *   size and type describe the file actually sent, even if the path is swapped meanwhile),
 *   refuses directories, and streams it with a ReadStream on that descriptor. This sets
 *   Content-Length, and is what views normally use.
 * - `new FileResponse(streamOrIterable, options)` wraps something already open: a Readable,
 *   or any (async) iterable of bytes. Pass `contentLength` if you know it.
 *
 * Headers follow Django: Content-Type guessed from the file name with `mime-types` (a
 * compressed file such as `data.csv.gz` is `application/gzip`, which is what the bytes are),
 * `application/octet-stream` when unknown, and no charset parameter, since the file's
 * encoding is not known; pass `contentType` to say it. Content-Disposition is `attachment`
 * with `asAttachment`, `inline` when a file name is known, absent otherwise; non-ASCII names
 * get an RFC 6266 `filename*=utf-8''…` parameter plus an ASCII `filename` fallback.
 *
 * The stream is destroyed on close() whether or not the body was sent (client gone, HEAD
 * request, middleware replaced the response), which closes the file descriptor.
 */
import { open as openFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { lookup } from 'mime-types'
import type { HeadersInit } from './response-headers.js'
import type { ResponseInit } from './response.js'
import { StreamingHttpResponse, type StreamingContent } from './streaming-response.js'

/** Chunk size used by FileResponse.open: 64 KiB, Node's default for file streams. */
export const FILE_BLOCK_SIZE = 64 * 1024

export interface FileResponseOptions extends ResponseInit {
  /** Ask the browser to download rather than display (Content-Disposition: attachment). */
  asAttachment?: boolean
  /** Name for Content-Disposition and the type guess; the file's own name by default. */
  filename?: string
  /** Size in bytes, sent as Content-Length (FileResponse.open fills it in). */
  contentLength?: number
}

export interface FileOpenOptions extends FileResponseOptions {
  /** Bytes per chunk read from disk; 64 KiB by default. */
  blockSize?: number
}

/**
 * Streams a file to the client.
 *
 * ```ts
 * export async function report(request: HttpRequest) {
 *   return FileResponse.open('/srv/reports/2024.pdf', { asAttachment: true })
 * }
 * // or, with a stream you already have:
 * return new FileResponse(s3Object.Body, { filename: 'photo.jpg', contentLength: size })
 * ```
 */
export class FileResponse extends StreamingHttpResponse {
  /** The Readable being sent, when the source is one (Django's `file_to_stream`). */
  readonly fileToStream: Readable | undefined

  /**
   * Opens `path` and returns a response streaming it, with Content-Length, Content-Type and
   * (when a name is known) Content-Disposition set. Rejects with the file system's error
   * (ENOENT…) if it cannot be opened, and with an EISDIR error for a directory.
   */
  static async open(path: string | URL, options: FileOpenOptions = {}): Promise<FileResponse> {
    const { blockSize = FILE_BLOCK_SIZE, ...rest } = options
    const handle = await openFile(path, 'r')
    let stream: Readable | undefined
    try {
      const stats = await handle.stat()
      if (stats.isDirectory()) {
        throw Object.assign(new Error(`FileResponse cannot send a directory: ${String(path)}`), {
          code: 'EISDIR',
        })
      }
      stream = handle.createReadStream({ highWaterMark: blockSize })
      const filePath = typeof path === 'string' ? path : fileURLToPath(path)
      return new FileResponse(stream, {
        ...rest,
        filename: rest.filename ?? basename(filePath),
        contentLength: rest.contentLength ?? (stats.isFile() ? stats.size : undefined),
      })
    } catch (error) {
      if (stream !== undefined) stream.destroy()
      else await handle.close().catch(() => {})
      throw error
    }
  }

  constructor(source: Readable | StreamingContent, options: FileResponseOptions = {}) {
    const { asAttachment = false, filename: givenName, contentLength, ...init } = options
    const filename = givenName ?? streamFileName(source)
    const explicitType = init.contentType !== undefined || hasHeader(init.headers, 'content-type')
    super(source, {
      ...init,
      contentType: explicitType ? init.contentType : guessContentType(filename),
    })
    this.fileToStream = source instanceof Readable ? source : undefined
    const stream = this.fileToStream
    if (stream !== undefined) this.addCloser(() => stream.destroy())
    if (contentLength !== undefined) this.headers.set('Content-Length', contentLength)
    const disposition = contentDispositionHeader(asAttachment, filename)
    if (disposition !== undefined) this.headers.set('Content-Disposition', disposition)
  }
}

/** Content-Type for a file name: `mime-types`' guess, else `application/octet-stream`. */
function guessContentType(filename: string | undefined): string {
  return (filename !== undefined && lookup(filename)) || 'application/octet-stream'
}

/** The base name of an fs.ReadStream's path, if the source is one opened by path. */
function streamFileName(source: unknown): string | undefined {
  const path = (source as { path?: unknown } | null)?.path
  if (typeof path === 'string' && path !== '') return basename(path)
  if (Buffer.isBuffer(path)) return basename(path.toString())
  return undefined
}

function hasHeader(headers: HeadersInit | undefined, lowerName: string): boolean {
  if (headers === undefined) return false
  // Only arrays and plain records are checked: a one-shot iterable must not be consumed here.
  if (Array.isArray(headers)) {
    return headers.some((pair: readonly [string, string]) => pair[0].toLowerCase() === lowerName)
  }
  if (Symbol.iterator in headers) return false
  return Object.keys(headers).some((name) => name.toLowerCase() === lowerName)
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * The Content-Disposition value for a download: `attachment` or `inline`, with the file
 * name quoted, and for non-ASCII names an RFC 5987 `filename*` plus an ASCII fallback (for
 * old clients; accents are stripped, other characters become `_`). Undefined when there is
 * nothing to say (inline without a name).
 *
 * ```ts
 * contentDispositionHeader(true, 'résumé.pdf')
 * // attachment; filename="resume.pdf"; filename*=utf-8''r%C3%A9sum%C3%A9.pdf
 * ```
 */
export function contentDispositionHeader(
  asAttachment: boolean,
  filename: string | undefined,
): string | undefined {
  const type = asAttachment ? 'attachment' : 'inline'
  if (filename === undefined || filename === '') return asAttachment ? type : undefined
  if (PRINTABLE_ASCII.test(filename)) return `${type}; filename="${quote(filename)}"`
  const fallback = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
  const encoded = encodeURIComponent(filename.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${type}; filename="${quote(fallback)}"; filename*=utf-8''${encoded}`
}

function quote(text: string): string {
  return text.replace(/[\\"]/g, '\\$&')
}
