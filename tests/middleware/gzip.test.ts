/** GZipMiddleware through the handler, and over a real socket with the node gateway. */
import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { serve, type RunningServer } from '../../src/http/gateways/node.js'
import { HttpResponse } from '../../src/http/response.js'
import { StreamingHttpResponse } from '../../src/http/streaming-response.js'
import { CommonMiddleware } from '../../src/middleware/common.js'
import { GZipMiddleware } from '../../src/middleware/gzip.js'
import { ConditionalGetMiddleware } from '../../src/middleware/http.js'
import { path } from '../../src/urls/index.js'
import { gzipPage } from '../../src/views/index.js'
import { clientWith } from './helpers.js'

const PAGE = '<tr><td>row</td><td>of a big table</td></tr>\n'.repeat(100)
const urls = {
  urlpatterns: [
    path('page/', () => new HttpResponse(PAGE)),
    path('tiny/', () => new HttpResponse('tiny')),
    path(
      'stream/',
      () =>
        new StreamingHttpResponse(
          (async function* () {
            for (let i = 0; i < 50; i++) yield `line ${i} of the export\n`
          })(),
          { contentType: 'text/csv' },
        ),
    ),
    path(
      'decorated/',
      gzipPage(() => new HttpResponse(PAGE)),
    ),
  ],
}
// Django's recommended order: GZip above ConditionalGet above Common.
const MIDDLEWARE = [GZipMiddleware, ConditionalGetMiddleware, CommonMiddleware]

describe('GZipMiddleware end to end (test client)', () => {
  it('compresses pages for clients that accept gzip', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE })
    const response = await client.get('/page/', undefined, {
      headers: { 'accept-encoding': 'gzip' },
    })
    const body = (response as unknown as HttpResponse).content
    expect(response.getHeader('Content-Encoding')).toBe('gzip')
    expect(response.getHeader('Content-Length')).toBe(String(body.length))
    expect(response.getHeader('Vary')).toBe('Accept-Encoding')
    expect(response.getHeader('ETag')).toMatch(/^W\/"[0-9a-f]{32}"$/)
    expect(gunzipSync(body).toString()).toBe(PAGE)
  })

  it('answers 304 to the weak ETag of the compressed page', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE })
    const headers = { 'accept-encoding': 'gzip' }
    const first = await client.get('/page/', undefined, { headers })
    const etag = first.getHeader('ETag')!
    const second = await client.get('/page/', undefined, {
      headers: { ...headers, 'if-none-match': etag },
    })
    expect(second.statusCode).toBe(304)
    expect(second.hasHeader('Content-Encoding')).toBe(false)
  })

  it('sends identity to clients that do not accept gzip, and leaves tiny bodies', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE })
    const plain = await client.get('/page/')
    expect(plain.hasHeader('Content-Encoding')).toBe(false)
    expect(await plain.text()).toBe(PAGE)
    const tiny = await client.get('/tiny/', undefined, { headers: { 'accept-encoding': 'gzip' } })
    expect(await tiny.text()).toBe('tiny')
  })

  it('gzipPage compresses one view without the middleware', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [] })
    const response = await client.get('/decorated/', undefined, {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(response.getHeader('Content-Encoding')).toBe('gzip')
    expect(gunzipSync((response as unknown as HttpResponse).content).toString()).toBe(PAGE)
  })
})

describe('GZipMiddleware over the node gateway', () => {
  let running: RunningServer
  beforeAll(async () => {
    const settings = buildSettings({ ROOT_URLCONF: urls, MIDDLEWARE, ALLOWED_HOSTS: ['*'] })
    running = await serve(new BaseHandler(settings, { installGlobals: false }), {
      port: 0,
      handleSignals: false,
    })
  })
  afterAll(async () => {
    await running?.shutdown()
  })

  function get(
    url: string,
    method = 'GET',
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${running.url}${url}`,
        { method, headers: { 'accept-encoding': 'gzip' } },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          )
        },
      )
      request.on('error', reject)
      request.end()
    })
  }

  it('writes a compressed page with the right Content-Length', async () => {
    const { status, headers, body } = await get('/page/')
    expect(status).toBe(200)
    expect(headers['content-encoding']).toBe('gzip')
    expect(Number(headers['content-length'])).toBe(body.length)
    expect(gunzipSync(body).toString()).toBe(PAGE)
  })

  it('streams a compressed body with chunked encoding', async () => {
    const { headers, body } = await get('/stream/')
    expect(headers['content-encoding']).toBe('gzip')
    expect(headers['content-length']).toBeUndefined()
    expect(headers['transfer-encoding']).toBe('chunked')
    const expected = Array.from({ length: 50 }, (_, i) => `line ${i} of the export\n`).join('')
    expect(gunzipSync(body).toString()).toBe(expected)
  })

  it('answers HEAD with the GET headers and no body', async () => {
    const { headers, body } = await get('/page/', 'HEAD')
    expect(headers['content-encoding']).toBe('gzip')
    expect(Number(headers['content-length'])).toBeGreaterThan(0)
    expect(body.length).toBe(0)
  })
})
