/** The test Client: the real handler without a socket, cookies, redirects, uploads, JSON. */
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../src/conf/settings.js'
import { BaseHandler } from '../src/core/handlers/base.js'
import type { HttpRequest } from '../src/http/request.js'
import { HttpResponse } from '../src/http/response.js'
import { JsonResponse } from '../src/http/json-response.js'
import {
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
} from '../src/http/response-redirect.js'
import { Client, RedirectCycleError } from '../src/test/client.js'
import { RequestFactory } from '../src/test/request-factory.js'
import { SimpleUploadedFile } from '../src/test/simple-uploaded-file.js'
import { path } from '../src/urls/index.js'

const urlpatterns = [
  path('login/', () => new HttpResponse('hi').setCookie('session', 'abc 123', { httpOnly: true })),
  path('logout/', () => new HttpResponse('bye').deleteCookie('session')),
  path(
    'whoami/',
    (request: HttpRequest) => new JsonResponse({ session: request.COOKIES.session ?? null }),
  ),
  path(
    'query/',
    (request: HttpRequest) =>
      new JsonResponse({ tags: request.GET.getlist('tag'), page: request.GET.get('page') }),
  ),
  path(
    'form/',
    (request: HttpRequest) =>
      new JsonResponse({ method: request.method, name: request.POST.get('name') ?? null }),
  ),
  path('json/', async (request: HttpRequest) => new JsonResponse({ got: await request.json() })),
  path('upload/', async (request: HttpRequest) => {
    const file = request.FILES.get('doc')
    return new JsonResponse({
      name: file?.name,
      size: file?.size,
      text: file ? (await file.read()).toString() : null,
      title: request.POST.get('title'),
    })
  }),
  path('a/', () => new HttpResponseRedirect('/b/')),
  path('b/', () => new HttpResponsePermanentRedirect('/c/')),
  path('c/', () => new HttpResponse('end of chain')),
  path('loop/', () => new HttpResponseRedirect('/loop/')),
  path('keep/', () => new HttpResponse('', { status: 307, headers: { Location: '/form/' } })),
  path('params/<slug:name>/', (_request, { name }) => new HttpResponse(name), { name: 'params' }),
]

function makeClient() {
  const settings = buildSettings({ ROOT_URLCONF: { urlpatterns } })
  return new Client({ handler: new BaseHandler(settings, { installGlobals: false }) })
}

describe('Client', () => {
  it('keeps cookies across requests and forgets deleted ones', async () => {
    const client = makeClient()
    await client.get('/login/')
    expect(client.cookies.get('session')).toBe('abc 123')
    expect(await (await client.get('/whoami/')).json()).toEqual({ session: 'abc 123' })
    await client.get('/logout/')
    expect(client.cookies.has('session')).toBe(false)
    expect(await (await client.get('/whoami/')).json()).toEqual({ session: null })
  })

  it('sends query data with repeated keys', async () => {
    const response = await makeClient().get('/query/', { tag: ['a', 'b'], page: 2 })
    expect(await response.json()).toEqual({ tags: ['a', 'b'], page: '2' })
  })

  it('posts multipart form data by default, and urlencoded when asked', async () => {
    const client = makeClient()
    expect(await (await client.post('/form/', { name: 'Ada' })).json()).toEqual({
      method: 'POST',
      name: 'Ada',
    })
    const urlencoded = await client.post(
      '/form/',
      { name: 'Grace' },
      { contentType: 'application/x-www-form-urlencoded' },
    )
    expect(await urlencoded.json()).toEqual({ method: 'POST', name: 'Grace' })
  })

  it('posts JSON', async () => {
    const response = await makeClient().post(
      '/json/',
      { a: [1, 2] },
      { contentType: 'application/json' },
    )
    expect(await response.json()).toEqual({ got: { a: [1, 2] } })
  })

  it('uploads files', async () => {
    const response = await makeClient().post('/upload/', {
      title: 'Notes',
      doc: new SimpleUploadedFile('notes.txt', 'hello file', 'text/plain'),
    })
    expect(await response.json()).toEqual({
      name: 'notes.txt',
      size: 10,
      text: 'hello file',
      title: 'Notes',
    })
  })

  it('follows redirects and records the chain', async () => {
    const response = await makeClient().get('/a/', undefined, { follow: true })
    expect(response.statusCode).toBe(200)
    expect(await response.text()).toBe('end of chain')
    expect(response.redirectChain).toEqual([
      ['/b/', 302],
      ['/c/', 301],
    ])
  })

  it('does not follow unless asked', async () => {
    const response = await makeClient().get('/a/')
    expect(response.statusCode).toBe(302)
    expect(response.getHeader('Location')).toBe('/b/')
  })

  it('detects redirect loops', async () => {
    await expect(makeClient().get('/loop/', undefined, { follow: true })).rejects.toBeInstanceOf(
      RedirectCycleError,
    )
  })

  it('keeps the method and body on 307', async () => {
    const response = await makeClient().post('/keep/', { name: 'Linus' }, { follow: true })
    expect(await response.json()).toEqual({ method: 'POST', name: 'Linus' })
  })

  it('exposes the resolver match and the request', async () => {
    const response = await makeClient().get('/params/hello-world/')
    expect(response.resolverMatch?.urlName).toBe('params')
    expect(response.resolverMatch?.kwargs).toEqual({ name: 'hello-world' })
    expect(response.request.path).toBe('/params/hello-world/')
  })

  it('refuses json() on a non-JSON response', async () => {
    const response = await makeClient().get('/c/')
    await expect(response.json()).rejects.toThrow(/not "application\/json"/)
  })
})

describe('RequestFactory', () => {
  it('builds requests for calling views directly', async () => {
    const rf = new RequestFactory()
    const request = rf.get('/query/?x=1', { tag: 'z' })
    expect(request.method).toBe('GET')
    expect(request.GET.get('x')).toBe('1')
    expect(request.GET.get('tag')).toBe('z')
    expect(request.getHost()).toBe('testserver')
    const post = rf.post(
      '/form/',
      { name: 'Ada' },
      { contentType: 'application/x-www-form-urlencoded' },
    )
    await post.loadBody()
    expect(post.POST.get('name')).toBe('Ada')
    const put = rf.put('/x/', 'raw text', { contentType: 'text/plain' })
    expect((await put.read()).toString()).toBe('raw text')
  })

  it('builds secure requests and custom headers', () => {
    const request = new RequestFactory().get('/', undefined, {
      secure: true,
      headers: { 'X-Custom': 'yes' },
    })
    expect(request.isSecure()).toBe(true)
    expect(request.headers.get('x-custom')).toBe('yes')
  })

  it('refuses to encode an object for an unknown content type', () => {
    expect(() => new RequestFactory().put('/x/', { a: 1 })).toThrow(/Cannot encode/)
  })
})
