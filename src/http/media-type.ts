/**
 * Media types: parsing `Content-Type` (`type/subtype; name=value; …`) and the `Accept`
 * header's media ranges with their `q` weights.
 *
 * Parameters are split on `;` outside quoted strings, names are lower-cased, quoted values
 * are unquoted (backslash escapes resolved), and everything lands in null-prototype
 * objects because the input is client-controlled.
 *
 * ```ts
 * parseHeaderParameters('text/html; charset="UTF-8"')  // ['text/html', { charset: 'UTF-8' }]
 * new MediaType('text/*;q=0.5').match('text/plain')      // true
 * ```
 */

/** Splits a header value into its lower-cased main value and its parameters. */
export function parseHeaderParameters(value: string): [string, Record<string, string>] {
  const parts = splitOutsideQuotes(value, ';')
  const main = (parts.shift() ?? '').trim().toLowerCase()
  const params: Record<string, string> = Object.create(null)
  for (const part of parts) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim().toLowerCase()
    if (name === '') continue
    params[name] = unquote(part.slice(eq + 1).trim())
  }
  return [main, params]
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const out: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]
    if (quoted && ch === '\\') i++
    else if (ch === '"') quoted = !quoted
    else if (!quoted && ch === separator) {
      out.push(value.slice(start, i))
      start = i + 1
    }
  }
  out.push(value.slice(start))
  return out
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  return value
}

/**
 * One media type or media range, e.g. `text/html`, `text/*;q=0.8`, `*\/*`.
 *
 * ```ts
 * const t = new MediaType('application/json; q=0.9')
 * t.quality         // 0.9
 * t.match('application/json')  // true
 * ```
 */
export class MediaType {
  readonly mainType: string
  readonly subType: string
  /** Parameters other than `q` (null-prototype). */
  readonly params: Readonly<Record<string, string>>
  /** The `q` weight: 1 when absent, 0 for an invalid value. */
  readonly quality: number

  constructor(text: string) {
    const [full, params] = parseHeaderParameters(text)
    const slash = full.indexOf('/')
    this.mainType = slash === -1 ? full : full.slice(0, slash)
    this.subType = slash === -1 ? '' : full.slice(slash + 1)
    let quality = 1
    if (params.q !== undefined) {
      const q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(params.q) ? Number(params.q) : 0
      quality = q
      delete params.q
    }
    this.quality = quality
    this.params = params
  }

  /** `type/subtype` without parameters. */
  get mediaType(): string {
    return this.subType === '' ? this.mainType : `${this.mainType}/${this.subType}`
  }

  /** How specific the range is: 0 for `*\/*`, 1 for `text/*`, 2 for a full type, 3 with parameters. */
  get specificity(): number {
    if (this.mainType === '*') return 0
    if (this.subType === '*') return 1
    return Object.keys(this.params).length > 0 ? 3 : 2
  }

  /**
   * Whether `other` falls inside this range: main and sub types equal or `*`, and every
   * parameter of this range present with the same value in `other`.
   */
  match(other: string | MediaType): boolean {
    const that = typeof other === 'string' ? new MediaType(other) : other
    if (!this.mainType || !this.subType || !that.mainType || !that.subType) return false
    if (this.mainType !== '*' && that.mainType !== '*' && this.mainType !== that.mainType) {
      return false
    }
    if (this.subType !== '*' && that.subType !== '*' && this.subType !== that.subType) return false
    for (const [name, value] of Object.entries(this.params)) {
      if (that.params[name] !== value) return false
    }
    return true
  }

  toString(): string {
    const params = Object.entries(this.params).map(([k, v]) => `; ${k}=${v}`)
    return this.mediaType + params.join('')
  }
}

/**
 * The media ranges of an `Accept` header, most preferred first (higher `q`, then more
 * specific); ranges with `q=0` (explicitly refused) are left out. A missing header means
 * `*\/*`.
 */
export function parseAccept(header: string | undefined): MediaType[] {
  const ranges: MediaType[] = []
  for (const token of splitOutsideQuotes(header ?? '*/*', ',')) {
    if (token.trim() === '') continue
    const type = new MediaType(token)
    if (type.quality > 0 && type.mainType !== '') ranges.push(type)
  }
  // Array.prototype.sort is stable, so equal ranges keep the client's order.
  return ranges.sort((a, b) => b.quality - a.quality || b.specificity - a.specificity)
}
