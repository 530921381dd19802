export { BaseHandler, type BaseHandlerOptions } from './handlers/base.js'
export { convertExceptionToResponse, responseForException } from './handlers/exception.js'
export {
  isMiddlewareClass,
  type GetResponse,
  type Middleware,
  type MiddlewareClass,
  type MiddlewareFactory,
  type MiddlewareFunction,
  type MiddlewareHooks,
  type MiddlewareObject,
} from './handlers/middleware.js'
export { PHASES, type Phase } from './phases.js'
export * from './exceptions.js'
export { Signal, type ConnectOptions, type Receiver } from './signal.js'
export { requestStarted, requestFinished, gotRequestException } from './signals.js'
export { getLogger, setLogSink, type LogLevel, type LogRecord, type LogSink } from './log.js'
