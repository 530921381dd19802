/**
 * The contract between the resolver and the two pattern kinds: RoutePattern (`path()`,
 * `<int:id>` syntax) and RegexPattern (`rePath()`). A pattern matches the start of the
 * remaining path and hands back what is left; include() recurses with that remainder.
 */
import type { View } from '../views/types.js'
import type { Converter } from './converters.js'
import { ResolverMatch, type TriedSource } from './resolver-match.js'

/** What a pattern captured from the start of a path. */
export interface PatternMatch {
  /** The path left after the matched part (what an include() sees). */
  rest: string
  /** Unnamed groups (rePath only, and only when there are no named groups). */
  args: string[]
  /** Named values, converted by their converters (null-prototype object). */
  kwargs: Record<string, unknown>
}

/** A placeholder in a reverse template: `position` is set for unnamed rePath groups. */
export interface ReverseParam {
  readonly param: string
  readonly positional: boolean
}

/** One way to rebuild a URL from this pattern: literal text and parameter placeholders. */
export interface ReverseTemplate {
  readonly parts: readonly (string | ReverseParam)[]
}

export interface Pattern {
  /** Whether this pattern ends a URL (a view) rather than prefixing an include(). */
  readonly isEndpoint: boolean
  /** Converters by parameter name (route patterns only). */
  readonly converters: ReadonlyMap<string, Converter>
  /**
   * The leading path segments every matching path has, for the dispatch index (`[]` when
   * the pattern cannot say, e.g. it starts with a converter).
   */
  readonly indexPath: readonly string[]
  /** Match the start of `path` (the whole of it for an endpoint). */
  match(path: string): PatternMatch | null
  /** Templates reverse() fills in; empty when the pattern cannot be reversed. */
  reverseTemplates(): readonly ReverseTemplate[]
  /** Whether text produced by filling a template really matches this pattern. */
  accepts(text: string): boolean
  /** The route or regex as written, for messages and ResolverMatch.route. */
  toString(): string
}

/** A shared empty kwargs object for matches that capture nothing (never mutated). */
export const NO_KWARGS: Record<string, unknown> = Object.freeze(Object.create(null))

/** A shared empty args array (never mutated). */
export const NO_ARGS: string[] = Object.freeze([]) as unknown as string[]

/**
 * Internal: the allocation-light match that URLPattern and URLResolver hand up the include
 * chain (a symbol key keeps it off the public surface). The root turns it into a
 * ResolverMatch once, instead of building one per include level as Django does.
 */
export const MATCH = Symbol('reinhardt.urls.match')

/** What `[MATCH]` returns; fresh per call, so each level may update it in place. */
export interface InternalMatch {
  view: View
  urlName: string | null
  args: readonly string[]
  kwargs: Record<string, unknown>
  captured: Record<string, unknown>
  route: string
  appNames: readonly string[]
  namespaces: readonly string[]
}

/** The shared empty namespace list a pattern's match starts with (never mutated). */
export const NO_NAMES: readonly string[] = Object.freeze([])

/** Join two routes as Django does: the second loses a leading '^'. */
export function joinRoute(first: string, second: string): string {
  if (!first) return second
  return first + (second.startsWith('^') ? second.slice(1) : second)
}

/**
 * The public ResolverMatch for an internal match. The shared frozen empty kwargs become a
 * fresh object (views own their params); without extra kwargs, `captured` is the same
 * object as `kwargs`.
 */
export function toResolverMatch(
  m: InternalMatch,
  tried?: TriedSource,
  triedPath?: string,
): ResolverMatch {
  return new ResolverMatch({
    func: m.view,
    args: m.args,
    kwargs: m.kwargs === NO_KWARGS ? {} : m.kwargs,
    captured: m.captured === m.kwargs ? undefined : m.captured === NO_KWARGS ? {} : m.captured,
    urlName: m.urlName,
    route: m.route,
    appNames: m.appNames,
    namespaces: m.namespaces,
    tried,
    triedPath,
  })
}
