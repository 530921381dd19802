import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentDispositionHeader, FileResponse } from './file-response.js'

let dir: string
let pdf: string
const pdfBytes = Buffer.from('%PDF-1.4\n' + 'x'.repeat(200_000))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reinhardt-file-'))
  pdf = join(dir, 'report.pdf')
  await writeFile(pdf, pdfBytes)
  await writeFile(join(dir, 'notes.txt'), 'hello')
  await writeFile(join(dir, 'data.csv.gz'), Buffer.from([0x1f, 0x8b]))
  await writeFile(join(dir, 'Résumé 2024.pdf'), 'r')
  await writeFile(join(dir, 'LICENSE'), 'l')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('FileResponse.open', () => {
  it('streams the file with length, type and inline disposition', async () => {
    const response = await FileResponse.open(pdf, { blockSize: 16 * 1024 })
    expect(response.streaming).toBe(true)
    expect(response.statusCode).toBe(200)
    expect(response.getHeader('Content-Length')).toBe(String(pdfBytes.length))
    expect(response.getHeader('Content-Type')).toBe('application/pdf')
    expect(response.getHeader('Content-Disposition')).toBe('inline; filename="report.pdf"')
    let chunks = 0
    const received: Buffer[] = []
    for await (const chunk of response.streamingContent) {
      chunks++
      received.push(chunk)
    }
    expect(Buffer.concat(received).equals(pdfBytes)).toBe(true)
    expect(chunks).toBeGreaterThan(1) // read in blocks, not in one go
    response.close()
  })

  it('sets attachment and an explicit filename', async () => {
    const response = await FileResponse.open(pdf, { asAttachment: true, filename: 'q3.pdf' })
    expect(response.getHeader('Content-Disposition')).toBe('attachment; filename="q3.pdf"')
    response.close()
  })

  it('guesses types from the name and falls back to application/octet-stream', async () => {
    const types: Record<string, string | undefined> = {}
    for (const name of ['notes.txt', 'data.csv.gz', 'LICENSE']) {
      const response = await FileResponse.open(join(dir, name))
      types[name] = response.getHeader('Content-Type')
      response.close()
    }
    expect(types).toEqual({
      'notes.txt': 'text/plain',
      'data.csv.gz': 'application/gzip',
      LICENSE: 'application/octet-stream',
    })
  })

  it('keeps an explicit content type, from the option or the headers', async () => {
    const a = await FileResponse.open(join(dir, 'notes.txt'), {
      contentType: 'text/plain; charset=utf-8',
    })
    expect(a.getHeader('Content-Type')).toBe('text/plain; charset=utf-8')
    a.close()
    const b = await FileResponse.open(join(dir, 'notes.txt'), {
      headers: { 'content-type': 'text/markdown' },
    })
    expect(b.getHeader('Content-Type')).toBe('text/markdown')
    b.close()
  })

  it('encodes a non-ASCII filename with filename* and an ASCII fallback', async () => {
    const response = await FileResponse.open(join(dir, 'Résumé 2024.pdf'), { asAttachment: true })
    expect(response.getHeader('Content-Disposition')).toBe(
      `attachment; filename="Resume 2024.pdf"; filename*=utf-8''R%C3%A9sum%C3%A9%202024.pdf`,
    )
    expect(await response.text()).toBe('r')
    response.close()
  })

  it('accepts a file: URL', async () => {
    const response = await FileResponse.open(pathToFileURL(join(dir, 'notes.txt')))
    expect(response.getHeader('Content-Disposition')).toBe('inline; filename="notes.txt"')
    expect(await response.text()).toBe('hello')
    response.close()
  })

  it('closes the file on close() even if the body was never read', async () => {
    const response = await FileResponse.open(pdf)
    const stream = response.fileToStream
    expect(stream).toBeDefined()
    const closed = once(stream!, 'close')
    response.close()
    expect(stream!.destroyed).toBe(true)
    await closed
    expect((stream as unknown as { closed: boolean }).closed).toBe(true)
  })

  it('closes the file on close() after a partial read', async () => {
    const response = await FileResponse.open(pdf, { blockSize: 1024 })
    await response.streamingContent.next()
    const stream = response.fileToStream!
    const closed = once(stream, 'close')
    response.close()
    await closed
    expect(stream.destroyed).toBe(true)
  })

  it('refuses directories and missing files', async () => {
    await expect(FileResponse.open(dir)).rejects.toMatchObject({ code: 'EISDIR' })
    await expect(FileResponse.open(dir)).rejects.toThrow(/cannot send a directory/)
    await expect(FileResponse.open(join(dir, 'missing.pdf'))).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })
})

