/**
 * What a logger hands to its handlers (or to a sink installed with setLogSink): one plain
 * object per message that passed the logger's level, built only after that check.
 */
import type { LogLevel } from './levels.js'

export interface LogRecord {
  /** Dotted name of the logger that made the record, e.g. `reinhardt.request`. */
  logger: string
  level: LogLevel
  /** The level's number (10 debug … 50 critical), compared with thresholds. */
  levelno: number
  message: string
  /** Milliseconds since the epoch when the record was made. */
  created: number
  /** The error being reported; formatters append its stack (Python's exc_info). */
  error?: unknown
  /** Structured fields (Python's `extra`): formatters can name them, JSON output includes them. */
  extra?: Record<string, unknown>
}

/** The optional part of a logging call: `logger.error('…', { error, extra })`. */
export interface LogDetails {
  error?: unknown
  extra?: Record<string, unknown>
}

/** Receives every record a logger lets through instead of the configured handlers. */
export type LogSink = (record: LogRecord) => void
