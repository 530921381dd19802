/**
 * Dates and times.
 *
 * - DateTimeField: a JS `Date` (an instant). Stored in UTC: `timestamp with time zone` on
 *   PostgreSQL, ISO text ('2024-05-01 12:00:00.000') on SQLite, so ordering and comparison
 *   by text are chronological. `autoNow` / `autoNowAdd` set it on every save / on insert.
 * - DateField: 'YYYY-MM-DD' strings (JS has no date-only type; a Date would carry a time
 *   zone that changes the day).
 * - TimeField: 'HH:MM:SS' or 'HH:MM:SS.ffffff' strings.
 * - DurationField: milliseconds as a number, stored as bigint microseconds on both backends.
 */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

export interface DateTimeFieldOptions<T, N extends boolean> extends FieldOptions<T, N> {
  /** Set to now on every save(). */
  autoNow?: boolean
  /** Set to now when the row is inserted. */
  autoNowAdd?: boolean
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,6})?)?$/

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: the SQLite storage format. */
export function formatUtcDateTime(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.` +
    pad(date.getUTCMilliseconds(), 3)
  )
}

/** The number written by `width` digits of `text` from `start`, or -1 for a non-digit. */
function digitsAt(text: string, start: number, width: number): number {
  let n = 0
  for (let i = start; i < start + width; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    n = n * 10 + digit
  }
  return n
}

/**
 * The storage format 'YYYY-MM-DD HH:MM:SS.mmm' read field by field (every SQLite row with a
 * DateTimeField comes through here); null when `text` is not exactly that, or not a real
 * date, and the general parser decides.
 */
function parseStorageFormat(text: string): Date | null {
  if (
    text.length !== 23 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 // .
  ) {
    return null
  }
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  const millisecond = digitsAt(text, 20, 3)
  if (
    year < 100 || // Date.UTC maps 0-99 to 1900-1999
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    millisecond < 0
  ) {
    return null
  }
  if (day > daysInMonth(year, month)) return null
  const days = daysFromCivil(year, month, day)
  return new Date(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number)
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" algorithm):
 * plain arithmetic, cheaper than Date.UTC plus a Date read-back to validate the day, and
 * this runs once per DateTimeField per row read from SQLite.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** Parses the SQLite storage format (or any ISO string); naive strings are taken as UTC. */
export function parseDateTime(text: string): Date | null {
  const stored = parseStorageFormat(text)
  if (stored !== null) return stored
  let iso = text.trim().replace(' ', 'T')
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00'
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

function validDate(text: string): boolean {
  const match = DATE.exec(text)
  if (match === null) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.getUTCDate() === Number(match[3]) && date.getUTCMonth() === Number(match[2]) - 1
}

export class DateTimeField<N extends boolean = false> extends Field<Date, N> {
  readonly type: string = 'DateTimeField'
  readonly autoNow: boolean
  readonly autoNowAdd: boolean

  constructor(options: DateTimeFieldOptions<Date, N> = {}) {
    super(
      options.autoNow || options.autoNowAdd
        ? { ...options, editable: false, blank: true }
        : options,
    )
    this.autoNow = options.autoNow ?? false
    this.autoNowAdd = options.autoNowAdd ?? false
  }

  /** The value to store, given the instance's value; sets now for autoNow fields. */
  preSave(value: unknown, add: boolean): unknown {
    return this.autoNow || (this.autoNowAdd && add) ? new Date() : value
  }

  override toDb(value: unknown, connection: DatabaseWrapper): unknown {
    const date = this.toJs(value)
    if (date === null) return null
    return connection.vendor === 'sqlite' ? formatUtcDateTime(date) : date
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): Date | null {
    if (value === null || value === undefined) return null
    if (value instanceof Date) return value
    return parseDateTime(String(value))
  }

  override toJs(value: unknown): Date | null {
    if (value === null || value === undefined || value === '') return null
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new ValidationError('Invalid date.', 'invalid')
      return value
    }
    if (typeof value === 'number') return new Date(value)
    const parsed = parseDateTime(String(value))
    if (parsed === null) {
      throw new ValidationError(
        `'${String(value)}' value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.`,
        'invalid',
      )
    }
    return parsed
  }

  override deconstruct() {
    const result = super.deconstruct()
    if (this.autoNow || this.autoNowAdd) {
      delete result.options.editable
      delete result.options.blank
    }
    return result
  }
}

export class DateField<N extends boolean = false> extends Field<string, N> {
  readonly type: string = 'DateField'
  readonly autoNow: boolean
  readonly autoNowAdd: boolean

  constructor(options: DateTimeFieldOptions<string, N> = {}) {
    super(
      options.autoNow || options.autoNowAdd
        ? { ...options, editable: false, blank: true }
        : options,
    )
    this.autoNow = options.autoNow ?? false
    this.autoNowAdd = options.autoNowAdd ?? false
  }

  preSave(value: unknown, add: boolean): unknown {
    return this.autoNow || (this.autoNowAdd && add) ? new Date().toISOString().slice(0, 10) : value
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    return this.toJs(value)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): string | null {
    if (value === null || value === undefined) return null
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    return String(value).slice(0, 10)
  }

  override toJs(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    const text = String(value).trim()
    if (!validDate(text)) {
      throw new ValidationError(
        `'${text}' value must be a valid date in YYYY-MM-DD format.`,
        'invalid',
      )
    }
    return text
  }

  override deconstruct() {
    const result = super.deconstruct()
    if (this.autoNow || this.autoNowAdd) {
      delete result.options.editable
      delete result.options.blank
    }
    return result
  }
}

export class TimeField<N extends boolean = false> extends Field<string, N> {
  readonly type: string = 'TimeField'

  constructor(options: FieldOptions<string, N> = {}) {
    super(options)
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    return this.toJs(value)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): string | null {
    return value === null || value === undefined ? null : String(value)
  }

  override toJs(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null
    const text = String(value).trim()
    const match = TIME.exec(text)
    if (match === null) {
      throw new ValidationError(
        `'${text}' value must be a valid time in HH:MM[:ss[.uuuuuu]] format.`,
        'invalid',
      )
    }
    return match[3] === undefined ? `${text}:00` : text
  }
}

export class DurationField<N extends boolean = false> extends Field<number, N> {
  readonly type: string = 'DurationField'

  constructor(options: FieldOptions<number, N> = {}) {
    super(options)
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    const ms = this.toJs(value)
    return ms === null ? null : Math.round(ms * 1000)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): number | null {
    return value === null || value === undefined ? null : Number(value) / 1000
  }

  override toJs(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null
    const ms = typeof value === 'number' ? value : Number(value)
    if (!Number.isFinite(ms)) {
      throw new ValidationError(
        `'${String(value)}' value must be a duration in milliseconds.`,
        'invalid',
      )
    }
    return ms
  }
}
