/**
 * `reinhardt/middleware`: the standard middleware and the base class for your own.
 *
 * ```ts
 * import {
 *   SecurityMiddleware,
 *   CommonMiddleware,
 *   XFrameOptionsMiddleware,
 * } from 'reinhardt/middleware'
 * MIDDLEWARE: [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware]
 * ```
 */
export { MiddlewareMixin } from './mixin.js'
export type {
  GetResponse,
  Middleware,
  MiddlewareFactory,
  MiddlewareClass,
  MiddlewareHooks,
  MiddlewareObject,
} from '../core/handlers/middleware.js'
export { SecurityMiddleware, referrerPolicyValue } from './security.js'
export { CommonMiddleware, escapeLeadingSlashes, isValidPath } from './common.js'
export { XFrameOptionsMiddleware, type XFrameOptionsExemptFlag } from './clickjacking.js'
export { GZipMiddleware, acceptsGzip, gzipResponse } from './gzip.js'
export { ConditionalGetMiddleware, conditionalGetResponse } from './http.js'
