/** ConditionalGetMiddleware and the conditional view decorators through the handler. */
import { describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse } from '../../src/http/response.js'
import { CommonMiddleware } from '../../src/middleware/common.js'
import { ConditionalGetMiddleware } from '../../src/middleware/http.js'
import { path } from '../../src/urls/index.js'
import { httpDate } from '../../src/utils/http-date.js'
import { condition, conditionalPage, etag, lastModified } from '../../src/views/index.js'
import { clientWith } from './helpers.js'

const articles = new Map([
  [1, { body: 'First article', version: 3, updated: new Date(Date.UTC(2024, 4, 1)) }],
])
let viewCalls = 0

async function findArticle(_request: HttpRequest, { id }: { id: number }) {
  await Promise.resolve() // as a database lookup would
  return articles.get(id)
}

const urls = {
  urlpatterns: [
    path('page/', () => new HttpResponse('a page')),
    path(
      'dated/',
      () => new HttpResponse('dated', { headers: { 'Last-Modified': httpDate(1_700_000_000) } }),
    ),
    path(
      'articles/<int:id>/',
      condition({
        etagFunc: async (request, params: { id: number }) =>
          (await findArticle(request, params))?.version.toString(),
        lastModifiedFunc: async (request, params: { id: number }) =>
          (await findArticle(request, params))?.updated,
      })(async (request: HttpRequest, { id }: { id: number }) => {
        viewCalls++
        const article = articles.get(id)
        if (request.method === 'PUT' && article !== undefined) {
          article.version++
          return new HttpResponse('saved')
        }
        return new HttpResponse(article?.body ?? 'none')
      }),
    ),
    path(
      'tagged/',
      etag(() => 'fixed')(() => new HttpResponse('tagged')),
    ),
    path(
      'modified/',
      lastModified(() => new Date(0))(() => new HttpResponse('old')),
    ),
    path(
      'plain/',
      conditionalPage(() => new HttpResponse('plain page')),
    ),
  ],
}

describe('ConditionalGetMiddleware end to end', () => {
  const client = clientWith({
    ROOT_URLCONF: urls,
    MIDDLEWARE: [ConditionalGetMiddleware, CommonMiddleware],
  })

  it('revalidates a page by its ETag', async () => {
    const first = await client.get('/page/')
    const tag = first.getHeader('ETag')!
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/)
    const second = await client.get('/page/', undefined, { headers: { 'if-none-match': tag } })
    expect(second.statusCode).toBe(304)
    expect(await second.text()).toBe('')
    expect(second.hasHeader('Content-Length')).toBe(false)
  })

  it('revalidates by Last-Modified', async () => {
    const headers = { 'if-modified-since': httpDate(1_700_000_000) }
    // The ETag is added too, and If-None-Match is absent, so the date decides.
    expect((await client.get('/dated/', undefined, { headers })).statusCode).toBe(304)
  })

  it('answers 412 to a GET whose If-Match fails', async () => {
    const response = await client.get('/page/', undefined, { headers: { 'if-match': '"old"' } })
    expect(response.statusCode).toBe(412)
  })
})

describe('conditional view decorators end to end', () => {
  const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [] })

  it('condition skips the view for a fresh copy', async () => {
    viewCalls = 0
    const first = await client.get('/articles/1/')
    expect(first.getHeader('ETag')).toBe('"3"')
    expect(first.getHeader('Last-Modified')).toBe('Wed, 01 May 2024 00:00:00 GMT')
    const cached = await client.get('/articles/1/', undefined, {
      headers: { 'if-none-match': '"3"' },
    })
    expect(cached.statusCode).toBe(304)
    expect(viewCalls).toBe(1)
  })

  it('condition protects against lost updates with If-Match', async () => {
    viewCalls = 0
    const stale = await client.put('/articles/1/', 'x', { headers: { 'if-match': '"2"' } })
    expect(stale.statusCode).toBe(412)
    expect(viewCalls).toBe(0)
    const current = await client.put('/articles/1/', 'x', { headers: { 'if-match': '"3"' } })
    expect(current.statusCode).toBe(200)
    expect((await client.get('/articles/1/')).getHeader('ETag')).toBe('"4"')
  })

  it('etag, lastModified and conditionalPage', async () => {
    expect(
      (await client.get('/tagged/', undefined, { headers: { 'if-none-match': '"fixed"' } }))
        .statusCode,
    ).toBe(304)
    const old = await client.get('/modified/', undefined, {
      headers: { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
    })
    expect(old.statusCode).toBe(304)
    const plain = await client.get('/plain/')
    const again = await client.get('/plain/', undefined, {
      headers: { 'if-none-match': plain.getHeader('ETag')! },
    })
    expect(again.statusCode).toBe(304)
  })
})
