/**
 * configureLogging(LOGGING, DEBUG): Django's configure_logging, on our own logging.
 *
 * The user's LOGGING is merged over DEFAULT_LOGGING (formatters, filters and handlers by
 * name; a logger entry replaces the default one for that logger, as a second dictConfig
 * would; `root` likewise), checked as a whole (every handler, formatter, filter and level a
 * name refers to must exist, or ImproperlyConfigured says which), and only then applied:
 * handlers of the previous configuration are closed and detached, loggers it configured
 * are reset, and the new ones are set up. Handlers added with addHandler() by hand stay.
 */
import type {
  LogHandlerClass,
  LoggingFormatterSettings,
  LoggingHandlerSettings,
  LoggingLoggerSettings,
  LoggingSettings,
} from '../../conf/global-settings.js'
import { settingChanged } from '../signals.js'
import { ImproperlyConfigured } from '../exceptions.js'
import { BUILTIN_FILTERS, setLoggingDebug, type LogFilter } from './filters.js'
import { JsonFormatter, TextFormatter, type LogFormatter } from './formatters.js'
import {
  ConsoleHandler,
  FileHandler,
  NullHandler,
  StreamHandler,
  type LogHandler,
  type LogHandlerOptions,
} from './handlers.js'
import { toLevelNumber } from './levels.js'
import {
  allLoggers,
  getLogger,
  getRootLogger,
  invalidateLevelCaches,
  type Logger,
} from './logger.js'

/**
 * The configuration LOGGING is merged over (Django's DEFAULT_LOGGING):
 *
 * - `reinhardt` (and so reinhardt.request, reinhardt.security.*, …) at INFO, to `console`
 *   (stderr, only while DEBUG is on) and `consoleErrors` (stderr, ERROR and above, only
 *   while DEBUG is off: where Django mails the admins, a Node process has stderr);
 * - `reinhardt.server` at INFO to its own stderr handler with a plain `{message}` format,
 *   whatever DEBUG is, not propagated;
 * - the root logger at WARNING with no handler (other loggers' warnings reach stderr
 *   through the last-resort handler until you configure one).
 */
export const DEFAULT_LOGGING: Readonly<LoggingSettings> = Object.freeze({
  version: 1,
  disableExistingLoggers: false,
  formatters: {
    'reinhardt.server': { format: '{message}' },
  },
  handlers: {
    console: { class: 'console', level: 'INFO', filters: ['requireDebugTrue'] },
    consoleErrors: { class: 'console', level: 'ERROR', filters: ['requireDebugFalse'] },
    'reinhardt.server': { class: 'console', level: 'INFO', formatter: 'reinhardt.server' },
  },
  loggers: {
    reinhardt: { handlers: ['console', 'consoleErrors'], level: 'INFO' },
    'reinhardt.server': { handlers: ['reinhardt.server'], level: 'INFO', propagate: false },
  },
  root: { level: 'WARNING' },
} satisfies LoggingSettings)

/** What the last configureLogging() installed, so the next one can undo exactly that. */
let installed: { handlers: LogHandler[]; loggers: Logger[] } = { handlers: [], loggers: [] }

/**
 * Merges `logging` over DEFAULT_LOGGING and applies it; `debug` drives the
 * requireDebugTrue / requireDebugFalse filters. setup() calls it with LOGGING and DEBUG.
 *
 * ```ts
 * configureLogging({ loggers: { 'reinhardt.request': { level: 'ERROR' } } }, false)
 * ```
 */
export function configureLogging(logging: LoggingSettings = {}, debug = false): void {
  const merged = mergeLogging(DEFAULT_LOGGING, logging)
  const filters = buildFilters(merged.filters ?? {})
  const formatters = buildFormatters(merged.formatters ?? {})
  const handlers = buildHandlers(merged.handlers ?? {}, formatters, filters)
  const plans = planLoggers(merged, handlers, filters)

  // Everything is checked and built: now swap the old configuration for the new one.
  setLoggingDebug(debug)
  for (const handler of installed.handlers) {
    for (const logger of allLoggers()) logger.removeHandler(handler)
    handler.close()
  }
  for (const logger of installed.loggers) resetLogger(logger)
  const named = new Set(plans.map((plan) => plan.name))
  // As dictConfig: existing loggers outside the configuration are disabled, or re-enabled
  // (a previous configuration may have disabled them), per disableExistingLoggers.
  const disable = merged.disableExistingLoggers === true
  for (const logger of allLoggers()) {
    if (logger.name !== '' && !isNamedOrBelowNamed(logger.name, named)) logger.disabled = disable
  }
  const configured: Logger[] = []
  for (const plan of plans) {
    const logger = plan.name === '' ? getRootLogger() : getLogger(plan.name)
    resetLogger(logger)
    if (plan.level !== undefined) logger.setLevel(plan.level)
    else if (plan.name === '') logger.setLevel('WARNING')
    logger.propagate = plan.propagate
    for (const handler of plan.handlers) logger.addHandler(handler)
    logger.filters.push(...plan.filters)
    configured.push(logger)
  }
  installed = { handlers: [...new Set(handlers.values())], loggers: configured }
  invalidateLevelCaches()
}

/** LOGGING merged over a base configuration, as configureLogging applies it. */
export function mergeLogging(base: LoggingSettings, user: LoggingSettings): LoggingSettings {
  return {
    version: 1,
    disableExistingLoggers: user.disableExistingLoggers ?? base.disableExistingLoggers ?? false,
    filters: { ...base.filters, ...user.filters },
    formatters: { ...base.formatters, ...user.formatters },
    handlers: { ...base.handlers, ...user.handlers },
    loggers: { ...base.loggers, ...user.loggers },
    root: user.root ?? base.root,
  }
}

