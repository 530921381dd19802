/**
 * Number filters: add, divisibleby, filesizeformat, floatformat, get_digit, pluralize.
 */
import type { Context } from '../../context.js'
import type { Library } from '../../library.js'
import { markSafe, SafeString } from '../../safe-string.js'
import {
  formatDecimal,
  isIntegral,
  numberToDecimal,
  parseDecimal,
  roundHalfUp,
  type Decimal,
} from '../../utils/decimal.js'
import { DEFAULT_NUMBER_FORMATS, type NumberFormats } from '../../utils/number-formats.js'
import { pyFloat, pyInt, pyLen, toStr } from '../../utils/py.js'
import { groupDigits } from '../../../utils/number-format.js'

/**
 * Django's floatformat: round half up to the places `arg` asks for, then print with the
 * engine's number formats (`ctx.numberFormats`): the decimal separator, and groups when
 * USE_THOUSAND_SEPARATOR is on or the argument ends in `g`. A `u` suffix prints with the
 * unlocalized formats (the settings as they are, so no grouping unless NUMBER_GROUPING is
 * set); `gu`/`ug` combine both. As in Django, `{% localize off %}` does not affect it.
 */
export function floatformat(value: unknown, arg: unknown = -1, ctx?: Context): string {
  let forceGrouping = false
  let useL10n = true
  let p: number | undefined
  if (arg instanceof String) arg = arg.valueOf()
  if (typeof arg === 'string') {
    let a = arg
    if (a.endsWith('gu') || a.endsWith('ug')) {
      forceGrouping = true
      useL10n = false
      a = a.slice(0, -2)
    } else if (a.endsWith('g')) {
      forceGrouping = true
      a = a.slice(0, -1)
    } else if (a.endsWith('u')) {
      useL10n = false
      a = a.slice(0, -1)
    }
    p = a === '' ? -1 : pyInt(a)
  } else p = pyInt(arg)
  const input = toStr(value) // for numbers this is String(value), parsed once below
  let d: Decimal | null =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? parseDecimal(input)
        : null
      : parseDecimal(input)
  if (d === null) {
    if (typeof value === 'number' || /^\s*[+-]?(inf|infinity|nan)\s*$/i.test(input)) return input
    const f = pyFloat(value)
    if (f === undefined) return ''
    d = numberToDecimal(f)
    if (d === null) return input
  }
  if (p === undefined) return input
  const rounded =
    isIntegral(d) && p <= 0
      ? { negative: d.negative, int: d.int, frac: '' }
      : roundHalfUp(d, Math.abs(p))
  return withFormats(rounded, ctx?.numberFormats ?? DEFAULT_NUMBER_FORMATS, useL10n, forceGrouping)
}

/**
 * A rounded decimal in the number formats (Django's `number_format` of floatformat's text).
 * Plain strings: digits, separators and '-' are the whole output, and a String object per
 * number would cost more than the one escape test autoescaping does.
 */
function withFormats(
  d: Decimal,
  formats: NumberFormats,
  useL10n: boolean,
  forceGrouping: boolean,
): string {
  const grouping = useL10n ? formats.localizedGrouping : formats.numberGrouping
  const group = ((useL10n && formats.useThousandSeparator) || forceGrouping) && grouping !== 0
  if (!group && formats.decimalSeparator === '.') return formatDecimal(d)
  const negative = d.negative && /[1-9]/.test(d.int + d.frac) // no '-0.00'
  const int = group ? groupDigits(d.int, grouping, formats.thousandSeparator) : d.int
  return (negative ? '-' : '') + int + (d.frac ? formats.decimalSeparator + d.frac : '')
}

const UNITS: [number, string][] = [
  [2 ** 50, 'PB'],
  [2 ** 40, 'TB'],
  [2 ** 30, 'GB'],
  [2 ** 20, 'MB'],
  [2 ** 10, 'KB'],
]

/** Human file size: '117.7\u00a0MB', '1\u00a0byte'. */
export function filesizeformat(value: unknown): string {
  let bytes = pyInt(value)
  if (bytes === undefined) return '0\u00a0bytes'
  const negative = bytes < 0
  if (negative) bytes = -bytes
  let text = `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  for (const [size, unit] of UNITS) {
    if (bytes >= size) {
      text = `${(Math.round((bytes / size) * 10) / 10).toFixed(1)} ${unit}`
      break
    }
  }
  return (negative ? '-' : '') + text.replace(/ /g, '\u00a0')
}

function add(value: unknown, arg: unknown): unknown {
  const a = pyInt(value)
  const b = pyInt(arg)
  if (a !== undefined && b !== undefined) return a + b
  const isStr = (x: unknown): boolean => typeof x === 'string' || x instanceof String
  if (isStr(value) && isStr(arg)) {
    const joined = String(value) + String(arg)
    return value instanceof SafeString && arg instanceof SafeString ? markSafe(joined) : joined
  }
  if (Array.isArray(value) && Array.isArray(arg)) return [...value, ...arg]
  return ''
}

function pluralize(value: unknown, arg: unknown = 's'): string {
  const text = toStr(arg)
  const bits = text.split(',')
  if (bits.length > 2) return ''
  const [singular, plural] =
    bits.length === 1 ? ['', bits[0] as string] : [bits[0] as string, bits[1] as string]
  const raw = value instanceof String ? value.valueOf() : value
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    const f = pyFloat(raw)
    return f === undefined ? '' : f === 1 ? singular : plural
  }
  const len = pyLen(raw)
  return len === undefined ? '' : len === 1 ? singular : plural
}

/** Register the number filters. */
export function registerNumberFilters(lib: Library): void {
  lib.filter('add', add, { arg: 'required' })
  lib.filter(
    'divisibleby',
    (v, arg) => {
      const a = pyInt(v)
      const b = pyInt(arg)
      return a !== undefined && b !== undefined && b !== 0 && a % b === 0
    },
    { arg: 'required' },
  )
  lib.filter('filesizeformat', filesizeformat, { isSafe: true })
  lib.filter('floatformat', floatformat, { isSafe: true, arg: 'optional' })
  lib.filter(
    'get_digit',
    (v, arg) => {
      const n = pyInt(arg)
      const value = pyInt(v)
      if (n === undefined || value === undefined) return v
      if (n < 1) return v
      const s = String(value)
      const ch = s[s.length - n]
      return ch === undefined || ch === '-' ? 0 : Number(ch)
    },
    { isSafe: false, arg: 'required' },
  )
  lib.filter('pluralize', pluralize, { isSafe: false, arg: 'optional' })
}
