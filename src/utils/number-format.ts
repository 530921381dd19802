/**
 * Django's `django.utils.numberformat.format`: a number as text with a given decimal
 * separator, decimal places and digit grouping. It reads no settings: the caller passes the
 * formats (the template engine passes DECIMAL_SEPARATOR, NUMBER_GROUPING, THOUSAND_SEPARATOR
 * and USE_THOUSAND_SEPARATOR).
 *
 * How a value becomes digits, as in Django:
 * - an integer (a safe-integer-sized JS number, or a bigint) prints all its digits;
 * - any other JS number prints its shortest round-trip form (Python's `str(float)`), and one
 *   that JS would write with an exponent (1e21, 1e-7) is expanded as a Decimal is;
 * - a string is a Decimal (reinhardt's DecimalField values are strings): `'1234.50'` keeps its
 *   trailing zero, and a value with more than 200 digits (digits plus exponent) is written in
 *   scientific notation, so a hostile `'1e999999'` cannot make a megabyte of zeros.
 *
 * `decimalPos` cuts (it does not round: round first, as floatformat does) or pads the
 * fraction to that many places; a Decimal too small to show in them prints as 0.
 */

/**
 * Digits per group, counted from the decimal point: one size for every group (3), or a
 * sequence of sizes where the last one repeats and a 0 means "repeat the previous size"
 * (`[3, 2, 0]` is Indian grouping: 12,34,56,789). 0 turns grouping off.
 */
export type NumberGrouping = number | readonly number[]

/** Options of `numberFormat`, with Django's meanings. */
export interface NumberFormatOptions {
  /** Between the integer and the fraction (DECIMAL_SEPARATOR). */
  decimalSeparator: string
  /** Fraction digits to show (cut or zero-padded); null/undefined shows them as they are. */
  decimalPos?: number | null
  /** NUMBER_GROUPING (default 0: no grouping). */
  grouping?: NumberGrouping
  /** Between groups (THOUSAND_SEPARATOR; default ''). */
  thousandSeparator?: string
  /** Group even when not localizing or when `useThousandSeparator` is off (floatformat's g). */
  forceGrouping?: boolean
  /** Localized output (default true): groups when `useThousandSeparator` is on too. */
  useL10n?: boolean
  /** USE_THOUSAND_SEPARATOR (default false). */
  useThousandSeparator?: boolean
}

/** Above this many digits plus exponent, a Decimal is written in scientific notation. */
const MAX_FIXED_DIGITS = 200

/** Python's Decimal grammar for finite values (no NaN/Infinity), surrounding blanks allowed. */
const DECIMAL_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/

/** A finite Decimal as Python's `as_tuple()` sees it: sign, coefficient digits, exponent. */
interface DecimalTuple {
  negative: boolean
  /** Coefficient without leading zeros; '0' for zero. */
  digits: string
  exponent: number
}

/**
 * A number as text in the given formats (Django's `numberformat.format`).
 *
 * @example
 * numberFormat(1234567.891, { decimalSeparator: ',', decimalPos: 2, grouping: 3,
 *   thousandSeparator: '.', forceGrouping: true }) // '1.234.567,89'
 * numberFormat('123456789', { decimalSeparator: '.', grouping: [3, 2, 0],
 *   thousandSeparator: ',', useThousandSeparator: true }) // '12,34,56,789'
 */
export function numberFormat(
  value: number | bigint | string,
  options: NumberFormatOptions,
): string {
  const grouping = checkGrouping(options.grouping ?? 0, 'grouping')
  const decimalPos = checkDecimalPos(options.decimalPos)
  const useGrouping =
    (((options.useL10n ?? true) && options.useThousandSeparator === true) ||
      options.forceGrouping === true) &&
    grouping !== 0
  const parts: Parts = {
    decimalSeparator: options.decimalSeparator,
    decimalPos,
    grouping: useGrouping ? grouping : 0,
    thousandSeparator: options.thousandSeparator ?? '',
  }
  if (typeof value === 'bigint') {
    return !useGrouping && !decimalPos ? value.toString() : formatText(value.toString(), parts)
  }
  if (typeof value === 'number') {
    // Python spells these nan/inf; Django would go on to group and pad the letters.
    if (Number.isNaN(value)) return 'nan'
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
    if (Number.isSafeInteger(value) && !useGrouping && !decimalPos) return String(value)
    const text = String(value)
    // Exponent notation (beyond ±1e21, below 1e-6) is expanded as Django expands such floats.
    if (text.includes('e')) return formatDecimal(parseDecimalTuple(text) as DecimalTuple, parts)
    return formatText(text, parts)
  }
  if (typeof value === 'string') {
    if (value === '') return ''
    const tuple = parseDecimalTuple(value)
    if (tuple === null) {
      throw new TypeError(
        `numberFormat() needs a number, a bigint or a decimal string, got ${JSON.stringify(value)}.`,
      )
    }
    return formatDecimal(tuple, parts)
  }
  throw new TypeError(
    `numberFormat() needs a number, a bigint or a decimal string, got ${describe(value)}.`,
  )
}

