/**
 * Python-flavoured value semantics the template language is defined in terms of: how a value
 * prints (`str()`), whether it is truthy, its `len()`, equality and ordering. Django templates
 * are specified against Python objects; these helpers give JS values the same behaviour so a
 * template ported from Django renders the same (`null` prints `None`, `[]` is false, …).
 */

/** Python's `str()` of a JS value: null → 'None', booleans → 'True'/'False', lists as repr. */
export function toStr(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return numberToStr(value)
    case 'boolean':
      return value ? 'True' : 'False'
    case 'undefined':
      return 'None'
    case 'bigint':
      return value.toString()
    case 'symbol':
      return value.toString()
    case 'function':
      return `<function ${value.name || 'anonymous'}>`
  }
  if (value === null) return 'None'
  if (value instanceof String) return value.valueOf()
  if (
    Array.isArray(value) ||
    value instanceof Map ||
    value instanceof Set ||
    isPlainObject(value)
  ) {
    return pyRepr(value)
  }
  return String(value)
}

function numberToStr(n: number): string {
  if (Number.isFinite(n)) return String(n)
  if (Number.isNaN(n)) return 'nan'
  return n > 0 ? 'inf' : '-inf'
}

/** True for `{}` literals and null-prototype objects (treated like Python dicts). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Python's `repr()`: strings quoted, containers recursively, like `pprint` prints them. */
export function pyRepr(value: unknown, depth = 0): string {
  if (depth > 50) return '...'
  if (typeof value === 'string' || value instanceof String) return reprString(String(value))
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, depth + 1)).join(', ')}]`
  if (value instanceof Set)
    return value.size ? `{${[...value].map((v) => pyRepr(v, depth + 1)).join(', ')}}` : 'set()'
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${pyRepr(k, depth + 1)}: ${pyRepr(v, depth + 1)}`).join(', ')}}`
  }
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${reprString(k)}: ${pyRepr(v, depth + 1)}`)
      .join(', ')}}`
  }
  return toStr(value)
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = ''
  for (const ch of s) {
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else out += ch
  }
  return quote + out + quote
}

/** Python truthiness: empty strings, containers and objects, 0, null and undefined are false. */
export function isTruthy(value: unknown): boolean {
  if (!value) return false
  if (typeof value !== 'object') return true
  if (Array.isArray(value)) return value.length > 0
  if (value instanceof String) return value.length > 0
  if (value instanceof Map || value instanceof Set) return value.size > 0
  if (isPlainObject(value)) {
    for (const _ in value) return true
    return false
  }
  const custom = (value as { __bool__?: unknown }).__bool__
  if (typeof custom === 'function') return Boolean(custom.call(value))
  return true
}

/** Python's `len()`, or undefined when the value has no length. */
export function pyLen(value: unknown): number | undefined {
  if (typeof value === 'string') return value.length
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value) || value instanceof String) return value.length
  if (value instanceof Map || value instanceof Set) return value.size
  if (isPlainObject(value)) return Object.keys(value).length
  const len = (value as { length?: unknown }).length
  return typeof len === 'number' ? len : undefined
}

function unwrap(value: unknown): unknown {
  return value instanceof String ? value.valueOf() : value
}

/** Python `==`: value equality for strings (safe or not), numbers/booleans, and lists. */
export function pyEquals(a: unknown, b: unknown): boolean {
  a = unwrap(a)
  b = unwrap(b)
  if (a === b) return true
  if (a === undefined) a = null
  if (b === undefined) b = null
  if (a === b) return true
  if (
    (typeof a === 'number' || typeof a === 'boolean') &&
    (typeof b === 'number' || typeof b === 'boolean')
  ) {
    return Number(a) === Number(b)
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => pyEquals(v, b[i]))
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return false
}

/**
 * Python ordering of two values: a negative, zero or positive number, or undefined where Python
 * raises TypeError (comparing a number with a string, or with None).
 */
export function pyCompare(a: unknown, b: unknown): number | undefined {
  a = unwrap(a)
  b = unwrap(b)
  const ta = typeof a
  const tb = typeof b
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) {
    return Number(a) - Number(b)
  }
  if (ta === 'string' && tb === 'string')
    return a === b ? 0 : (a as string) < (b as string) ? -1 : 1
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime()
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i])
      if (c === undefined || c !== 0) return c
    }
    return a.length - b.length
  }
  return undefined
}

/** Python's `in`: substring, list/set membership, or dict/Map key. Undefined = TypeError. */
export function pyContains(container: unknown, item: unknown): boolean | undefined {
  container = unwrap(container)
  if (typeof container === 'string') {
    const needle = unwrap(item)
    return typeof needle === 'string' ? container.includes(needle) : undefined
  }
  if (Array.isArray(container)) return container.some((v) => pyEquals(v, item))
  if (container instanceof Set)
    return container.has(unwrap(item)) || [...container].some((v) => pyEquals(v, item))
  if (container instanceof Map) return container.has(unwrap(item))
  if (isPlainObject(container)) {
    const key = unwrap(item)
    return typeof key === 'string' && Object.hasOwn(container, key)
  }
  if (container !== null && typeof container === 'object' && Symbol.iterator in container) {
    for (const v of container as Iterable<unknown>) if (pyEquals(v, item)) return true
    return false
  }
  return undefined
}

/** Python's `int()` of a value, or undefined where Python raises. */
export function pyInt(value: unknown): number | undefined {
  value = unwrap(value)
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) {
    return parseInt(value.replace(/_/g, ''), 10)
  }
  return undefined
}

/** Python's `float()` of a value, or undefined where Python raises. */
export function pyFloat(value: unknown): number | undefined {
  value = unwrap(value)
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase()
    if (/^[+-]?(?:\d+(?:_\d+)*\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)$/.test(s)) {
      return parseFloat(s.replace(/_/g, ''))
    }
    if (/^[+-]?(?:inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity
    if (/^[+-]?nan$/.test(s)) return NaN
  }
  return undefined
}
