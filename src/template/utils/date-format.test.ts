import { describe, expect, it } from 'vitest'
import { dateParts, formatDate } from './date-format.js'

describe('formatDate', () => {
  const d = new Date('2024-12-30T15:05:09.250Z')
  it('ISO week and year around new year', () => {
    expect(formatDate(d, 'W o Y')).toBe('1 2025 2024')
  })
  it('12-hour forms', () => {
    expect(formatDate(d, 'g:i A f P h')).toBe('3:05 PM 3:05 3:05 p.m. 03')
  })
  it('milliseconds as microseconds and c', () => {
    expect(formatDate(d, 'u c')).toBe('250000 2024-12-30T15:05:09.250000+00:00')
  })
  it('time zones', () => {
    expect(formatDate(d, 'H:i O e', 'Asia/Kolkata')).toBe('20:35 +0530 Asia/Kolkata')
    expect(dateParts(d, 'Pacific/Auckland')).toMatchObject({ day: 31, hour: 4, offset: 780 })
  })
  it('unknown characters pass through; backslash escapes', () => {
    expect(formatDate(d, '\\Y-Y %!')).toBe('Y-2024 %!')
  })
})
