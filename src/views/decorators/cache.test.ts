import { describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../../http/response.js'
import { RequestFactory } from '../../test/request-factory.js'
import { parseHttpDate } from '../../utils/http-date.js'
import { cacheControl, neverCache } from './cache.js'

const rf = new RequestFactory()

describe('cacheControl', () => {
  it('adds directives to the response', async () => {
    const view = cacheControl({ public: true, maxAge: 3600 })(
      async (_r: HttpRequest) => new HttpResponse('x'),
    )
    const response = await view(rf.get('/'), {})
    expect(response.getHeader('Cache-Control')).toBe('public, max-age=3600')
  })

  it('merges with what the view set (smaller max-age, private replaces public)', () => {
    const view = cacheControl({ private: true, maxAge: 600 })(
      () => new HttpResponse('x', { headers: { 'Cache-Control': 'public, max-age=60' } }),
    )
    const response = view(rf.get('/'), {}) as HttpResponseBase
    expect(response.getHeader('Cache-Control')).toBe('max-age=60, private')
  })

  it('is not affected by later changes to the options object', () => {
    const options: Record<string, number> = { maxAge: 10 }
    const view = cacheControl(options)(() => new HttpResponse('x'))
    options.maxAge = 99
    expect((view(rf.get('/'), {}) as HttpResponseBase).getHeader('Cache-Control')).toBe(
      'max-age=10',
    )
  })
})

describe('neverCache', () => {
  it('makes the response uncacheable', () => {
    const view = neverCache(function account(_r: HttpRequest) {
      return new HttpResponse('balance')
    })
    expect(view.name).toBe('account')
    const response = view(rf.get('/'), {}) as HttpResponseBase
    expect(response.getHeader('Cache-Control')).toBe(
      'max-age=0, no-cache, no-store, must-revalidate, private',
    )
    expect(
      Math.abs(parseHttpDate(response.getHeader('Expires')!) - Date.now() / 1000),
    ).toBeLessThan(3)
  })
})
