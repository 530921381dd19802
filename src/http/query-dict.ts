/**
 * QueryDict: the multi-value dictionary behind `request.GET` and `request.POST`.
 *
 * Parsing an `application/x-www-form-urlencoded` string works in three steps: count the
 * fields first (so `&&&&…` with millions of separators is refused before any work), then
 * split on `&` (keeping blank values, `b` alone is `b=''`), then decode each name and
 * value (`+` is a space, `%XX` bytes are decoded with the charset). Malformed
 * percent-encoding or bytes that are not valid in the charset are a BadRequest, not
 * silently replaced characters.
 *
 * Instances parsed from a request are immutable; `copy()` gives a mutable one.
 *
 * ```ts
 * const q = new QueryDict('a=1&a=2&b')
 * q.get('a')        // '2'
 * q.getlist('a')    // ['1', '2']
 * q.get('b')        // ''
 * const m = q.copy(); m.set('c', 'x y'); m.urlencode()  // 'a=1&a=2&b=&c=x+y'
 * ```
 */
import { TextDecoder } from 'node:util'
import { BadRequest, TooManyFieldsSent } from '../core/exceptions.js'
import { MultiValueDict } from './multi-value-dict.js'

export interface QueryDictOptions {
  /** Allow mutation; false by default (request data is read-only). */
  mutable?: boolean
  /** Charset of the percent-encoded bytes; utf-8 by default. */
  encoding?: string
  /** Most fields accepted (DATA_UPLOAD_MAX_NUMBER_FIELDS); null or omitted for no limit. */
  maxNumFields?: number | null
}

export class QueryDict extends MultiValueDict<string> {
  /** Charset used to decode and to urlencode. */
  readonly encoding: string

  constructor(queryString?: string | null, options: QueryDictOptions = {}) {
    super(null)
    this.encoding = options.encoding ?? 'utf-8'
    if (queryString) {
      for (const [key, value] of parseQueryString(
        queryString,
        this.encoding,
        options.maxNumFields,
      )) {
        this.addValue(key, value)
      }
    }
    this.setMutable(options.mutable ?? false)
  }

  /**
   * A QueryDict whose keys come from `keys`, each with `value`.
   *
   * ```ts
   * QueryDict.fromKeys(['a', 'a', 'b'], 'x').urlencode()  // 'a=x&a=x&b=x'
   * ```
   */
  static fromKeys(
    keys: Iterable<string>,
    value = '',
    options: Omit<QueryDictOptions, 'maxNumFields'> = {},
  ): QueryDict {
    const q = new QueryDict(null, { ...options, mutable: true })
    for (const key of keys) q.appendlist(key, value)
    q.setMutable(options.mutable ?? false)
    return q
  }

  /**
   * A QueryDict holding `pairs` in order (immutable unless `mutable` is set).
   *
   * ```ts
   * QueryDict.fromItems([['a', '1'], ['a', '2']]).getlist('a')  // ['1', '2']
   * ```
   */
  static fromItems(
    pairs: Iterable<readonly [string, string]>,
    options: Omit<QueryDictOptions, 'maxNumFields'> = {},
  ): QueryDict {
    const q = new QueryDict(null, { ...options, mutable: true })
    for (const [key, value] of pairs) q.addValue(key, value)
    q.setMutable(options.mutable ?? false)
    return q
  }

  protected override immutableMessage(): string {
    return 'This QueryDict instance is immutable; call .copy() to get a mutable one.'
  }

  /** A mutable copy. */
  override copy(): QueryDict {
    const q = new QueryDict(null, { mutable: true, encoding: this.encoding })
    for (const [key, value] of this.allItems()) q.appendlist(key, value)
    return q
  }

  /**
   * The query string for these values. Without `safe`, spaces become `+` (form encoding);
   * with `safe`, the characters in it are left as they are and spaces become `%20`.
   *
   * ```ts
   * const q = new QueryDict('next=/a/b', { mutable: true })
   * q.urlencode()     // 'next=%2Fa%2Fb'
   * q.urlencode('/')  // 'next=/a/b'
   * ```
   */
  urlencode(safe?: string): string {
    const out: string[] = []
    const plus = !safe
    for (const [key, value] of this.allItems()) {
      out.push(`${percentEncode(key, safe ?? '', plus)}=${percentEncode(value, safe ?? '', plus)}`)
    }
    return out.join('&')
  }

