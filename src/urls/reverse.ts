/**
 * reverse(): from a view name (or the view function) and arguments back to a URL.
 *
 * A name like `polls:detail` walks the namespaces first: each part is looked up as an
 * application namespace (choosing the instance from `currentApp`, else the instance named
 * like the app, else the last deployed one) and then as an instance namespace, collecting
 * the prefix patterns on the way. The last part is looked up in the reverse index of the
 * resolver reached. Each candidate's templates are filled with converted values (a
 * converter's `toUrl` throwing rejects the candidate), every level's text is checked
 * against its own pattern, and the first that passes is quoted and returned.
 */
import type { View } from '../views/types.js'
import { NoReverseMatch } from './exceptions.js'
import { joinRoute, type Pattern } from './pattern.js'
import { encodeQuery, escapeLeadingSlashes, quotePath } from './quote.js'
import { getResolver } from './resolvers.js'
import { chainTemplates, reverseIndex, type ReverseCandidate } from './reverse-lookup.js'
import type { URLConf } from './types.js'
import type { URLResolver } from './url-resolver.js'
import { getScriptPrefix } from './urlconf.js'

export interface ReverseOptions {
  /** Positional values (for unnamed groups, or in the order of the route's parameters). */
  args?: readonly unknown[]
  /** Values by parameter name. Not together with `args`. */
  kwargs?: Record<string, unknown>
  /** The instance namespace of the current request (`request.resolverMatch.namespace`). */
  currentApp?: string | null
  /** Reverse against this URLconf instead of the default. */
  urlconf?: URLConf
  /** Appended as `?…` (form-encoded; list values repeat the key). */
  query?: Record<string, string | string[]> | URLSearchParams
  /** Appended as `#…`. */
  fragment?: string
}

const prefixCache = new WeakMap<URLResolver, Map<string, Pattern[]>>()
const combinedCache = new WeakMap<readonly Pattern[], WeakMap<ReverseCandidate, Pattern[]>>()

function combined(prefix: readonly Pattern[], candidate: ReverseCandidate): readonly Pattern[] {
  if (prefix.length === 0) return candidate.levels
  let perPrefix = combinedCache.get(prefix)
  if (perPrefix === undefined) combinedCache.set(prefix, (perPrefix = new WeakMap()))
  let levels = perPrefix.get(candidate)
  if (levels === undefined) perPrefix.set(candidate, (levels = [...prefix, ...candidate.levels]))
  return levels
}

/** Walk `a:b:` namespaces; returns the resolver reached and the (cached) prefix chain. */
function walkNamespaces(
  root: URLResolver,
  path: string[],
  currentApp: string | null | undefined,
): { resolver: URLResolver; prefix: readonly Pattern[] } {
  let resolver = root
  let currentPath = currentApp ? currentApp.split(':').reverse() : null
  const resolvedPath: string[] = []
  const levels: Pattern[] = []
  for (let ns of path) {
    const currentNs = currentPath?.pop() ?? null
    const index = reverseIndex(resolver)
    const instances = index.apps.get(ns)
    if (instances !== undefined) {
      if (currentNs !== null && instances.includes(currentNs)) ns = currentNs
      else if (!instances.includes(ns)) ns = instances[0] as string
    }
    if (ns !== currentNs) currentPath = null
    const entry = index.namespaces.get(ns)
    if (entry === undefined) {
      throw new NoReverseMatch(
        resolvedPath.length > 0
          ? `'${ns}' is not a registered namespace inside '${resolvedPath.join(':')}'`
          : `'${ns}' is not a registered namespace`,
      )
    }
    resolvedPath.push(ns)
    levels.push(...entry.levels)
    resolver = entry.resolver
  }
  if (levels.length === 0) return { resolver, prefix: levels }
  let perRoot = prefixCache.get(root)
  if (perRoot === undefined) prefixCache.set(root, (perRoot = new Map()))
  const key = resolvedPath.join(':')
  let prefix = perRoot.get(key)
  if (prefix === undefined) perRoot.set(key, (prefix = levels))
  return { resolver, prefix }
}

const hasOwn = (object: object, key: string): boolean => Object.hasOwn(object, key)

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value) // BigInt or a cycle
  }
}

