/**
 * Named, hierarchical loggers (Python's logging.Logger). `reinhardt.request` is a child of
 * `reinhardt`, which is a child of the root logger (name '').
 *
 * A call first compares the level with the logger's effective threshold (its own, or the
 * nearest ancestor's that is set), cached until any level changes, so a disabled call costs
 * a comparison and builds nothing. A record that passes goes to the installed sink if there
 * is one (tests use it to capture or silence output), otherwise to the handlers of the
 * logger and of each ancestor up to the first one with `propagate` false. When no handler
 * at all was found on the way, a last-resort handler writes WARNING and above to stderr,
 * as Python does, so a misconfigured project still sees its errors.
 */
import { TextFormatter } from './formatters.js'
import { ConsoleHandler, type LogHandler } from './handlers.js'
import { LEVEL_NUMBERS, RECORD_LEVEL_NUMBERS, toLevelNumber } from './levels.js'
import type { LogLevel, LogLevelName } from './levels.js'
import type { LogFilter } from './filters.js'
import type { LogDetails, LogRecord, LogSink } from './record.js'

/** Bumped whenever a level, a parent link or `disabled` changes: invalidates every cache. */
let generation = 0

/** Marks every logger's cached effective level as stale. */
export function invalidateLevelCaches(): void {
  generation++
}

/**
 * The sink in force when none is installed: the record goes to the handlers of the logger
 * that made it and of its ancestors.
 */
const toHandlers: LogSink = (record) => getLogger(record.logger).callHandlers(record)

let sink: LogSink = toHandlers

/**
 * Sends every record that passes a logger's level and filters to `next` instead of the
 * handlers (null restores the handlers). Returns the previous sink, to restore it.
 *
 * ```ts
 * const previous = setLogSink((record) => records.push(record))
 * try { … } finally { setLogSink(previous) }
 * ```
 */
export function setLogSink(next: LogSink | null): LogSink {
  const previous = sink
  sink = next ?? toHandlers
  return previous
}

const lastResort = new ConsoleHandler({
  level: LEVEL_NUMBERS.WARNING,
  formatter: new TextFormatter('{message}'),
})

export class Logger {
  /** Threshold number; 0 (NOTSET) defers to the parent. */
  #level = 0
  #cachedLevel = 0
  #cachedGeneration = -1
  #disabled = false
  /** The nearest existing ancestor (null for the root). */
  #parent: Logger | null
  /** Pass records on to the parent's handlers after this logger's own. */
  propagate = true
  readonly handlers: LogHandler[] = []
  readonly filters: LogFilter[] = []

  /** Use getLogger(name): it links the logger into the hierarchy. */
  constructor(
    readonly name: string,
    parent: Logger | null,
  ) {
    this.#parent = parent
  }

  get parent(): Logger | null {
    return this.#parent
  }

  /** @internal re-linked when an intermediate logger is created. */
  set parent(parent: Logger | null) {
    this.#parent = parent
    invalidateLevelCaches()
  }

  /** The logger's own threshold (0 when it inherits). */
  get level(): number {
    return this.#level
  }

  /** A disabled logger drops every record (LOGGING's disableExistingLoggers sets it). */
  get disabled(): boolean {
    return this.#disabled
  }

  set disabled(value: boolean) {
    this.#disabled = value
    invalidateLevelCaches()
  }

  /** Sets the threshold: `logger.setLevel('DEBUG')`, or a number. */
  setLevel(level: LogLevelName | LogLevel | number): void {
    this.#level = toLevelNumber(level)
    invalidateLevelCaches()
  }

