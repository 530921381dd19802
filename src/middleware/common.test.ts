import { describe, expect, it } from 'vitest'
import { buildSettings, type SettingsInput } from '../conf/settings.js'
import { DisallowedHost, PermissionDenied } from '../core/exceptions.js'
import { requestOptionsFromSettings } from '../http/request-options.js'
import { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { HttpResponseRedirect } from '../http/response-redirect.js'
import { StreamingHttpResponse } from '../http/streaming-response.js'
import { RequestFactory } from '../test/request-factory.js'
import { path, rePath } from '../urls/index.js'
import { CommonMiddleware, escapeLeadingSlashes, isValidPath } from './common.js'

const page = () => new HttpResponse('page')
const noSlash = Object.assign(() => new HttpResponse('api'), { shouldAppendSlash: false })
const urls = {
  urlpatterns: [
    path('articles/', page),
    path('articles/<int:year>/', page),
    path('exact', page),
    path('api/items/', noSlash),
    rePath('^evil/$', page),
  ],
}

function setup(
  overrides: SettingsInput = {},
  view: (request: HttpRequest) => HttpResponseBase = () => new HttpResponse('', { status: 404 }),
  Middleware: typeof CommonMiddleware = CommonMiddleware,
) {
  const settings = buildSettings({
    ALLOWED_HOSTS: ['testserver', 'example.com', 'www.example.com'],
    ROOT_URLCONF: urls,
    ...overrides,
  })
  const rf = new RequestFactory({ requestOptions: requestOptionsFromSettings(settings) })
  const middleware = new Middleware((request) => view(request), settings)
  return { rf, call: (request: HttpRequest) => middleware.call(request) as HttpResponseBase }
}

describe('CommonMiddleware APPEND_SLASH', () => {
  it('redirects a 404 to the slashed path when only that resolves, keeping the query', () => {
    const { rf, call } = setup()
    const response = call(rf.get('/articles', { page: '2' }))
    expect(response.statusCode).toBe(301)
    expect(response.getHeader('Location')).toBe('/articles/?page=2')
  })

  it('keeps percent-encoding in the redirect', () => {
    const { rf, call } = setup()
    expect(call(rf.get('/articles/2024?q=a%20b')).getHeader('Location')).toBe(
      '/articles/2024/?q=a%20b',
    )
  })

  it('leaves the 404 when the slashed path does not resolve either', () => {
    const { rf, call } = setup()
    expect(call(rf.get('/nothing')).statusCode).toBe(404)
  })

  it('leaves the 404 when the path itself resolves (the view said 404)', () => {
    const { rf, call } = setup()
    expect(call(rf.get('/exact')).statusCode).toBe(404)
  })

  it('does nothing for responses other than 404, or with APPEND_SLASH off', () => {
    expect(
      setup({}, () => new HttpResponse('x')).call(new RequestFactory().get('/articles')).statusCode,
    ).toBe(200)
    const { rf, call } = setup({ APPEND_SLASH: false })
    expect(call(rf.get('/articles')).statusCode).toBe(404)
  })

  it('respects a view that opts out with shouldAppendSlash = false', () => {
    const { rf, call } = setup()
    expect(call(rf.get('/api/items')).statusCode).toBe(404)
  })

  it('includes the script prefix', () => {
    const settings = buildSettings({ ALLOWED_HOSTS: ['testserver'], ROOT_URLCONF: urls })
    const rf = new RequestFactory({
      requestOptions: requestOptionsFromSettings(settings),
      scriptName: '/blog',
    })
    const middleware = new CommonMiddleware(() => new HttpResponse('', { status: 404 }), settings)
    const response = middleware.call(rf.get('/blog/articles')) as HttpResponseBase
    expect(response.getHeader('Location')).toBe('/blog/articles/')
  })

  it('refuses to redirect POST/PUT/PATCH with DEBUG on, explaining why', () => {
    const { rf, call } = setup({ DEBUG: true })
    for (const method of ['POST', 'PUT', 'PATCH']) {
      expect(() => call(rf.generic(method, '/articles', 'a=1'))).toThrow(
        new RegExp(
          `called this URL via ${method}.*testserver/articles/ \\(note the trailing slash\\)`,
        ),
      )
    }
    expect(call(rf.get('/articles')).statusCode).toBe(301)
    expect(call(rf.delete('/articles')).statusCode).toBe(301)
  })

  it('redirects POST with DEBUG off (as Django does)', () => {
    const { rf, call } = setup()
    expect(call(rf.post('/articles', { a: '1' })).statusCode).toBe(301)
  })

  it('never builds a scheme-relative URL', () => {
    expect(escapeLeadingSlashes('//evil.example/x')).toBe('/%2Fevil.example/x')
    expect(escapeLeadingSlashes('/ok/')).toBe('/ok/')
    const { call } = setup({
      ROOT_URLCONF: { urlpatterns: [rePath('^/evil.example/$', page)] },
    })
    const request = new HttpRequest({
      method: 'GET',
      url: '//evil.example',
      headers: { host: 'testserver' },
      options: requestOptionsFromSettings(buildSettings({ ALLOWED_HOSTS: ['testserver'] })),
    })
    expect(call(request).getHeader('Location')).toBe('/%2Fevil.example/')
  })

  it('lets subclasses override the hooks and redirect class', () => {
    class Temporary extends CommonMiddleware {
      protected override responseRedirectClass = HttpResponseRedirect
      override shouldRedirectWithSlash(request: HttpRequest) {
        return request.pathInfo === '/custom'
      }
      override getFullPathWithSlash() {
        return '/elsewhere/'
      }
    }
    const { rf, call } = setup({}, undefined, Temporary)
    const response = call(rf.get('/custom'))
    expect(response.statusCode).toBe(302)
    expect(response.getHeader('Location')).toBe('/elsewhere/')
    expect(call(rf.get('/articles')).statusCode).toBe(404)
  })
})

describe('CommonMiddleware request checks', () => {
  it('refuses DISALLOWED_USER_AGENTS with PermissionDenied', () => {
    const { rf, call } = setup({ DISALLOWED_USER_AGENTS: [/BadBot/i] }, page)
    expect(() =>
      call(rf.get('/', undefined, { headers: { 'user-agent': 'x badbot/1.0' } })),
    ).toThrow(PermissionDenied)
    expect(call(rf.get('/', undefined, { headers: { 'user-agent': 'Firefox' } })).statusCode).toBe(
      200,
    )
    expect(call(rf.get('/')).statusCode).toBe(200)
  })

  it('validates the host of every request', () => {
    const { rf, call } = setup({}, page)
    expect(() => call(rf.get('/', undefined, { headers: { host: 'evil.test' } }))).toThrow(
      DisallowedHost,
    )
  })

  it('PREPEND_WWW redirects to www., adding the slash in the same redirect', () => {
    const { rf, call } = setup({ PREPEND_WWW: true }, page)
    const headers = { host: 'example.com' }
    expect(call(rf.get('/articles?x=1', undefined, { headers })).getHeader('Location')).toBe(
      'http://www.example.com/articles/?x=1',
    )
    expect(call(rf.get('/exact', undefined, { headers })).getHeader('Location')).toBe(
      'http://www.example.com/exact',
    )
    expect(
      call(rf.get('/exact', undefined, { headers: { host: 'www.example.com' } })).statusCode,
    ).toBe(200)
  })
})

describe('CommonMiddleware Content-Length', () => {
  it('sets Content-Length on in-memory bodies that lack one', () => {
    const { rf, call } = setup({}, () => new HttpResponse('héllo'))
    expect(call(rf.get('/exact')).getHeader('Content-Length')).toBe('6')
  })

  it('keeps an explicit Content-Length and skips streaming bodies', () => {
    const explicit = setup(
      {},
      () => new HttpResponse('abc', { headers: { 'Content-Length': '3' } }),
    )
    expect(explicit.call(explicit.rf.get('/exact')).getHeader('Content-Length')).toBe('3')
    const streaming = setup({}, () => new StreamingHttpResponse(['abc']))
    expect(streaming.call(streaming.rf.get('/exact')).hasHeader('Content-Length')).toBe(false)
  })
})

describe('isValidPath', () => {
  it('returns the match or false', () => {
    expect(isValidPath('/articles/', urls)).not.toBe(false)
    expect(isValidPath('/articles', urls)).toBe(false)
  })
})
