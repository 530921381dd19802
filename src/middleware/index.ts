export { MiddlewareMixin } from './mixin.js'
export type {
  GetResponse,
  Middleware,
  MiddlewareFactory,
  MiddlewareClass,
  MiddlewareHooks,
  MiddlewareObject,
} from '../core/handlers/middleware.js'
