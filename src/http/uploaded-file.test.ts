import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_FILE_NAME_LENGTH, sanitizeFileName, UploadedFile } from './uploaded-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reinhardt-uf-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sanitizeFileName', () => {
  it('keeps only a safe basename', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd')
    expect(sanitizeFileName('C:\\Users\\me\\photo.jpg')).toBe('photo.jpg')
    expect(sanitizeFileName('a\u0000b\r\n.txt')).toBe('ab.txt')
    expect(sanitizeFileName('  spaced.txt  ')).toBe('spaced.txt')
    expect(sanitizeFileName('..')).toBe('')
    expect(sanitizeFileName('dir/')).toBe('')
  })

  it('limits the length and keeps the extension', () => {
    const long = 'x'.repeat(400) + '.tar.gz'
    const name = sanitizeFileName(long)
    expect(name.length).toBe(MAX_FILE_NAME_LENGTH)
    expect(name.endsWith('.gz')).toBe(true)
  })
})

describe('UploadedFile', () => {
  it('reads an in-memory file three ways', async () => {
    const f = new UploadedFile({
      field: 'f',
      name: 'a.txt',
      contentType: 'text/plain',
      size: 6,
      chunks: [Buffer.from('abc'), Buffer.from('def')],
    })
    expect(f.inMemory).toBe(true)
    expect(f.temporaryFilePath).toBeUndefined()
    expect((await f.read()).toString()).toBe('abcdef')
    const parts: Buffer[] = []
    for await (const c of f.chunks()) parts.push(c)
    expect(Buffer.concat(parts).toString()).toBe('abcdef')
    const streamed: Buffer[] = []
    for await (const c of f.stream()) streamed.push(c as Buffer)
    expect(Buffer.concat(streamed).toString()).toBe('abcdef')
  })

  it('moves an in-memory file without overwriting by default', async () => {
    const f = new UploadedFile({
      field: 'f',
      name: 'a',
      contentType: 'x/y',
      size: 1,
      chunks: [Buffer.from('z')],
    })
    const dest = join(dir, 'out')
    await f.moveTo(dest)
    expect(await readFile(dest, 'utf8')).toBe('z')
    await expect(f.moveTo(dest)).rejects.toMatchObject({ code: 'EEXIST' })
    await f.moveTo(dest, { overwrite: true })
  })

  it('moves a spooled file and leaves it alone on close()', async () => {
    const tmp = join(dir, 'spool.upload')
    await writeFile(tmp, 'data')
    const f = new UploadedFile({
      field: 'f',
      name: 'a',
      contentType: 'x/y',
      size: 4,
      temporaryFilePath: tmp,
    })
    expect(f.temporaryFilePath).toBe(tmp)
    expect((await f.read()).toString()).toBe('data')
    const existing = join(dir, 'exists')
    await writeFile(existing, 'old')
    await expect(f.moveTo(existing)).rejects.toMatchObject({ code: 'EEXIST' })
    expect(existsSync(tmp)).toBe(true)
    const dest = join(dir, 'kept')
    await f.moveTo(dest)
    expect(existsSync(tmp)).toBe(false)
    expect(f.temporaryFilePath).toBeUndefined()
    await f.close()
    expect(await readFile(dest, 'utf8')).toBe('data')
    expect((await f.read()).toString()).toBe('data')
  })

  it('close() deletes the temporary file once', async () => {
    const tmp = join(dir, 'spool2.upload')
    await writeFile(tmp, 'data')
    const f = new UploadedFile({
      field: 'f',
      name: 'a',
      contentType: 'x/y',
      size: 4,
      temporaryFilePath: tmp,
    })
    await f.close()
    await f.close()
    expect(existsSync(tmp)).toBe(false)
    await expect(f.read()).rejects.toThrow(/moveTo\(\)/)
  })
})
