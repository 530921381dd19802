/**
 * StreamingHttpResponse: a response whose body is an iterable written as it produces chunks.
 *
 * The source (sync or async iterable of strings or bytes) is wrapped in one ChunkIterator
 * that obtains the source's iterator lazily on the first pull, turns strings into Buffers
 * with the response charset, and remembers whether the source was started and finished.
 * `close()` (called by the gateway once the body is sent or the client is gone) calls the
 * source iterator's `return()` if it was started and not finished, so a generator's
 * `finally` block runs and files or cursors it holds are released even on disconnect.
 *
 * Replacing the content (`response.streamingContent = gzip(response.streamingContent)`, the
 * middleware pattern) keeps the earlier wrappers, and close() stops those too.
 */
import { HttpResponseBase, nodeEncoding, type ResponseInit } from './response.js'

/** What a streaming body may be made of. */
export type StreamingContent = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

/**
 * A response streamed chunk by chunk: large exports, server-sent events, proxied bodies.
 * There is no Content-Length unless you set one, so Node uses chunked transfer encoding.
 *
 * ```ts
 * async function* rows() {
 *   yield 'id,name\n'
 *   for await (const user of User.objects.iterator()) yield `${user.id},${user.name}\n`
 * }
 * return new StreamingHttpResponse(rows(), { contentType: 'text/csv' })
 * ```
 */
export class StreamingHttpResponse extends HttpResponseBase {
  override readonly streaming: boolean = true
  #current: ChunkIterator
  #previous: ChunkIterator[] | undefined

  constructor(streamingContent: StreamingContent = [], init: ResponseInit = {}) {
    super(init)
    this.#current = new ChunkIterator(streamingContent, this)
    this.addCloser(() => this.#stopIterators())
  }

  /**
   * The body as Buffers, pulled from the source on demand. Reading it twice gives the same
   * iterator: chunks are consumed once, as in Django.
   */
  get streamingContent(): AsyncIterableIterator<Buffer> {
    return this.#current
  }

  /** Replaces the body; the old iterator is still stopped by close() if it was started. */
  set streamingContent(value: StreamingContent) {
    ;(this.#previous ??= []).push(this.#current)
    this.#current = new ChunkIterator(value, this)
  }

  /** True when the source is an async iterable (Django's `is_async`). */
  get isAsync(): boolean {
    return this.#current.isAsync
  }

  /** Streaming responses have no `content`; iterate `streamingContent` instead. */
  get content(): never {
    throw new TypeError(
      'This response is streaming and has no `content`; iterate `streamingContent` instead ' +
        '(or `await response.text()` in tests).',
    )
  }

  set content(_value: unknown) {
    throw new TypeError(
      'This response is streaming and has no `content`; assign `streamingContent` instead.',
    )
  }

  /** Drains the body into one Buffer (consumes it; meant for tests). */
  async buffer(): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const chunk of this.streamingContent) chunks.push(chunk)
    return Buffer.concat(chunks)
  }

  /** Drains the body and decodes it with the response charset (consumes it; for tests). */
  async text(): Promise<string> {
    return (await this.buffer()).toString(nodeEncoding(this.charset))
  }

  #stopIterators(): void {
    const all = [this.#current, ...(this.#previous ?? []).reverse()]
    this.#previous = undefined
    for (const iterator of all) iterator.stop()
  }
}

type SourceIterator = Iterator<string | Uint8Array> | AsyncIterator<string | Uint8Array>

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined })

/** Wraps a source iterable; see the module comment. */
class ChunkIterator implements AsyncIterableIterator<Buffer> {
  readonly isAsync: boolean
  #source: StreamingContent | undefined
  #iterator: SourceIterator | undefined
  #response: HttpResponseBase
  #encoding: BufferEncoding | undefined
  #done = false

  constructor(source: StreamingContent, response: HttpResponseBase) {
    if (typeof source === 'string') {
      throw new TypeError(
        'Streaming content must be an iterable of chunks; wrap a string as [text].',
      )
    }
    const isObject = source !== null && (typeof source === 'object' || typeof source === 'function')
    const isAsync = isObject && Symbol.asyncIterator in source
    if (!isAsync && !(isObject && Symbol.iterator in source)) {
      throw new TypeError('Streaming content must be an iterable or async iterable of chunks.')
    }
    this.isAsync = isAsync
    this.#source = source
    this.#response = response
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    if (this.#done) return DONE
    let iterator = this.#iterator
    if (iterator === undefined) {
      const source = this.#source as StreamingContent
      this.#source = undefined
      iterator = this.isAsync
        ? (source as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]()
        : (source as Iterable<string | Uint8Array>)[Symbol.iterator]()
      this.#iterator = iterator
    }
    let result: IteratorResult<string | Uint8Array>
    try {
      result = await iterator.next()
    } catch (error) {
      this.#done = true
      throw error
    }
    if (this.#done) return DONE // stopped while the source was producing this chunk
    if (result.done) {
      this.#done = true
      return DONE
    }
    return { done: false, value: this.#toBuffer(result.value) }
  }

  /** Stops the source (runs a generator's `finally`) if it was started and not finished. */
  async return(): Promise<IteratorResult<Buffer, undefined>> {
    const pending = this.stop()
    if (pending !== undefined) await pending
    return DONE
  }

  /**
   * Synchronous part of return(): marks the iterator done and asks the source to stop.
   * Returns the source's pending `return()` (async generators), already guarded against
   * rejection so that no unhandled rejection escapes from close().
   */
  stop(): Promise<unknown> | undefined {
    if (this.#done) return undefined
    this.#done = true
    this.#source = undefined
    const iterator = this.#iterator
    if (iterator?.return === undefined) return undefined
    // A sync source's `finally` errors surface here (close() rethrows them); an async
    // source's are swallowed, as nothing could await them once the client is gone.
    const result: unknown = iterator.return()
    return result instanceof Promise ? result.catch(() => {}) : undefined
  }

  #toBuffer(chunk: string | Uint8Array): Buffer {
    if (typeof chunk === 'string') {
      this.#encoding ??= nodeEncoding(this.#response.charset)
      return Buffer.from(chunk, this.#encoding)
    }
    if (Buffer.isBuffer(chunk)) return chunk
    if (chunk instanceof Uint8Array) {
      return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    }
    throw new TypeError(
      `Streaming content chunks must be strings or bytes, got ${chunk === null ? 'null' : typeof chunk}.`,
    )
  }
}
