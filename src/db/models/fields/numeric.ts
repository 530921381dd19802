/**
 * Numbers: the integer family (Integer, Small, Big, Positive*), FloatField and DecimalField.
 *
 * DecimalField values are strings in JS ('12.50'), bound as strings and normalised to
 * `decimalPlaces` digits with string arithmetic, never through a float. PostgreSQL stores
 * them exactly (numeric); SQLite's NUMERIC affinity keeps 15 significant digits, as in Django.
 */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

const RANGES: Record<string, readonly [number, number]> = {
  IntegerField: [-2147483648, 2147483647],
  SmallIntegerField: [-32768, 32767],
  BigIntegerField: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  PositiveIntegerField: [0, 2147483647],
  PositiveSmallIntegerField: [0, 32767],
  PositiveBigIntegerField: [0, Number.MAX_SAFE_INTEGER],
}

export class IntegerField<N extends boolean = false> extends Field<number, N> {
  readonly type: string = 'IntegerField'

  constructor(options: FieldOptions<number, N> = {}) {
    super(options)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): number | null {
    return value === null || value === undefined ? null : Number(value)
  }

  override toJs(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null
    const n = typeof value === 'number' ? value : Number(String(value).trim())
    if (!Number.isSafeInteger(n)) {
      throw new ValidationError(`'${String(value)}' value must be an integer.`, 'invalid')
    }
    return n
  }

  override runValidators(value: number | null): void {
    const range = RANGES[this.type]
    if (value !== null && range !== undefined) {
      if (value < range[0]) {
        throw new ValidationError(
          `Ensure this value is greater than or equal to ${range[0]}.`,
          'min_value',
        )
      }
      if (value > range[1]) {
        throw new ValidationError(
          `Ensure this value is less than or equal to ${range[1]}.`,
          'max_value',
        )
      }
    }
    super.runValidators(value)
  }
}

export class SmallIntegerField<N extends boolean = false> extends IntegerField<N> {
  override readonly type: string = 'SmallIntegerField'
}
export class BigIntegerField<N extends boolean = false> extends IntegerField<N> {
  override readonly type: string = 'BigIntegerField'
}
export class PositiveIntegerField<N extends boolean = false> extends IntegerField<N> {
  override readonly type: string = 'PositiveIntegerField'
}
export class PositiveSmallIntegerField<N extends boolean = false> extends IntegerField<N> {
  override readonly type: string = 'PositiveSmallIntegerField'
}
export class PositiveBigIntegerField<N extends boolean = false> extends IntegerField<N> {
  override readonly type: string = 'PositiveBigIntegerField'
}

export class FloatField<N extends boolean = false> extends Field<number, N> {
  readonly type: string = 'FloatField'

  constructor(options: FieldOptions<number, N> = {}) {
    super(options)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): number | null {
    return value === null || value === undefined ? null : Number(value)
  }

  override toJs(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null
    const n = typeof value === 'number' ? value : Number(String(value).trim())
    if (Number.isNaN(n))
      throw new ValidationError(`'${String(value)}' value must be a float.`, 'invalid')
    return n
  }
}

export interface DecimalFieldOptions<N extends boolean = false> extends FieldOptions<string, N> {
  /** Total number of digits. */
  maxDigits: number
  /** Digits after the decimal point. */
  decimalPlaces: number
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/

/**
 * Normalises a decimal string to `places` fraction digits, rounding half away from zero
 * with string arithmetic. Returns null for something that is not a decimal number.
 */
export function normalizeDecimal(input: string, places: number): string | null {
  const match = DECIMAL.exec(input.trim())
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return null
  const sign = match[1] === '-' ? '-' : ''
  let whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  let fraction = match[3] ?? ''
  if (fraction.length > places) {
    const roundUp = fraction.charCodeAt(places) >= 53 // '5'
    fraction = fraction.slice(0, places)
    if (roundUp) {
      const digits = (whole + fraction).split('').map(Number)
      let i = digits.length - 1
      while (i >= 0) {
        if (digits[i]! < 9) {
          digits[i]! += 1
          break
        }
        digits[i] = 0
        i--
      }
      const joined = (i < 0 ? '1' : '') + digits.join('')
      whole = joined.slice(0, joined.length - places) || '0'
      fraction = joined.slice(joined.length - places)
    }
  }
  fraction = fraction.padEnd(places, '0')
  const text = places > 0 ? `${whole}.${fraction}` : whole
  return /^0(\.0*)?$/.test(text) ? text : sign + text
}

export class DecimalField<N extends boolean = false> extends Field<string, N> {
  readonly type: string = 'DecimalField'
  readonly maxDigits: number
  readonly decimalPlaces: number

  constructor(options: DecimalFieldOptions<N>) {
    super(options)
    if (!Number.isInteger(options?.maxDigits) || !Number.isInteger(options?.decimalPlaces)) {
      throw new TypeError('DecimalField needs integer maxDigits and decimalPlaces options.')
    }
    if (options.decimalPlaces > options.maxDigits) {
      throw new TypeError('DecimalField decimalPlaces cannot exceed maxDigits.')
    }
    this.maxDigits = options.maxDigits
    this.decimalPlaces = options.decimalPlaces
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    return this.toJs(value)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): string | null {
    if (value === null || value === undefined) return null
    // SQLite hands back numbers for NUMERIC columns; the compiler selects them as text
    // (CAST AS TEXT) so no float conversion happens in JS. Numbers can still arrive from
    // expressions (aggregates), formatted here as the column would be.
    const text = String(value)
    return normalizeDecimal(text, this.decimalPlaces) ?? text
  }

  override toJs(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ValidationError(`'${value}' value must be a decimal number.`, 'invalid')
    }
    const text = typeof value === 'bigint' ? value.toString() : String(value)
    const normalized = normalizeDecimal(text, this.decimalPlaces)
    if (normalized === null) {
      throw new ValidationError(`'${text}' value must be a decimal number.`, 'invalid')
    }
    return normalized
  }

  override runValidators(value: string | null): void {
    if (value !== null) {
      const digits = value
        .replace(/^-/, '')
        .replace('.', '')
        .replace(/^0+(?=\d)/, '')
      if (digits.length > this.maxDigits) {
        throw new ValidationError(
          `Ensure that there are no more than ${this.maxDigits} digits in total.`,
          'max_digits',
        )
      }
    }
    super.runValidators(value)
  }
}