  /** The threshold in force: this logger's, or the nearest ancestor's that is set. */
  getEffectiveLevel(): number {
    if (this.#cachedGeneration === generation) return this.#cachedLevel
    let level = 0
    for (let logger: Logger | null = this; logger !== null; logger = logger.#parent) {
      if (logger.#level !== 0) {
        level = logger.#level
        break
      }
    }
    this.#cachedLevel = this.#disabled ? Infinity : level
    this.#cachedGeneration = generation
    return this.#cachedLevel
  }

  /** Whether a record of `level` would be made: guard expensive messages with it. */
  isEnabledFor(level: LogLevel | number): boolean {
    const levelno = typeof level === 'number' ? level : RECORD_LEVEL_NUMBERS[level]
    return levelno >= this.getEffectiveLevel()
  }

  addHandler(handler: LogHandler): void {
    if (!this.handlers.includes(handler)) this.handlers.push(handler)
  }

  removeHandler(handler: LogHandler): void {
    const i = this.handlers.indexOf(handler)
    if (i !== -1) this.handlers.splice(i, 1)
  }

  /** The logger `${name}.${suffix}`. */
  getChild(suffix: string): Logger {
    return getLogger(this.name === '' ? suffix : `${this.name}.${suffix}`)
  }

  /** Logs `message` at `level`; nothing is built when the level is disabled. */
  log(level: LogLevel, message: string, details?: LogDetails): void {
    const levelno = RECORD_LEVEL_NUMBERS[level]
    if (levelno < this.getEffectiveLevel()) return
    const record: LogRecord = {
      logger: this.name,
      level,
      levelno,
      message,
      created: Date.now(),
    }
    if (details?.error !== undefined) record.error = details.error
    if (details?.extra !== undefined) record.extra = details.extra
    this.handle(record)
  }

  debug(message: string, details?: LogDetails): void {
    this.log('debug', message, details)
  }

  info(message: string, details?: LogDetails): void {
    this.log('info', message, details)
  }

  warning(message: string, details?: LogDetails): void {
    this.log('warning', message, details)
  }

  error(message: string, details?: LogDetails): void {
    this.log('error', message, details)
  }

  critical(message: string, details?: LogDetails): void {
    this.log('critical', message, details)
  }

  /** Applies this logger's filters, then hands the record to the sink (the handlers by default). */
  handle(record: LogRecord): void {
    for (const filter of this.filters) if (!filter(record)) return
    if (sink === toHandlers) {
      this.callHandlers(record)
      return
    }
    try {
      sink(record)
    } catch (error) {
      process.stderr.write(`--- Log sink failed for logger ${record.logger}: ${String(error)}\n`)
    }
  }

  /**
   * Hands `record` to this logger's handlers and its ancestors', up to the first logger
   * with `propagate` false; to the last-resort handler when there was none on the way.
   */
  callHandlers(record: LogRecord): void {
    let found = 0
    for (let logger: Logger | null = this; logger !== null;) {
      for (const handler of logger.handlers) {
        found++
        handler.handle(record)
      }
      logger = logger.propagate ? logger.#parent : null
    }
    if (found === 0) lastResort.handle(record)
  }
}

const root = new Logger('', null)
root.setLevel('WARNING')
const loggers = new Map<string, Logger>([['', root]])

/**
 * The logger named `name` (one instance per name; '' or no name is the root logger).
 *
 * ```ts
 * const logger = getLogger('myapp.payments')
 * logger.info(`charged ${amount}`)
 * ```
 */
export function getLogger(name = ''): Logger {
  let logger = loggers.get(name)
  if (logger !== undefined) return logger
  logger = new Logger(name, nearestAncestor(name))
  loggers.set(name, logger)
  // Loggers made earlier below this one (a.b.c before a.b) now have it as their parent.
  const prefix = name + '.'
  for (const other of loggers.values()) {
    if (other.name.startsWith(prefix) && (other.parent?.name.length ?? -1) < name.length) {
      other.parent = logger
    }
  }
  return logger
}

/** The root logger (Python's logging.getLogger()). */
export function getRootLogger(): Logger {
  return root
}

/** Every logger made so far, root included (for configureLogging). */
export function allLoggers(): IterableIterator<Logger> {
  return loggers.values()
}

function nearestAncestor(name: string): Logger {
  for (let dot = name.lastIndexOf('.'); dot !== -1; dot = name.lastIndexOf('.', dot - 1)) {
    const ancestor = loggers.get(name.slice(0, dot))
    if (ancestor !== undefined) return ancestor
  }
  return root
}
