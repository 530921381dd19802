/**
 * Logging, modelled on Python's logging as Django configures it: named hierarchical
 * loggers (`reinhardt.request` is a child of `reinhardt`), levels DEBUG…CRITICAL, handlers,
 * formatters, filters, propagation and a root logger, configured from the LOGGING setting
 * by configureLogging() (setup() calls it). The pieces live in core/logging/; this module is
 * the one place the rest of the framework imports them from.
 *
 * Until configureLogging() runs, the default configuration with DEBUG off is in force.
 * setLogSink() diverts every record to a function instead of the handlers (tests use it to
 * capture or silence the framework's output).
 *
 * ```ts
 * const logger = getLogger('myapp')
 * logger.warning(`quota almost used: ${percent}%`)
 * ```
 */
import { configureLogging } from './logging/config.js'

export {
  LEVEL_NUMBERS,
  levelName,
  toLevelNumber,
  type LogLevel,
  type LogLevelName,
} from './logging/levels.js'
export type { LogDetails, LogRecord, LogSink } from './logging/record.js'
export {
  BUILTIN_FILTERS,
  requireDebugFalse,
  requireDebugTrue,
  type LogFilter,
} from './logging/filters.js'
export {
  DEFAULT_FORMAT,
  JsonFormatter,
  TextFormatter,
  formatError,
  type LogFormatter,
} from './logging/formatters.js'
export {
  ConsoleHandler,
  FileHandler,
  LogHandler,
  NullHandler,
  StreamHandler,
  type LogHandlerOptions,
  type TextStream,
} from './logging/handlers.js'
export { Logger, getLogger, getRootLogger, setLogSink } from './logging/logger.js'
export { DEFAULT_LOGGING, configureLogging, mergeLogging } from './logging/config.js'
export { logServerRequest } from './logging/server.js'
export { isResponseLogged, markResponseLogged } from './logging/response-logged.js'

/**
 * Escapes control characters, C1 controls and Unicode line separators (`\n` becomes `\x0a`) so that a client-chosen path or header
 * cannot forge log lines or terminal escapes.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0)
    return code > 0xff
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : `\\x${code.toString(16).padStart(2, '0')}`
  })
}

// The default configuration (DEBUG off) until setup() applies the project's LOGGING.
configureLogging({}, false)
