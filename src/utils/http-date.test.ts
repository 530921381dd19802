import { describe, expect, it } from 'vitest'
import { httpDate, parseHttpDate, parseHttpDateSafe } from './http-date.js'

const NOV_6_1994 = 784111777

describe('httpDate', () => {
  it('formats seconds since the epoch as an IMF-fixdate', () => {
    expect(httpDate(NOV_6_1994)).toBe('Sun, 06 Nov 1994 08:49:37 GMT')
  })

  it('drops fractions of a second and accepts a Date', () => {
    expect(httpDate(NOV_6_1994 + 0.999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT')
    expect(httpDate(new Date(Date.UTC(2024, 1, 29, 23, 5, 9)))).toBe(
      'Thu, 29 Feb 2024 23:05:09 GMT',
    )
  })

  it('uses the current time by default', () => {
    const before = Math.floor(Date.now() / 1000)
    const parsed = parseHttpDate(httpDate())
    expect(parsed).toBeGreaterThanOrEqual(before)
    expect(parsed).toBeLessThanOrEqual(before + 2)
  })

  it('refuses an invalid time', () => {
    expect(() => httpDate(Number.NaN)).toThrow(RangeError)
    expect(() => httpDate(new Date('nope'))).toThrow(RangeError)
  })
})

describe('parseHttpDate', () => {
  it('reads the three formats RFC 9110 requires', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sun Nov 16 08:49:37 1994')).toBe(NOV_6_1994 + 10 * 86400)
  })

  it('reads month names case-insensitively', () => {
    expect(parseHttpDate('Sun, 06 NOV 1994 08:49:37 GMT')).toBe(NOV_6_1994)
  })

  it('round-trips with httpDate', () => {
    for (const t of [0, 951782400, 1700000000, 253402300799]) {
      expect(parseHttpDate(httpDate(t))).toBe(t)
    }
  })

  it('reads a two-digit year as within 50 years of now', () => {
    const year = new Date().getUTCFullYear()
    const soon = (year + 10) % 100
    const far = (year + 60) % 100
    const pad = (n: number) => String(n).padStart(2, '0')
    const soonDate = parseHttpDate(`Monday, 01-Jan-${pad(soon)} 00:00:00 GMT`)
    const farDate = parseHttpDate(`Monday, 01-Jan-${pad(far)} 00:00:00 GMT`)
    expect(new Date(soonDate * 1000).getUTCFullYear()).toBe(year + 10)
    expect(new Date(farDate * 1000).getUTCFullYear()).toBe(year + 60 - 100)
  })

  it.each([
    '',
    'yesterday',
    '06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Sun, 06 Foo 1994 08:49:37 GMT',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 25:49:37 GMT',
    'Sun, 06 Nov 1994 08:60:37 GMT',
    ' Sun, 06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT\r\nX: y',
  ])('refuses %j', (text) => {
    expect(() => parseHttpDate(text)).toThrow(TypeError)
    expect(parseHttpDateSafe(text)).toBeNull()
  })

  it('parseHttpDateSafe returns null for a missing value', () => {
    expect(parseHttpDateSafe(undefined)).toBeNull()
    expect(parseHttpDateSafe(null)).toBeNull()
    expect(parseHttpDateSafe('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(NOV_6_1994)
  })
})
