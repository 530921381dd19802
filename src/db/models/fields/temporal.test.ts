/**
 * parseDateTime: the storage format has a fast path (character codes, no regular
 * expressions); it must agree with the general ISO parsing on every input, valid or not.
 */
import { describe, expect, it } from 'vitest'
import { formatUtcDateTime, parseDateTime } from './temporal.js'

/** What the general path gives: naive ISO text taken as UTC, invalid → null. */
function general(text: string): number | null {
  const time = new Date(`${text.trim().replace(' ', 'T')}Z`).getTime()
  return Number.isNaN(time) ? null : time
}

describe('parseDateTime', () => {
  it('reads the SQLite storage format exactly, round-tripping formatUtcDateTime', () => {
    for (const iso of [
      '2024-05-01T12:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2024-02-29T00:00:00.001Z',
      '0100-01-01T00:00:00.000Z',
    ]) {
      const date = new Date(iso)
      expect(parseDateTime(formatUtcDateTime(date))?.toISOString()).toBe(iso)
    }
  })

  it('matches Date.UTC on every day of leap and century years and on seeded random instants', () => {
    for (const year of [100, 1600, 1700, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
        const date = new Date(t + 45_296_789) // 12:34:56.789
        expect(parseDateTime(formatUtcDateTime(date))?.getTime()).toBe(date.getTime())
      }
    }
    let seed = 42
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const low = Date.UTC(100, 0, 1)
    const high = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
    for (let i = 0; i < 2000; i++) {
      const date = new Date(low + Math.floor(next() * (high - low)))
      expect(parseDateTime(formatUtcDateTime(date))?.getTime()).toBe(date.getTime())
    }
  })

  it('agrees with the general parser on near misses of the format', () => {
    for (const text of [
      '2024-02-30 12:00:00.000', // no such day
      '2023-02-29 12:00:00.000',
      '1900-02-29 12:00:00.000', // century, not a leap year
      '2000-02-29 12:00:00.000', // divisible by 400: a leap year
      '2024-04-31 12:00:00.000',
      '2024-13-01 12:00:00.000',
      '2024-05-01 24:00:00.000',
      '2024-05-01 12:60:00.000',
      '2024-05-0x 12:00:00.000',
      '0099-05-01 12:00:00.000', // two-digit years must not become 19xx
      '2024-05-01 12:00:00.5',
      '2024-05-01 12:00:00',
      '2024-05-01T12:00:00.000',
    ]) {
      expect([text, parseDateTime(text)?.getTime() ?? null]).toEqual([text, general(text)])
    }
  })

  it('keeps offsets and date-only text on the general path', () => {
    expect(parseDateTime('2024-05-01T12:00:00+02:00')?.toISOString()).toBe(
      '2024-05-01T10:00:00.000Z',
    )
    expect(parseDateTime('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z')
    expect(parseDateTime('not a date')).toBe(null)
  })
})
