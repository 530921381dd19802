/**
 * RequestBody: the body half of an HttpRequest, a small state machine over one source.
 *
 * A body source can be consumed once, in one of three ways: read into one Buffer
 * (read(), json(), and loadBody() for urlencoded forms, all sharing one promise),
 * streamed raw to the view (stream()), or parsed by the multipart parser (loadBody()).
 * Each entry point checks what already happened and says how to fix a wrong order
 * instead of hanging on a drained stream. POST and FILES are filled by load(); spooled
 * upload files are deleted by cleanup().
 *
 * ```ts
 * const body = new RequestBody({ source, formKind: null, contentTypeHeader: '',
 *   declaredLength: null, options: defaultRequestOptions, charset: () => 'utf-8' })
 * await body.json()
 * ```
 */
import { TextDecoder } from 'node:util'
import { BadRequest } from '../core/exceptions.js'
import { RawPostDataException } from './exceptions.js'
import { MultiValueDict } from './multi-value-dict.js'
import { parseMultipart } from './multipart.js'
import { QueryDict } from './query-dict.js'
import { readBody, type BodySource } from './read-body.js'
import type { RequestOptions } from './request-options.js'
import type { UploadedFile } from './uploaded-file.js'

/** Which form parser a body needs: only POST bodies of these two types are forms. */
export type FormKind = 'urlencoded' | 'multipart' | null

export interface RequestBodyInit {
  source: BodySource | null
  formKind: FormKind
  /** The full Content-Type header (the multipart parser needs the boundary). */
  contentTypeHeader: string
  /** Content-Length, parsed; null when absent. */
  declaredLength: number | null
  options: RequestOptions
  /** The request's current charset (it can be changed through request.encoding). */
  charset: () => string
}

const EMPTY_FILES = new MultiValueDict<UploadedFile>(null, { mutable: false })

export class RequestBody {
  readonly #init: RequestBodyInit
  #bodyPromise: Promise<Buffer> | undefined
  #body: Buffer | undefined
  #consumed: 'stream' | 'multipart' | undefined
  #loadPromise: Promise<void> | undefined
  #loadError: unknown
  #post: QueryDict | undefined
  #files: MultiValueDict<UploadedFile> | undefined

  constructor(init: RequestBodyInit) {
    this.#init = init
  }

  get formKind(): FormKind {
    return this.#init.formKind
  }

