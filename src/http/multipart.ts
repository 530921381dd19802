/**
 * multipart/form-data parsing with busboy, into POST (a QueryDict) and FILES.
 *
 * We pull chunks from the body source ourselves and `write()` them into busboy, waiting
 * for 'drain' when it pushes back, so every BodySource kind works and a slow disk slows
 * the upload instead of filling memory. Each file part is consumed as it arrives: kept in
 * memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then spooled to a temporary file created with
 * an exclusive flag and a random name.
 *
 * Every failure (a limit, a busboy parse error, the source failing or ending early, a
 * disk error) goes through one `fail()` that records the first error and destroys busboy;
 * busboy then emits 'close', which is what the parser waits for, so it cannot hang. On
 * failure the temporary files written so far are removed before the error is thrown.
 *
 * Limits: DATA_UPLOAD_MAX_NUMBER_FIELDS (non-file fields, TooManyFieldsSent),
 * DATA_UPLOAD_MAX_NUMBER_FILES (TooManyFilesSent), DATA_UPLOAD_MAX_MEMORY_SIZE (sum of
 * field names and values, RequestDataTooBig), FILE_UPLOAD_MAX_SIZE (each file,
 * RequestDataTooBig). busboy itself caps each part's header block at 16 KiB.
 */
import { randomBytes } from 'node:crypto'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import busboy from 'busboy'
import {
  BadRequest,
  RequestDataTooBig,
  SuspiciousMultipartForm,
  TooManyFieldsSent,
  TooManyFilesSent,
} from '../core/exceptions.js'
import { MultiValueDict } from './multi-value-dict.js'
import { QueryDict } from './query-dict.js'
import { bodyTooBig, forEachChunk, incompleteBody, type BodySource } from './read-body.js'
import { sanitizeFileName, UploadedFile } from './uploaded-file.js'

export interface MultipartOptions {
  /** Charset for field values and file names without their own; utf-8 by default. */
  encoding?: string
  maxNumFields: number | null
  maxNumFiles: number | null
  /** Limit on the sum of non-file field sizes (DATA_UPLOAD_MAX_MEMORY_SIZE). */
  maxMemorySize: number | null
  /** Limit on each file (FILE_UPLOAD_MAX_SIZE). */
  maxFileSize: number | null
  /** Files larger than this are spooled to disk (FILE_UPLOAD_MAX_MEMORY_SIZE). */
  fileMemorySize: number
  /** Directory for spooled files; os.tmpdir() when null. */
  tempDir: string | null
  /** The Content-Length header, parsed, to detect a short body. */
  declaredLength?: number | null
}

export interface ParsedMultipart {
  post: QueryDict
  files: MultiValueDict<UploadedFile>
}

/**
 * Parses a multipart/form-data body. `contentType` is the full header value (with the
 * boundary).
 *
 * ```ts
 * const { post, files } = await parseMultipart(req, req.headers['content-type'], options)
 * ```
 */
