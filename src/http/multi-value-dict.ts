/**
 * MultiValueDict: a map from a key to a list of values, read by default as if each key
 * had one value (the last one), as an HTML form with repeated fields needs.
 *
 * The values live in a `Map<string, V[]>`, so any client-chosen key (`__proto__`,
 * `constructor`, `hasOwnProperty`) is just a key. Mutability is a flag checked by every
 * mutator: QueryDict turns it off for request data, FILES keeps Django's mutable default.
 *
 * ```ts
 * const d = new MultiValueDict([['a', '1'], ['a', '2']])
 * d.get('a')      // '2'
 * d.getlist('a')  // ['1', '2']
 * ```
 */

export interface MultiValueDictOptions {
  /** Whether the mutators (set, appendlist, pop, …) work; true by default. */
  mutable?: boolean
}

export class MultiValueDict<V> implements Iterable<string> {
  readonly #lists = new Map<string, V[]>()
  #mutable: boolean

  constructor(
    entries?: Iterable<readonly [string, V]> | null,
    options: MultiValueDictOptions = {},
  ) {
    this.#mutable = options.mutable ?? true
    if (entries) for (const [key, value] of entries) this.addValue(key, value)
  }

  /** Whether the mutators work on this instance. */
  get mutable(): boolean {
    return this.#mutable
  }

  /** Lets subclasses freeze an instance once they have filled it. */
  protected setMutable(mutable: boolean): void {
    this.#mutable = mutable
  }

  /** The message a mutator throws on an immutable instance. */
  protected immutableMessage(): string {
    return `This ${this.constructor.name} instance is immutable.`
  }

  protected assertMutable(): void {
    if (!this.#mutable) throw new TypeError(this.immutableMessage())
  }

  /** Appends without the mutability check: for filling an instance before freezing it. */
  protected addValue(key: string, value: V): void {
    const list = this.#lists.get(key)
    if (list) list.push(value)
    else this.#lists.set(key, [value])
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#lists.size
  }

  has(key: string): boolean {
    return this.#lists.has(key)
  }

  /** The last value for `key`, or `defaultValue` when the key is absent or has no values. */
  get(key: string): V | undefined
  get<D>(key: string, defaultValue: D): V | D
  get<D>(key: string, defaultValue?: D): V | D | undefined {
    const list = this.#lists.get(key)
    if (list === undefined || list.length === 0) return defaultValue
    return list[list.length - 1]
  }

  /** A copy of every value for `key`; `defaultValue` (or `[]`) when absent. */
  getlist(key: string, defaultValue?: V[]): V[] {
    const list = this.#lists.get(key)
    return list ? [...list] : (defaultValue ?? [])
  }

  /** Replaces every value of `key` with the single `value`. */
  set(key: string, value: V): void {
    this.assertMutable()
    this.#lists.set(key, [value])
  }

  /** Replaces every value of `key` with `values` (copied). */
  setlist(key: string, values: Iterable<V>): void {
    this.assertMutable()
    this.#lists.set(key, [...values])
  }

  /** Adds `value` after the existing values of `key`. */
  appendlist(key: string, value: V): void {
    this.assertMutable()
    this.addValue(key, value)
  }

  /** Sets `key` to `defaultValue` unless present; returns the (last) value. */
  setdefault(key: string, defaultValue: V): V {
    this.assertMutable()
    if (!this.has(key)) this.#lists.set(key, [defaultValue])
    return this.get(key, defaultValue)
  }

  /** Sets `key` to `defaultValues` unless present; returns its list (copied). */
  setlistdefault(key: string, defaultValues: V[] = []): V[] {
    this.assertMutable()
    if (!this.has(key)) this.#lists.set(key, [...defaultValues])
    return this.getlist(key)
  }

  /** Removes `key` and returns all of its values (as Django's pop does); `defaultValue` when absent. */
  pop(key: string, defaultValue?: V[]): V[] | undefined {
    this.assertMutable()
    const list = this.#lists.get(key)
    if (list === undefined) return defaultValue
    this.#lists.delete(key)
    return list
  }

  /** Removes `key`; true when it was present. */
  delete(key: string): boolean {
    this.assertMutable()
    return this.#lists.delete(key)
  }

  clear(): void {
    this.assertMutable()
    this.#lists.clear()
  }

  /** Adds the values of `other` after the existing ones (Django's update extends lists). */
  update(other: MultiValueDict<V> | Iterable<readonly [string, V]>): void {
    this.assertMutable()
    const pairs = other instanceof MultiValueDict ? other.allItems() : other
    for (const [key, value] of pairs) this.addValue(key, value)
  }

  keys(): IterableIterator<string> {
    return this.#lists.keys()
  }

  /** The last value of each key. */
  *values(): IterableIterator<V> {
    for (const list of this.#lists.values()) if (list.length > 0) yield list[list.length - 1] as V
  }

  /** `[key, last value]` pairs. */
  *items(): IterableIterator<[string, V]> {
    for (const [key, list] of this.#lists) {
      if (list.length > 0) yield [key, list[list.length - 1] as V]
    }
  }

  /** `[key, every value]` pairs (lists copied). */
  *lists(): IterableIterator<[string, V[]]> {
    for (const [key, list] of this.#lists) yield [key, [...list]]
  }

  /** `[key, value]` for every value of every key, in insertion order. */
  *allItems(): IterableIterator<[string, V]> {
    for (const [key, list] of this.#lists) for (const value of list) yield [key, value]
  }

  /** Iterates over the keys, like a Python dict (use items() or lists() for values). */
  [Symbol.iterator](): IterableIterator<string> {
    return this.#lists.keys()
  }

  /** A null-prototype object of the last value of each key. */
  dict(): Record<string, V> {
    const out: Record<string, V> = Object.create(null)
    for (const [key, value] of this.items()) out[key] = value
    return out
  }

  /** A mutable copy (lists copied; values shared). */
  copy(): MultiValueDict<V> {
    return new MultiValueDict(this.allItems())
  }
}
