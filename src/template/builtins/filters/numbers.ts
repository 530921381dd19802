/**
 * Number filters: add, divisibleby, filesizeformat, floatformat, get_digit, pluralize.
 */
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
import { pyFloat, pyInt, pyLen, toStr } from '../../utils/py.js'

/** Django's floatformat. */
export function floatformat(value: unknown, arg: unknown = -1): string {
  let grouping = false
  let p: number | undefined
  if (arg instanceof String) arg = arg.valueOf()
  if (typeof arg === 'string') {
    let a = arg
    if (a.endsWith('gu') || a.endsWith('ug')) {
      grouping = true
      a = a.slice(0, -2)
    } else if (a.endsWith('g')) {
      grouping = true
      a = a.slice(0, -1)
    } else if (a.endsWith('u')) a = a.slice(0, -1)
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
  // Plain strings: digits, '.', ',' and '-' never need escaping, and a String object per
  // number would cost more than the one escape test autoescaping does.
  if (isIntegral(d) && p <= 0)
    return formatDecimal({ negative: d.negative, int: d.int, frac: '' }, grouping)
  return formatDecimal(roundHalfUp(d, Math.abs(p)), grouping)
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
