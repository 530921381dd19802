/**
 * Request headers: a read-only, case-insensitive view over the lower-cased header record
 * the gateway already has (node:http's `req.headers`), so nothing is copied per request.
 *
 * ```ts
 * request.headers.get('User-Agent')   // same as get('user-agent')
 * ```
 */
import { lowerHeaderName } from './header-name.js'

export type RawHeaders = Readonly<Record<string, string | string[] | undefined>>

export class HttpHeaders implements Iterable<[string, string]> {
  readonly #raw: RawHeaders

  /** `raw` must have lower-cased names (as node:http and the Fetch Headers produce). */
  constructor(raw: RawHeaders) {
    this.#raw = raw
  }

  /** Builds from any name casing (test client, user code). */
  static from(init: Iterable<readonly [string, string]> | Record<string, string>): HttpHeaders {
    const raw: Record<string, string> = Object.create(null)
    const pairs = Symbol.iterator in init ? init : Object.entries(init)
    for (const [name, value] of pairs as Iterable<readonly [string, string]>) {
      const key = name.toLowerCase()
      raw[key] = key in raw ? `${raw[key]}, ${value}` : value
    }
    return new HttpHeaders(raw)
  }

  /** The header's value; repeated headers are joined with ", " (cookies with "; "). */
  get(name: string): string | undefined {
    const lower = lowerHeaderName(name)
    const value = this.#raw[lower]
    if (value === undefined || typeof value === 'string') return value
    return value.join(lower === 'cookie' ? '; ' : ', ')
  }

  has(name: string): boolean {
    return this.#raw[lowerHeaderName(name)] !== undefined
  }

  /** `[lower-cased name, value]` pairs. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#raw)) {
      const value = this.get(name)
      if (value !== undefined) yield [name, value]
    }
  }

  keys(): string[] {
    return Object.keys(this.#raw).filter((name) => this.#raw[name] !== undefined)
  }

  /** The underlying record (lower-cased names); do not mutate. */
  get raw(): RawHeaders {
    return this.#raw
  }
}