  /**
   * Reads the whole raw body once (later calls share the result), refusing more than
   * DATA_UPLOAD_MAX_MEMORY_SIZE bytes with RequestDataTooBig (413).
   */
  read(): Promise<Buffer> {
    if (this.#bodyPromise !== undefined) return this.#bodyPromise
    if (this.#consumed !== undefined) return Promise.reject(this.#consumedError())
    this.#bodyPromise = readBody(this.#init.source, {
      limit: this.#init.options.dataUploadMaxMemorySize,
      declaredLength: this.#init.declaredLength,
    }).then((body) => (this.#body = body))
    return this.#bodyPromise
  }

  /** The raw body, once read() or loadBody() has read it. */
  get body(): Buffer {
    if (this.#body !== undefined) return this.#body
    if (this.#consumed !== undefined) throw this.#consumedError()
    throw new RawPostDataException(
      'The request body has not been read yet: `await request.read()` first. ' +
        '(Form bodies are loaded by the handler before the view, so request.POST is ready.)',
    )
  }

  /** The body parsed as JSON; BadRequest when it is empty or not valid JSON. */
  async json<T = unknown>(): Promise<T> {
    const body = await this.read()
    if (body.byteLength === 0) throw new BadRequest('The request body is empty; expected JSON.')
    let text: string
    try {
      text = new TextDecoder(this.#init.charset(), { fatal: true }).decode(body)
    } catch {
      throw new BadRequest(`The JSON request body is not valid ${this.#init.charset()}.`)
    }
    try {
      // JSON.parse makes "__proto__" an own property, never the prototype.
      return JSON.parse(text) as T
    } catch (error) {
      throw new BadRequest(`Invalid JSON in the request body: ${(error as Error).message}`)
    }
  }

  /**
   * The raw body as it arrives, for views that stream large uploads. Only once, and not
   * together with read(), json() or loadBody(). DATA_UPLOAD_MAX_MEMORY_SIZE does not
   * apply: the view decides how much it accepts.
   */
  stream(): AsyncIterable<Uint8Array> {
    if (this.#bodyPromise !== undefined || this.#consumed !== undefined) {
      throw new RawPostDataException(
        'request.stream() can only be used once, and not after read(), json() or loadBody().',
      )
    }
    this.#consumed = 'stream'
    const source = this.#init.source
    if (source === null || source instanceof Uint8Array) {
      return (async function* () {
        if (source !== null && source.byteLength > 0) yield source
      })()
    }
    return source
  }

  /**
   * Fills POST and FILES from a urlencoded or multipart POST body (once; later calls
   * share the same promise). For other requests it does nothing.
   */
  load(): Promise<void> {
    return (this.#loadPromise ??= this.#load().catch((error: unknown) => {
      this.#loadError = error
      throw error
    }))
  }

  /** Form fields of a POST body. Call `await request.loadBody()` first outside a view. */
  get post(): QueryDict {
    if (this.#post !== undefined) return this.#post
    this.#assertLoaded('POST')
    return (this.#post = new QueryDict(null, { encoding: this.#init.charset() }))
  }

  /** Uploaded files of a multipart POST body, by field name. */
  get files(): MultiValueDict<UploadedFile> {
    if (this.#files !== undefined) return this.#files
    this.#assertLoaded('FILES')
    return (this.#files = EMPTY_FILES)
  }

  /** Deletes spooled upload files (idempotent). Gateways call it when the response is done. */
  async cleanup(): Promise<void> {
    if (this.#loadPromise !== undefined) await this.#loadPromise.catch(() => undefined)
    const files = this.#files
    if (files === undefined) return
    await Promise.all([...files.allItems()].map(([, file]) => file.close()))
  }

  async #load(): Promise<void> {
    const kind = this.#init.formKind
    if (kind === 'urlencoded') {
      const body = await this.read()
      this.#post = this.#parseUrlencoded(body)
      this.#files = EMPTY_FILES
    } else if (kind === 'multipart') {
      let source: BodySource | null
      if (this.#bodyPromise !== undefined) {
        source = await this.#bodyPromise // already read as bytes: parse those
      } else if (this.#consumed !== undefined) {
        throw this.#consumedError()
      } else {
        this.#consumed = 'multipart'
        source = this.#init.source
      }
      const o = this.#init.options
      const parsed = await parseMultipart(source, this.#init.contentTypeHeader, {
        encoding: this.#init.charset(),
        maxNumFields: o.dataUploadMaxNumberFields,
        maxNumFiles: o.dataUploadMaxNumberFiles,
        maxMemorySize: o.dataUploadMaxMemorySize,
        maxFileSize: o.fileUploadMaxSize,
        fileMemorySize: o.fileUploadMaxMemorySize,
        tempDir: o.fileUploadTempDir,
        declaredLength: this.#init.declaredLength,
      })
      this.#post = parsed.post
      this.#files = parsed.files
    }
  }

  #parseUrlencoded(body: Buffer): QueryDict {
    const charset = this.#init.charset()
    let text: string
    if (isUtf8(charset)) {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body)
      } catch {
        throw new BadRequest('The form body is not valid UTF-8.')
      }
    } else {
      text = body.toString('latin1') // byte-for-byte; QueryDict decodes with the charset
    }
    return new QueryDict(text, {
      encoding: charset,
      maxNumFields: this.#init.options.dataUploadMaxNumberFields,
    })
  }

  #assertLoaded(attribute: 'POST' | 'FILES'): void {
    if (this.#loadError !== undefined) throw this.#loadError
    if (this.#init.formKind !== null) {
      throw new Error(
        `request.${attribute} is not loaded yet: \`await request.loadBody()\` first. ` +
          'The handler does this before the view for form content types, so views can read it directly.',
      )
    }
  }

  #consumedError(): RawPostDataException {
    return new RawPostDataException(
      this.#consumed === 'stream'
        ? 'The request body was already consumed with request.stream(); it cannot be read again.'
        : "The request body cannot be read after the multipart parser consumed the request's data stream; use request.POST and request.FILES.",
    )
  }

  /** Re-parses a loaded urlencoded POST after the charset changed. */
  reparse(): void {
    if (this.#post !== undefined && this.#init.formKind === 'urlencoded' && this.#body) {
      this.#post = this.#parseUrlencoded(this.#body)
    }
  }
}

function isUtf8(charset: string): boolean {
  const c = charset.toLowerCase()
  return c === 'utf-8' || c === 'utf8'
}
