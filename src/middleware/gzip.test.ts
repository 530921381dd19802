import { randomBytes } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../conf/settings.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { StreamingHttpResponse } from '../http/streaming-response.js'
import { RequestFactory } from '../test/request-factory.js'
import { acceptsGzip, GZipMiddleware, gzipResponse } from './gzip.js'

const rf = new RequestFactory()
const BODY = '<li>an item that repeats</li>\n'.repeat(50)
const gzipRequest = (encoding = 'gzip, deflate, br') =>
  rf.get('/', undefined, { headers: { 'accept-encoding': encoding } })

function run(response: HttpResponseBase, encoding?: string) {
  const middleware = new GZipMiddleware(() => response, buildSettings())
  return middleware.call(gzipRequest(encoding)) as HttpResponseBase
}

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['*', true],
    ['*;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *', false],
    ['*;q=0', false],
    ['identity', false],
    ['deflate, br', false],
    ['gzipped', false],
    ['gzip;q=junk', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })

  it('is false without the header', () => {
    expect(acceptsGzip(undefined)).toBe(false)
  })
})

describe('GZipMiddleware', () => {
  it('compresses a large body, with Content-Length, Vary and Content-Encoding', () => {
    const response = run(new HttpResponse(BODY)) as HttpResponse
    expect(response.getHeader('Content-Encoding')).toBe('gzip')
    expect(response.getHeader('Vary')).toBe('Accept-Encoding')
    expect(Number(response.getHeader('Content-Length'))).toBe(response.content.length)
    expect(response.content.length).toBeLessThan(BODY.length)
    expect(gunzipSync(response.content).toString()).toBe(BODY)
    // BREACH padding: the FNAME flag is set in the gzip header.
    expect(response.content[3]! & 0x08).toBe(0x08)
  })

  it('leaves short bodies alone (not even Vary)', () => {
    const response = run(new HttpResponse('short'))
    expect(response.hasHeader('Content-Encoding')).toBe(false)
    expect(response.hasHeader('Vary')).toBe(false)
  })

  it('adds Vary but does not compress for clients that do not accept gzip', () => {
    const response = run(new HttpResponse(BODY), 'gzip;q=0, identity') as HttpResponse
    expect(response.hasHeader('Content-Encoding')).toBe(false)
    expect(response.getHeader('Vary')).toBe('Accept-Encoding')
    expect(response.text()).toBe(BODY)
  })

  it('leaves a response that already has a Content-Encoding', () => {
    const response = run(new HttpResponse(BODY, { headers: { 'Content-Encoding': 'br' } }))
    expect(response.getHeader('Content-Encoding')).toBe('br')
    expect((response as HttpResponse).text()).toBe(BODY)
  })

  it('keeps the original when compression would not make it smaller', () => {
    const noise = randomBytes(400)
    const response = gzipResponse(gzipRequest(), new HttpResponse(noise)) as HttpResponse
    expect(response.hasHeader('Content-Encoding')).toBe(false)
    expect(response.content).toEqual(noise)
    expect(response.getHeader('Vary')).toBe('Accept-Encoding')
  })

  it('makes a strong ETag weak and keeps a weak one', () => {
    const strong = run(new HttpResponse(BODY, { headers: { ETag: '"abc"' } }))
    expect(strong.getHeader('ETag')).toBe('W/"abc"')
    const weak = run(new HttpResponse(BODY, { headers: { ETag: 'W/"abc"' } }))
    expect(weak.getHeader('ETag')).toBe('W/"abc"')
  })

  it('compresses a streaming body as a stream and drops Content-Length', async () => {
    const chunks = ['first chunk\n', 'second chunk\n', 'x'.repeat(1000)]
    const response = run(
      new StreamingHttpResponse(chunks, { headers: { 'Content-Length': '1025' } }),
    ) as StreamingHttpResponse
    expect(response.getHeader('Content-Encoding')).toBe('gzip')
    expect(response.hasHeader('Content-Length')).toBe(false)
    expect(gunzipSync(await response.buffer()).toString()).toBe(chunks.join(''))
  })

  it('compresses an async streaming body, even a short one', async () => {
    async function* chunks() {
      yield 'a'
      yield 'b'
    }
    const response = run(new StreamingHttpResponse(chunks())) as StreamingHttpResponse
    expect(response.getHeader('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(await response.buffer()).toString()).toBe('ab')
  })

  it('stops the source when a compressed stream is closed early', async () => {
    let finalized = false
    async function* endless() {
      try {
        for (;;) yield 'tick '.repeat(100)
      } finally {
        finalized = true
      }
    }
    const response = run(new StreamingHttpResponse(endless())) as StreamingHttpResponse
    const iterator = response.streamingContent
    await iterator.next()
    await iterator.next()
    response.close()
    await new Promise((resolve) => setImmediate(resolve))
    expect(finalized).toBe(true)
  })

  it('pads with no bytes when maxRandomBytes is 0', () => {
    class Plain extends GZipMiddleware {
      override maxRandomBytes = 0
    }
    const middleware = new Plain(() => new HttpResponse(BODY), buildSettings())
    const response = middleware.call(gzipRequest()) as HttpResponse
    expect(response.content[3]! & 0x08).toBe(0)
    expect(gunzipSync(response.content).toString()).toBe(BODY)
  })
})
