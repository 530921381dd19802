/**
 * Response headers: case-insensitive, insertion-ordered, and refusing values that could
 * split a response (CR or LF) or names that are not HTTP tokens.
 */
import { BadHeaderError } from './exceptions.js'

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const CR_OR_LF = /[\r\n]/

export type HeadersInit = Iterable<readonly [string, string]> | Record<string, string>

export class ResponseHeaders implements Iterable<[string, string]> {
  /** lower-cased name → [name as last set, value] */
  #entries = new Map<string, [string, string]>()

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
    this.#entries.set(name.toLowerCase(), [name, text])
    return this
  }

  /** Sets the header only if it is not set yet (Django's `setdefault`). */
  setDefault(name: string, value: string | number): this {
    if (!this.has(name)) this.set(name, value)
    return this
  }

  get(name: string): string | undefined {
    return this.#entries.get(name.toLowerCase())?.[1]
  }

  has(name: string): boolean {
    return this.#entries.has(name.toLowerCase())
  }

  delete(name: string): boolean {
    return this.#entries.delete(name.toLowerCase())
  }

  get size(): number {
    return this.#entries.size
  }

  /** `[name, value]` pairs (names as last set), in first-insertion order. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, value] of this.#entries.values()) yield [name, value]
  }

  /** Appends `name, value, name, value…` to `out` (the flat form node:http's writeHead takes). */
  appendFlat(out: string[]): string[] {
    for (const [name, value] of this.#entries.values()) out.push(name, value)
    return out
  }
}
