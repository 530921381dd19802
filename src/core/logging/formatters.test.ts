import { describe, expect, it } from 'vitest'
import { JsonFormatter, TextFormatter, formatAsctime } from './formatters.js'
import type { LogRecord } from './record.js'

const record = (extra: Partial<LogRecord> = {}): LogRecord => ({
  logger: 'reinhardt.request',
  level: 'warning',
  levelno: 30,
  message: 'Not Found: /x',
  created: Date.UTC(2024, 4, 1, 12, 30, 15, 7),
  ...extra,
})

describe('TextFormatter', () => {
  it('fills the named fields, extra fields and literal braces', () => {
    const f = new TextFormatter('{levelname} {name} [{statusCode}] {{x}} {message} {nope}')
    expect(f.format(record({ extra: { statusCode: 404 } }))).toBe(
      'WARNING reinhardt.request [404] {x} Not Found: /x {nope}',
    )
    expect(new TextFormatter('{isotime} {levelno}').format(record())).toBe(
      '2024-05-01T12:30:15.007Z 30',
    )
  })

  it('formats asctime as Python does (local time, comma before milliseconds)', () => {
    const text = new TextFormatter('{asctime}').format(record())
    expect(text).toBe(formatAsctime(record().created))
    expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,007$/)
  })

  it('appends the error with its stack and cause chain', () => {
    const cause = new Error('low level')
    const error = new Error('high level', { cause })
    const text = new TextFormatter('{message}').format(record({ error, level: 'error' }))
    const lines = text.split('\n')
    expect(lines[0]).toBe('Not Found: /x')
    expect(text).toContain('Error: high level')
    expect(text).toContain('at ') // the stack
    expect(text).toContain('low level')
  })

  it('describes hostile thrown values without throwing', () => {
    const hostile = {
      toString() {
        throw new Error('no')
      },
      [Symbol.toPrimitive]() {
        throw new Error('no')
      },
    }
    expect(() => new TextFormatter().format(record({ error: hostile }))).not.toThrow()
  })
})

describe('JsonFormatter', () => {
  it('writes one JSON object per record with extra fields and the error', () => {
    const circular: Record<string, unknown> = { big: 10n }
    circular.self = circular
    const line = new JsonFormatter().format(
      record({ extra: { statusCode: 500, data: circular }, error: new TypeError('bad') }),
    )
    expect(line).not.toContain('\n')
    const parsed = JSON.parse(line)
    expect(parsed).toMatchObject({
      time: '2024-05-01T12:30:15.007Z',
      level: 'WARNING',
      logger: 'reinhardt.request',
      message: 'Not Found: /x',
      statusCode: 500,
      data: { big: '10', self: '[Circular]' },
      error: { name: 'TypeError', message: 'bad' },
    })
    expect(parsed.error.stack).toContain('TypeError: bad')
  })

  it('keeps control characters of the message escaped inside the JSON string', () => {
    const line = new JsonFormatter().format(record({ message: 'a\nb\u001b[31m' }))
    expect(line).not.toMatch(/[\n\u001b]/)
    expect(JSON.parse(line).message).toBe('a\nb\u001b[31m')
  })
})