function describeArgs(args: readonly unknown[], kwargs: Record<string, unknown>): string {
  if (args.length > 0) return `arguments ${show(args)}`
  if (Object.keys(kwargs).length > 0) return `keyword arguments ${show(kwargs)}`
  return 'no arguments'
}

/** Fill one candidate; the decoded URL path (without prefix), or null if it does not fit. */
function fill(
  levels: readonly Pattern[],
  defaults: Readonly<Record<string, unknown>>,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): string | null {
  const kwargKeys = Object.keys(kwargs)
  templates: for (const template of chainTemplates(levels)) {
    const params = template.params
    let values: Map<string, unknown>
    if (args.length > 0) {
      if (args.length !== params.length) continue
      values = new Map(params.map((p, i) => [p, args[i]]))
    } else {
      // Same keys as the parameters, except keys the pattern supplies as extra kwargs...
      for (const k of kwargKeys) if (!params.includes(k) && !hasOwn(defaults, k)) continue templates
      for (const p of params) if (!hasOwn(kwargs, p) && !hasOwn(defaults, p)) continue templates
      // ...and extra kwargs given to reverse() must equal the pattern's.
      for (const k of Object.keys(defaults)) {
        if (!params.includes(k) && hasOwn(kwargs, k) && kwargs[k] !== defaults[k])
          continue templates
      }
      values = new Map(params.map((p) => [p, hasOwn(kwargs, p) ? kwargs[p] : defaults[p]]))
    }
    const texts: string[] = levels.map(() => '')
    for (const { level, part } of template.parts) {
      if (typeof part === 'string') {
        texts[level] += part
        continue
      }
      const value = values.get(part.param)
      const converter = (levels[level] as Pattern).converters.get(part.param)
      try {
        texts[level] += converter ? converter.toUrl(value) : String(value)
      } catch {
        continue templates // the converter refused the value: try the next candidate
      }
    }
    if (texts.every((text, i) => (levels[i] as Pattern).accepts(text))) return texts.join('')
  }
  return null
}

/**
 * The URL of a named pattern (or of a view function), with the script prefix.
 *
 * ```ts
 * reverse('year-archive', { kwargs: { year: 2024 } })           // '/articles/2024/'
 * reverse('polls:detail', { args: [3], currentApp: 'author-polls' })
 * reverse('search', { query: { q: 'a b' }, fragment: 'results' }) // '/search/?q=a+b#results'
 * ```
 */
export function reverse(viewName: string | View, options: ReverseOptions = {}): string {
  const args = options.args ?? []
  const kwargs = options.kwargs ?? {}
  if (args.length > 0 && Object.keys(kwargs).length > 0) {
    throw new TypeError("Don't mix `args` and `kwargs` in a call to reverse().")
  }
  let resolver = getResolver(options.urlconf)
  let prefix: readonly Pattern[] = []
  let lookup: string | View = viewName
  if (typeof viewName === 'string') {
    const parts = viewName.split(':')
    lookup = parts.pop() as string
    if (parts.length > 0)
      ({ resolver, prefix } = walkNamespaces(resolver, parts, options.currentApp))
  }
  const candidates = reverseIndex(resolver).lookups.get(lookup) ?? []
  for (const candidate of candidates) {
    const levels = combined(prefix, candidate)
    const text = fill(levels, candidate.defaults, args, kwargs)
    if (text === null) continue
    let url = escapeLeadingSlashes(quotePath(getScriptPrefix() + text))
    if (options.query !== undefined) {
      const qs = encodeQuery(options.query)
      if (qs) url += `?${qs}`
    }
    if (options.fragment !== undefined) url += `#${options.fragment}`
    return url
  }
  const shown = typeof viewName === 'string' ? viewName : viewName.name || '<anonymous view>'
  if (candidates.length === 0) {
    throw new NoReverseMatch(
      `Reverse for '${shown}' not found. '${shown}' is not a valid view function or pattern name.`,
    )
  }
  const routes = candidates.map((c) => combined(prefix, c).map(String).reduce(joinRoute, ''))
  const tried = routes.map((route) => `'${route}'`).join(', ')
  throw new NoReverseMatch(
    `Reverse for '${shown}' with ${describeArgs(args, kwargs)} not found. ` +
      `${candidates.length} pattern(s) tried: [${tried}]`,
  )
}
