/**
 * `reinhardt/urls`: the URL dispatcher. Build URLconfs with path(), rePath() and include();
 * resolve() a path to its view; reverse() a name back to a URL.
 *
 * ```ts
 * import { path, include, reverse } from 'reinhardt/urls'
 * export const urlpatterns = [
 *   path('articles/<int:year>/', yearArchive, { name: 'year-archive' }),
 *   path('polls/', include(polls)),
 * ]
 * reverse('year-archive', { kwargs: { year: 2024 } }) // '/articles/2024/'
 * ```
 */
export { path, rePath, include, Included } from './conf.js'
export type { ExtraKwargs, NoExtraKwargs, PathOptions, IncludeArg, ViewArgs } from './conf.js'
export type { ConverterTypes, RouteParams, RegexParams } from './route-params.js'
export {
  registerConverter,
  getConverter,
  StringConverter,
  IntConverter,
  SlugConverter,
  UUIDConverter,
  PathConverter,
} from './converters.js'
export type { Converter } from './converters.js'
export { URLPattern, URLResolver, getResolver, resolve } from './resolvers.js'
export type { URLResolverOptions } from './url-resolver.js'
export { RoutePattern } from './route-pattern.js'
export { RegexPattern } from './regex-pattern.js'
export type { Pattern, PatternMatch } from './pattern.js'
export { reverse } from './reverse.js'
export type { ReverseOptions } from './reverse.js'
export { ResolverMatch } from './resolver-match.js'
export { Resolver404, NoReverseMatch } from './exceptions.js'
export { setUrlconf, getUrlconf, setScriptPrefix, getScriptPrefix } from './urlconf.js'
export { checkUrlconf } from './check.js'
export type { CheckMessage } from './check.js'
export type { URLConf, URLEntry } from './types.js'
