import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { overrideSettings, configure, isConfigured } from '../../conf/settings.js'
import { ImproperlyConfigured } from '../exceptions.js'
import { configureLogging, DEFAULT_LOGGING, mergeLogging } from './config.js'
import { LogHandler } from './handlers.js'
import { getLogger, getRootLogger, setLogSink } from './logger.js'
import type { LogRecord, LogSink } from './record.js'
import { logServerRequest } from './server.js'

let previousSink: LogSink
let stderr: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  previousSink = setLogSink(null)
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})
afterEach(() => {
  setLogSink(previousSink)
  configureLogging({}, false)
  vi.restoreAllMocks()
})

function stderrText(): string {
  return stderr.mock.calls.map((c: unknown[]) => String(c[0])).join('')
}

class Collector extends LogHandler {
  static last: Collector | undefined
  records: LogRecord[] = []
  constructor(...args: ConstructorParameters<typeof LogHandler>) {
    super(...args)
    Collector.last = this
  }
  emit(record: LogRecord) {
    this.records.push(record)
  }
}

describe('the default configuration', () => {
  it('with DEBUG on prints reinhardt.* at INFO and above to stderr', () => {
    configureLogging({}, true)
    getLogger('reinhardt.request').warning('Not Found: /x')
    getLogger('reinhardt.request').debug('not shown')
    getLogger('reinhardt.db').info('query')
    expect(stderrText()).toBe('Not Found: /x\nquery\n')
  })

  it('with DEBUG off prints only errors (with their stack) of reinhardt.*', () => {
    configureLogging({}, false)
    getLogger('reinhardt.request').warning('Not Found: /x')
    getLogger('reinhardt.request').error('Internal Server Error: /boom', {
      error: new Error('kaboom'),
    })
    const text = stderrText()
    expect(text).not.toContain('Not Found')
    expect(text).toMatch(/^Internal Server Error: \/boom\nError: kaboom\n {4}at /)
  })

  it('prints reinhardt.server lines as they are, whatever DEBUG is, once (no propagation)', () => {
    for (const debug of [false, true]) {
      stderr.mockClear()
      configureLogging({}, debug)
      logServerRequest('"GET / HTTP/1.1" 200 12', 200)
      logServerRequest('"GET /x HTTP/1.1" 404 9', 404)
      expect(stderrText()).toBe('"GET / HTTP/1.1" 200 12\n"GET /x HTTP/1.1" 404 9\n')
    }
  })

  it('logs the dev server line at the level of its status', () => {
    const records: LogRecord[] = []
    const before = setLogSink((r) => records.push(r))
    try {
      logServerRequest('a', 200)
      logServerRequest('b', 302)
      logServerRequest('c', 404)
      logServerRequest('d', 503)
    } finally {
      setLogSink(before)
    }
    expect(records.map((r) => [r.logger, r.level, r.extra?.statusCode])).toEqual([
      ['reinhardt.server', 'info', 200],
      ['reinhardt.server', 'info', 302],
      ['reinhardt.server', 'warning', 404],
      ['reinhardt.server', 'error', 503],
    ])
  })

  it('follows overrideSettings({ DEBUG }) like Django’s filters read settings.DEBUG', () => {
    if (!isConfigured()) configure({})
    configureLogging({}, false)
    overrideSettings({ DEBUG: true }, () => {
      getLogger('reinhardt.request').warning('while DEBUG is on')
    })
    getLogger('reinhardt.request').warning('after the override')
    expect(stderrText()).toBe('while DEBUG is on\n')
  })
})

