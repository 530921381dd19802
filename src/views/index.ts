/**
 * `reinhardt/views`: class-based views, generic views and view decorators.
 *
 * A view is any function `(request, params) => response` (sync or async); the classes here
 * build such functions with `asView()`.
 */
export {
  View,
  HTTP_METHOD_NAMES,
  type ClassBasedView,
  type HttpMethodName,
  type InitKwargs,
  type ViewClass,
  type ViewClassParams,
} from './base.js'
export { RedirectView } from './generic/redirect-view.js'
export {
  requireGET,
  requireHttpMethods,
  requirePOST,
  requireSafe,
  condition,
  etag,
  lastModified,
  conditionalPage,
  type ConditionDecorator,
  type ConditionOptions,
  type EtagFunc,
  type LastModifiedFunc,
  type MethodDecorator,
  type MethodRestrictedView,
} from './decorators/http.js'
export { cacheControl, neverCache } from './decorators/cache.js'
export { varyOnCookie, varyOnHeaders } from './decorators/vary.js'
export {
  xframeOptionsDeny,
  xframeOptionsExempt,
  xframeOptionsSameorigin,
} from './decorators/clickjacking.js'
export { gzipPage } from './decorators/gzip.js'
export type { DecoratedView, ViewDecorator } from './decorators/wrap-view.js'
export {
  sensitivePostParameters,
  sensitiveVariables,
  type SensitiveDecorator,
} from './decorators/debug.js'
export type { ErrorView, View as ViewFunction, ViewParams } from './types.js'
