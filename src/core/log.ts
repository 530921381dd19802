/**
 * Minimal named loggers for the framework's own messages (`reinhardt.request`,
 * `reinhardt.security`, …). Output goes to a replaceable sink so that tests and projects can
 * capture or silence it; a configurable LOGGING setting builds on this later.
 *
 * ```ts
 * setLogSink((record) => myLogger.log(record.level, record.message))
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error'

export interface LogRecord {
  logger: string
  level: LogLevel
  message: string
  error?: unknown
  extra?: Record<string, unknown>
}

export type LogSink = (record: LogRecord) => void

/** Escapes control characters so a client-chosen path cannot forge log lines. */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(
    /[\x00-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
}

const defaultSink: LogSink = (record) => {
  if (record.level === 'debug') return
  const line = `[${record.logger}] ${record.level.toUpperCase()}: ${record.message}`
  const stream =
    record.level === 'error' || record.level === 'warning' ? console.error : console.log
  if (record.error instanceof Error && record.level === 'error')
    stream(line + '\n' + record.error.stack)
  else stream(line)
}

let sink: LogSink = defaultSink

/** Replaces where log records go; returns the previous sink (to restore it). */
export function setLogSink(next: LogSink | null): LogSink {
  const previous = sink
  sink = next ?? defaultSink
  return previous
}

export class Logger {
  constructor(readonly name: string) {}

  log(
    level: LogLevel,
    message: string,
    details: Omit<LogRecord, 'logger' | 'level' | 'message'> = {},
  ): void {
    sink({ logger: this.name, level, message, ...details })
  }

  warning(message: string, details?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.log('warning', message, details)
  }

  error(message: string, details?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.log('error', message, details)
  }
}

const loggers = new Map<string, Logger>()

/** The logger named `name` (one instance per name). */
export function getLogger(name: string): Logger {
  let logger = loggers.get(name)
  if (logger === undefined) loggers.set(name, (logger = new Logger(name)))
  return logger
}

/**
 * Applies the LOGGING setting (placeholder until the logging configuration lands: keeps
 * the default sink). `setup()` calls it once settings are loaded.
 */
export function configureLogging(_logging: object, _debug: boolean): void {}