describe('configureLogging', () => {
  it('merges handlers and formatters by name; a logger entry replaces the default one', () => {
    const merged = mergeLogging(DEFAULT_LOGGING, {
      formatters: { verbose: { format: '{levelname} {name} {message}' } },
      handlers: { console: { class: 'null' } },
      loggers: { reinhardt: { level: 'ERROR' } },
    })
    expect(Object.keys(merged.handlers!)).toEqual(['console', 'consoleErrors', 'reinhardt.server'])
    expect(merged.handlers!.console).toEqual({ class: 'null' })
    expect(merged.formatters!.verbose).toBeDefined()
    expect(merged.loggers!.reinhardt).toEqual({ level: 'ERROR' })
    expect(merged.loggers!['reinhardt.server']).toEqual(
      DEFAULT_LOGGING.loggers!['reinhardt.server'],
    )
  })

  it('applies levels, formatters, handler thresholds, filters and propagate', () => {
    const out: string[] = []
    configureLogging(
      {
        filters: { noHealth: (record) => !record.message.includes('/health') },
        formatters: { verbose: { format: '{levelname} {name}: {message}' } },
        handlers: {
          memory: {
            class: 'stream',
            stream: { write: (text: string) => out.push(text) },
            formatter: 'verbose',
            filters: ['noHealth'],
          },
        },
        loggers: {
          myapp: { handlers: ['memory'], level: 'DEBUG', propagate: false },
          'reinhardt.request': { handlers: ['memory'], level: 'WARNING', propagate: false },
        },
      },
      false,
    )
    getLogger('myapp.payments').debug('charged 5')
    getLogger('reinhardt.request').info('not at WARNING')
    getLogger('reinhardt.request').warning('Not Found: /health')
    getLogger('reinhardt.request').warning('Not Found: /x')
    expect(out).toEqual([
      'DEBUG myapp.payments: charged 5\n',
      'WARNING reinhardt.request: Not Found: /x\n',
    ])
    expect(stderrText()).toBe('') // propagate: false kept it from the default handlers
  })

  it('appends to a file, one line per record, and closes it on reconfiguration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-log-'))
    try {
      const filename = join(dir, 'app.log')
      const logging = {
        formatters: { json: { json: true } },
        handlers: { file: { class: 'file' as const, filename, formatter: 'json' } },
        loggers: { 'reinhardt.request': { handlers: ['file'], level: 'INFO' as const } },
      }
      configureLogging(logging, false)
      getLogger('reinhardt.request').warning('first', { extra: { statusCode: 404 } })
      configureLogging(logging, false) // closes the first handler, opens a new one: appends
      getLogger('reinhardt.request').error('second', { error: new Error('x') })
      const lines = readFileSync(filename, 'utf8').trimEnd().split('\n')
      expect(lines.map((l) => JSON.parse(l).message)).toEqual(['first', 'second'])
      expect(JSON.parse(lines[0]!).statusCode).toBe(404)
      expect(JSON.parse(lines[1]!).error.message).toBe('x')
    } finally {
      configureLogging({}, false)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('builds a LogHandler subclass given as the class, with its options', () => {
    configureLogging(
      {
        handlers: { mine: { class: Collector, level: 'ERROR', options: { tag: 'x' } } },
        root: { handlers: ['mine'], level: 'INFO' },
      },
      false,
    )
    getLogger('other.lib').warning('below the handler level')
    getLogger('other.lib').error('kept')
    expect(Collector.last!.records.map((r) => r.message)).toEqual(['kept'])
    expect(Collector.last!.level).toBe(40)
    expect(getRootLogger().getEffectiveLevel()).toBe(20)
  })

  it('undoes the previous configuration (handlers detached, levels reset)', () => {
    configureLogging(
      {
        handlers: { mine: { class: Collector } },
        loggers: { lt9: { handlers: ['mine'], level: 'DEBUG' } },
      },
      false,
    )
    const first = Collector.last!
    configureLogging({}, false)
    getLogger('lt9').debug('after reset')
    getLogger('lt9').error('after reset, error')
    expect(first.records).toEqual([])
    expect(getLogger('lt9').level).toBe(0)
  })

  it('disables the loggers it does not name when disableExistingLoggers is true', () => {
    const old = getLogger('lt10.old')
    const kept = getLogger('reinhardt.lt10')
    configureLogging({ disableExistingLoggers: true }, true)
    expect(old.disabled).toBe(true)
    expect(kept.disabled).toBe(false) // below a configured logger
    old.error('silenced')
    expect(stderrText()).toBe('')
    configureLogging({}, false)
    expect(old.disabled).toBe(false)
  })

  it.each([
    [
      { handlers: { h: { class: 'console' as const, formatter: 'nope' } } },
      /handler 'h' uses formatter 'nope'/,
    ],
    [
      { handlers: { h: { class: 'console' as const, filters: ['nope'] } } },
      /handler 'h' uses filter 'nope'.*requireDebugTrue/,
    ],
    [
      { handlers: { h: { class: 'file' as const } } },
      /handler 'h' has class 'file' but no filename/,
    ],
    [{ handlers: { h: { class: 'syslog' as never } } }, /handler 'h' has class "syslog"/],
    [
      { loggers: { x: { handlers: ['missing'] } } },
      /logger 'x' uses handler 'missing'.*Known handlers: console/,
    ],
    [{ loggers: { x: { level: 'LOUD' as never } } }, /logger 'x' has level "LOUD"/],
    [{ root: { level: 'NOPE' as never } }, /the root logger has level "NOPE"/],
  ])(
    'refuses a broken configuration with a message saying what to fix (%#)',
    (logging, message) => {
      configureLogging({}, true)
      expect(() => configureLogging(logging, false)).toThrow(ImproperlyConfigured)
      expect(() => configureLogging(logging, false)).toThrow(message)
      // Nothing was half-applied: the DEBUG-on configuration still prints warnings.
      getLogger('reinhardt.request').warning('still configured')
      expect(stderrText()).toBe('still configured\n')
    },
  )
})
