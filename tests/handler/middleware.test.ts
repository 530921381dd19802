/** Middleware composition and Django's hook ordering, through the real handler. */
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import type { GetResponse, Middleware } from '../../src/core/handlers/middleware.js'
import { ImproperlyConfigured, MiddlewareNotUsed } from '../../src/core/exceptions.js'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse, type HttpResponseBase } from '../../src/http/response.js'
import { MiddlewareMixin } from '../../src/middleware/mixin.js'
import { Client } from '../../src/test/client.js'
import { path } from '../../src/urls/index.js'

/** A deferred-render response implementing the TemplateResponse protocol. */
class LazyResponse extends HttpResponse {
  isRendered = false
  constructor(public template: string) {
    super('')
  }
  render(): HttpResponseBase {
    this.content = `rendered ${this.template}`
    this.isRendered = true
    return this
  }
}

function recorder(
  log: string[],
  name: string,
  hooks: Partial<Record<'view' | 'exception' | 'template', unknown>> = {},
) {
  return class extends MiddlewareMixin {
    override async processRequest(_request: HttpRequest) {
      log.push(`${name}:request`)
      return null
    }
    override processResponse(_request: HttpRequest, response: HttpResponseBase) {
      log.push(`${name}:response`)
      return response
    }
    processView() {
      log.push(`${name}:view`)
      return (hooks.view as HttpResponseBase | undefined) ?? null
    }
    processException() {
      log.push(`${name}:exception`)
      return (hooks.exception as HttpResponseBase | undefined) ?? null
    }
    processTemplateResponse(_request: HttpRequest, response: LazyResponse) {
      log.push(`${name}:template`)
      response.template += `+${name}`
      return response
    }
  }
}

function clientFor(middleware: Middleware[], urlpatterns: unknown[]) {
  const settings = buildSettings({
    ROOT_URLCONF: { urlpatterns } as never,
    MIDDLEWARE: middleware,
  })
  return new Client({
    handler: new BaseHandler(settings, { installGlobals: false }),
    raiseRequestException: false,
  })
}

describe('middleware ordering', () => {
  it('runs request hooks top-down, view hooks top-down, response hooks bottom-up', async () => {
    const log: string[] = []
    const client = clientFor(
      [recorder(log, 'A'), recorder(log, 'B')],
      [path('', () => (log.push('view'), new HttpResponse('ok')))],
    )
    const response = await client.get('/')
    expect(response.statusCode).toBe(200)
    expect(log).toEqual([
      'A:request',
      'B:request',
      'A:view',
      'B:view',
      'view',
      'B:response',
      'A:response',
    ])
  })

  it('lets processRequest answer early, skipping inner layers and the view', async () => {
    const log: string[] = []
    class Gate extends MiddlewareMixin {
      override processRequest() {
        log.push('gate')
        return new HttpResponse('stopped', { status: 403 })
      }
    }
    const client = clientFor(
      [recorder(log, 'A'), Gate, recorder(log, 'B')],
      [path('', () => new HttpResponse('ok'))],
    )
    const response = await client.get('/')
    expect(response.statusCode).toBe(403)
    expect(log).toEqual(['A:request', 'gate', 'A:response'])
  })

  it('stops at the first processView that returns a response; the view does not run', async () => {
    const log: string[] = []
    const client = clientFor(
      [recorder(log, 'A', { view: new HttpResponse('from A view hook') }), recorder(log, 'B')],
      [path('', () => (log.push('view'), new HttpResponse('ok')))],
    )
    const response = await client.get('/')
    expect(await response.text()).toBe('from A view hook')
    expect(log).toEqual(['A:request', 'B:request', 'A:view', 'B:response', 'A:response'])
  })

  it('offers a view error to processException bottom-up; the first response wins', async () => {
    const log: string[] = []
    const client = clientFor(
      [
        recorder(log, 'A', { exception: new HttpResponse('handled by A', { status: 409 }) }),
        recorder(log, 'B'),
      ],
      [
        path('', () => {
          throw new Error('view failed')
        }),
      ],
    )
    const response = await client.get('/')
    expect(response.statusCode).toBe(409)
    expect(log).toEqual([
      'A:request',
      'B:request',
      'A:view',
      'B:view',
      'B:exception',
      'A:exception',
      'B:response',
      'A:response',
    ])
  })

  it('runs processTemplateResponse bottom-up before render()', async () => {
    const log: string[] = []
    const client = clientFor(
      [recorder(log, 'A'), recorder(log, 'B')],
      [path('', () => new LazyResponse('page'))],
    )
    const response = await client.get('/')
    expect(await response.text()).toBe('rendered page+B+A')
    expect(log.filter((l) => l.endsWith(':template'))).toEqual(['B:template', 'A:template'])
  })

  it('drops a middleware whose factory throws MiddlewareNotUsed', async () => {
    const log: string[] = []
    const unused: Middleware = () => {
      throw new MiddlewareNotUsed()
    }
    const client = clientFor([unused, recorder(log, 'A')], [path('', () => new HttpResponse('ok'))])
    expect((await client.get('/')).statusCode).toBe(200)
    expect(log).toEqual(['A:request', 'A:view', 'A:response'])
  })

  it('accepts plain factories returning functions with hook properties', async () => {
    const log: string[] = []
    const timing: Middleware = (getResponse: GetResponse) => {
      const handle = async (request: HttpRequest) => {
        log.push('before')
        const response = await getResponse(request)
        response.setHeader('X-Timing', '1')
        return response
      }
      return Object.assign(handle, {
        processView: () => {
          log.push('view hook')
          return null
        },
      })
    }
    const client = clientFor([timing], [path('', () => new HttpResponse('ok'))])
    const response = await client.get('/')
    expect(response.getHeader('x-timing')).toBe('1')
    expect(log).toEqual(['before', 'view hook'])
  })

  it('turns an error thrown by a middleware into a response for the outer layers', async () => {
    const log: string[] = []
    const broken: Middleware = () => () => {
      throw new Error('middleware broke')
    }
    const client = clientFor([recorder(log, 'A'), broken], [path('', () => new HttpResponse('ok'))])
    const response = await client.get('/')
    expect(response.statusCode).toBe(500)
    expect(log).toEqual(['A:request', 'A:response'])
  })

  it('refuses MIDDLEWARE entries that are not factories, and factories returning nothing', () => {
    const settings = (middleware: unknown[]) =>
      buildSettings({ ROOT_URLCONF: { urlpatterns: [] }, MIDDLEWARE: middleware as Middleware[] })
    expect(
      () => new BaseHandler(settings(['myapp.middleware.Thing']), { installGlobals: false }),
    ).toThrow(ImproperlyConfigured)
    expect(() => new BaseHandler(settings([() => undefined]), { installGlobals: false })).toThrow(
      /returned undefined/,
    )
  })

  it('composes the chain once, at start-up', async () => {
    let built = 0
    const counting: Middleware = (getResponse) => {
      built++
      return (request) => getResponse(request)
    }
    const client = clientFor([counting], [path('', () => new HttpResponse('ok'))])
    await client.get('/')
    await client.get('/')
    expect(built).toBe(1)
  })
})
