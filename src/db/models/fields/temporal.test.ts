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

  it('agrees with the general parser on near misses of the format', () => {
    for (const text of [
      '2024-02-30 12:00:00.000', // no such day
      '2023-02-29 12:00:00.000',
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
