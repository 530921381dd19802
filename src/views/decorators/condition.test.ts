/** The conditional-processing decorators of http.ts: condition, etag, lastModified, conditionalPage. */
import { describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../../http/response.js'
import { RequestFactory } from '../../test/request-factory.js'
import { condition, conditionalPage, etag, lastModified } from './http.js'

const rf = new RequestFactory()
const UPDATED = new Date(Date.UTC(2024, 0, 15, 12, 30, 45, 999))
const UPDATED_HTTP = 'Mon, 15 Jan 2024 12:30:45 GMT'

function counting() {
  let calls = 0
  const view = (_request: HttpRequest, { id }: { id: number }) => {
    calls++
    return new HttpResponse(`article ${id}`)
  }
  return { view, calls: () => calls }
}

const req = (headers: Record<string, string> = {}, method = 'GET') =>
  rf.generic(method, '/articles/1/', undefined, { headers })

describe('condition', () => {
  it('answers 304 without calling the view when the ETag matches', async () => {
    const { view, calls } = counting()
    const decorated = condition({ etagFunc: (_r, { id }: { id: number }) => `v${id}` })(view)
    const response = await decorated(req({ 'if-none-match': '"v1"' }), { id: 1 })
    expect(response.statusCode).toBe(304)
    expect(response.getHeader('ETag')).toBe('"v1"')
    expect(calls()).toBe(0)
  })

  it('calls the view and adds the validators when the client has a stale copy', async () => {
    const { view, calls } = counting()
    const decorated = condition({
      etagFunc: () => '"v1"',
      lastModifiedFunc: () => UPDATED,
    })(view)
    const response = (await decorated(req({ 'if-none-match': '"v0"' }), { id: 1 })) as HttpResponse
    expect(response.statusCode).toBe(200)
    expect(response.text()).toBe('article 1')
    expect(response.getHeader('ETag')).toBe('"v1"')
    expect(response.getHeader('Last-Modified')).toBe(UPDATED_HTTP)
    expect(calls()).toBe(1)
  })

  it('stays synchronous when the functions and the view are', () => {
    const { view } = counting()
    const result = etag(() => 'v1')(view)(req(), { id: 1 })
    expect(result).toBeInstanceOf(HttpResponse)
  })

  it('awaits async functions (a database lookup)', async () => {
    const { view, calls } = counting()
    const decorated = lastModified(async () => {
      await new Promise((resolve) => setImmediate(resolve))
      return UPDATED
    })(view)
    const fresh = await decorated(req({ 'if-modified-since': UPDATED_HTTP }), { id: 1 })
    expect(fresh.statusCode).toBe(304)
    expect(fresh.getHeader('Last-Modified')).toBe(UPDATED_HTTP)
    const stale = await decorated(req({ 'if-modified-since': 'Sun, 14 Jan 2024 00:00:00 GMT' }), {
      id: 1,
    })
    expect(stale.statusCode).toBe(200)
    expect(calls()).toBe(1)
  })

  it('answers 412 to a failed If-Match on an unsafe method, without calling the view', async () => {
    const { view, calls } = counting()
    const decorated = etag(() => 'v2')(view)
    const response = await decorated(req({ 'if-match': '"v1"' }, 'PUT'), { id: 1 })
    expect(response.statusCode).toBe(412)
    expect(calls()).toBe(0)
    const ok = await decorated(req({ 'if-match': '"v2"' }, 'PUT'), { id: 1 })
    expect(ok.statusCode).toBe(200)
    // No validators are added for unsafe methods.
    expect(ok.hasHeader('ETag')).toBe(false)
  })

  it('does not override headers the view set', async () => {
    const decorated = condition({ etagFunc: () => 'computed', lastModifiedFunc: () => UPDATED })(
      () =>
        new HttpResponse('x', {
          headers: { ETag: '"own"', 'Last-Modified': 'Sun, 06 Nov 1994 08:49:37 GMT' },
        }),
    )
    const response = (await decorated(req(), {})) as HttpResponseBase
    expect(response.getHeader('ETag')).toBe('"own"')
    expect(response.getHeader('Last-Modified')).toBe('Sun, 06 Nov 1994 08:49:37 GMT')
  })

  it('treats null results as unknown validators', async () => {
    const { view, calls } = counting()
    const decorated = condition({ etagFunc: () => null, lastModifiedFunc: () => undefined })(view)
    const response = await decorated(req({ 'if-none-match': '*' }), { id: 1 })
    expect(response.statusCode).toBe(200)
    expect(response.hasHeader('ETag')).toBe(false)
    expect(calls()).toBe(1)
  })

  it('refuses an invalid date and a condition without functions', async () => {
    const decorated = lastModified(() => new Date('not a date'))(() => new HttpResponse('x'))
    expect(() => decorated(req(), {})).toThrow(/valid Date/)
    expect(() => condition({})).toThrow(TypeError)
  })

  it('refuses an ETag with a line break', () => {
    const decorated = etag(() => 'v1"\r\nX-Evil: 1')(() => new HttpResponse('x'))
    expect(() => decorated(req(), {})).toThrow(/newlines/)
  })
})

describe('conditionalPage', () => {
  it('adds a body ETag and answers 304 to it, after running the view', async () => {
    const { view, calls } = counting()
    const decorated = conditionalPage(view)
    const first = (await decorated(req(), { id: 7 })) as HttpResponseBase
    const tag = first.getHeader('ETag')!
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/)
    const second = await decorated(req({ 'if-none-match': tag }), { id: 7 })
    expect(second.statusCode).toBe(304)
    expect(calls()).toBe(2)
  })
})