function resetLogger(logger: Logger): void {
  logger.setLevel(logger.name === '' ? 'WARNING' : 0)
  logger.propagate = true
  logger.disabled = false
  logger.filters.length = 0
}

function isNamedOrBelowNamed(name: string, named: ReadonlySet<string>): boolean {
  for (let n = name; ; n = n.slice(0, n.lastIndexOf('.'))) {
    if (named.has(n)) return true
    if (!n.includes('.')) return false
  }
}

function invalid(message: string): ImproperlyConfigured {
  return new ImproperlyConfigured(`LOGGING: ${message}`)
}

function level(value: unknown, where: string): number {
  try {
    return toLevelNumber(value as number)
  } catch (error) {
    throw invalid(`${where} has level ${JSON.stringify(value)}: ${(error as Error).message}`)
  }
}

function buildFilters(entries: Record<string, LogFilter>): Map<string, LogFilter> {
  const filters = new Map(Object.entries(BUILTIN_FILTERS))
  for (const [name, filter] of Object.entries(entries)) {
    if (typeof filter !== 'function') {
      throw invalid(`filter '${name}' must be a function (record) => boolean.`)
    }
    filters.set(name, filter)
  }
  return filters
}

function lookupFilters(
  names: readonly string[] | undefined,
  filters: ReadonlyMap<string, LogFilter>,
  where: string,
): LogFilter[] {
  return (names ?? []).map((name) => {
    const filter = filters.get(name)
    if (filter === undefined) {
      throw invalid(
        `${where} uses filter '${name}', which is not defined. Known filters: ` +
          `${[...filters.keys()].join(', ')}.`,
      )
    }
    return filter
  })
}

function buildFormatters(
  entries: Record<string, LoggingFormatterSettings>,
): Map<string, LogFormatter> {
  const formatters = new Map<string, LogFormatter>()
  for (const [name, entry] of Object.entries(entries)) {
    if (typeof (entry as LogFormatter).format === 'function') {
      formatters.set(name, entry as LogFormatter)
      continue
    }
    const settings = entry as { format?: string; json?: boolean }
    if (settings.json === true) formatters.set(name, new JsonFormatter())
    else if (settings.format === undefined || typeof settings.format === 'string') {
      formatters.set(name, new TextFormatter(settings.format))
    } else throw invalid(`formatter '${name}' has a format that is not a string.`)
  }
  return formatters
}

function buildHandlers(
  entries: Record<string, LoggingHandlerSettings>,
  formatters: ReadonlyMap<string, LogFormatter>,
  filters: ReadonlyMap<string, LogFilter>,
): Map<string, LogHandler> {
  const handlers = new Map<string, LogHandler>()
  for (const [name, entry] of Object.entries(entries)) {
    const where = `handler '${name}'`
    let formatter: LogFormatter | undefined
    if (entry.formatter !== undefined) {
      formatter = formatters.get(entry.formatter)
      if (formatter === undefined) {
        throw invalid(`${where} uses formatter '${entry.formatter}', which is not defined.`)
      }
    }
    const options: LogHandlerOptions = {
      level: entry.level === undefined ? 0 : level(entry.level, where),
      filters: lookupFilters(entry.filters, filters, where),
    }
    if (formatter !== undefined) options.formatter = formatter
    handlers.set(name, makeHandler(entry, options, where))
  }
  return handlers
}

function makeHandler(
  entry: LoggingHandlerSettings,
  options: LogHandlerOptions,
  where: string,
): LogHandler {
  switch (entry.class) {
    case 'console':
      return new ConsoleHandler(options)
    case 'stream':
      return new StreamHandler(
        entry.stream === undefined ? options : { ...options, stream: entry.stream },
      )
    case 'file':
      if (typeof entry.filename !== 'string' || entry.filename === '') {
        throw invalid(`${where} has class 'file' but no filename.`)
      }
      return new FileHandler({ ...options, filename: entry.filename })
    case 'null':
      return new NullHandler(options)
  }
  if (typeof entry.class === 'function') {
    return new (entry.class as LogHandlerClass)(options, entry)
  }
  throw invalid(
    `${where} has class ${JSON.stringify(entry.class)}; use 'console', 'stream', 'file', ` +
      "'null' or a LogHandler subclass.",
  )
}

interface LoggerPlan {
  name: string
  level: number | undefined
  propagate: boolean
  handlers: LogHandler[]
  filters: LogFilter[]
}

function planLoggers(
  merged: LoggingSettings,
  handlers: ReadonlyMap<string, LogHandler>,
  filters: ReadonlyMap<string, LogFilter>,
): LoggerPlan[] {
  const entries: [string, LoggingLoggerSettings][] = Object.entries(merged.loggers ?? {})
  if (merged.root !== undefined) entries.push(['', merged.root])
  return entries.map(([name, entry]) => {
    const where = name === '' ? 'the root logger' : `logger '${name}'`
    return {
      name,
      level: entry.level === undefined ? undefined : level(entry.level, where),
      propagate: entry.propagate ?? true,
      filters: lookupFilters(entry.filters, filters, where),
      handlers: (entry.handlers ?? []).map((handlerName) => {
        const handler = handlers.get(handlerName)
        if (handler === undefined) {
          throw invalid(
            `${where} uses handler '${handlerName}', which is not defined. Known handlers: ` +
              `${[...handlers.keys()].join(', ')}.`,
          )
        }
        return handler
      }),
    }
  })
}

// Django's debug filters read settings.DEBUG per record; overrideSettings({ DEBUG }) must
// flip them the same way here.
settingChanged.connect(({ setting, value }) => {
  if (setting === 'DEBUG') setLoggingDebug(Boolean(value))
})
