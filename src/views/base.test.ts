import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setLogSink, type LogRecord, type LogSink } from '../core/log.js'
import { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { path, resolve } from '../urls/index.js'
import { ResolverMatch } from '../urls/resolver-match.js'
import { View } from './base.js'
import type { View as ViewFunction } from './types.js'

function request(method: string, url = '/x/'): HttpRequest {
  return new HttpRequest({ method, url, headers: { host: 'testserver' } })
}

function text(response: HttpResponseBase): string {
  return (response as HttpResponse).text()
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

class Greeting extends View {
  greeting = 'Hello'
  calls = 0

  get(_request: HttpRequest, params: { name: string }) {
    this.calls += 1
    return new HttpResponse(`${this.greeting}, ${params.name} (${this.calls})`)
  }

  async post(request: HttpRequest, _params: { name: string }) {
    await Promise.resolve()
    return new HttpResponse(`posted ${request.method}`, { status: 201 })
  }
}

describe('View.asView', () => {
  it('returns a view function that assigns initkwargs to each instance', async () => {
    const view = Greeting.asView({ greeting: 'Hi' })
    const response = await view(request('GET'), { name: 'Ada' })
    expect(response.statusCode).toBe(200)
    expect(text(response)).toBe('Hi, Ada (1)')
  })

  it('uses the class defaults without initkwargs', async () => {
    const response = await Greeting.asView()(request('GET'), { name: 'Ada' })
    expect(text(response)).toBe('Hello, Ada (1)')
  })

  it('records viewClass and viewInitkwargs, and is named after the class', () => {
    const view = Greeting.asView({ greeting: 'Hi' })
    expect(view.viewClass).toBe(Greeting)
    expect(view.viewInitkwargs).toEqual({ greeting: 'Hi' })
    expect(Object.isFrozen(view.viewInitkwargs)).toBe(true)
    expect(view.name).toBe('Greeting')
  })

  it('refuses initkwargs that are not attributes of the class', () => {
    // @ts-expect-error: not an attribute of Greeting
    expect(() => Greeting.asView({ colour: 'red' })).toThrow(TypeError)
    // @ts-expect-error: not an attribute of Greeting
    expect(() => Greeting.asView({ colour: 'red' })).toThrow(/invalid initkwarg "colour"/)
  })

  it('refuses initkwargs that name an HTTP method', () => {
    const handler = () => new HttpResponse('x')
    // @ts-expect-error: handlers cannot be initkwargs
    expect(() => Greeting.asView({ get: handler })).toThrow(/method name "get" is not accepted/)
    // Refused even when the class does not define the method.
    // @ts-expect-error: handlers cannot be initkwargs
    expect(() => Greeting.asView({ put: handler })).toThrow(TypeError)
  })

  it("refuses Object.prototype's members", () => {
    expect(() => Greeting.asView({ constructor: Object } as object)).toThrow(/invalid initkwarg/)
    expect(() => Greeting.asView(JSON.parse('{"__proto__": {}}') as object)).toThrow(TypeError)
  })

  it('refuses HTTP method names even when the class narrows httpMethodNames', () => {
    class Narrow extends View {
      override httpMethodNames = ['get']
    }
    // @ts-expect-error: handlers cannot be initkwargs
    expect(() => Narrow.asView({ post: () => new HttpResponse('') })).toThrow(/method name "post"/)
  })

  it('refuses the per-request attributes', () => {
    // @ts-expect-error: set by setup(), not by asView()
    expect(() => Greeting.asView({ request: request('GET') })).toThrow(TypeError)
    // @ts-expect-error: set by setup(), not by asView()
    expect(() => Greeting.asView({ params: {} })).toThrow(TypeError)
  })

  it('builds a fresh instance per request, so state does not leak', async () => {
    const view = Greeting.asView()
    expect(text(await view(request('GET'), { name: 'a' }))).toBe('Hello, a (1)')
    expect(text(await view(request('GET'), { name: 'b' }))).toBe('Hello, b (1)')
  })

  it('keeps the initkwargs of each asView() call apart', async () => {
    const hi = Greeting.asView({ greeting: 'Hi' })
    const plain = Greeting.asView()
    await hi(request('GET'), { name: 'a' })
    expect(text(await plain(request('GET'), { name: 'b' }))).toBe('Hello, b (1)')
  })

  it('fits where a view function is expected', async () => {
    const views: ViewFunction<{ name: string }>[] = [Greeting.asView()]
    const response = await views[0]!(request('GET'), { name: 'x' })
    expect(response.statusCode).toBe(200)
    const untyped: ViewFunction = Greeting.asView()
    expect(typeof untyped).toBe('function')
    // @ts-expect-error: Greeting's handlers need `name`, which these params lack
    const mismatched: ViewFunction<{ other: string }> = Greeting.asView()
    expect(typeof mismatched).toBe('function')
  })

  it('mounts with path(), whose route parameters must cover the handlers', async () => {
    const urlconf = {
      urlpatterns: [path('hello/<str:name>/', Greeting.asView({ greeting: 'Hey' }))],
    }
    const match = resolve('/hello/ada/', urlconf)
    expect(match.func).toBeTypeOf('function')
    expect(text(await match.func(request('GET'), match.kwargs))).toBe('Hey, ada (1)')
    // @ts-expect-error: the route supplies `id`, but Greeting's handlers need `name`
    void path('hello/<int:id>/', Greeting.asView())
  })

  it('complains when a setup() override forgets super.setup()', async () => {
    class Forgetful extends View {
      override setup(): void {}
      get() {
        return new HttpResponse('x')
      }
    }
    await expect(Forgetful.asView()(request('GET'), {})).rejects.toThrow(
      /forget to call super.setup/,
    )
  })
})

describe('View.setup', () => {
  it('stores request, params and positional args', async () => {
    let seen: View | undefined
    class Inspect extends View {
      get() {
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        seen = this
        return new HttpResponse('')
      }
    }
    const req = request('GET', '/archive/2024/')
    req.resolverMatch = new ResolverMatch({
      func: Inspect.asView(),
      args: ['2024'],
      kwargs: {},
      urlName: null,
      route: '^archive/([0-9]+)/$',
      appNames: [],
      namespaces: [],
    })
    await Inspect.asView()(req, { extra: true })
    expect(seen?.request).toBe(req)
    expect(seen?.params).toEqual({ extra: true })
    expect(seen?.args).toEqual(['2024'])
  })

  it('defaults args to [] without a resolver match', async () => {
    let args: readonly string[] | undefined
    class Inspect extends View {
      get() {
        args = this.args
        return new HttpResponse('')
      }
    }
    await Inspect.asView()(request('GET'), {})
    expect(args).toEqual([])
  })
})

describe('View.dispatch', () => {
  it('calls the handler named after the method, sync or async', async () => {
    const view = Greeting.asView()
    expect((await view(request('GET'), { name: 'a' })).statusCode).toBe(200)
    const posted = await view(request('POST'), { name: 'a' })
    expect(posted.statusCode).toBe(201)
    expect(text(posted)).toBe('posted POST')
  })

  it('answers 405 with Allow listing the implemented methods, and logs it', async () => {
    const response = await Greeting.asView()(request('DELETE', '/things/1/'), { name: 'a' })
    expect(response.statusCode).toBe(405)
    expect(response.getHeader('Allow')).toBe('GET, POST, HEAD, OPTIONS')
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({
      logger: 'reinhardt.request',
      level: 'warning',
      message: 'Method Not Allowed (DELETE): /things/1/',
    })
  })

  it('escapes control characters of the path in the log line', async () => {
    await Greeting.asView()(request('PUT', '/a%0Ab/'), { name: 'a' })
    expect(logs[0]?.message).toBe('Method Not Allowed (PUT): /a\\x0ab/')
  })

  it('answers 405 for methods outside httpMethodNames even if a method exists', async () => {
    class Odd extends View {
      get() {
        return new HttpResponse('')
      }
      // Not an HTTP method name, so a CONNECT or "SETUP" request must never reach it.
      connect() {
        return new HttpResponse('connected')
      }
    }
    expect((await Odd.asView()(request('CONNECT'), {})).statusCode).toBe(405)
    expect((await Odd.asView()(request('SETUP'), {})).statusCode).toBe(405)
    expect((await Odd.asView()(request('DISPATCH'), {})).statusCode).toBe(405)
  })

  it('honours a narrowed httpMethodNames', async () => {
    const view = Greeting.asView({ httpMethodNames: ['get', 'options'] })
    const refused = await view(request('POST'), { name: 'a' })
    expect(refused.statusCode).toBe(405)
    expect(refused.getHeader('Allow')).toBe('GET, OPTIONS')
    expect((await view(request('HEAD'), { name: 'a' })).statusCode).toBe(405)
  })

  it('falls back to get() for HEAD', async () => {
    const response = await Greeting.asView()(request('HEAD'), { name: 'a' })
    expect(response.statusCode).toBe(200)
    expect(text(response)).toBe('Hello, a (1)')
  })

  it('prefers an explicit head()', async () => {
    class WithHead extends View {
      get() {
        return new HttpResponse('body')
      }
      head() {
        return new HttpResponse('', { headers: { 'X-Head': '1' } })
      }
    }
    const response = await WithHead.asView()(request('HEAD'), {})
    expect(response.getHeader('X-Head')).toBe('1')
  })

  it('has no HEAD without get()', async () => {
    class PostOnly extends View {
      post() {
        return new HttpResponse('')
      }
    }
    const response = await PostOnly.asView()(request('HEAD'), {})
    expect(response.statusCode).toBe(405)
    expect(response.getHeader('Allow')).toBe('POST, OPTIONS')
  })

  it('lets a dispatch() override wrap every handler', async () => {
    class Guarded extends View {
      override async dispatch(request: HttpRequest, params: Record<string, unknown>) {
        if (request.headers.get('x-token') !== 'ok') return new HttpResponse('no', { status: 403 })
        return super.dispatch(request, params)
      }
      get() {
        return new HttpResponse('yes')
      }
    }
    expect((await Guarded.asView()(request('GET'), {})).statusCode).toBe(403)
    const allowed = new HttpRequest({
      method: 'GET',
      url: '/',
      headers: { host: 'h', 'x-token': 'ok' },
    })
    expect(text(await Guarded.asView()(allowed, {}))).toBe('yes')
  })

  it('propagates errors thrown by handlers', async () => {
    class Broken extends View {
      async get(): Promise<HttpResponse> {
        throw new Error('boom')
      }
    }
    await expect(Broken.asView()(request('GET'), {})).rejects.toThrow('boom')
  })
})

describe('View.options', () => {
  it('answers 200 with Allow and an empty body', async () => {
    const response = await Greeting.asView()(request('OPTIONS'), { name: 'a' })
    expect(response.statusCode).toBe(200)
    expect(response.getHeader('Allow')).toBe('GET, POST, HEAD, OPTIONS')
    expect(response.getHeader('Content-Length')).toBe('0')
    expect(text(response)).toBe('')
  })

  it('works on the bare View, which only knows OPTIONS', async () => {
    const view = View.asView()
    expect((await view(request('OPTIONS'), {})).getHeader('Allow')).toBe('OPTIONS')
    const refused = await view(request('GET'), {})
    expect(refused.statusCode).toBe(405)
    expect(refused.getHeader('Allow')).toBe('OPTIONS')
  })
})
