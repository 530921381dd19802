import { describe, expect, it } from 'vitest'
import { BadHeaderError } from '../http/exceptions.js'
import { HttpResponse } from '../http/response.js'
import { StreamingHttpResponse } from '../http/streaming-response.js'
import { RequestFactory } from '../test/request-factory.js'
import {
  addNeverCacheHeaders,
  getConditionalResponse,
  getMaxAge,
  hasVaryHeader,
  parseEtags,
  patchCacheControl,
  patchResponseHeaders,
  patchVaryHeaders,
  quoteEtag,
  setResponseEtag,
} from './cache.js'
import { httpDate, parseHttpDate } from './http-date.js'

const rf = new RequestFactory()

describe('ETags', () => {
  it('quoteEtag quotes bare tags and keeps quoted or weak ones', () => {
    expect(quoteEtag('abc')).toBe('"abc"')
    expect(quoteEtag('"abc"')).toBe('"abc"')
    expect(quoteEtag('W/"abc"')).toBe('W/"abc"')
    expect(quoteEtag('W/abc')).toBe('"W/abc"')
  })

  it('parseEtags keeps valid tags and drops junk', () => {
    expect(parseEtags('"a", W/"b" ,junk, "c,d"')).toEqual(['"a"', 'W/"b"'])
    expect(parseEtags(' * ')).toEqual(['*'])
    expect(parseEtags('')).toEqual([])
    expect(parseEtags('"a", *')).toEqual(['"a"'])
  })

  it('setResponseEtag hashes the body and skips empty and streaming responses', () => {
    const response = setResponseEtag(new HttpResponse('hello'))
    expect(response.getHeader('ETag')).toBe('"5d41402abc4b2a76b9719d911017c592"')
    const bytes = setResponseEtag(new HttpResponse(Buffer.from('hello')))
    expect(bytes.getHeader('ETag')).toBe('"5d41402abc4b2a76b9719d911017c592"')
    expect(setResponseEtag(new HttpResponse('')).hasHeader('ETag')).toBe(false)
    expect(setResponseEtag(new StreamingHttpResponse(['x'])).hasHeader('ETag')).toBe(false)
  })
})

describe('Vary', () => {
  it('adds names once, case-insensitively, keeping the order', () => {
    const response = new HttpResponse('')
    patchVaryHeaders(response, ['Accept-Encoding'])
    patchVaryHeaders(response, ['cookie', 'accept-encoding', 'Accept-Language'])
    expect(response.getHeader('Vary')).toBe('Accept-Encoding, cookie, Accept-Language')
    expect(hasVaryHeader(response, 'Cookie')).toBe(true)
    expect(hasVaryHeader(response, 'User-Agent')).toBe(false)
  })

  it('collapses to * when * is present', () => {
    const response = new HttpResponse('', { headers: { Vary: 'Cookie,*' } })
    patchVaryHeaders(response, ['Accept'])
    expect(response.getHeader('Vary')).toBe('*')
  })

  it('hasVaryHeader is false without a Vary header', () => {
    expect(hasVaryHeader(new HttpResponse(''), 'Cookie')).toBe(false)
  })

  it('refuses a header name with a line break', () => {
    expect(() => patchVaryHeaders(new HttpResponse(''), ['Cookie\r\nX-Evil: 1'])).toThrow(
      BadHeaderError,
    )
  })
})

