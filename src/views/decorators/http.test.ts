import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLogSink, type LogRecord, type LogSink } from '../../core/log.js'
import { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import { path } from '../../urls/index.js'
import { View } from '../base.js'
import type { View as ViewFunction } from '../types.js'
import { requireGET, requireHttpMethods, requirePOST, requireSafe } from './http.js'

function request(method: string, url = '/x/'): HttpRequest {
  return new HttpRequest({ method, url, headers: { host: 'testserver' } })
}

let logs: LogRecord[]
let previousSink: LogSink
beforeEach(() => {
  logs = []
  previousSink = setLogSink((record) => logs.push(record))
})
afterEach(() => {
  setLogSink(previousSink)
})

function article(_request: HttpRequest, { id }: { id: number }) {
  return new HttpResponse(`article ${id}`)
}

async function asyncArticle(_request: HttpRequest, { id }: { id: number }) {
  await Promise.resolve()
  return new HttpResponse(`async article ${id}`)
}

describe('requireHttpMethods', () => {
  it('calls the view for a listed method', async () => {
    const view = requireHttpMethods(['GET', 'POST'])(article)
    const response = await view(request('POST'), { id: 3 })
    expect(response.statusCode).toBe(200)
    expect((response as HttpResponse).text()).toBe('article 3')
  })

  it('works with async views', async () => {
    const view = requireHttpMethods(['GET'])(asyncArticle)
    const response = await view(request('GET'), { id: 4 })
    expect((response as HttpResponse).text()).toBe('async article 4')
    expect((await view(request('POST'), { id: 4 })).statusCode).toBe(405)
  })

  it('answers 405 with Allow for other methods, without calling the view', async () => {
    let called = false
    const view = requireHttpMethods(['GET', 'POST'])(() => {
      called = true
      return new HttpResponse('')
    })
    const response = await view(request('DELETE', '/things/'), {})
    expect(called).toBe(false)
    expect(response.statusCode).toBe(405)
    expect(response.getHeader('Allow')).toBe('GET, POST')
    expect(logs[0]).toMatchObject({
      logger: 'reinhardt.request',
      level: 'warning',
      message: 'Method Not Allowed (DELETE): /things/',
    })
  })

  it('compares methods case-insensitively', async () => {
    const view = requireHttpMethods(['get'])(article)
    expect((await view(request('GET'), { id: 1 })).statusCode).toBe(200)
    expect((await view(request('POST'), { id: 1 })).getHeader('Allow')).toBe('GET')
  })

  it('keeps the view name and parameter types', () => {
    const view = requireHttpMethods(['GET'])(article)
    expect(view.name).toBe('article')
    const typed: ViewFunction<{ id: number }> = view
    expect(typed).toBe(view)
    // @ts-expect-error: the params type is preserved, so a string id is refused
    void (() => view(request('GET'), { id: 'x' }))
  })

  it('fits path() with the same route parameters as the view', () => {
    expect(path('articles/<int:id>/', requireSafe(article)).name).toBe(null)
    // @ts-expect-error: the route supplies `slug`, the view needs `id`
    void path('articles/<slug:slug>/', requireSafe(article))
  })

  it('keeps the properties of an asView() function', () => {
    class Thing extends View {
      get() {
        return new HttpResponse('')
      }
    }
    const view = requireGET(Thing.asView())
    expect(view.viewClass).toBe(Thing)
    expect(view.name).toBe('Thing')
  })
})

describe('shorthands', () => {
  it('requireGET allows GET only', async () => {
    const view = requireGET(article)
    expect((await view(request('GET'), { id: 1 })).statusCode).toBe(200)
    const refused = await view(request('HEAD'), { id: 1 })
    expect(refused.statusCode).toBe(405)
    expect(refused.getHeader('Allow')).toBe('GET')
  })

  it('requirePOST allows POST only', async () => {
    const view = requirePOST(article)
    expect((await view(request('POST'), { id: 1 })).statusCode).toBe(200)
    expect((await view(request('GET'), { id: 1 })).getHeader('Allow')).toBe('POST')
  })

  it('requireSafe allows GET and HEAD', async () => {
    const view = requireSafe(article)
    expect((await view(request('GET'), { id: 1 })).statusCode).toBe(200)
    expect((await view(request('HEAD'), { id: 1 })).statusCode).toBe(200)
    const refused = await view(request('PUT'), { id: 1 })
    expect(refused.statusCode).toBe(405)
    expect(refused.getHeader('Allow')).toBe('GET, HEAD')
  })
})
