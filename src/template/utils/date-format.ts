/**
 * Django's date format characters (`{{ d|date:"D d M Y" }}`, `{% now "jS F Y H:i" %}`),
 * applied to a JS Date seen in an IANA time zone. The wall-clock parts of the instant in that
 * zone come from Intl (one cached formatter per zone; 'UTC' skips Intl entirely). English
 * names only until i18n exists. A backslash escapes the next character.
 */

export interface DateParts {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
  ms: number
  weekday: number // 0 = Sunday
  /** Offset from UTC in minutes (east positive). */
  offset: number
  timeZone: string
  epochMs: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Wall-clock parts of `date` in `timeZone`. */
export function dateParts(date: Date, timeZone = 'UTC'): DateParts {
  const t = date.getTime()
  if (timeZone === 'UTC') {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      ms: date.getUTCMilliseconds(),
      weekday: date.getUTCDay(),
      offset: 0,
      timeZone,
      epochMs: t,
    }
  }
  const p: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value)
  }
  const ms = ((t % 1000) + 1000) % 1000
  const wall = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
    ms,
  )
  return {
    year: p.year ?? 1970,
    month: p.month ?? 1,
    day: p.day ?? 1,
    hour: p.hour ?? 0,
    minute: p.minute ?? 0,
    second: p.second ?? 0,
    ms,
    weekday: new Date(wall).getUTCDay(),
    offset: Math.round((wall - t) / 60000),
    timeZone,
    epochMs: t,
  }
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const MONTHS_AP = [
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
]
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0')

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function dayOfYear(p: DateParts): number {
  return (Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000 + 1
}

/** ISO-8601 week-numbering year and week. */
function isoWeek(p: DateParts): [number, number] {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day))
  const dow = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - dow)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  return [d.getUTCFullYear(), Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7)]
}

function offsetString(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+'
  const m = Math.abs(minutes)
  return `${sign}${pad(Math.floor(m / 60))}${colon ? ':' : ''}${pad(m % 60)}`
}

function tzAbbreviation(p: DateParts): string {
  if (p.timeZone === 'UTC') return 'UTC'
  const name = new Intl.DateTimeFormat('en-US', { timeZone: p.timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(p.epochMs))
    .find((x) => x.type === 'timeZoneName')?.value
  return name ?? p.timeZone
}

function isDst(p: DateParts): boolean {
  if (p.timeZone === 'UTC') return false
  const jan = dateParts(new Date(Date.UTC(p.year, 0, 1)), p.timeZone).offset
  const jul = dateParts(new Date(Date.UTC(p.year, 6, 1)), p.timeZone).offset
  return jan !== jul && p.offset === Math.max(jan, jul)
}

function hour12(h: number): number {
  return h % 12 === 0 ? 12 : h % 12
}

/** 'f': '1', '1:30'. */
function fTime(p: DateParts): string {
  return p.minute === 0 ? String(hour12(p.hour)) : `${hour12(p.hour)}:${pad(p.minute)}`
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th'
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'
}

function isoFormat(p: DateParts): string {
  const frac = p.ms ? `.${pad(p.ms, 3)}000` : ''
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}${offsetString(p.offset, true)}`
}

function formatChar(ch: string, p: DateParts): string {
  switch (ch) {
    case 'a':
      return p.hour < 12 ? 'a.m.' : 'p.m.'
    case 'A':
      return p.hour < 12 ? 'AM' : 'PM'
    case 'b':
      return (MONTHS[p.month - 1] as string).slice(0, 3).toLowerCase()
    case 'c':
      return isoFormat(p)
    case 'd':
      return pad(p.day)
    case 'D':
      return (DAYS[p.weekday] as string).slice(0, 3)
    case 'e':
      return p.timeZone
    case 'E':
      return MONTHS[p.month - 1] as string
    case 'f':
      return fTime(p)
    case 'F':
      return MONTHS[p.month - 1] as string
    case 'g':
      return String(hour12(p.hour))
    case 'G':
      return String(p.hour)
    case 'h':
      return pad(hour12(p.hour))
    case 'H':
      return pad(p.hour)
    case 'i':
      return pad(p.minute)
    case 'I':
      return isDst(p) ? '1' : '0'
    case 'j':
      return String(p.day)
    case 'l':
      return DAYS[p.weekday] as string
    case 'L':
      return isLeap(p.year) ? 'True' : 'False'
    case 'm':
      return pad(p.month)
    case 'M':
      return (MONTHS[p.month - 1] as string).slice(0, 3)
    case 'n':
      return String(p.month)
    case 'N':
      return MONTHS_AP[p.month - 1] as string
    case 'o':
      return String(isoWeek(p)[0])
    case 'O':
      return offsetString(p.offset, false)
    case 'P':
      if (p.minute === 0 && p.hour === 0) return 'midnight'
      if (p.minute === 0 && p.hour === 12) return 'noon'
      return `${fTime(p)} ${p.hour < 12 ? 'a.m.' : 'p.m.'}`
    case 'r':
      return formatDateParts(p, 'D, d M Y H:i:s O')
    case 's':
      return pad(p.second)
    case 'S':
      return ordinal(p.day)
    case 't':
      return String(daysInMonth(p.year, p.month))
    case 'T':
      return tzAbbreviation(p)
    case 'u':
      return pad(p.ms * 1000, 6)
    case 'U':
      return String(Math.floor(p.epochMs / 1000))
    case 'w':
      return String(p.weekday)
    case 'W':
      return String(isoWeek(p)[1])
    case 'y':
      return pad(p.year % 100)
    case 'Y':
      return pad(p.year, 4)
    case 'z':
      return String(dayOfYear(p))
    case 'Z':
      return String(p.offset * 60)
    default:
      return ch
  }
}

/** Format already-computed parts. */
export function formatDateParts(p: DateParts, format: string): string {
  let out = ''
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string
    if (ch === '\\') {
      i++
      if (i < format.length) out += format[i]
    } else out += formatChar(ch, p)
  }
  return out
}

/**
 * Format a Date with Django's format characters in a time zone.
 *
 * @example
 * formatDate(new Date('2024-03-05T14:30:00Z'), 'D d M Y, P') // 'Tue 05 Mar 2024, 2:30 p.m.'
 */
export function formatDate(date: Date, format: string, timeZone = 'UTC'): string {
  return formatDateParts(dateParts(date, timeZone), format)
}

/** Django's named formats (English defaults) for `date:"SHORT_DATE_FORMAT"` and friends. */
export const NAMED_FORMATS: Record<string, string> = {
  DATE_FORMAT: 'N j, Y',
  DATETIME_FORMAT: 'N j, Y, P',
  TIME_FORMAT: 'P',
  YEAR_MONTH_FORMAT: 'F Y',
  MONTH_DAY_FORMAT: 'F j',
  SHORT_DATE_FORMAT: 'm/d/Y',
  SHORT_DATETIME_FORMAT: 'm/d/Y P',
}
