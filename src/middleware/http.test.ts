import { describe, expect, it } from 'vitest'
import { buildSettings } from '../conf/settings.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { StreamingHttpResponse } from '../http/streaming-response.js'
import { RequestFactory } from '../test/request-factory.js'
import { ConditionalGetMiddleware } from './http.js'

const rf = new RequestFactory()
const HELLO_ETAG = '"5d41402abc4b2a76b9719d911017c592"' // md5('hello')
const MODIFIED = 'Sun, 06 Nov 1994 08:49:37 GMT'

function run(response: HttpResponseBase, headers: Record<string, string> = {}, method = 'GET') {
  const middleware = new ConditionalGetMiddleware(() => response, buildSettings())
  return middleware.call(rf.generic(method, '/', undefined, { headers })) as HttpResponseBase
}

describe('ConditionalGetMiddleware', () => {
  it('adds an ETag computed from the body', () => {
    expect(run(new HttpResponse('hello')).getHeader('ETag')).toBe(HELLO_ETAG)
  })

  it('answers 304 to a matching If-None-Match, for GET and HEAD', () => {
    for (const method of ['GET', 'HEAD']) {
      const response = run(new HttpResponse('hello'), { 'if-none-match': HELLO_ETAG }, method)
      expect(response.statusCode).toBe(304)
      expect(response.getHeader('ETag')).toBe(HELLO_ETAG)
      expect((response as HttpResponse).content.length).toBe(0)
    }
  })

  it('answers 200 when the tag does not match', () => {
    const response = run(new HttpResponse('hello'), { 'if-none-match': '"other"' })
    expect(response.statusCode).toBe(200)
  })

  it('keeps an ETag the view set and matches weakly', () => {
    const response = run(new HttpResponse('hello', { headers: { ETag: 'W/"v2"' } }), {
      'if-none-match': '"v2"',
    })
    expect(response.statusCode).toBe(304)
    expect(response.getHeader('ETag')).toBe('W/"v2"')
  })

  it('uses Last-Modified with If-Modified-Since', () => {
    const view = () =>
      new HttpResponse('x', { headers: { 'Last-Modified': MODIFIED, 'Cache-Control': 'no-store' } })
    expect(run(view(), { 'if-modified-since': MODIFIED }).statusCode).toBe(304)
    expect(run(view(), { 'if-modified-since': 'Sat, 05 Nov 1994 08:49:37 GMT' }).statusCode).toBe(
      200,
    )
  })

  it('answers 412 when If-Match fails', () => {
    expect(run(new HttpResponse('hello'), { 'if-match': '"other"' }).statusCode).toBe(412)
    expect(run(new HttpResponse('hello'), { 'if-match': HELLO_ETAG }).statusCode).toBe(200)
  })

  it('answers 412 when If-Unmodified-Since fails', () => {
    const response = new HttpResponse('x', { headers: { 'Last-Modified': MODIFIED } })
    expect(
      run(response, { 'if-unmodified-since': 'Sat, 05 Nov 1994 08:49:37 GMT' }).statusCode,
    ).toBe(412)
  })

  it('does not add an ETag when Cache-Control has no-store', () => {
    const response = run(
      new HttpResponse('hello', { headers: { 'Cache-Control': 'private, no-store' } }),
    )
    expect(response.hasHeader('ETag')).toBe(false)
  })

  it('leaves other methods, error statuses, streaming and empty bodies alone', () => {
    expect(run(new HttpResponse('hello'), {}, 'POST').hasHeader('ETag')).toBe(false)
    const notFound = run(new HttpResponse('hello', { status: 404 }), {
      'if-none-match': HELLO_ETAG,
    })
    expect(notFound.statusCode).toBe(404)
    expect(run(new StreamingHttpResponse(['hello'])).hasHeader('ETag')).toBe(false)
    expect(run(new HttpResponse('')).hasHeader('ETag')).toBe(false)
  })

  it('carries cookies and cache headers over to the 304', () => {
    const original = new HttpResponse('hello', {
      headers: { 'Cache-Control': 'max-age=60', Vary: 'Cookie', 'X-Drop': '1' },
    })
    original.setCookie('theme', 'dark')
    const response = run(original, { 'if-none-match': HELLO_ETAG })
    expect(response.statusCode).toBe(304)
    expect(response.getHeader('Cache-Control')).toBe('max-age=60')
    expect(response.getHeader('Vary')).toBe('Cookie')
    expect(response.hasHeader('X-Drop')).toBe(false)
    expect(response.cookies.get('theme')).toMatch(/^theme=dark/)
  })

  it('lets a subclass decide which responses get an ETag', () => {
    class NoEtags extends ConditionalGetMiddleware {
      override needsEtag() {
        return false
      }
    }
    const middleware = new NoEtags(() => new HttpResponse('hello'), buildSettings())
    const response = middleware.call(rf.get('/')) as HttpResponseBase
    expect(response.hasHeader('ETag')).toBe(false)
  })
})
