import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LogHandler } from './handlers.js'
import { getLogger, getRootLogger, setLogSink } from './logger.js'
import type { LogRecord, LogSink } from './record.js'
import { configureLogging } from './config.js'

class ArrayHandler extends LogHandler {
  records: LogRecord[] = []
  emit(record: LogRecord) {
    this.records.push(record)
  }
}

let previousSink: LogSink
beforeEach(() => {
  previousSink = setLogSink(null)
})
afterEach(() => {
  setLogSink(previousSink)
  configureLogging({}, false)
  vi.restoreAllMocks()
})

describe('Logger hierarchy', () => {
  it('links dotted names to their nearest ancestor, even when the parent comes later', () => {
    const child = getLogger('lt1.a.b')
    expect(child.parent).toBe(getRootLogger())
    const parent = getLogger('lt1.a')
    expect(child.parent).toBe(parent)
    expect(parent.parent).toBe(getRootLogger())
    expect(getLogger('lt1.a')).toBe(parent)
    expect(parent.getChild('b')).toBe(child)
  })

  it('inherits the nearest set level and re-reads it after a change', () => {
    const parent = getLogger('lt2')
    const child = getLogger('lt2.child')
    parent.setLevel('ERROR')
    expect(child.getEffectiveLevel()).toBe(40)
    expect(child.isEnabledFor('warning')).toBe(false)
    parent.setLevel('DEBUG')
    expect(child.isEnabledFor('debug')).toBe(true)
    child.setLevel('CRITICAL')
    expect(child.isEnabledFor('error')).toBe(false)
    expect(() => child.setLevel('LOUD' as never)).toThrow(/Unknown log level "LOUD"/)
  })

  it('hands records to its handlers and its ancestors’ until propagate is false', () => {
    const top = new ArrayHandler()
    const middle = new ArrayHandler()
    const bottom = new ArrayHandler({ level: 40 })
    getLogger('lt3').addHandler(top)
    getLogger('lt3.m').addHandler(middle)
    getLogger('lt3.m.b').addHandler(bottom)
    getLogger('lt3').setLevel('INFO')
    getLogger('lt3.m.b').warning('w1', { extra: { statusCode: 404 } })
    expect(bottom.records).toHaveLength(0) // below the handler's own threshold
    expect(middle.records.map((r) => r.message)).toEqual(['w1'])
    expect(top.records[0]).toMatchObject({
      logger: 'lt3.m.b',
      level: 'warning',
      levelno: 30,
      extra: { statusCode: 404 },
    })
    getLogger('lt3.m').propagate = false
    getLogger('lt3.m.b').error('e1')
    expect(bottom.records.map((r) => r.message)).toEqual(['e1'])
    expect(middle.records.map((r) => r.message)).toEqual(['w1', 'e1'])
    expect(top.records.map((r) => r.message)).toEqual(['w1'])
  })

  it('builds nothing for a disabled level: filters and formatters are not reached', () => {
    const filter = vi.fn(() => true)
    const handler = new ArrayHandler({ filters: [filter] })
    const logger = getLogger('lt4')
    logger.setLevel('WARNING')
    logger.addHandler(handler)
    logger.filters.push(filter)
    logger.debug('skipped')
    logger.info('skipped')
    expect(filter).not.toHaveBeenCalled()
    logger.warning('kept')
    expect(filter).toHaveBeenCalledTimes(2) // the logger's filter, then the handler's
    expect(handler.records).toHaveLength(1)
  })

  it('drops records a logger filter refuses, and everything from a disabled logger', () => {
    const handler = new ArrayHandler()
    const logger = getLogger('lt5')
    logger.setLevel('DEBUG')
    logger.addHandler(handler)
    logger.filters.push((record) => !record.message.includes('secret'))
    logger.info('a secret')
    logger.info('public')
    logger.disabled = true
    logger.critical('gone')
    expect(handler.records.map((r) => r.message)).toEqual(['public'])
  })

  it('falls back to stderr for WARNING and above when no handler exists on the way', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const logger = getLogger('lt6.unconfigured')
    logger.info('quiet') // the root's WARNING threshold
    logger.warning('loud')
    expect(write).toHaveBeenCalledTimes(1)
    expect(String(write.mock.calls[0]![0])).toBe('loud\n')
  })

  it('sends records to an installed sink instead of the handlers, and restores them', () => {
    const handler = new ArrayHandler()
    const logger = getLogger('lt7')
    logger.setLevel('INFO')
    logger.addHandler(handler)
    const captured: LogRecord[] = []
    const before = setLogSink((record) => captured.push(record))
    logger.info('to sink')
    logger.debug('below level: not even the sink sees it')
    setLogSink(before)
    logger.info('to handler')
    expect(captured.map((r) => r.message)).toEqual(['to sink'])
    expect(handler.records.map((r) => r.message)).toEqual(['to handler'])
  })

  it('survives a failing handler and a failing sink (reports on stderr)', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    class Broken extends LogHandler {
      emit(): void {
        throw new Error('disk full')
      }
    }
    const logger = getLogger('lt8')
    logger.setLevel('INFO')
    logger.addHandler(new Broken())
    expect(() => logger.error('x')).not.toThrow()
    const before = setLogSink(() => {
      throw new Error('sink broke')
    })
    expect(() => logger.error('y')).not.toThrow()
    setLogSink(before)
    const text = write.mock.calls.map((c) => String(c[0])).join('')
    expect(text).toContain('Logging error in Broken for logger lt8: Error: disk full')
    expect(text).toContain('Log sink failed for logger lt8: Error: sink broke')
  })
})