describe('patchCacheControl', () => {
  it('writes camelCase directives in kebab-case', () => {
    const response = new HttpResponse('')
    patchCacheControl(response, { public: true, maxAge: 3600, staleWhileRevalidate: 30 })
    expect(response.getHeader('Cache-Control')).toBe(
      'public, max-age=3600, stale-while-revalidate=30',
    )
  })

  it('keeps existing directives and takes the smaller max-age', () => {
    const response = new HttpResponse('', {
      headers: { 'Cache-Control': 'max-age=60, no-transform' },
    })
    patchCacheControl(response, { maxAge: 3600, 's-maxage': 10 })
    expect(response.getHeader('Cache-Control')).toBe('max-age=60, no-transform, s-maxage=10')
    patchCacheControl(response, { maxAge: 5 })
    expect(getMaxAge(response)).toBe(5)
  })

  it('public replaces private and the other way round', () => {
    const response = new HttpResponse('', { headers: { 'Cache-Control': 'private' } })
    patchCacheControl(response, { public: true })
    expect(response.getHeader('Cache-Control')).toBe('public')
    patchCacheControl(response, { private: true })
    expect(response.getHeader('Cache-Control')).toBe('private')
  })

  it('collects no-cache field names, bare no-cache winning', () => {
    const response = new HttpResponse('', { headers: { 'Cache-Control': 'no-cache="Set-Cookie"' } })
    patchCacheControl(response, { noCache: '"X-Token"' })
    expect(response.getHeader('Cache-Control')).toBe('no-cache="Set-Cookie", no-cache="X-Token"')
    patchCacheControl(response, { noCache: true })
    expect(response.getHeader('Cache-Control')).toBe('no-cache')
  })

  it('false removes a directive', () => {
    const response = new HttpResponse('', { headers: { 'Cache-Control': 'no-store, max-age=0' } })
    patchCacheControl(response, { noStore: false })
    expect(response.getHeader('Cache-Control')).toBe('max-age=0')
  })

  it('getMaxAge is null without a usable max-age', () => {
    expect(getMaxAge(new HttpResponse(''))).toBeNull()
    const response = new HttpResponse('', { headers: { 'Cache-Control': 'max-age=soon' } })
    expect(getMaxAge(response)).toBeNull()
  })
})

describe('never-cache headers', () => {
  it('patchResponseHeaders sets Expires once and max-age', () => {
    const response = new HttpResponse('')
    const now = Math.floor(Date.now() / 1000)
    patchResponseHeaders(response, 600)
    const expires = parseHttpDate(response.getHeader('Expires')!)
    expect(expires).toBeGreaterThanOrEqual(now + 599)
    expect(expires).toBeLessThanOrEqual(now + 602)
    expect(response.getHeader('Cache-Control')).toBe('max-age=600')
    response.setHeader('Expires', 'Thu, 01 Jan 2037 00:00:00 GMT')
    patchResponseHeaders(response, 10)
    expect(response.getHeader('Expires')).toBe('Thu, 01 Jan 2037 00:00:00 GMT')
  })

  it('addNeverCacheHeaders makes the response uncacheable', () => {
    const response = new HttpResponse('')
    addNeverCacheHeaders(response)
    expect(response.getHeader('Cache-Control')).toBe(
      'max-age=0, no-cache, no-store, must-revalidate, private',
    )
    const expires = parseHttpDate(response.getHeader('Expires')!)
    expect(Math.abs(expires - Date.now() / 1000)).toBeLessThan(3)
  })
})