describe('new FileResponse(stream)', () => {
  it('takes a Readable, its name from an fs.ReadStream path, and destroys it on close', async () => {
    const stream = createReadStream(join(dir, 'notes.txt'))
    const response = new FileResponse(stream, { asAttachment: true })
    expect(response.fileToStream).toBe(stream)
    expect(response.getHeader('Content-Type')).toBe('text/plain')
    expect(response.getHeader('Content-Disposition')).toBe('attachment; filename="notes.txt"')
    expect(response.hasHeader('Content-Length')).toBe(false)
    expect(await response.text()).toBe('hello')
    response.close()
    expect(stream.destroyed).toBe(true)
  })

  it('takes an iterable with filename, contentType and contentLength', async () => {
    const response = new FileResponse([Buffer.from('a,b\n')], {
      filename: 'export.csv',
      contentLength: 4,
    })
    expect(response.fileToStream).toBeUndefined()
    expect(response.getHeader('Content-Type')).toBe('text/csv')
    expect(response.getHeader('Content-Length')).toBe('4')
    expect(response.getHeader('Content-Disposition')).toBe('inline; filename="export.csv"')
    expect(await response.text()).toBe('a,b\n')
  })

  it('sends no disposition for an anonymous inline stream, plain attachment otherwise', () => {
    const inline = new FileResponse(Readable.from([Buffer.from('x')]))
    expect(inline.hasHeader('Content-Disposition')).toBe(false)
    expect(inline.getHeader('Content-Type')).toBe('application/octet-stream')
    inline.close()
    const attachment = new FileResponse(Readable.from([Buffer.from('x')]), { asAttachment: true })
    expect(attachment.getHeader('Content-Disposition')).toBe('attachment')
    attachment.close()
  })
})

describe('contentDispositionHeader', () => {
  it('quotes backslashes and double quotes', () => {
    expect(contentDispositionHeader(false, 'a "b"\\c.txt')).toBe(
      'inline; filename="a \\"b\\"\\\\c.txt"',
    )
  })

  it('never lets control characters through raw', () => {
    const header = contentDispositionHeader(true, 'evil\r\nSet-Cookie: x=1.txt')
    expect(header).not.toMatch(/[\r\n]/)
    expect(header).toContain(`filename*=utf-8''evil%0D%0ASet-Cookie%3A%20x%3D1.txt`)
  })

  it("encodes RFC 5987's excluded characters and lone surrogates", () => {
    expect(contentDispositionHeader(true, "l'été (1)*.txt")).toBe(
      `attachment; filename="l\'ete (1)*.txt"; filename*=utf-8''l%27%C3%A9t%C3%A9%20%281%29%2A.txt`,
    )
    expect(contentDispositionHeader(true, 'a\uD800.txt')).toContain(
      "filename*=utf-8''a%EF%BF%BD.txt",
    )
  })

  it('says nothing for inline without a name', () => {
    expect(contentDispositionHeader(false, undefined)).toBeUndefined()
    expect(contentDispositionHeader(false, '')).toBeUndefined()
    expect(contentDispositionHeader(true, undefined)).toBe('attachment')
  })
})
