/**
 * Python's `%` formatting of one value, for the `stringformat` filter: flags `-+ 0#`,
 * width, precision and the conversions s r d i u f F e E g G x X o c %. Returns undefined
 * where Python would raise (a string for %d, …).
 */
import { pyFloat, pyInt, pyRepr, toStr } from './py.js'

const SPEC = /^([-+ 0#]*)(\d+)?(?:\.(\d+))?([srdiufFeEgGxXoc%])$/

function pad(body: string, width: number, left: boolean, zero: boolean, signed: boolean): string {
  if (body.length >= width) return body
  if (left) return body.padEnd(width)
  if (zero) {
    const signLen = signed && /^[-+ ]/.test(body) ? 1 : 0
    return body.slice(0, signLen) + body.slice(signLen).padStart(width - signLen, '0')
  }
  return body.padStart(width)
}

function expo(n: number, precision: number, upper: boolean): string {
  const s = n.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2')
  return upper ? s.toUpperCase() : s
}

function general(n: number, precision: number, alt: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision
  if (n === 0) return '0'
  const exp = Math.floor(Math.log10(Math.abs(n)))
  let s: string
  if (exp < -4 || exp >= p) {
    s = expo(n, p - 1, upper)
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, '')
  } else {
    s = n.toFixed(Math.max(0, p - 1 - exp))
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '')
  }
  return s
}

/**
 * Format `value` with a `%`-spec without the `%` ("5.2f", "s", "03d").
 *
 * @example
 * pyPercentFormat('.2f', 3.14159) // '3.14'
 */
export function pyPercentFormat(spec: string, value: unknown): string | undefined {
  const m = SPEC.exec(spec)
  if (!m) return undefined
  const flags = m[1] ?? ''
  const width = m[2] ? parseInt(m[2], 10) : 0
  const precision = m[3] !== undefined ? parseInt(m[3], 10) : undefined
  const conv = m[4] as string
  const left = flags.includes('-')
  const zero = flags.includes('0') && !left
  const plus = flags.includes('+')
  const space = flags.includes(' ')
  const alt = flags.includes('#')
  const sign = (n: number, body: string): string =>
    n < 0 || Object.is(n, -0) ? '-' + body : plus ? '+' + body : space ? ' ' + body : body
  let body: string
  switch (conv) {
    case '%':
      return '%'
    case 's':
    case 'r': {
      body = conv === 'r' ? pyRepr(value) : toStr(value)
      if (precision !== undefined) body = body.slice(0, precision)
      return pad(body, width, left, false, false)
    }
    case 'c': {
      const n = typeof value === 'number' ? value : undefined
      body = n !== undefined ? String.fromCodePoint(n) : toStr(value)
      return pad(body, width, left, false, false)
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      if (typeof value === 'string') return undefined
      const f = pyFloat(value)
      if (f === undefined || !Number.isFinite(f)) return undefined
      const n = pyInt(f) as number
      const abs = Math.abs(n)
      let digits =
        conv === 'x' || conv === 'X'
          ? abs.toString(16)
          : conv === 'o'
            ? abs.toString(8)
            : String(abs)
      if (conv === 'X') digits = digits.toUpperCase()
      if (precision !== undefined) digits = digits.padStart(precision, '0')
      if (alt && conv !== 'd' && conv !== 'i' && conv !== 'u')
        digits = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + digits
      return pad(sign(n, digits), width, left, zero, true)
    }
    default: {
      if (typeof value === 'string') return undefined
      const n = pyFloat(value)
      if (n === undefined) return undefined
      const p = precision ?? 6
      const abs = Math.abs(n)
      if (!Number.isFinite(n)) body = Number.isNaN(n) ? 'nan' : 'inf'
      else if (conv === 'f' || conv === 'F') body = abs.toFixed(p)
      else if (conv === 'e' || conv === 'E') body = expo(abs, p, conv === 'E')
      else body = general(abs, p, alt, conv === 'G')
      if (conv === 'F' || conv === 'E' || conv === 'G') body = body.toUpperCase()
      return pad(sign(n, body), width, left, zero && Number.isFinite(n), true)
    }
  }
}
