/**
 * Python's `json.dumps` output format (what Django's json_script emits): `", "` and `": "`
 * separators, non-ASCII escaped as `\uXXXX`, dates as ISO 8601 with `Z` (Django's
 * DjangoJSONEncoder). Maps serialize as objects, Sets as lists, objects with `toJSON()`
 * through it.
 */
import { isPlainObject } from './py.js'

function str(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i] as string
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

function isoDate(d: Date): string {
  const iso = d.toISOString()
  return d.getUTCMilliseconds() ? iso : iso.replace('.000Z', 'Z')
}

/**
 * Serialize like Python's json.dumps.
 *
 * @example
 * pyJsonDumps({ hello: 'wörld' }) // '{"hello": "w\\u00f6rld"}'
 */
export function pyJsonDumps(value: unknown, depth = 0): string {
  if (depth > 200) throw new RangeError('json_script: value nested too deeply')
  if (value === null || value === undefined) return 'null'
  if (value instanceof String) value = value.valueOf()
  switch (typeof value) {
    case 'string':
      return str(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return Number.isFinite(value)
        ? String(value)
        : Number.isNaN(value)
          ? 'NaN'
          : value > 0
            ? 'Infinity'
            : '-Infinity'
    case 'bigint':
      return value.toString()
  }
  if (value instanceof Date) return str(isoDate(value))
  if (Array.isArray(value) || value instanceof Set)
    return `[${[...value].map((v) => pyJsonDumps(v, depth + 1)).join(', ')}]`
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${str(String(k))}: ${pyJsonDumps(v, depth + 1)}`).join(', ')}}`
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return pyJsonDumps((value as { toJSON(): unknown }).toJSON(), depth + 1)
  if (isPlainObject(value) || typeof value === 'object') {
    return `{${Object.entries(value as object)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => `${str(k)}: ${pyJsonDumps(v, depth + 1)}`)
      .join(', ')}}`
  }
  throw new TypeError(`Object of type ${typeof value} is not JSON serializable`)
}
