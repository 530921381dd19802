/**
 * The reverse index of a resolver, built once on first reverse() and cached per resolver:
 *
 * - `lookups`: name or view function → candidates (the chain of patterns from this resolver
 *   down to the view, plus the extra kwargs along the way). Non-namespaced includes are
 *   flattened in; entries are in reverse declaration order, because when two patterns share
 *   a name Django's reverse() picks the one declared last.
 * - `namespaces`: instance namespace → the namespaced resolver and the chain of prefixes
 *   leading to it (the first declared wins when a namespace is reused).
 * - `apps`: application namespace → its instance namespaces, last deployed first (so the
 *   first is Django's default instance when none is named after the app).
 */
import type { View } from '../views/types.js'
import type { Pattern, ReverseParam } from './pattern.js'
import type { URLEntry } from './types.js'
import { URLPattern } from './url-pattern.js'
import type { URLResolver } from './url-resolver.js'

/** One way to reverse a name: the patterns to fill in, outermost first. */
export interface ReverseCandidate {
  readonly levels: readonly Pattern[]
  readonly defaults: Readonly<Record<string, unknown>>
}

export interface NamespaceEntry {
  /** Prefix patterns from the resolver that owns the index down to (and including) `resolver`. */
  readonly levels: readonly Pattern[]
  readonly resolver: URLResolver
}

export interface ReverseIndex {
  readonly lookups: Map<string | View, ReverseCandidate[]>
  readonly namespaces: Map<string, NamespaceEntry>
  readonly apps: Map<string, string[]>
}

const cache = new WeakMap<URLResolver, ReverseIndex>()

function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, values)
  else list.push(...values)
}

/** The reverse index of `resolver` (built on first call). */
export function reverseIndex(resolver: URLResolver): ReverseIndex {
  let index = cache.get(resolver)
  if (index !== undefined) return index
  const lookups = new Map<string | View, ReverseCandidate[]>()
  const namespaces = new Map<string, NamespaceEntry>()
  const apps = new Map<string, string[]>()
  const entries: readonly URLEntry[] = resolver.urlPatterns
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as URLEntry
    if (entry instanceof URLPattern) {
      const candidate = { levels: [entry.pattern], defaults: entry.defaultArgs }
      push(lookups, entry.callback, candidate)
      if (entry.name !== null) push(lookups, entry.name, candidate)
    } else if (entry.appName !== null) {
      push(apps, entry.appName, entry.namespace as string)
      namespaces.set(entry.namespace as string, { levels: [entry.pattern], resolver: entry })
    } else {
      const sub = reverseIndex(entry)
      const extra = entry.defaultKwargs
      for (const [key, candidates] of sub.lookups) {
        for (const c of candidates) {
          push(lookups, key, {
            levels: [entry.pattern, ...c.levels],
            defaults: { ...c.defaults, ...extra },
          })
        }
      }
      for (const [ns, nsEntry] of sub.namespaces) {
        namespaces.set(ns, {
          levels: [entry.pattern, ...nsEntry.levels],
          resolver: nsEntry.resolver,
        })
      }
      for (const [app, list] of sub.apps) push(apps, app, ...list)
    }
  }
  index = { lookups, namespaces, apps }
  cache.set(resolver, index)
  return index
}

/** A template spanning several levels: each part knows which level it belongs to. */
export interface ChainTemplate {
  readonly parts: readonly { readonly level: number; readonly part: string | ReverseParam }[]
  /** Parameter names in order (unnamed rePath groups are `_0`, `_1`, …). */
  readonly params: readonly string[]
}

const templateCache = new WeakMap<readonly Pattern[], ChainTemplate[]>()

/**
 * Every combination of the levels' reverse templates, cached per levels array (candidate
 * chains are built once per index, so this is computed once per candidate).
 */
export function chainTemplates(levels: readonly Pattern[]): ChainTemplate[] {
  const cached = templateCache.get(levels)
  if (cached !== undefined) return cached
  let combos: ChainTemplate['parts'][number][][] = [[]]
  levels.forEach((pattern, level) => {
    const next: ChainTemplate['parts'][number][][] = []
    for (const combo of combos) {
      for (const t of pattern.reverseTemplates()) {
        next.push([...combo, ...t.parts.map((part) => ({ level, part }))])
      }
    }
    combos = next
  })
  const result = combos.map((parts) => {
    let positional = 0
    const named = parts.map(({ level, part }) =>
      typeof part === 'string' || !part.positional
        ? { level, part }
        : { level, part: { param: `_${positional++}`, positional: true } },
    )
    const params = named.flatMap(({ part }) => (typeof part === 'string' ? [] : [part.param]))
    return { parts: named, params }
  })
  templateCache.set(levels, result)
  return result
}
