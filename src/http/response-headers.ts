/**
 * Response headers: case-insensitive, insertion-ordered, and refusing values that could
 * split a response (CR or LF) or names that are not HTTP tokens.
 *
 * Stored as one flat array of `[lower-cased name, name, value]` triplets searched linearly:
 * a response has a handful of headers, and for so few a scan beats a Map and allocates far
 * less (every request makes one of these).
 */
import { BadHeaderError } from './exceptions.js'
import { lowerHeaderName } from './header-name.js'

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const CR_OR_LF = /[\r\n]/

export type HeadersInit = Iterable<readonly [string, string]> | Record<string, string>

export class ResponseHeaders implements Iterable<[string, string]> {
  /** `lower, name (as last set), value` for each header, in first-insertion order. */
  #list: string[] = []

  constructor(init?: HeadersInit) {
    if (init === undefined) return
    const pairs = Symbol.iterator in init ? init : Object.entries(init)
    for (const [name, value] of pairs as Iterable<readonly [string, string]>) this.set(name, value)
  }

  /** Sets a header, replacing any previous value; refuses CR/LF and non-token names. */
  set(name: string, value: string | number): this {
    const text = typeof value === 'number' ? String(value) : value
    if (typeof text !== 'string') {
      throw new BadHeaderError(
        `Header ${JSON.stringify(name)} must be a string, got ${typeof value}.`,
      )
    }
    if (!TOKEN.test(name)) throw new BadHeaderError(`Invalid header name ${JSON.stringify(name)}.`)
    if (CR_OR_LF.test(text)) {
      throw new BadHeaderError(
        `Header values can't contain newlines (got ${JSON.stringify(text)} for ${name}).`,
      )
    }
    return this.setTrusted(name, text)
  }

  /**
   * Sets a header without validation, for values the framework builds from constants.
   * Never pass client or user input here; use `set()`.
   * @internal
   */
  setTrusted(name: string, value: string): this {
    const lower = lowerHeaderName(name)
    const list = this.#list
    const at = this.#find(lower)
    // The first header (usually Content-Type) makes an exactly sized array: most responses
    // have only one or two, and push() on an empty array reserves room for sixteen.
    if (list.length === 0) this.#list = [lower, name, value]
    else if (at === -1) list.push(lower, name, value)
    else {
      list[at + 1] = name
      list[at + 2] = value
    }
    return this
  }

  /** Sets the header only if it is not set yet (Django's `setdefault`). */
  setDefault(name: string, value: string | number): this {
    if (!this.has(name)) this.set(name, value)
    return this
  }

  get(name: string): string | undefined {
    const at = this.#find(lowerHeaderName(name))
    return at === -1 ? undefined : this.#list[at + 2]
  }

  has(name: string): boolean {
    return this.#find(lowerHeaderName(name)) !== -1
  }

  delete(name: string): boolean {
    const at = this.#find(lowerHeaderName(name))
    if (at === -1) return false
    this.#list.splice(at, 3)
    return true
  }

  get size(): number {
    return this.#list.length / 3
  }

  /** `[name, value]` pairs (names as last set), in first-insertion order. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const list = this.#list
    for (let i = 0; i < list.length; i += 3) yield [list[i + 1]!, list[i + 2]!]
  }

  /** Appends `name, value, name, value…` to `out` (the flat form node:http's writeHead takes). */
  appendFlat(out: string[]): string[] {
    const list = this.#list
    for (let i = 0; i < list.length; i += 3) out.push(list[i + 1]!, list[i + 2]!)
    return out
  }

  /** Writes `name, value, …` into `out` from index 0; returns the index after the last. */
  copyFlatInto(out: string[]): number {
    const list = this.#list
    let j = 0
    for (let i = 0; i < list.length; i += 3) {
      out[j++] = list[i + 1]!
      out[j++] = list[i + 2]!
    }
    return j
  }

  #find(lower: string): number {
    const list = this.#list
    for (let i = 0; i < list.length; i += 3) if (list[i] === lower) return i
    return -1
  }
}
