/**
 * Handlers: where records go. Each has a threshold and filters of its own, checked before
 * formatting, and a formatter. An error while emitting is reported on stderr and swallowed
 * (as Python's Handler.handleError does): logging never breaks a request.
 *
 * Built-ins, by their LOGGING `class` name: 'console' (stderr), 'stream' (stdout or a given
 * stream), 'file' (appends to a file, opened on the first record), 'null' (drops records).
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { DEFAULT_FORMAT, TextFormatter, type LogFormatter } from './formatters.js'
import type { LogFilter } from './filters.js'
import type { LogRecord } from './record.js'

/** Something with a write(text) method: process.stdout, a net socket, a test buffer. */
export interface TextStream {
  write(text: string): unknown
}

export interface LogHandlerOptions {
  /** Threshold number (0 lets everything through). */
  level?: number
  filters?: LogFilter[]
  formatter?: LogFormatter
}

const defaultFormatter = new TextFormatter(DEFAULT_FORMAT)

/**
 * Base of every handler. Subclass it and implement emit() for a custom destination:
 *
 * ```ts
 * class ArrayHandler extends LogHandler {
 *   lines: string[] = []
 *   emit(record: LogRecord) { this.lines.push(this.format(record)) }
 * }
 * getLogger('myapp').addHandler(new ArrayHandler({ level: 20 }))
 * ```
 */
export abstract class LogHandler {
  level: number
  filters: LogFilter[]
  formatter: LogFormatter

  constructor(options: LogHandlerOptions = {}) {
    this.level = options.level ?? 0
    this.filters = options.filters ?? []
    this.formatter = options.formatter ?? defaultFormatter
  }

  /** Checks the threshold and filters, then emits; never throws. */
  handle(record: LogRecord): void {
    if (record.levelno < this.level) return
    try {
      for (const filter of this.filters) if (!filter(record)) return
      this.emit(record)
    } catch (error) {
      this.handleError(record, error)
    }
  }

  /** Writes the record to the destination. */
  abstract emit(record: LogRecord): void

  format(record: LogRecord): string {
    return this.formatter.format(record)
  }

  /** Releases the destination (files); called when LOGGING is configured again. */
  close(): void {}

  /** Reports a failure to emit on stderr, once per failure, without throwing. */
  protected handleError(record: LogRecord, error: unknown): void {
    try {
      process.stderr.write(
        `--- Logging error in ${this.constructor.name} for logger ${record.logger}: ${String(error)}\n`,
      )
    } catch {
      // stderr itself is gone: nothing left to report to.
    }
  }
}

/** Writes each record as a line to a stream (default: stdout). LOGGING class 'stream'. */
export class StreamHandler extends LogHandler {
  readonly #stream: TextStream | undefined

  constructor(options: LogHandlerOptions & { stream?: TextStream } = {}) {
    super(options)
    this.#stream = options.stream
  }

  /** The destination; looked up per record so a replaced process.stdout is honoured. */
  get stream(): TextStream {
    return this.#stream ?? process.stdout
  }

  emit(record: LogRecord): void {
    this.stream.write(this.format(record) + '\n')
  }
}

/** Writes each record as a line to stderr. LOGGING class 'console'. */
export class ConsoleHandler extends StreamHandler {
  override get stream(): TextStream {
    return process.stderr
  }
}

/**
 * Appends each record as a line to a file, opened (created if needed) on the first record.
 * Writes are synchronous, as Python's FileHandler flushes each record: a line is on disk
 * before the request goes on, and nothing is lost if the process dies. LOGGING class 'file'.
 */
export class FileHandler extends LogHandler {
  readonly filename: string
  #fd: number | undefined

  constructor(options: LogHandlerOptions & { filename: string }) {
    super(options)
    this.filename = options.filename
  }

  emit(record: LogRecord): void {
    this.#fd ??= openSync(this.filename, 'a')
    writeSync(this.#fd, this.format(record) + '\n')
  }

  override close(): void {
    if (this.#fd === undefined) return
    const fd = this.#fd
    this.#fd = undefined
    closeSync(fd)
  }
}

/** Drops every record (to silence a logger without propagating). LOGGING class 'null'. */
export class NullHandler extends LogHandler {
  override handle(): void {}
  emit(): void {}
}
