/** Exceptions map to responses in one place; the process lives on. */
import { afterEach, describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import type { Settings } from '../../src/conf/global-settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import {
  BadRequest,
  DisallowedHost,
  PermissionDenied,
  RequestDataTooBig,
  SuspiciousOperation,
} from '../../src/core/exceptions.js'
import { gotRequestException } from '../../src/core/signals.js'
import { setLogSink, type LogRecord } from '../../src/core/log.js'
import { Http404 } from '../../src/http/exceptions.js'
import { HttpResponse } from '../../src/http/response.js'
import { Client } from '../../src/test/client.js'
import { path } from '../../src/urls/index.js'
import type { URLConf } from '../../src/urls/types.js'

function thrower(error: unknown) {
  return () => {
    throw error
  }
}

const urlpatterns = [
  path('missing/', thrower(new Http404('No such article'))),
  path('forbidden/', thrower(new PermissionDenied())),
  path('bad/', thrower(new BadRequest('bad input'))),
  path('suspicious/', thrower(new SuspiciousOperation('odd'))),
  path('host/', thrower(new DisallowedHost('Invalid HTTP_HOST header'))),
  path('big/', thrower(new RequestDataTooBig('too big'))),
  path('boom/', thrower(new Error('kaboom <script>'))),
  path('undefined/', function forgetful() {
    return undefined as never
  }),
  path('string/', function stringly() {
    return 'hello' as never
  }),
  path('async-boom/', async () => {
    await Promise.resolve()
    throw new TypeError('async kaboom')
  }),
  path('ok/', () => new HttpResponse('fine')),
]

function makeClient(overrides: Partial<Settings> = {}, urlconf: URLConf = { urlpatterns }) {
  const settings = buildSettings({ ROOT_URLCONF: urlconf, ...overrides })
  return new Client({
    handler: new BaseHandler(settings, { installGlobals: false }),
    raiseRequestException: false,
  })
}

let restoreSink: (() => void) | undefined
afterEach(() => restoreSink?.())

describe('responseForException', () => {
  it.each([
    ['/missing/', 404],
    ['/nowhere/', 404],
    ['/forbidden/', 403],
    ['/bad/', 400],
    ['/suspicious/', 400],
    ['/host/', 400],
    ['/big/', 413],
    ['/boom/', 500],
    ['/async-boom/', 500],
  ])('%s → %i', async (url, status) => {
    const response = await makeClient().get(url)
    expect(response.statusCode).toBe(status)
  })

  it('keeps serving after a view error', async () => {
    const client = makeClient()
    expect((await client.get('/boom/')).statusCode).toBe(500)
    expect((await client.get('/ok/')).statusCode).toBe(200)
  })

  it('does not leak error details with DEBUG off', async () => {
    const text = await (await makeClient().get('/boom/')).text()
    expect(text).toContain('Server Error (500)')
    expect(text).not.toContain('kaboom')
  })

  it('shows an escaped technical 500 page with DEBUG on', async () => {
    const text = await (await makeClient({ DEBUG: true }).get('/boom/')).text()
    expect(text).toContain('kaboom &lt;script&gt;')
    expect(text).not.toContain('<script>')
    expect(text).toContain('Traceback')
  })

  it('lists the patterns tried on the DEBUG 404 page', async () => {
    const response = await makeClient({ DEBUG: true }).get('/nowhere/')
    expect(response.statusCode).toBe(404)
    const text = await response.text()
    expect(text).toContain('missing/')
    expect(text).toContain('async-boom/')
    expect(text.indexOf('missing/')).toBeLessThan(text.indexOf('async-boom/'))
  })

  it('sends gotRequestException for unexpected errors only', async () => {
    const seen: unknown[] = []
    const receiver = ({ error }: { error: unknown }) => seen.push(error)
    gotRequestException.connect(receiver)
    try {
      const client = makeClient()
      await client.get('/missing/')
      await client.get('/boom/')
    } finally {
      gotRequestException.disconnect(receiver)
    }
    expect(seen).toHaveLength(1)
    expect((seen[0] as Error).message).toBe('kaboom <script>')
  })

  it('uses handler404 / handler500 / handler403 / handler400 from the root URLconf', async () => {
    const urlconf: URLConf = {
      urlpatterns,
      handler400: (_request, error) =>
        new HttpResponse(`custom 400: ${(error as Error).message}`, { status: 400 }),
      handler403: () => new HttpResponse('custom 403', { status: 403 }),
      handler404: (_request, error) =>
        new HttpResponse(`custom 404: ${(error as Error).message}`, { status: 404 }),
      handler500: () => new HttpResponse('custom 500', { status: 500 }),
    }
    const client = makeClient({}, urlconf)
    expect(await (await client.get('/missing/')).text()).toBe('custom 404: No such article')
    expect(await (await client.get('/forbidden/')).text()).toBe('custom 403')
    expect(await (await client.get('/bad/')).text()).toBe('custom 400: bad input')
    expect(await (await client.get('/boom/')).text()).toBe('custom 500')
  })

  it('answers 500 when an error handler itself fails', async () => {
    const urlconf: URLConf = {
      urlpatterns,
      handler404: () => {
        throw new Error('handler404 is broken')
      },
    }
    const response = await makeClient({}, urlconf).get('/missing/')
    expect(response.statusCode).toBe(500)
  })

  it('names the view that returned something other than a response', async () => {
    const records: LogRecord[] = []
    const previous = setLogSink((record) => records.push(record))
    restoreSink = () => setLogSink(previous)
    const client = makeClient()
    expect((await client.get('/undefined/')).statusCode).toBe(500)
    expect((await client.get('/string/')).statusCode).toBe(500)
    const messages = records
      .filter((r) => r.level === 'error')
      .map((r) => (r.error as Error).message)
    expect(messages[0]).toMatch(
      /The view forgetful didn't return an HttpResponse object: it returned undefined/,
    )
    expect(messages[1]).toMatch(
      /The view stringly didn't return an HttpResponse object: it returned string/,
    )
  })

  it('logs 4xx as warnings and 5xx as errors on reinhardt.request, escaping control characters', async () => {
    const records: LogRecord[] = []
    const previous = setLogSink((record) => records.push(record))
    restoreSink = () => setLogSink(previous)
    const client = makeClient()
    await client.get('/nowhere%0Aforged/')
    await client.get('/boom/')
    const request = records.filter((r) => r.logger === 'reinhardt.request')
    expect(request.map((r) => r.level)).toEqual(['warning', 'error'])
    expect(request[0]!.message).toBe('Not Found: /nowhere\\x0aforged/')
    expect(request[1]!.error).toBeInstanceOf(Error)
  })

  it('re-throws view errors from the test client by default', async () => {
    const settings = buildSettings({ ROOT_URLCONF: { urlpatterns } })
    const client = new Client({ handler: new BaseHandler(settings, { installGlobals: false }) })
    await expect(client.get('/boom/')).rejects.toThrow('kaboom <script>')
    expect((await client.get('/missing/')).statusCode).toBe(404)
  })
})
