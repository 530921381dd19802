import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLogSink, type LogRecord, type LogSink } from '../../core/log.js'
import { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import type { HttpResponseRedirectBase } from '../../http/response-redirect.js'
import { NoReverseMatch } from '../../urls/exceptions.js'
import { path, rePath, resolve, setUrlconf } from '../../urls/index.js'
import { ResolverMatch } from '../../urls/resolver-match.js'
import { interpolate, RedirectView } from './redirect-view.js'

function request(method: string, url = '/from/'): HttpRequest {
  return new HttpRequest({ method, url, headers: { host: 'testserver' } })
}

function location(response: unknown): string | undefined {
  return (response as HttpResponseRedirectBase).getHeader('Location')
}

const article = (_request: HttpRequest, { id }: { id: number }) => new HttpResponse(`article ${id}`)
const year = () => new HttpResponse('year')

let logs: LogRecord[]
let previousSink: LogSink
beforeEach(() => {
  logs = []
  previousSink = setLogSink((record) => logs.push(record))
  setUrlconf({
    urlpatterns: [
      path('articles/<int:id>/', article, { name: 'article' }),
      rePath('^archive/([0-9]{4})/$', year, { name: 'archive' }),
    ],
  })
})
afterEach(() => {
  setLogSink(previousSink)
  setUrlconf(null)
})

describe('RedirectView with url', () => {
  it('mounts with path() and redirects through resolve()', async () => {
    const urlconf = {
      urlpatterns: [path('go/<int:id>/', RedirectView.asView({ url: '/articles/%(id)d/' }))],
    }
    const match = resolve('/go/5/', urlconf)
    expect(location(await match.func(request('GET', '/go/5/'), match.kwargs))).toBe('/articles/5/')
  })

  it('answers 302 to a fixed URL', async () => {
    const response = await RedirectView.asView({ url: '/to/' })(request('GET'), {})
    expect(response.statusCode).toBe(302)
    expect(location(response)).toBe('/to/')
  })

  it('answers 301 when permanent', async () => {
    const response = await RedirectView.asView({ url: '/to/', permanent: true })(request('GET'), {})
    expect(response.statusCode).toBe(301)
    expect(location(response)).toBe('/to/')
  })

  it('fills %(name)s placeholders from the URL parameters', async () => {
    const view = RedirectView.asView({ url: '/articles/%(id)s/%(slug)s/' })
    const response = await view(request('GET'), { id: 42, slug: 'hello' })
    expect(location(response)).toBe('/articles/42/hello/')
  })

  it('drops the query string by default and keeps it with queryString', async () => {
    const dropped = await RedirectView.asView({ url: '/to/' })(request('GET', '/from/?a=1&b=2'), {})
    expect(location(dropped)).toBe('/to/')
    const kept = RedirectView.asView({ url: '/to/', queryString: true })
    expect(location(await kept(request('GET', '/from/?a=1&b=2'), {}))).toBe('/to/?a=1&b=2')
    // No '?' is added when the request has no query string.
    expect(location(await kept(request('GET', '/from/'), {}))).toBe('/to/')
  })

  it('joins with & when the target already has a query string', async () => {
    const view = RedirectView.asView({ url: '/to/?x=1', queryString: true })
    expect(location(await view(request('GET', '/from/?a=1'), {}))).toBe('/to/?x=1&a=1')
  })

  it('redirects every common method the same way', async () => {
    const view = RedirectView.asView({ url: '/to/' })
    for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE', 'PUT', 'PATCH']) {
      const response = await view(request(method), {})
      expect(response.statusCode, method).toBe(302)
      expect(location(response), method).toBe('/to/')
    }
    const trace = await view(request('TRACE'), {})
    expect(trace.statusCode).toBe(405)
  })

  it('throws on a placeholder the URL does not provide', async () => {
    const view = RedirectView.asView({ url: '/articles/%(id)s/' })
    await expect(view(request('GET'), {})).rejects.toThrow(/no parameter "id"/)
  })
})

describe('RedirectView with patternName', () => {
  it('reverses the pattern with the URL parameters', async () => {
    const view = RedirectView.asView({ patternName: 'article' })
    const response = await view(request('GET'), { id: 7 })
    expect(response.statusCode).toBe(302)
    expect(location(response)).toBe('/articles/7/')
  })

  it('uses positional captures of rePath patterns', async () => {
    const req = request('GET', '/old-archive/2024/?page=2')
    req.resolverMatch = new ResolverMatch({
      func: RedirectView.asView(),
      args: ['2024'],
      kwargs: {},
      urlName: null,
      route: '^old-archive/([0-9]{4})/$',
      appNames: [],
      namespaces: [],
    })
    const view = RedirectView.asView({ patternName: 'archive', permanent: true, queryString: true })
    const response = await view(req, {})
    expect(response.statusCode).toBe(301)
    expect(location(response)).toBe('/archive/2024/?page=2')
  })

  it('lets NoReverseMatch propagate when the parameters do not fit', async () => {
    const view = RedirectView.asView({ patternName: 'article' })
    await expect(view(request('GET'), { slug: 'x' })).rejects.toBeInstanceOf(NoReverseMatch)
  })

  it('prefers url over patternName', async () => {
    const view = RedirectView.asView({ url: '/fixed/', patternName: 'article' })
    expect(location(await view(request('GET'), { id: 1 }))).toBe('/fixed/')
  })
})

describe('RedirectView without a target', () => {
  it('answers 410 Gone and logs it', async () => {
    const response = await RedirectView.asView()(request('GET', '/gone/'), {})
    expect(response.statusCode).toBe(410)
    expect(logs[0]).toMatchObject({
      logger: 'reinhardt.request',
      level: 'warning',
      message: 'Gone: /gone/',
    })
  })

  it('treats an empty url as no target', async () => {
    expect((await RedirectView.asView({ url: '' })(request('GET'), {})).statusCode).toBe(410)
  })

  it('lets subclasses compute the target, even asynchronously', async () => {
    class Latest extends RedirectView {
      override async getRedirectUrl(params: Record<string, unknown>) {
        await Promise.resolve()
        return params.missing ? null : '/latest/'
      }
    }
    expect(location(await Latest.asView()(request('GET'), {}))).toBe('/latest/')
    expect((await Latest.asView()(request('GET'), { missing: true })).statusCode).toBe(410)
  })
})

describe('interpolate', () => {
  it('fills %(name)s and %(name)d', () => {
    expect(interpolate('/a/%(x)s/%(n)d/', { x: 'b', n: 3.7 })).toBe('/a/b/3/')
    expect(interpolate('/a/%(n)i/', { n: '12' })).toBe('/a/12/')
  })

  it('turns %% into a literal percent', () => {
    expect(interpolate('/a%%20b/%(x)s', { x: 'c' })).toBe('/a%20b/c')
  })

  it('leaves a template without placeholders alone', () => {
    expect(interpolate('/plain/', { x: 1 })).toBe('/plain/')
  })

  it('refuses a stray percent sign', () => {
    expect(() => interpolate('/a%20b/', {})).toThrow(/Invalid placeholder "%2".*%%/)
    expect(() => interpolate('/a%', {})).toThrow(/Invalid placeholder "%"/)
    expect(() => interpolate('/a/%(x)q', { x: 1 })).toThrow(/Invalid placeholder/)
  })

  it('refuses %(name)d for a value that is not a number', () => {
    expect(() => interpolate('/%(x)d/', { x: 'abc' })).toThrow(/needs a number/)
  })

  it('does not read inherited properties', () => {
    expect(() => interpolate('/%(toString)s/', {})).toThrow(/no parameter "toString"/)
  })
})
