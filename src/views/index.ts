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
  type MethodDecorator,
  type MethodRestrictedView,
} from './decorators/http.js'
export type { ErrorView, View as ViewFunction, ViewParams } from './types.js'
