/**
 * URL configuration checks (Django's django.core.checks.urls), tag `urls`.
 *
 * The URLconf walk itself lives in src/urls/check.ts (checkUrlconf); this file turns its
 * findings into registered check messages with Django's ids, and adds reinhardt's own:
 *
 * - urls.W001 include() regex ending in '$'      - urls.W002 route beginning with '/'
 * - 2_0.W001 regex syntax left in a path() route - urls.E004 an entry that is no pattern
 * - urls.W005 instance namespace not unique
 * - urls.W100 (reinhardt) one URL name on two different routes taking the same
 *   parameters: reverse() can only ever build one of them. Names shared by routes with
 *   different parameters (`archive/` and `archive/<int:year>/`) are a Django idiom and pass.
 */
import type { Settings } from '../../conf/global-settings.js'
import { checkUrlconf } from '../../urls/check.js'
import type { URLConf, URLEntry } from '../../urls/types.js'
import { URLPattern } from '../../urls/url-pattern.js'
import { URLResolver } from '../../urls/url-resolver.js'
import { CheckError, CheckWarning, type CheckMessage } from './messages.js'
import { register, Tags, type CheckContext } from './registry.js'

/** The checks of src/urls/check.ts, as check messages. */
export function checkUrlConfig({ settings }: CheckContext): CheckMessage[] {
  const urlconf = rootUrlconf(settings)
  if (urlconf === null) return []
  return checkUrlconf(urlconf).map((finding) => {
    const options = {
      id: finding.id,
      ...(finding.hint === undefined ? {} : { hint: finding.hint }),
    }
    return finding.level === 'error'
      ? new CheckError(finding.message, options)
      : new CheckWarning(finding.message, options)
  })
}

interface NamedRoute {
  route: string
  params: string
}

/** urls.W100: a URL name reused by routes reverse() cannot tell apart. */
export function checkUrlNames({ settings }: CheckContext): CheckMessage[] {
  const urlconf = rootUrlconf(settings)
  if (urlconf === null) return []
  const byName = new Map<string, NamedRoute[]>()
  collectNames(urlconf.urlpatterns, '', [], [], byName)
  const messages: CheckMessage[] = []
  for (const [name, routes] of byName) {
    const seen = new Map<string, string>()
    for (const { route, params } of routes) {
      const other = seen.get(params)
      if (other !== undefined && other !== route) {
        messages.push(
          new CheckWarning(
            `The URL name '${name}' is used by '${other}' and '${route}', which take the same ` +
              `parameters: reverse('${name}') can only ever build one of them.`,
            {
              id: 'urls.W100',
              obj: name,
              hint: 'Give each pattern its own name (or remove the duplicate pattern).',
            },
          ),
        )
      } else if (other === undefined) {
        seen.set(params, route)
      }
    }
  }
  return messages
}

function collectNames(
  entries: readonly URLEntry[],
  prefix: string,
  prefixParams: readonly string[],
  namespaces: readonly string[],
  out: Map<string, NamedRoute[]>,
): void {
  if (!Array.isArray(entries)) return
  for (const entry of entries) {
    if (!(entry instanceof URLPattern) && !(entry instanceof URLResolver)) continue
    const route = prefix + String(entry.pattern)
    const params = [...prefixParams, ...patternParams(entry)]
    if (entry instanceof URLPattern) {
      if (entry.name === null) continue
      const qualified = [...namespaces, entry.name].join(':')
      let routes = out.get(qualified)
      if (routes === undefined) out.set(qualified, (routes = []))
      routes.push({ route, params: [...new Set(params)].sort().join(',') })
    } else {
      const conf = entry.urlconfName
      const sub = Array.isArray(conf) ? conf : (conf as URLConf).urlpatterns
      const nested = entry.namespace === null ? namespaces : [...namespaces, entry.namespace]
      collectNames(sub as readonly URLEntry[], route, params, nested, out)
    }
  }
}

function patternParams(entry: URLEntry): string[] {
  const template = entry.pattern.reverseTemplates()[0]
  if (template === undefined) return []
  const names: string[] = []
  for (const part of template.parts) if (typeof part !== 'string') names.push(part.param)
  return names
}

function rootUrlconf(settings: Readonly<Settings>): URLConf | null {
  const urlconf = settings.ROOT_URLCONF
  if (urlconf === null || typeof urlconf !== 'object') return null
  return Array.isArray(urlconf.urlpatterns) ? urlconf : null
}

register(checkUrlConfig, { tags: [Tags.urls] })
register(checkUrlNames, { tags: [Tags.urls] })
