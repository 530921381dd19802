/**
 * respond(): the handler answers without a promise when nothing on the way is asynchronous
 * (the gateways' fast path), and with one as soon as something is — same responses either way.
 */
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import type { Middleware } from '../../src/core/handlers/middleware.js'
import { Http404 } from '../../src/http/exceptions.js'
import { HttpResponse, type HttpResponseBase } from '../../src/http/response.js'
import type { HttpRequest } from '../../src/http/request.js'
import { MiddlewareMixin } from '../../src/middleware/mixin.js'
import { RequestFactory } from '../../src/test/request-factory.js'
import { isPromiseLike } from '../../src/utils/awaitable.js'
import { path } from '../../src/urls/index.js'

const urlpatterns = [
  path('sync/', () => new HttpResponse('sync')),
  path('async/', async () => new HttpResponse('async')),
  path('missing/', () => {
    throw new Http404()
  }),
]

function handlerWith(middleware: Middleware[] = []) {
  return new BaseHandler(buildSettings({ ROOT_URLCONF: { urlpatterns }, MIDDLEWARE: middleware }), {
    installGlobals: false,
  })
}

const rf = new RequestFactory()

describe('BaseHandler.respond', () => {
  it('answers a sync view synchronously', () => {
    const result = handlerWith().respond(rf.get('/sync/'))
    expect(isPromiseLike(result)).toBe(false)
    expect((result as HttpResponse).text()).toBe('sync')
  })

  it('answers errors through the asynchronous error path', async () => {
    const result = handlerWith().respond(rf.get('/nowhere/'))
    expect(isPromiseLike(result)).toBe(true)
    expect((await result).statusCode).toBe(404)
  })

  it('returns a promise for an async view, with the same kind of response', async () => {
    const result = handlerWith().respond(rf.get('/async/'))
    expect(isPromiseLike(result)).toBe(true)
    expect(((await result) as HttpResponse).text()).toBe('async')
  })

  it('stays synchronous through synchronous function and MiddlewareMixin middleware', () => {
    class Tag extends MiddlewareMixin {
      override processResponse(_request: HttpRequest, response: HttpResponseBase) {
        response.setHeader('X-Tag', 'mixin')
        return response
      }
    }
    const plain: Middleware = (getResponse) => (request) => getResponse(request)
    const result = handlerWith([plain, Tag]).respond(rf.get('/sync/'))
    expect(isPromiseLike(result)).toBe(false)
    expect((result as HttpResponse).getHeader('X-Tag')).toBe('mixin')
  })

  it('becomes asynchronous as soon as one middleware is', async () => {
    const slow: Middleware = (getResponse) => async (request) => getResponse(request)
    const result = handlerWith([slow]).respond(rf.get('/sync/'))
    expect(isPromiseLike(result)).toBe(true)
    expect(((await result) as HttpResponse).text()).toBe('sync')
  })

  it('getResponse always returns a promise', async () => {
    const handler = handlerWith()
    const pending = handler.getResponse(rf.get('/sync/'))
    expect(pending).toBeInstanceOf(Promise)
    expect(((await pending) as HttpResponse).text()).toBe('sync')
    expect((await handler.getResponse(rf.get('/missing/'))).statusCode).toBe(404)
  })
})

describe('a middleware that returns no response', () => {
  it('fails with a message saying what the middleware must return', async () => {
    const forgetful: Middleware = (getResponse) => (request) => {
      void getResponse(request)
      return undefined as never
    }
    const handler = handlerWith([forgetful])
    expect(() => handler.respond(rf.get('/sync/'))).toThrow(
      /The middleware chain returned undefined instead of an HttpResponse/,
    )
  })
})
