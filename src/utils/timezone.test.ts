import { describe, expect, it } from 'vitest'
import { requireTimeZone, timeZoneName, UnknownTimeZoneError, ZonedDate } from './timezone.js'

describe('timeZoneName', () => {
  it('accepts IANA names and UTC', () => {
    expect(timeZoneName('Europe/Paris')).toBe('Europe/Paris')
    expect(timeZoneName('UTC')).toBe('UTC')
    expect(timeZoneName('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires')
  })
  it('fixes the case of a name, keeps an alias as given', () => {
    expect(timeZoneName('europe/PARIS')).toBe('Europe/Paris')
    expect(timeZoneName('GMT')).toBe('GMT')
  })
  it('refuses unknown names, offsets and the empty string', () => {
    expect(timeZoneName('Mars/Olympus')).toBeNull()
    expect(timeZoneName('+01:00')).toBeNull()
    expect(timeZoneName('-0500')).toBeNull()
    expect(timeZoneName('')).toBeNull()
  })
  it('answers the same for a name asked again (cached)', () => {
    expect(timeZoneName('Asia/Tokyo')).toBe('Asia/Tokyo')
    expect(timeZoneName('Asia/Tokyo')).toBe('Asia/Tokyo')
    expect(timeZoneName('Nope/Nope')).toBeNull()
    expect(timeZoneName('Nope/Nope')).toBeNull()
  })
  it('stays correct past the cache limit', () => {
    for (let i = 0; i < 1100; i++) timeZoneName(`Bogus/Zone${i}`)
    expect(timeZoneName('Bogus/Zone1099')).toBeNull()
    expect(timeZoneName('Australia/Sydney')).toBe('Australia/Sydney')
  })
})

describe('requireTimeZone', () => {
  it('returns the name or throws a clear error', () => {
    expect(requireTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata')
    expect(() => requireTimeZone('Mars/Olympus')).toThrow(UnknownTimeZoneError)
    expect(() => requireTimeZone('Mars/Olympus')).toThrow(
      "Unknown time zone 'Mars/Olympus': use an IANA name such as 'Europe/Paris' or 'UTC'.",
    )
  })
})

describe('ZonedDate', () => {
  it('is a Date at the same instant, carrying its zone', () => {
    const d = new Date('2024-07-01T12:30:00Z')
    const z = new ZonedDate(d, 'Asia/Tokyo')
    expect(z).toBeInstanceOf(Date)
    expect(z.getTime()).toBe(d.getTime())
    expect(z.timeZone).toBe('Asia/Tokyo')
    expect(new ZonedDate(0, 'UTC').toISOString()).toBe('1970-01-01T00:00:00.000Z')
  })
})
