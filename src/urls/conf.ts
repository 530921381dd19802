/**
 * The URLconf builders: path(), rePath() and include().
 *
 * path() and rePath() build the pattern eagerly (a bad route or unknown converter fails at
 * import time, naming the route), and return a URLPattern for a view or a URLResolver for
 * an include(). include() only records what to include; the included `urlpatterns` are read
 * when first resolved, so URLconf modules may import each other.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { View } from '../views/types.js'
import type { Pattern } from './pattern.js'
import { RegexPattern } from './regex-pattern.js'
import { RoutePattern } from './route-pattern.js'
import type { RegexParams, RouteParams, Simplify } from './route-params.js'
import type { URLConf, URLEntry } from './types.js'
import { URLPattern } from './url-pattern.js'
import { URLResolver } from './url-resolver.js'

/** Extra kwargs given to a view through path()/rePath() options. */
export type ExtraKwargs = Record<string, unknown>
/** No extra kwargs. */
export type NoExtraKwargs = Record<never, never>

/**
 * A view's params: the route's parameters plus the extra kwargs. Stays `any` when the route
 * is not known at compile time (Simplify would turn `any` into an index signature).
 */
export type ViewArgs<P, K> = 0 extends 1 & P ? P : Simplify<P & K>

/** Options of path() and rePath() for a view. */
export interface PathOptions<K extends ExtraKwargs = ExtraKwargs> {
  /** The name reverse() and the `{% url %}` tag know the pattern by. */
  name?: string
  /** Extra kwargs passed to the view; reverse() requires the same values when given. */
  kwargs?: K
}

/** What include() accepts: a URLconf module, a list of entries, or `[entries, appName]`. */
export type IncludeArg = URLConf | readonly URLEntry[] | readonly [readonly URLEntry[], string]

/** The result of include(): what to mount under a path() or rePath() prefix. */
export class Included {
  constructor(
    readonly urlconf: URLConf | readonly URLEntry[],
    readonly appName: string | null,
    readonly namespace: string | null,
  ) {}
}

/**
 * Mount another URLconf under a prefix. The application namespace comes from the module's
 * `appName` (or the second item of `[entries, appName]`); the instance namespace is
 * `options.namespace`, defaulting to the appName.
 *
 * ```ts
 * import * as polls from './polls/urls.js' // exports urlpatterns, appName = 'polls'
 * path('polls/', include(polls))                                   // 'polls:detail'
 * path('author-polls/', include(polls, { namespace: 'author-polls' }))
 * path('api/', include([path('ping/', ping)]))
 * ```
 */
export function include(arg: IncludeArg, options: { namespace?: string } = {}): Included {
  let urlconf: URLConf | readonly URLEntry[]
  let appName: string | null = null
  if (
    Array.isArray(arg) &&
    arg.length === 2 &&
    Array.isArray(arg[0]) &&
    typeof arg[1] === 'string'
  ) {
    urlconf = arg[0] as readonly URLEntry[]
    appName = arg[1]
  } else if (Array.isArray(arg)) {
    urlconf = arg as readonly URLEntry[]
  } else if (typeof arg === 'object' && arg !== null && 'urlpatterns' in arg) {
    urlconf = arg as URLConf
    appName = (arg as URLConf).appName ?? null
  } else {
    throw new ImproperlyConfigured(
      'include() expects a URLconf module (an object with `urlpatterns`), a list of ' +
        'path()/rePath() entries, or [entries, appName].',
    )
  }
  const namespace = options.namespace ?? null
  if (namespace && !appName) {
    throw new ImproperlyConfigured(
      `include() was given namespace '${namespace}' but the included URLconf has no appName. ` +
        "Set `export const appName = '…'` in the included module, or pass [urlpatterns, appName].",
    )
  }
  return new Included(urlconf, appName, namespace || appName)
}

function build(pattern: Pattern, target: unknown, options: PathOptions | undefined): URLEntry {
  if (target instanceof Included) {
    return new URLResolver(pattern, target.urlconf, {
      defaultKwargs: options?.kwargs,
      appName: target.appName,
      namespace: target.namespace,
    })
  }
  if (typeof target === 'function') {
    return new URLPattern(pattern, target as View, {
      defaultArgs: options?.kwargs,
      name: options?.name ?? null,
    })
  }
  throw new TypeError(
    `The view for '${pattern}' must be a function or include(…), got ${typeof target}.`,
  )
}

/**
 * Route `route` to a view, or mount an include() under it. `<int:year>`-style parameters
 * are converted and passed to the view, typed from the route.
 *
 * ```ts
 * path('articles/<int:year>/', (request, { year }) => new HttpResponse(`${year + 1}`), {
 *   name: 'year-archive',
 * })
 * path('blog/', include(blogUrls))
 * ```
 */
export function path(
  route: string,
  target: Included,
  options?: { kwargs?: ExtraKwargs },
): URLResolver
export function path<R extends string, K extends ExtraKwargs = NoExtraKwargs>(
  route: R,
  view: View<ViewArgs<RouteParams<R>, NoInfer<K>>>,
  options?: PathOptions<K>,
): URLPattern
export function path(route: string, target: unknown, options?: PathOptions): URLEntry {
  const isEndpoint = !(target instanceof Included)
  return build(new RoutePattern(route, { isEndpoint }), target, options)
}

/**
 * Route by regular expression, matched at the start of the remaining path. Named groups
 * (`(?<year>…)`, or Python's `(?P<year>…)`) become string kwargs; unnamed groups become
 * `resolverMatch.args` when there are no named ones. `\Z` is read as `$`.
 *
 * ```ts
 * rePath('^articles/(?P<year>[0-9]{4})/$', yearArchive, { name: 'year-archive' })
 * ```
 */
export function rePath(
  regex: string | RegExp,
  target: Included,
  options?: { kwargs?: ExtraKwargs },
): URLResolver
export function rePath<R extends string | RegExp, K extends ExtraKwargs = NoExtraKwargs>(
  regex: R,
  view: View<ViewArgs<RegexParams<R>, NoInfer<K>>>,
  options?: PathOptions<K>,
): URLPattern
export function rePath(regex: string | RegExp, target: unknown, options?: PathOptions): URLEntry {
  const isEndpoint = !(target instanceof Included)
  return build(new RegexPattern(regex, { isEndpoint }), target, options)
}
