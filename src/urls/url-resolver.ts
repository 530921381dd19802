/**
 * URLResolver: a pattern with a list of entries below it, what include() produces and what
 * the root URLconf becomes (`getResolver()`).
 *
 * resolve() matches the resolver's own pattern, then asks the dispatch index for the
 * entries that could match the rest of the path and tries them in declaration order; an
 * include recurses with what its prefix left over. Nested levels return an internal match
 * object (never a thrown 404), and only the top call builds the ResolverMatch or throws
 * Resolver404. The `tried` chains of both are computed on demand by a plain linear walk
 * that mirrors Django's, so they list every pattern exactly as Django's debug page would.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import type { Awaitable } from '../utils/awaitable.js'
import type { ErrorView } from '../views/types.js'
import { DispatchIndex } from './dispatch-index.js'
import { Resolver404 } from './exceptions.js'
import {
  joinRoute,
  MATCH,
  NO_KWARGS,
  toResolverMatch,
  type InternalMatch,
  type Pattern,
} from './pattern.js'
import type { ResolverMatch } from './resolver-match.js'
import type { URLConf, URLEntry } from './types.js'
import { URLPattern } from './url-pattern.js'

/**
 * A Resolver404 without a stack trace: it is how a miss is reported, not a bug, its
 * `tried` list is the useful part, and capturing a stack costs more than the whole lookup.
 */
function notFound(init: ConstructorParameters<typeof Resolver404>[0]): Resolver404 {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return new Resolver404(init)
  } finally {
    Error.stackTraceLimit = limit
  }
}

export interface URLResolverOptions {
  /** Extra kwargs for every view below (`path(route, include(…), { kwargs })`). */
  defaultKwargs?: Record<string, unknown>
  /** Application namespace (the included URLconf's `appName`). */
  appName?: string | null
  /** Instance namespace (include()'s `namespace`, defaulting to the appName). */
  namespace?: string | null
}

function describe(urlconf: URLConf | readonly URLEntry[]): string {
  return Array.isArray(urlconf) ? 'list of patterns' : `module with keys ${Object.keys(urlconf)}`
}

export class URLResolver {
  /** The prefix this resolver matches (the root's is '/'). */
  readonly pattern: Pattern
  /** The included URLconf: a module-like object with `urlpatterns`, or a list of entries. */
  readonly urlconfName: URLConf | readonly URLEntry[]
  readonly defaultKwargs: Readonly<Record<string, unknown>>
  readonly appName: string | null
  readonly namespace: string | null
  readonly #hasDefaults: boolean
  #patterns: readonly URLEntry[] | undefined
  #index: DispatchIndex<URLEntry> | undefined

  constructor(
    pattern: Pattern,
    urlconf: URLConf | readonly URLEntry[],
    options: URLResolverOptions = {},
  ) {
    this.pattern = pattern
    this.urlconfName = urlconf
    this.defaultKwargs = Object.freeze(Object.assign(Object.create(null), options.defaultKwargs))
    this.appName = options.appName ?? null
    this.#hasDefaults = Object.keys(this.defaultKwargs).length > 0
    this.namespace = options.namespace ?? null
  }

