/**
 * checkUrlconf(): static checks of a URLconf, Django's `urls.*` system checks in small.
 * Walks every entry (includes too) once and reports likely mistakes: a route starting
 * with '/', regex syntax left in a path() route, an include() regex ending in '$', and
 * instance namespaces used more than once.
 */
import { RegexPattern } from './regex-pattern.js'
import type { URLConf, URLEntry } from './types.js'
import { URLPattern } from './url-pattern.js'
import { URLResolver } from './url-resolver.js'

export interface CheckMessage {
  id: string
  level: 'warning' | 'error'
  message: string
  hint?: string
}

function describe(entry: URLEntry): string {
  const name = entry instanceof URLPattern && entry.name !== null ? ` [name='${entry.name}']` : ''
  return `'${entry.pattern}'${name}`
}

function checkEntry(entry: URLEntry, out: CheckMessage[]): void {
  const written = String(entry.pattern)
  const isRegex = entry.pattern instanceof RegexPattern
  if (isRegex ? /^\^?\\?\//.test(written) : written.startsWith('/')) {
    out.push({
      id: 'urls.W002',
      level: 'warning',
      message: `Your URL pattern ${describe(entry)} has a route beginning with a '/'.`,
      hint:
        'Remove this slash, it is unnecessary. If the pattern is inside an include(), make ' +
        "sure the include()'s own route ends with '/'.",
    })
  }
  if (!isRegex && (written.includes('(?P<') || written.startsWith('^') || written.endsWith('$'))) {
    out.push({
      id: '2_0.W001',
      level: 'warning',
      message:
        `Your URL pattern ${describe(entry)} has a route that contains '(?P<', begins with ` +
        "a '^', or ends with a '$'.",
      hint: 'This looks like a regex left over from a migration: use rePath() for regexes.',
    })
  }
  if (isRegex && entry instanceof URLResolver && /(?<!\\)\$$/.test(written)) {
    out.push({
      id: 'urls.W001',
      level: 'warning',
      message: `Your URL pattern ${describe(entry)} uses include() with a route ending with a '$'.`,
      hint: 'Remove the dollar from the route so that the included patterns can match.',
    })
  }
}

function walk(
  entries: readonly URLEntry[],
  parents: readonly string[],
  out: CheckMessage[],
  namespaces: Map<string, number>,
): void {
  for (const entry of entries) {
    if (!(entry instanceof URLPattern) && !(entry instanceof URLResolver)) {
      out.push({
        id: 'urls.E004',
        level: 'error',
        message: `Your URL pattern ${String(entry)} is invalid.`,
        hint: 'Make urlpatterns a list of path() and/or rePath() entries.',
      })
      continue
    }
    checkEntry(entry, out)
    if (entry instanceof URLResolver) {
      const path = entry.namespace === null ? parents : [...parents, entry.namespace]
      if (entry.namespace !== null) {
        const key = path.join(':')
        namespaces.set(key, (namespaces.get(key) ?? 0) + 1)
      }
      const conf = entry.urlconfName
      const sub = Array.isArray(conf) ? conf : (conf as URLConf).urlpatterns
      if (Array.isArray(sub)) walk(sub, path, out, namespaces)
    }
  }
}

/**
 * Check a URLconf for common mistakes (the handler's start-up checks call this).
 *
 * ```ts
 * for (const m of checkUrlconf(urls)) console.warn(`${m.id}: ${m.message}`)
 * ```
 */
export function checkUrlconf(urlconf: URLConf): CheckMessage[] {
  const out: CheckMessage[] = []
  const namespaces = new Map<string, number>()
  const entries = Array.isArray(urlconf.urlpatterns) ? urlconf.urlpatterns : []
  walk(entries, [], out, namespaces)
  for (const [namespace, count] of namespaces) {
    if (count > 1) {
      out.push({
        id: 'urls.W005',
        level: 'warning',
        message: `URL namespace '${namespace}' isn't unique. You may not be able to reverse all URLs in this namespace.`,
      })
    }
  }
  return out
}
