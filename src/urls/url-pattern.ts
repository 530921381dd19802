/**
 * URLPattern: a pattern (path() or rePath()) pointing at a view. Matching delegates to the
 * pattern; the extra kwargs given to path() are merged over the captured values.
 */
import type { View } from '../views/types.js'
import { MATCH, NO_NAMES, toResolverMatch, type InternalMatch, type Pattern } from './pattern.js'
import type { ResolverMatch } from './resolver-match.js'

export class URLPattern {
  /** The route or regex this entry matches. */
  readonly pattern: Pattern
  /** The view. */
  readonly callback: View
  /** Extra kwargs passed to the view (`path(route, view, { kwargs })`). */
  readonly defaultArgs: Readonly<Record<string, unknown>>
  /** The name reverse() knows this entry by, or null. */
  readonly name: string | null
  readonly #hasDefaults: boolean

  constructor(
    pattern: Pattern,
    callback: View,
    options: { defaultArgs?: Record<string, unknown>; name?: string | null } = {},
  ) {
    this.pattern = pattern
    this.callback = callback
    this.defaultArgs = Object.freeze(Object.assign(Object.create(null), options.defaultArgs))
    this.name = options.name ?? null
    this.#hasDefaults = Object.keys(this.defaultArgs).length > 0
  }

  /**
   * Match `path` (the remainder below any include) against this entry alone.
   *
   * ```ts
   * path('articles/<int:year>/', yearArchive).resolve('articles/2024/')?.kwargs // { year: 2024 }
   * ```
   */
  resolve(path: string): ResolverMatch | null {
    const m = this[MATCH](path)
    if (m === null) return null
    return toResolverMatch(m)
  }

  /** @internal */
  [MATCH](path: string): InternalMatch | null {
    const m = this.pattern.match(path)
    if (m === null) return null
    return {
      view: this.callback,
      urlName: this.name,
      args: m.args,
      kwargs: this.#hasDefaults ? { ...m.kwargs, ...this.defaultArgs } : m.kwargs,
      captured: m.kwargs,
      route: this.pattern.toString(),
      appNames: NO_NAMES,
      namespaces: NO_NAMES,
    }
  }

  /** The view's function name, for messages. */
  get lookupStr(): string {
    return this.callback.name || '<anonymous view>'
  }

  toString(): string {
    const name = this.name === null ? '' : ` [name='${this.name}']`
    return `<URLPattern '${this.pattern}'${name}>`
  }
}