  /**
   * The entries below this resolver, read on first use (not at include() time) so that
   * URLconf modules importing each other still work.
   */
  get urlPatterns(): readonly URLEntry[] {
    if (this.#patterns !== undefined) return this.#patterns
    const conf = this.urlconfName
    let patterns: unknown
    try {
      patterns = Array.isArray(conf) ? conf : (conf as URLConf).urlpatterns
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error
      patterns = undefined
    }
    if (!Array.isArray(patterns)) {
      throw new ImproperlyConfigured(
        `The included URLconf (${describe(conf)}) does not appear to have any patterns in it. ` +
          'If it does export a valid `urlpatterns` array, the cause is probably a circular import.',
      )
    }
    for (const entry of patterns) {
      if (!(entry instanceof URLPattern) && !(entry instanceof URLResolver)) {
        throw new ImproperlyConfigured(
          `${String(entry)} in urlpatterns is not a URL pattern. ` +
            'Build every entry with path() or rePath().',
        )
      }
    }
    this.#patterns = patterns as readonly URLEntry[]
    return this.#patterns
  }

  /**
   * Find the view for `path` (for the root: the decoded path info, starting with '/').
   * Throws Resolver404 when nothing matches.
   *
   * ```ts
   * const match = getResolver(urls).resolve('/articles/2024/')
   * match.kwargs.year // 2024
   * ```
   */
  resolve(path: string): ResolverMatch {
    const own = this.pattern.match(path)
    if (own === null) throw notFound({ path })
    const rest = own.rest
    const m = this.#matchChildren(rest)
    if (m === null) throw notFound({ path: rest, tried: () => this.#tried(rest).tried })
    this.#applyLevel(m, own.args, own.kwargs)
    return toResolverMatch(m, this, rest)
  }

  /** The chains tried for `path` (below this resolver's own prefix), for debugging pages. */
  triedFor(path: string): URLEntry[][] {
    return this.#tried(path).tried
  }

  /**
   * The root URLconf's handler400/403/404/500, or undefined when it defines none.
   */
  resolveErrorHandler(status: 400 | 403 | 404): ErrorView | undefined
  resolveErrorHandler(
    status: 500,
  ): ((request: HttpRequest) => Awaitable<HttpResponseBase>) | undefined
  resolveErrorHandler(
    status: 400 | 403 | 404 | 500,
  ): ErrorView | ((request: HttpRequest) => Awaitable<HttpResponseBase>) | undefined
  resolveErrorHandler(
    status: 400 | 403 | 404 | 500,
  ): ErrorView | ((request: HttpRequest) => Awaitable<HttpResponseBase>) | undefined {
    const conf = this.urlconfName
    if (Array.isArray(conf)) return undefined
    const handler = (conf as URLConf)[`handler${status}`]
    return typeof handler === 'function' ? handler : undefined
  }

  /** @internal Match own prefix, then the entries below; the route includes own prefix. */
  [MATCH](path: string): InternalMatch | null {
    const own = this.pattern.match(path)
    if (own === null) return null
    const m = this.#matchChildren(own.rest)
    if (m === null) return null
    this.#applyLevel(m, own.args, own.kwargs)
    m.route = joinRoute(this.pattern.toString(), m.route)
    // Copy, not unshift: a pattern's match starts with the shared empty NO_NAMES list.
    if (this.namespace !== null) m.namespaces = [this.namespace, ...m.namespaces]
    if (this.appName !== null) m.appNames = [this.appName, ...m.appNames]
    return m
  }

  #matchChildren(rest: string): InternalMatch | null {
    this.#index ??= new DispatchIndex(this.urlPatterns)
    for (const entry of this.#index.candidates(rest)) {
      const m = entry[MATCH](rest)
      if (m !== null) return m
    }
    return null
  }

  /** Merge this level's captures and extra kwargs under the sub-match's (Django's order). */
  #applyLevel(m: InternalMatch, args: readonly string[], captured: Record<string, unknown>): void {
    const hasCaptured = captured !== NO_KWARGS && Object.keys(captured).length > 0
    if (hasCaptured || this.#hasDefaults) {
      m.kwargs = { ...captured, ...this.defaultKwargs, ...m.kwargs }
    }
    if (hasCaptured) m.captured = { ...captured, ...m.captured }
    // Unnamed groups only count when there are no named values at all.
    if (args.length > 0 && Object.keys(m.kwargs).length === 0) m.args = [...args, ...m.args]
  }

  /** Django's linear walk, for the `tried` lists: every chain in order, up to a match. */
  #tried(path: string): { tried: URLEntry[][]; matched: boolean } {
    const tried: URLEntry[][] = []
    for (const entry of this.urlPatterns) {
      if (entry instanceof URLPattern) {
        tried.push([entry])
        if (entry[MATCH](path) !== null) return { tried, matched: true }
        continue
      }
      const own = entry.pattern.match(path)
      if (own === null) {
        tried.push([entry])
        continue
      }
      const sub = entry.#tried(own.rest)
      for (const chain of sub.tried) tried.push([entry, ...chain])
      if (sub.matched) return { tried, matched: true }
    }
    return { tried, matched: false }
  }

  toString(): string {
    const ns = this.namespace === null ? '' : ` (${this.appName}:${this.namespace})`
    return `<URLResolver ${describe(this.urlconfName)}${ns} '${this.pattern}'>`
  }
}