/**
 * `value` when it is a valid grouping, else a TypeError naming `name` (the option or the
 * setting being checked).
 */
export function checkGrouping(value: unknown, name: string): NumberGrouping {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((size) => typeof size === 'number' && Number.isInteger(size) && size >= 0) &&
    (value[0] as number) > 0
  ) {
    return value as readonly number[]
  }
  throw new TypeError(
    `${name} must be a number of digits per group (3; 0 for none) or a non-empty list of ` +
      `them starting above 0 ([3, 2, 0] for Indian grouping), got ${describe(value)}.`,
  )
}

function checkDecimalPos(value: unknown): number | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  throw new TypeError(`decimalPos must be a whole number ≥ 0 or null, got ${describe(value)}.`)
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`
  if (typeof value === 'bigint') return `${value}n`
  return String(value)
}

/** Insert `separator` between groups of the integer digits `int` (Django's grouping loop). */
export function groupDigits(int: string, grouping: NumberGrouping, separator: string): string {
  const sizes = typeof grouping === 'number' ? [grouping] : grouping
  let size = sizes[0] as number
  if (size <= 0 || int.length <= size) return int
  const groups: string[] = []
  let end = int.length
  let next = 1
  while (end > size) {
    groups.push(int.slice(end - size, end))
    end -= size
    // A 0, or the end of the list, keeps the current size for the groups further left.
    if (next < sizes.length) size = (sizes[next++] as number) || size
  }
  groups.push(int.slice(0, end))
  return groups.reverse().join(separator)
}

/** The formats `formatText` applies, once resolved. */
interface Parts {
  decimalSeparator: string
  decimalPos: number | null
  /** 0 when no grouping applies. */
  grouping: NumberGrouping
  thousandSeparator: string
}

/** Format plain `-?digits(.digits)?` text: sign, fraction cut or pad, separators. */
function formatText(text: string, parts: Parts): string {
  const negative = text.charCodeAt(0) === 45 // '-'
  const unsigned = negative ? text.slice(1) : text
  const dot = unsigned.indexOf('.')
  let int = dot === -1 ? unsigned : unsigned.slice(0, dot)
  let frac = dot === -1 ? '' : unsigned.slice(dot + 1)
  if (parts.decimalPos !== null) {
    frac = frac.slice(0, parts.decimalPos).padEnd(parts.decimalPos, '0')
  }
  if (parts.grouping !== 0) int = groupDigits(int, parts.grouping, parts.thousandSeparator)
  return (negative ? '-' : '') + int + (frac ? parts.decimalSeparator + frac : '')
}

/** Format a Decimal: fixed notation (`'{:f}'`), or scientific past MAX_FIXED_DIGITS. */
function formatDecimal(tuple: DecimalTuple, parts: Parts): string {
  let d = tuple
  if (parts.decimalPos !== null) {
    // Too small for the visible places: print zero rather than '-0.00'. Django's cut-off is
    // 0.1 for 0 places ('0.' + '1'.rjust(places, '0')).
    const places = Math.max(parts.decimalPos, 1)
    const leading = d.exponent + d.digits.length - 1 // position of the first digit
    if (d.digits === '0' || leading < -places) d = { negative: false, digits: '0', exponent: 0 }
  }
  if (Math.abs(d.exponent) + d.digits.length > MAX_FIXED_DIGITS) {
    const adjusted = d.exponent + d.digits.length - 1
    const coefficient =
      (d.negative ? '-' : '') + d.digits[0] + (d.digits.length > 1 ? '.' + d.digits.slice(1) : '')
    return `${formatText(coefficient, parts)}e${adjusted < 0 ? '-' : '+'}${Math.abs(adjusted)}`
  }
  return formatText(fixed(d), parts)
}

/** Python's `'{:f}'.format(decimal)`. */
function fixed(d: DecimalTuple): string {
  const sign = d.negative ? '-' : ''
  if (d.exponent >= 0) return sign + (d.digits === '0' ? '0' : d.digits + '0'.repeat(d.exponent))
  const places = -d.exponent
  const padded = d.digits.padStart(places + 1, '0')
  return `${sign}${padded.slice(0, padded.length - places)}.${padded.slice(-places)}`
}

/** A decimal string as sign, coefficient digits and exponent; null when not a finite one. */
function parseDecimalTuple(text: string): DecimalTuple | null {
  const m = DECIMAL_RE.exec(text)
  if (m === null) return null
  const int = m[2] as string
  const frac = m[3] ?? ''
  if (int === '' && frac === '') return null
  // Python accepts any exponent; past these the value has too many digits to print fixed.
  const exponentText = m[4] ?? '0'
  if (exponentText.replace(/^[+-]?0*/, '').length > 15) return null
  const exponent = Number(exponentText) - frac.length
  const digits = (int + frac).replace(/^0+/, '') || '0'
  return { negative: m[1] === '-', digits, exponent }
}
