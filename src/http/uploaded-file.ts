/**
 * UploadedFile: one file from a multipart/form-data request, as found in `request.FILES`.
 *
 * Small files are held in memory as the chunks they arrived in; a file that grows past
 * FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a temporary file (see multipart.ts), and then
 * `temporaryFilePath` says where. Either way the same methods read it. Temporary files
 * belong to the request: `request.cleanup()` (called by the gateway when the response is
 * done) deletes them, so a view that wants to keep a file calls `moveTo()`.
 *
 * ```ts
 * const upload = request.FILES.get('avatar')
 * if (upload) await upload.moveTo(`/srv/media/${randomUUID()}.png`)
 * ```
 */
import { constants, createReadStream } from 'node:fs'
import { copyFile, link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'

/** Longest file name kept (in characters); longer names are cut, keeping the extension. */
export const MAX_FILE_NAME_LENGTH = 255

/**
 * Makes a client-supplied file name safe to show and to use as a last path segment:
 * basename only (no `/` or `\`), control characters removed, surrounding whitespace
 * trimmed, at most MAX_FILE_NAME_LENGTH characters (the extension is kept). `.` and `..`
 * become ''. It is still client input: do not use it as a path without your own checks.
 *
 * ```ts
 * sanitizeFileName('C:\\Users\\me\\..\\photo\u0000.jpg')  // 'photo.jpg'
 * ```
 */
export function sanitizeFileName(name: string): string {
  let base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  base = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()
  if (base === '.' || base === '..') return ''
  const chars = [...base]
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const dot = base.lastIndexOf('.')
    const ext = dot > 0 ? [...base.slice(dot)] : []
    const keep = ext.length < 20 ? ext : []
    base = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('') + keep.join('')
  }
  return base
}

export interface UploadedFileInit {
  /** Form field name. */
  field: string
  /** Sanitised client file name. */
  name: string
  contentType: string
  charset?: string | null
  size: number
  /** The content, when held in memory. */
  chunks?: Buffer[]
  /** The spooled temporary file, when not in memory. */
  temporaryFilePath?: string
}

export interface MoveOptions {
  /** Replace an existing destination; false by default (EEXIST error instead). */
  overwrite?: boolean
}

export class UploadedFile {
  /** The form field the file came in. */
  readonly field: string
  /** The sanitised client file name (see sanitizeFileName). */
  readonly name: string
  /** The part's Content-Type (`application/octet-stream` when the client sent none). */
  readonly contentType: string
  /** The part's charset parameter when known, else null. */
  readonly charset: string | null
  /** Size in bytes. */
  readonly size: number
  #chunks: Buffer[] | null
  #path: string | null
  #temporary: boolean

  constructor(init: UploadedFileInit) {
    this.field = init.field
    this.name = init.name
    this.contentType = init.contentType
    this.charset = init.charset ?? null
    this.size = init.size
    this.#chunks = init.chunks ?? null
    this.#path = init.temporaryFilePath ?? null
    this.#temporary = init.temporaryFilePath !== undefined
    if (this.#chunks === null && this.#path === null) this.#chunks = []
  }

  /** Path of the spooled temporary file; undefined for in-memory files and after moveTo(). */
  get temporaryFilePath(): string | undefined {
    return this.#temporary && this.#path !== null ? this.#path : undefined
  }

  /** Whether the content is held in memory. */
  get inMemory(): boolean {
    return this.#chunks !== null
  }

  /** The whole content. */
  async read(): Promise<Buffer> {
    if (this.#chunks !== null) {
      return this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks)
    }
    return readFile(this.#diskPath())
  }

  #diskPath(): string {
    if (this.#path === null) {
      throw new Error(
        `The uploaded file ${JSON.stringify(this.name)} was deleted when its request finished; ` +
          'call moveTo() during the request to keep it.',
      )
    }
    return this.#path
  }

  /** The content as a node Readable (for piping to a file, S3, a hash…). */
  stream(): Readable {
    if (this.#chunks !== null) return Readable.from(this.#chunks)
    return createReadStream(this.#diskPath())
  }

  /** The content chunk by chunk. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.#chunks !== null) {
      yield* this.#chunks
      return
    }
    for await (const chunk of createReadStream(this.#diskPath())) yield chunk as Buffer
  }

  /**
   * Stores the file at `destination`: a rename for spooled files (a copy when the
   * destination is on another device), a write for in-memory ones. Refuses to replace an
   * existing file unless `overwrite` is set. Afterwards reads come from `destination`
   * and request cleanup leaves it alone.
   */
  async moveTo(destination: string, options: MoveOptions = {}): Promise<void> {
    const overwrite = options.overwrite ?? false
    if (this.#chunks !== null) {
      await writeFile(destination, this.#chunks, { flag: overwrite ? 'w' : 'wx' })
      return
    }
    const source = this.#diskPath()
    if (overwrite) {
      await rename(source, destination).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error
        await copyFile(source, destination)
        await unlink(source)
      })
    } else {
      // link() fails with EEXIST when the destination exists: an exclusive rename.
      try {
        await link(source, destination)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error
        await copyFile(source, destination, constants.COPYFILE_EXCL)
      }
      await unlink(source)
    }
    this.#path = destination
    this.#temporary = false
  }

  /** Deletes the temporary file, if any (idempotent; the request's cleanup() calls it). */
  async close(): Promise<void> {
    if (!this.#temporary || this.#path === null) return
    const path = this.#path
    this.#temporary = false
    this.#path = null
    await rm(path, { force: true })
  }
}
