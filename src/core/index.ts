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
export {
  configureLogging,
  ConsoleHandler,
  DEFAULT_LOGGING,
  escapeControlCharacters,
  FileHandler,
  getLogger,
  getRootLogger,
  JsonFormatter,
  Logger,
  LogHandler,
  logServerRequest,
  NullHandler,
  requireDebugFalse,
  requireDebugTrue,
  setLogSink,
  StreamHandler,
  TextFormatter,
  type LogDetails,
  type LogFilter,
  type LogFormatter,
  type LogHandlerOptions,
  type LogLevel,
  type LogLevelName,
  type LogRecord,
  type LogSink,
  type TextStream,
} from './log.js'
