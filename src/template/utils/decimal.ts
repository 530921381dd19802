/**
 * Exact decimal rounding for `floatformat`: numbers are handled as digit strings (from
 * JS's shortest round-trip representation, which matches Python's repr), so 2.675 rounds
 * half-up to 2.68 as Django's Decimal-based code does, not to 2.67 as binary floats would.
 */

/** A finite decimal as sign, integer digits and fraction digits. */
export interface Decimal {
  negative: boolean
  int: string
  frac: string
}

const DECIMAL_RE = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/

/** Parse a decimal string ('1.5', '-2e3', ' 7 '); null when not one (or not finite). */
export function parseDecimal(text: string): Decimal | null {
  const fast = parsePlain(text)
  if (fast !== null) return fast
  const m = DECIMAL_RE.exec(text)
  if (!m || (!m[2] && !m[3])) return null
  let int = m[2] ?? ''
  let frac = m[3] ?? ''
  const exp = m[4] ? parseInt(m[4], 10) : 0
  if (Math.abs(exp) > 10000) return null
  if (exp > 0) {
    frac = frac.padEnd(exp, '0')
    int += frac.slice(0, exp)
    frac = frac.slice(exp)
  } else if (exp < 0) {
    int = int.padStart(-exp, '0')
    frac = int.slice(int.length + exp) + frac
    int = int.slice(0, int.length + exp)
  }
  int = int.replace(/^0+/, '') || '0'
  return { negative: m[1] === '-', int, frac }
}

/** `-?digits(.digits)?` without a regex (the shape String(number) usually has). */
function parsePlain(text: string): Decimal | null {
  const negative = text.charCodeAt(0) === 45
  let dot = -1
  for (let i = negative ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46 && dot === -1) dot = i
    else if (c < 48 || c > 57) return null
  }
  const start = negative ? 1 : 0
  const int = dot === -1 ? text.slice(start) : text.slice(start, dot)
  const frac = dot === -1 ? '' : text.slice(dot + 1)
  if (int === '' || (int.length > 1 && int.charCodeAt(0) === 48)) return null // leave odd shapes to the regex
  return { negative, int, frac }
}

/** The decimal of a JS number (expanding exponent notation). */
export function numberToDecimal(n: number): Decimal | null {
  return Number.isFinite(n) ? parseDecimal(String(n)) : null
}

/** True when the fraction is all zeros. */
export function isIntegral(d: Decimal): boolean {
  return allZeros(d.frac)
}

function allZeros(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 48) return false
  return true
}

/** Round half away from zero (Python's ROUND_HALF_UP) to `places` fraction digits. */
export function roundHalfUp(d: Decimal, places: number): Decimal {
  if (d.frac.length <= places) return { ...d, frac: d.frac.padEnd(places, '0') }
  const roundUp = d.frac.charCodeAt(places) - 48 >= 5
  let digits = d.int + d.frac.slice(0, places)
  if (roundUp) {
    let i = digits.length - 1
    while (i >= 0 && digits.charCodeAt(i) === 57) i--
    const zeros = '0'.repeat(digits.length - i - 1)
    digits =
      i < 0
        ? '1' + zeros
        : digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + zeros
  }
  const intLen = digits.length - places
  let int = digits.slice(0, intLen)
  if (int.length > 1 && int.charCodeAt(0) === 48) int = int.replace(/^0+(?=\d)/, '')
  return { negative: d.negative, int: int || '0', frac: digits.slice(intLen) }
}

/** Insert thousands separators. */
export function groupThousands(int: string, separator = ','): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, separator)
}

/** Render a decimal: '-' only when non-zero. */
export function formatDecimal(d: Decimal, grouping = false): string {
  const zero = allZeros(d.int) && allZeros(d.frac)
  const int = grouping ? groupThousands(d.int) : d.int
  return `${d.negative && !zero ? '-' : ''}${int}${d.frac ? '.' + d.frac : ''}`
}