export async function parseMultipart(
  source: BodySource | null,
  contentType: string,
  options: MultipartOptions,
): Promise<ParsedMultipart> {
  const encoding = options.encoding ?? 'utf-8'
  if (source === null || options.declaredLength === 0) {
    return { post: new QueryDict(null, { encoding }), files: new MultiValueDict() }
  }
  let bb: busboy.Busboy
  try {
    bb = busboy({
      headers: { 'content-type': contentType },
      defCharset: encoding,
      defParamCharset: encoding,
      limits: {
        fields: options.maxNumFields ?? Infinity,
        files: options.maxNumFiles ?? Infinity,
        // Caps parts that count as neither (no Content-Disposition, no name). busboy
        // reports reaching the count after that part, hence the slack.
        parts:
          options.maxNumFields !== null && options.maxNumFiles !== null
            ? options.maxNumFields + options.maxNumFiles + 2
            : Infinity,
        // One byte over the limit tells us it was exceeded (busboy truncates silently).
        fieldSize: options.maxMemorySize === null ? Infinity : options.maxMemorySize + 1,
        fileSize: options.maxFileSize === null ? Infinity : options.maxFileSize + 1,
        // busboy 1.6's multipart parser applies its own fixed caps to each part's headers
        // (16 KiB, 2000 pairs) and ignores this; stated so a later busboy keeps the bound.
        headerPairs: 2000,
      },
    })
  } catch (error) {
    throw new SuspiciousMultipartForm(
      `Invalid multipart/form-data request: ${(error as Error).message}. ` +
        'The Content-Type header must carry a boundary parameter.',
    )
  }

  let failure: Error | null = null
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const fail = (error: Error): void => {
    if (failure !== null) return
    failure = error
    stop()
    bb.destroy()
  }
  const closed = new Promise<void>((resolve) => bb.once('close', resolve))
  bb.on('error', (error: unknown) => {
    fail(
      new SuspiciousMultipartForm(
        `Malformed multipart/form-data body: ${(error as Error).message}.`,
      ),
    )
  })
  bb.on('fieldsLimit', () => fail(tooManyFields(options.maxNumFields)))
  bb.on('partsLimit', () => fail(tooManyFields(options.maxNumFields)))
  bb.on('filesLimit', () => {
    fail(
      new TooManyFilesSent(
        `The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES (${options.maxNumFiles}).`,
      ),
    )
  })

  // Bytes busboy has parsed that did not go into a file: part headers, boundaries and
  // field values. busboy only reports a field when it ends (and silently truncates one
  // that is too big), so to stop pulling a huge field early we watch this count grow
  // within the current part. Delivered file bytes are those read by our consumers plus
  // those still buffered in the file streams.
  let written = 0
  const fileStreams: Array<{ stream: Readable; consumed: number }> = []
  const nonFileBytes = (): number => {
    let delivered = 0
    for (const f of fileStreams) delivered += f.consumed + f.stream.readableLength
    return written - bb.writableLength - delivered
  }
  const headerSlack = 16 * 1024 + 2 * (contentType.length + 8)
  let partStart = 0
  let partSlack = 0
  const newPart = (): void => {
    partStart = nonFileBytes()
    partSlack = bb.writableLength // bytes counted as unparsed though partly parsed
  }

  const fields: Array<[string, string]> = []
  let fieldBytes = 0
  bb.on('field', (name, value, info) => {
    newPart()
    // Counted as the urlencoded form would be (name, '=', value, '&').
    fieldBytes += Buffer.byteLength(name ?? '') + 2 + Buffer.byteLength(value)
    const limit = options.maxMemorySize
    if (limit !== null && (info.valueTruncated || fieldBytes > limit))
      return fail(bodyTooBig(limit))
    if (name !== undefined) fields.push([name, value])
  })

  const tempPaths: string[] = []
  const fileTasks: Array<Promise<UploadedFile>> = []
  bb.on('file', (field, stream, info) => {
    newPart()
    const tracked = { stream, consumed: 0 }
    fileStreams.push(tracked)
    // busboy emits 'limit' synchronously while parsing, before our consumer sees the data.
    stream.on('limit', () => fail(fileTooBig(info.filename ?? '', options.maxFileSize)))
    const name = sanitizeFileName(info.filename ?? '')
    if (field === undefined || name === '') {
      // An empty file input sends a part with filename="": nothing to keep.
      stream.on('data', (chunk: Buffer) => (tracked.consumed += chunk.byteLength))
      return
    }
    const task = receiveFile(tracked, field, name, info.mimeType, options, tempPaths)
    task.catch((error: Error) => fail(error))
    fileTasks.push(task)
  })

  let received = 0
  try {
    await forEachChunk(
      source,
      async (chunk) => {
        if (failure !== null) throw failure
        received += chunk.byteLength
        written += chunk.byteLength
        const wait = writeWithBackpressure(bb, chunk)
        const limit = options.maxMemorySize
        if (limit !== null && nonFileBytes() - partStart > limit + headerSlack + partSlack) {
          fail(bodyTooBig(limit))
        }
        await wait
      },
      stopped,
    )
  } catch (error) {
    fail(error instanceof Error ? error : new BadRequest(String(error)))
  }
  const declared = options.declaredLength ?? null
  if (failure === null && declared !== null && received < declared) {
    fail(incompleteBody(`received ${received} of ${declared} bytes`))
  }
  if (failure === null) bb.end()
  await closed
  const settled = await Promise.allSettled(fileTasks)
  if (failure !== null) {
    await Promise.all(tempPaths.map((path) => rm(path, { force: true })))
    throw failure
  }
  const files = new MultiValueDict<UploadedFile>()
  for (const result of settled) {
    if (result.status === 'fulfilled' && result.value !== null) {
      files.appendlist(result.value.field, result.value)
    }
  }
  return { post: QueryDict.fromItems(fields, { encoding }), files }
}

function fileTooBig(name: string, limit: number | null): RequestDataTooBig {
  return new RequestDataTooBig(
    `The uploaded file ${JSON.stringify(sanitizeFileName(name))} exceeded FILE_UPLOAD_MAX_SIZE (${limit} bytes).`,
  )
}

function tooManyFields(limit: number | null): TooManyFieldsSent {
  return new TooManyFieldsSent(
    `The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${limit}).`,
  )
}

async function writeWithBackpressure(bb: busboy.Busboy, chunk: Buffer): Promise<void> {
  if (bb.destroyed || bb.write(chunk)) return
  await new Promise<void>((resolve) => {
    const done = (): void => {
      bb.off('drain', done)
      bb.off('close', done)
      resolve()
    }
    bb.on('drain', done)
    bb.on('close', done)
  })
}

async function receiveFile(
  tracked: { stream: Readable; consumed: number },
  field: string,
  name: string,
  contentType: string,
  options: MultipartOptions,
  tempPaths: string[],
): Promise<UploadedFile> {
  const chunks: Buffer[] = []
  let size = 0
  let handle: FileHandle | null = null
  let path: string | undefined
  try {
    for await (const chunk of tracked.stream as AsyncIterable<Buffer>) {
      size += chunk.byteLength
      tracked.consumed = size
      if (options.maxFileSize !== null && size > options.maxFileSize) {
        throw fileTooBig(name, options.maxFileSize)
      }
      if (handle === null && size > options.fileMemorySize) {
        path = join(
          options.tempDir ?? tmpdir(),
          `reinhardt-upload-${randomBytes(16).toString('hex')}.upload`,
        )
        tempPaths.push(path)
        // 'wx': fail rather than follow or reuse anything already at that path.
        handle = await open(path, 'wx', 0o600)
        for (const held of chunks) await handle.write(held)
        chunks.length = 0
      }
      if (handle !== null) await handle.write(chunk)
      else chunks.push(chunk)
    }
  } finally {
    await handle?.close()
  }
  return new UploadedFile(
    path === undefined
      ? { field, name, contentType, size, chunks }
      : { field, name, contentType, size, temporaryFilePath: path },
  )
}
