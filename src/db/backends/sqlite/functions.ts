/**
 * SQL functions SQLite does not have, implemented in JS and registered on each connection:
 * regexp (for `x REGEXP y` and the regex lookup), regexp_i (iregex), and rh_extract
 * (date parts of a stored UTC datetime in a given time zone, for year/month/... lookups).
 */
import type Database from 'better-sqlite3'
import { parseDateTime } from '../../models/fields/temporal.js'

const cache = new Map<string, RegExp>()

function compiled(pattern: string, flags: string): RegExp {
  const key = flags + pattern
  let regex = cache.get(key)
  if (regex === undefined) {
    regex = new RegExp(pattern, flags)
    if (cache.size > 200) cache.clear()
    cache.set(key, regex)
  }
  return regex
}

const WEEKDAYS: Record<string, number> = { Sun: 1, Mon: 2, Tue: 3, Wed: 4, Thu: 5, Fri: 6, Sat: 7 }

/** The date part `kind` of `value` (stored UTC text) as seen in `timeZone`. */
export function extractDatePart(
  kind: string,
  value: string,
  timeZone: string,
): number | string | null {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T00:00:00Z`)
    : parseDateTime(value)
  if (date === null) return null
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : timeZone
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>
  const year = Number(parts.year)
  const month = Number(parts.month)
  const day = Number(parts.day)
  const local = new Date(Date.UTC(year, month - 1, day))
  const isoWeekDay = ((local.getUTCDay() + 6) % 7) + 1
  switch (kind) {
    case 'year':
      return year
    case 'month':
      return month
    case 'day':
      return day
    case 'hour':
      return Number(parts.hour)
    case 'minute':
      return Number(parts.minute)
    case 'second':
      return Number(parts.second)
    case 'quarter':
      return Math.ceil(month / 3)
    case 'week_day':
      return WEEKDAYS[parts.weekday ?? ''] ?? null
    case 'iso_week_day':
      return isoWeekDay
    case 'week':
    case 'iso_year': {
      const thursday = new Date(local)
      thursday.setUTCDate(local.getUTCDate() + 4 - isoWeekDay)
      const isoYear = thursday.getUTCFullYear()
      if (kind === 'iso_year') return isoYear
      const yearStart = Date.UTC(isoYear, 0, 1)
      return Math.ceil(((thursday.getTime() - yearStart) / 86400000 + 1) / 7)
    }
    case 'date':
      return `${parts.year}-${parts.month}-${parts.day}`
    case 'time':
      return `${parts.hour}:${parts.minute}:${parts.second}`
    default:
      return null
  }
}

export function registerFunctions(db: Database.Database): void {
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) =>
    value === null || pattern === null
      ? null
      : compiled(String(pattern), '').test(String(value))
        ? 1
        : 0,
  )
  db.function('regexp_i', { deterministic: true }, (pattern: unknown, value: unknown) =>
    value === null || pattern === null
      ? null
      : compiled(String(pattern), 'i').test(String(value))
        ? 1
        : 0,
  )
  db.function(
    'rh_extract',
    { deterministic: true },
    (kind: unknown, value: unknown, zone: unknown) =>
      value === null ? null : extractDatePart(String(kind), String(value), String(zone)),
  )
}
