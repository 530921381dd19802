import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BadRequest,
  RequestDataTooBig,
  SuspiciousMultipartForm,
  TooManyFieldsSent,
  TooManyFilesSent,
} from '../core/exceptions.js'
import { parseMultipart, type MultipartOptions } from './multipart.js'

const BOUNDARY = '----reinhardt-boundary'
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`

type Part = { name: string; value: string | Buffer; filename?: string; type?: string }

function multipartBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    let head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"`
    if (part.filename !== undefined) head += `; filename="${part.filename}"`
    head += '\r\n'
    if (part.type) head += `Content-Type: ${part.type}\r\n`
    chunks.push(Buffer.from(head + '\r\n'), Buffer.from(part.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(chunks)
}

/** Yields `body` in `size`-byte chunks, counting pulls. */
function chunked(body: Buffer, size = 7) {
  const state = { pulled: 0 }
  async function* gen() {
    for (let i = 0; i < body.length; i += size) {
      state.pulled++
      yield body.subarray(i, i + size)
    }
  }
  return { source: gen(), state }
}

let dir: string
let options: MultipartOptions
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reinhardt-mp-'))
  options = {
    maxNumFields: 10,
    maxNumFiles: 5,
    maxMemorySize: 1000,
    maxFileSize: null,
    fileMemorySize: 16,
    tempDir: dir,
  }
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('parseMultipart', () => {
  it('parses fields and in-memory and spooled files', async () => {
    const body = multipartBody([
      { name: 'title', value: 'Héllo' },
      { name: 'tag', value: 'a' },
      { name: 'tag', value: 'b' },
      { name: 'small', value: 'tiny', filename: 'small.txt', type: 'text/plain' },
      {
        name: 'big',
        value: Buffer.alloc(100, 1),
        filename: '../../evil/big.bin',
        type: 'application/octet-stream',
      },
      { name: 'empty', value: '', filename: '' },
    ])
    const { source } = chunked(body, 5)
    const { post, files } = await parseMultipart(source, CONTENT_TYPE, {
      ...options,
      declaredLength: body.length,
    })
    expect(post.get('title')).toBe('Héllo')
    expect(post.getlist('tag')).toEqual(['a', 'b'])
    expect(post.mutable).toBe(false)
    const small = files.get('small')!
    expect(small.name).toBe('small.txt')
    expect(small.contentType).toBe('text/plain')
    expect(small.size).toBe(4)
    expect(small.inMemory).toBe(true)
    expect((await small.read()).toString()).toBe('tiny')
    const big = files.get('big')!
    expect(big.name).toBe('big.bin')
    expect(big.size).toBe(100)
    expect(big.temporaryFilePath?.startsWith(dir)).toBe(true)
    expect(existsSync(big.temporaryFilePath!)).toBe(true)
    expect((await big.read()).equals(Buffer.alloc(100, 1))).toBe(true)
    expect(files.has('empty')).toBe(false)
    await big.close()
    expect(await readdir(dir)).toEqual([])
  })

  it('treats prototype names as plain field names', async () => {
    const body = multipartBody([
      { name: '__proto__', value: 'x' },
      { name: 'constructor[prototype][y]', value: '1' },
      { name: '__proto__', value: 'f', filename: 'f.txt' },
    ])
    const { post, files } = await parseMultipart(body, CONTENT_TYPE, options)
    expect(post.get('__proto__')).toBe('x')
    expect(post.get('constructor[prototype][y]')).toBe('1')
    expect(files.get('__proto__')?.name).toBe('f.txt')
    expect(({} as Record<string, unknown>).y).toBeUndefined()
  })

  it('returns empty results for an empty body', async () => {
    const { post, files } = await parseMultipart(null, CONTENT_TYPE, options)
    expect(post.size).toBe(0)
    expect(files.size).toBe(0)
  })

  it('limits the number of fields', async () => {
    const body = multipartBody(
      Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, value: 'v' })),
    )
    await expect(parseMultipart(body, CONTENT_TYPE, options)).rejects.toThrow(TooManyFieldsSent)
    const ten = multipartBody(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, value: 'v' })))
    expect((await parseMultipart(ten, CONTENT_TYPE, options)).post.size).toBe(10)
  })

  it('limits the number of files and removes the ones already spooled', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({
      name: `f${i}`,
      value: Buffer.alloc(50, 2),
      filename: `f${i}.bin`,
    }))
    const { source } = chunked(multipartBody(parts), 64)
    await expect(parseMultipart(source, CONTENT_TYPE, options)).rejects.toThrow(TooManyFilesSent)
    expect(await readdir(dir)).toEqual([])
  })

  it('limits the total size of fields (known, chunked and lying lengths)', async () => {
    const body = multipartBody([
      { name: 'a', value: 'x'.repeat(600) },
      { name: 'b', value: 'x'.repeat(600) },
    ])
    await expect(
      parseMultipart(body, CONTENT_TYPE, { ...options, declaredLength: body.length }),
    ).rejects.toThrow(RequestDataTooBig)
    await expect(parseMultipart(chunked(body).source, CONTENT_TYPE, options)).rejects.toThrow(
      RequestDataTooBig,
    )
    // One huge field: busboy stops buffering it one byte past the limit.
    const huge = multipartBody([{ name: 'a', value: 'x'.repeat(100_000) }])
    const { source, state } = chunked(huge, 100)
    await expect(
      parseMultipart(source, CONTENT_TYPE, { ...options, declaredLength: 10 }),
    ).rejects.toThrow(/DATA_UPLOAD_MAX_MEMORY_SIZE/)
    // Stopped within about limit + one part header's worth, not after all 1000 chunks.
    expect(state.pulled).toBeLessThan(250)
  })

  it('limits the size of each file when FILE_UPLOAD_MAX_SIZE is set', async () => {
    const body = multipartBody([{ name: 'f', value: Buffer.alloc(5000), filename: 'f.bin' }])
    const { source, state } = chunked(body, 100)
    await expect(
      parseMultipart(source, CONTENT_TYPE, { ...options, maxFileSize: 1000 }),
    ).rejects.toThrow(/FILE_UPLOAD_MAX_SIZE \(1000 bytes\)/)
    expect(state.pulled).toBeLessThan(50)
    expect(await readdir(dir)).toEqual([])
    const ok = multipartBody([{ name: 'f', value: Buffer.alloc(1000), filename: 'f.bin' }])
    const { files } = await parseMultipart(ok, CONTENT_TYPE, { ...options, maxFileSize: 1000 })
    expect(files.get('f')?.size).toBe(1000)
    await files.get('f')?.close()
  })

  it('rejects a missing or bad boundary', async () => {
    const body = multipartBody([{ name: 'a', value: '1' }])
    await expect(parseMultipart(body, 'multipart/form-data', options)).rejects.toThrow(
      SuspiciousMultipartForm,
    )
    await expect(
      parseMultipart(body, 'multipart/form-data; boundary=other', options),
    ).rejects.toThrow(SuspiciousMultipartForm)
  })

  it('rejects a truncated body without hanging', async () => {
    const body = multipartBody([{ name: 'f', value: Buffer.alloc(100), filename: 'f.bin' }])
    const cut = body.subarray(0, body.length - 30)
    await expect(parseMultipart(chunked(cut).source, CONTENT_TYPE, options)).rejects.toThrow(
      SuspiciousMultipartForm,
    )
    await expect(
      parseMultipart(cut, CONTENT_TYPE, { ...options, declaredLength: body.length }),
    ).rejects.toThrow(BadRequest)
    expect(await readdir(dir)).toEqual([])
  })

  it('rejects when the source fails mid-way', async () => {
    const body = multipartBody([{ name: 'f', value: Buffer.alloc(100), filename: 'f.bin' }])
    async function* aborted() {
      yield body.subarray(0, 80)
      throw new Error('socket hang up')
    }
    await expect(parseMultipart(aborted(), CONTENT_TYPE, options)).rejects.toThrow(
      /Incomplete request body/,
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('works with a Web ReadableStream source', async () => {
    const body = multipartBody([{ name: 'a', value: '1' }])
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(body.subarray(0, 10))
        c.enqueue(body.subarray(10))
        c.close()
      },
    })
    expect((await parseMultipart(web, CONTENT_TYPE, options)).post.get('a')).toBe('1')
  })
})
