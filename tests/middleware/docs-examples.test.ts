/** The examples of docs/middleware.md, run through the real handler. */
import { describe, expect, it } from 'vitest'
import { buildSettings } from 'reinhardt/conf'
import { BaseHandler } from 'reinhardt/core'
import { HttpRequest, HttpResponse, HttpResponseRedirect } from 'reinhardt/http'
import { CommonMiddleware, SecurityMiddleware, XFrameOptionsMiddleware } from 'reinhardt/middleware'
import { Client } from 'reinhardt/test'
import { path } from 'reinhardt/urls'
import { patchCacheControl } from 'reinhardt/utils/cache'
import { httpDate, parseHttpDate } from 'reinhardt/utils/http-date'
import { condition, xframeOptionsExempt } from 'reinhardt/views'

const articles = new Map([[1, { text: 'First!', version: 1, updatedAt: new Date() }]])

const article = condition({
  etagFunc: (_request, { id }: { id: number }) => String(articles.get(id)?.version ?? ''),
  lastModifiedFunc: (_request, { id }: { id: number }) => articles.get(id)?.updatedAt,
})(async (request: HttpRequest, { id }: { id: number }) => {
  const found = articles.get(id)
  if (found === undefined) return new HttpResponse('no such article', { status: 404 })
  if (request.method === 'PUT') {
    found.text = (await request.read()).toString()
    found.version++
    found.updatedAt = new Date()
  }
  return new HttpResponse(found.text)
})

const webhook = Object.assign(async (_request: HttpRequest) => new HttpResponse('ok'), {
  shouldAppendSlash: false,
})

class TemporarySlashRedirects extends CommonMiddleware {
  protected override responseRedirectClass = HttpResponseRedirect
}

const urls = {
  urlpatterns: [
    path('articles/<int:id>/', article),
    path('hooks/github/', webhook),
    path(
      'widget/',
      xframeOptionsExempt((_request: HttpRequest) => new HttpResponse('…')),
    ),
  ],
}

function client(middleware = [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware]) {
  const settings = buildSettings({
    ROOT_URLCONF: urls,
    MIDDLEWARE: middleware,
    ALLOWED_HOSTS: ['testserver'],
  })
  return new Client({ handler: new BaseHandler(settings, { installGlobals: false }) })
}

describe('docs/middleware.md examples', () => {
  it('the conditional article view', async () => {
    const c = client()
    const first = await c.get('/articles/1/')
    expect(first.getHeader('ETag')).toBe('"1"')
    expect(
      (await c.get('/articles/1/', undefined, { headers: { 'if-none-match': '"1"' } })).statusCode,
    ).toBe(304)
    const saved = await c.put('/articles/1/', 'Edited', { headers: { 'if-match': '"1"' } })
    expect(await saved.text()).toBe('Edited')
    const stale = await c.put('/articles/1/', 'Lost', { headers: { 'if-match': '"1"' } })
    expect(stale.statusCode).toBe(412)
  })

  it('the no-slash webhook, the exempt widget and the 302 subclass', async () => {
    expect((await client().get('/hooks/github')).statusCode).toBe(404)
    expect((await client().get('/widget/')).hasHeader('X-Frame-Options')).toBe(false)
    const temporary = await client([TemporarySlashRedirects]).get('/articles/1')
    expect(temporary.statusCode).toBe(302)
  })

  it('the helpers', () => {
    const response = new HttpResponse('')
    patchCacheControl(response, { public: true, maxAge: 60 })
    response.setHeader('Last-Modified', httpDate(new Date(Date.UTC(2024, 0, 1))))
    expect(response.getHeader('Cache-Control')).toBe('public, max-age=60')
    expect(response.getHeader('Last-Modified')).toBe('Mon, 01 Jan 2024 00:00:00 GMT')
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(784111777)
  })
})