  override toString(): string {
    return this.urlencode()
  }
}

/**
 * Splits and decodes a urlencoded string into `[name, value]` pairs. Throws
 * TooManyFieldsSent when it has more than `maxNumFields` fields and BadRequest on
 * malformed percent-encoding.
 */
export function parseQueryString(
  text: string,
  encoding = 'utf-8',
  maxNumFields: number | null = null,
): Array<[string, string]> {
  if (maxNumFields !== null && maxNumFields !== undefined) {
    // Count separators before splitting so an enormous field list costs one scan.
    let fields = 1
    for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
      if (++fields > maxNumFields) {
        throw new TooManyFieldsSent(
          `The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${maxNumFields}).`,
        )
      }
    }
  }
  const decode = isUtf8(encoding) ? decodeUtf8Component : decodeWithCharset(encoding)
  const pairs: Array<[string, string]> = []
  for (const field of text.split('&')) {
    if (field === '') continue
    const eq = field.indexOf('=')
    const name = eq === -1 ? field : field.slice(0, eq)
    const value = eq === -1 ? '' : field.slice(eq + 1)
    pairs.push([decode(name), decode(value)])
  }
  return pairs
}

function isUtf8(encoding: string): boolean {
  const e = encoding.toLowerCase()
  return e === 'utf-8' || e === 'utf8'
}

function malformed(component: string, why: string): BadRequest {
  const shown = component.length > 60 ? component.slice(0, 60) + '…' : component
  return new BadRequest(`Malformed form data ${JSON.stringify(shown)}: ${why}.`)
}

function decodeUtf8Component(component: string): string {
  const text = component.includes('+') ? component.replaceAll('+', ' ') : component
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    throw malformed(component, 'invalid percent-encoding or invalid UTF-8')
  }
}

function decodeWithCharset(encoding: string): (component: string) => string {
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(encoding, { fatal: true })
  } catch {
    throw new BadRequest(`Unknown charset ${JSON.stringify(encoding)} for form data.`)
  }
  return (component) => {
    const text = component.includes('+') ? component.replaceAll('+', ' ') : component
    if (!text.includes('%') && !/[^\x00-\x7f]/.test(text)) return text
    const bytes: number[] = []
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === 0x25) {
        const hex = text.slice(i + 1, i + 3)
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw malformed(component, 'invalid percent-encoding')
        bytes.push(parseInt(hex, 16))
        i += 2
      } else if (code <= 0xff) {
        // Raw bytes arrive as latin1 code points (the body is decoded byte-for-byte).
        bytes.push(code)
      } else {
        bytes.push(...Buffer.from(text[i] as string, 'utf8'))
      }
    }
    try {
      return decoder.decode(Uint8Array.from(bytes))
    } catch {
      throw malformed(component, `bytes not valid in ${encoding}`)
    }
  }
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/

/**
 * Percent-encodes `text` as UTF-8, leaving letters, digits, `_.-~` and the characters in
 * `safe` alone. With `plus`, a space becomes `+`. When `safe` contains `%`, a `%` that
 * already starts a valid `%XX` escape is kept and a stray `%` becomes `%25`, so the
 * result is always a well-formed URI component (HttpRequest uses this for URLs).
 */
export function percentEncode(text: string, safe = '', plus = false): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (ALWAYS_SAFE.test(ch)) {
      out += ch
    } else if (ch === '%' && safe.includes('%')) {
      out += /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3)) ? '%' : '%25'
    } else if (ch !== '%' && safe.includes(ch)) {
      out += ch
    } else if (ch === ' ' && plus) {
      out += '+'
    } else {
      const code = text.codePointAt(i) as number
      const char = String.fromCodePoint(code)
      if (char.length === 2) i++
      for (const byte of Buffer.from(char, 'utf8')) {
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
      }
    }
  }
  return out
}
