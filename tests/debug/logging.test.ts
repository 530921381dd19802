/**
 * Logging end to end: the handler's reinhardt.request and reinhardt.security.* records
 * reach the handlers LOGGING configures, and setup() applies LOGGING.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configure, resetSettings } from '../../src/conf/settings.js'
import { setup } from '../../src/conf/setup.js'
import { DisallowedHost, SuspiciousOperation } from '../../src/core/exceptions.js'
import { configureLogging, getLogger, setLogSink, type LogSink } from '../../src/core/log.js'
import { path } from '../../src/urls/index.js'
import { HttpResponse } from '../../src/http/response.js'
import { requireGET } from '../../src/views/index.js'
import { makeClient } from './helpers.js'

class SuspiciousFileOperation extends SuspiciousOperation {
  override name = 'SuspiciousFileOperation'
}

const urlpatterns = [
  path('ok/', () => new HttpResponse('ok')),
  path(
    'get-only/',
    requireGET(() => new HttpResponse('ok')),
  ),
  path('boom/', function boomView(): never {
    throw new Error('kaboom')
  }),
  path('host/', () => {
    throw new DisallowedHost('Invalid HTTP_HOST header: "evil\r\nInjected: 1"')
  }),
  path('file/', () => {
    throw new SuspiciousFileOperation('path escapes the root')
  }),
]

let lines: string[]
let previousSink: LogSink
const memory = { write: (text: string) => void lines.push(text) }

beforeEach(() => {
  lines = []
  previousSink = setLogSink(null)
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})
afterEach(() => {
  setLogSink(previousSink)
  configureLogging({}, false)
  resetSettings()
  vi.restoreAllMocks()
})

function captureReinhardt(format = '{levelname} {name} {message}') {
  configureLogging(
    {
      formatters: { plain: { format } },
      handlers: { memory: { class: 'stream', stream: memory, formatter: 'plain' } },
      loggers: { reinhardt: { handlers: ['memory'], level: 'INFO', propagate: false } },
    },
    false,
  )
}

describe('framework logging through the handler', () => {
  it('logs 4xx as WARNING and 5xx as ERROR with the stack on reinhardt.request', async () => {
    captureReinhardt()
    const client = makeClient({ urlpatterns })
    await client.get('/ok/')
    await client.get('/nowhere%0a%1b[31mforged/')
    await client.get('/boom/')
    expect(lines[0]).toBe('WARNING reinhardt.request Not Found: /nowhere\\x0a\\x1b[31mforged/\n')
    expect(lines[1]).toMatch(
      /^ERROR reinhardt.request Internal Server Error: \/boom\/\nError: kaboom\n {4}at boomView /,
    )
    expect(lines).toHaveLength(2)
  })

  it('logs a 405 a view logged itself once, with the view’s message', async () => {
    captureReinhardt()
    await makeClient({ urlpatterns }).post('/get-only/', {})
    expect(lines).toEqual(['WARNING reinhardt.request Method Not Allowed (POST): /get-only/\n'])
  })

  it('logs SuspiciousOperation subclasses on reinhardt.security.<Name>, escaped', async () => {
    captureReinhardt()
    const client = makeClient({ urlpatterns })
    await client.get('/host/')
    await client.get('/file/')
    const security = lines.filter((l) => l.includes('reinhardt.security'))
    expect(security[0]).toMatch(
      /^ERROR reinhardt\.security\.DisallowedHost Invalid HTTP_HOST header: "evil\\x0d\\x0aInjected: 1"\n/,
    )
    expect(security[1]).toMatch(
      /^ERROR reinhardt\.security\.SuspiciousFileOperation path escapes the root\n/,
    )
    // and each 400 is also a warning on reinhardt.request, as in Django
    expect(lines.filter((l) => l.startsWith('WARNING reinhardt.request Bad Request'))).toHaveLength(
      2,
    )
  })

  it('lets one security logger be silenced by name', async () => {
    configureLogging(
      {
        handlers: {
          memory: { class: 'stream', stream: memory },
          null: { class: 'null' },
        },
        loggers: {
          reinhardt: { handlers: ['memory'], level: 'INFO', propagate: false },
          'reinhardt.security.DisallowedHost': { handlers: ['null'], propagate: false },
        },
      },
      false,
    )
    const client = makeClient({ urlpatterns })
    await client.get('/host/')
    await client.get('/file/')
    expect(lines.some((l) => l.includes('Invalid HTTP_HOST'))).toBe(false)
    expect(lines.some((l) => l.includes('path escapes the root'))).toBe(true)
  })

  it('skips formatting of disabled levels entirely', async () => {
    const format = vi.fn(() => 'x')
    configureLogging(
      {
        formatters: { spy: { format } },
        handlers: { memory: { class: 'stream', stream: memory, formatter: 'spy' } },
        loggers: { reinhardt: { handlers: ['memory'], level: 'CRITICAL' } },
      },
      false,
    )
    await makeClient({ urlpatterns }).get('/boom/')
    expect(format).not.toHaveBeenCalled()
    expect(lines).toEqual([])
  })

  it('setup() applies LOGGING and DEBUG from the settings', async () => {
    configure({
      DEBUG: true,
      LOGGING: {
        handlers: { memory: { class: 'stream', stream: memory } },
        loggers: { myapp: { handlers: ['memory'], level: 'DEBUG' } },
      },
    })
    await setup()
    getLogger('myapp.views').debug('hello from myapp')
    getLogger('reinhardt.request').warning('printed by the DEBUG console handler')
    expect(lines).toEqual(['hello from myapp\n'])
    const stderr = vi.mocked(process.stderr.write).mock.calls.map((c) => String(c[0]))
    expect(stderr).toContain('printed by the DEBUG console handler\n')
  })
})