describe('getConditionalResponse', () => {
  const ETAG = '"v1"'
  const MODIFIED = parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')
  const get = (headers: Record<string, string>, method = 'GET') =>
    rf.generic(method, '/resource/', undefined, { headers })

  function ok() {
    const response = new HttpResponse('body', {
      headers: {
        ETag: ETAG,
        'Last-Modified': httpDate(MODIFIED),
        'Cache-Control': 'max-age=60',
        Vary: 'Cookie',
        'X-Other': 'dropped',
      },
    })
    response.setCookie('seen', '1')
    return response
  }

  it('returns the response (or null) when there are no preconditions', () => {
    const response = ok()
    expect(getConditionalResponse(get({}), { etag: ETAG, response })).toBe(response)
    expect(getConditionalResponse(get({}), { etag: ETAG })).toBeNull()
  })

  it('If-None-Match with the current tag gives 304 keeping the right headers and cookies', () => {
    const result = getConditionalResponse(get({ 'if-none-match': '"v0", W/"v1"' }), {
      etag: ETAG,
      lastModified: MODIFIED,
      response: ok(),
    })!
    expect(result.statusCode).toBe(304)
    expect(result.getHeader('ETag')).toBe(ETAG)
    expect(result.getHeader('Cache-Control')).toBe('max-age=60')
    expect(result.getHeader('Vary')).toBe('Cookie')
    expect(result.getHeader('Last-Modified')).toBe('Sun, 06 Nov 1994 08:49:37 GMT')
    expect(result.hasHeader('X-Other')).toBe(false)
    expect(result.hasHeader('Content-Type')).toBe(false)
    expect(result.cookies.get('seen')).toContain('seen=1')
  })

  it('If-None-Match: * matches any current representation', () => {
    expect(getConditionalResponse(get({ 'if-none-match': '*' }), { etag: ETAG })!.statusCode).toBe(
      304,
    )
    expect(getConditionalResponse(get({ 'if-none-match': '*' }), {})).toBeNull()
  })

  it('If-None-Match with another tag passes, and wins over If-Modified-Since', () => {
    const request = get({
      'if-none-match': '"other"',
      'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT',
    })
    expect(getConditionalResponse(request, { etag: ETAG, lastModified: MODIFIED })).toBeNull()
  })

  it('If-None-Match fails with 412 for unsafe methods', () => {
    const request = get({ 'if-none-match': ETAG }, 'PUT')
    expect(getConditionalResponse(request, { etag: ETAG })!.statusCode).toBe(412)
  })

  it('If-Modified-Since gives 304 when not modified since, for GET and HEAD only', () => {
    const since = { 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' }
    expect(getConditionalResponse(get(since), { lastModified: MODIFIED })!.statusCode).toBe(304)
    expect(getConditionalResponse(get(since, 'HEAD'), { lastModified: MODIFIED })!.statusCode).toBe(
      304,
    )
    expect(getConditionalResponse(get(since, 'POST'), { lastModified: MODIFIED })).toBeNull()
    expect(getConditionalResponse(get(since), { lastModified: MODIFIED + 1 })).toBeNull()
    expect(getConditionalResponse(get(since), {})).toBeNull()
  })

  it('ignores a malformed If-Modified-Since', () => {
    const request = get({ 'if-modified-since': 'last tuesday' })
    expect(getConditionalResponse(request, { lastModified: MODIFIED })).toBeNull()
  })

  it('If-Match needs a strong match, else 412', () => {
    const put = (tag: string) => get({ 'if-match': tag }, 'PUT')
    expect(getConditionalResponse(put(ETAG), { etag: ETAG })).toBeNull()
    expect(getConditionalResponse(put('"v0"'), { etag: ETAG })!.statusCode).toBe(412)
    expect(getConditionalResponse(put('W/"v1"'), { etag: 'W/"v1"' })!.statusCode).toBe(412)
    expect(getConditionalResponse(put('*'), { etag: 'W/"v1"' })).toBeNull()
    expect(getConditionalResponse(put('*'), {})!.statusCode).toBe(412)
  })

  it('If-Unmodified-Since gives 412 when modified since (or unknown)', () => {
    const put = get({ 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' }, 'PUT')
    expect(getConditionalResponse(put, { lastModified: MODIFIED })).toBeNull()
    expect(getConditionalResponse(put, { lastModified: MODIFIED + 60 })!.statusCode).toBe(412)
    expect(getConditionalResponse(put, {})!.statusCode).toBe(412)
  })

  it('If-Match takes precedence over If-Unmodified-Since', () => {
    const put = get(
      { 'if-match': ETAG, 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' },
      'PUT',
    )
    expect(getConditionalResponse(put, { etag: ETAG, lastModified: MODIFIED + 60 })).toBeNull()
  })

  it('leaves responses outside 2xx alone', () => {
    const notFound = new HttpResponse('', { status: 404, headers: { ETag: ETAG } })
    const request = get({ 'if-none-match': ETAG })
    expect(getConditionalResponse(request, { etag: ETAG, response: notFound })).toBe(notFound)
  })

  it('closes a streaming original when the 304 that replaced it is closed', () => {
    let stopped = false
    function* body() {
      try {
        yield 'x'
        yield 'y'
      } finally {
        stopped = true
      }
    }
    const streaming = new StreamingHttpResponse(body(), { headers: { ETag: ETAG } })
    const iterator = streaming.streamingContent
    void iterator.next()
    const result = getConditionalResponse(get({ 'if-none-match': ETAG }), {
      etag: ETAG,
      response: streaming,
    })!
    expect(result.statusCode).toBe(304)
    result.close()
    expect(streaming.closed).toBe(true)
    expect(stopped).toBe(true)
  })
})
