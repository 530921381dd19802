/** The Fetch gateway: the same project answering Web Requests with Web Responses. */
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { toFetchHandler } from '../../src/http/gateways/fetch.js'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse } from '../../src/http/response.js'
import { JsonResponse } from '../../src/http/json-response.js'
import { StreamingHttpResponse } from '../../src/http/streaming-response.js'
import { path } from '../../src/urls/index.js'

const urlpatterns = [
  path('hello/<str:name>/', (_request, { name }) =>
    new HttpResponse(`Hello, ${name}`).setCookie('seen', '1').setCookie('lang', 'en'),
  ),
  path(
    'echo/',
    async (request: HttpRequest) =>
      new JsonResponse({
        body: await request.json(),
        host: request.getHost(),
        secure: request.isSecure(),
      }),
  ),
  path('stream/', () => new StreamingHttpResponse(['a', 'b', 'c'])),
  path(
    'form/',
    (request: HttpRequest) => new JsonResponse({ name: request.POST.get('name') ?? null }),
  ),
]

const fetchHandler = toFetchHandler(
  new BaseHandler(
    buildSettings({
      ROOT_URLCONF: { urlpatterns },
      ALLOWED_HOSTS: ['example.com'],
      DATA_UPLOAD_MAX_MEMORY_SIZE: 100,
    }),
    { installGlobals: false },
  ),
)

describe('toFetchHandler', () => {
  it('answers a GET with status, body and every cookie', async () => {
    const response = await fetchHandler(new Request('https://example.com/hello/Ada%20L/'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('Hello, Ada L')
    expect(response.headers.getSetCookie()).toHaveLength(2)
  })

  it('reads JSON bodies and knows the scheme and host', async () => {
    const response = await fetchHandler(
      new Request('https://example.com/echo/', { method: 'POST', body: JSON.stringify({ x: 1 }) }),
    )
    expect(await response.json()).toEqual({ body: { x: 1 }, host: 'example.com', secure: true })
  })

  it('parses form bodies', async () => {
    const response = await fetchHandler(
      new Request('https://example.com/form/', {
        method: 'POST',
        body: new URLSearchParams({ name: 'Ada' }),
      }),
    )
    expect(await response.json()).toEqual({ name: 'Ada' })
  })

  it('streams', async () => {
    const response = await fetchHandler(new Request('https://example.com/stream/'))
    expect(await response.text()).toBe('abc')
  })

  it('maps errors: 404, 400 for a disallowed host, 413 for a large body, 400 for bad JSON', async () => {
    expect((await fetchHandler(new Request('https://example.com/nope/'))).status).toBe(404)
    expect(
      (await fetchHandler(new Request('https://evil.test/echo/', { method: 'POST', body: '{}' })))
        .status,
    ).toBe(400)
    const big = await fetchHandler(
      new Request('https://example.com/echo/', { method: 'POST', body: 'x'.repeat(500) }),
    )
    expect(big.status).toBe(413)
    const bad = await fetchHandler(
      new Request('https://example.com/echo/', { method: 'POST', body: '{nope' }),
    )
    expect(bad.status).toBe(400)
  })
})
