/**
 * The root resolver for a URLconf, cached per URLconf object (a WeakMap, so a URLconf
 * built in a test is collected with its resolver and its lazily built indexes).
 */
import type { ResolverMatch } from './resolver-match.js'
import { RoutePattern } from './route-pattern.js'
import type { URLConf } from './types.js'
import { URLResolver } from './url-resolver.js'
import { requireUrlconf } from './urlconf.js'

export { URLPattern } from './url-pattern.js'
export { URLResolver } from './url-resolver.js'

const cache = new WeakMap<URLConf, URLResolver>()

/**
 * The root resolver of `urlconf` (default: the one set with setUrlconf()). The same object
 * comes back for the same URLconf, so its indexes are built once.
 *
 * ```ts
 * const match = getResolver(urls).resolve('/articles/2024/')
 * ```
 */
export function getResolver(urlconf?: URLConf | null): URLResolver {
  const conf = requireUrlconf(urlconf)
  let resolver = cache.get(conf)
  if (resolver === undefined) {
    resolver = new URLResolver(new RoutePattern('/', { isEndpoint: false }), conf)
    cache.set(conf, resolver)
  }
  return resolver
}

/**
 * Resolve a path (decoded, starting with '/') to its view and parameters; throws
 * Resolver404 when no pattern matches.
 *
 * ```ts
 * const { func, kwargs, urlName } = resolve('/articles/2024/')
 * ```
 */
export function resolve(path: string, urlconf?: URLConf | null): ResolverMatch {
  return getResolver(urlconf).resolve(path)
}
