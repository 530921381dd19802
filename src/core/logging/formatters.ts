/**
 * Formatters turn a record into one line (or, with an error, a line followed by its stack).
 *
 * TextFormatter compiles its format string once into literal and field parts, so formatting
 * is a join; `{asctime}` is only computed when the format names it. JsonFormatter writes one
 * JSON object per record (JSON lines), with `extra` fields merged in, for log collectors.
 */
import { inspect } from 'node:util'
import { levelName } from './levels.js'
import type { LogRecord } from './record.js'

export interface LogFormatter {
  format(record: LogRecord): string
}

/** The format a handler uses when LOGGING names no formatter for it (Python's default). */
export const DEFAULT_FORMAT = '{message}'

type Part = { literal: string } | { field: string }

/**
 * A format string with `{field}` placeholders: `{levelname}`, `{levelno}`, `{name}`,
 * `{message}`, `{asctime}` (local `2024-05-01 13:45:12,345`), `{isotime}` (UTC ISO 8601),
 * `{created}` (seconds), `{process}`, or any key of the record's `extra`. `{{` and `}}` are
 * literal braces; an unknown field is left as written, so a typo shows in the output.
 *
 * ```ts
 * new TextFormatter('{asctime} {levelname} {name}: {message}')
 * ```
 */
export class TextFormatter implements LogFormatter {
  readonly #parts: Part[]
  readonly #usesAsctime: boolean

  constructor(readonly formatString: string = DEFAULT_FORMAT) {
    this.#parts = compile(formatString)
    this.#usesAsctime = this.#parts.some((part) => 'field' in part && part.field === 'asctime')
  }

  format(record: LogRecord): string {
    const asctime = this.#usesAsctime ? formatAsctime(record.created) : ''
    let out = ''
    for (const part of this.#parts) {
      out += 'literal' in part ? part.literal : fieldValue(record, part.field, asctime)
    }
    if (record.error !== undefined) out += '\n' + formatError(record.error)
    return out
  }
}

/**
 * One JSON object per record: `time` (ISO 8601), `level`, `logger`, `message`, the `extra`
 * fields, and `error` ({ name, message, stack }) when the record carries one.
 */
export class JsonFormatter implements LogFormatter {
  format(record: LogRecord): string {
    const entry: Record<string, unknown> = {
      time: new Date(record.created).toISOString(),
      level: levelName(record.levelno),
      logger: record.logger,
      message: record.message,
    }
    if (record.extra !== undefined) {
      for (const key of Object.keys(record.extra)) {
        if (!(key in entry)) entry[key] = record.extra[key]
      }
    }
    if (record.error !== undefined) entry.error = describeError(record.error)
    return stringifySafely(entry)
  }
}

function compile(format: string): Part[] {
  const parts: Part[] = []
  let literal = ''
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!
    if ((c === '{' || c === '}') && format[i + 1] === c) {
      literal += c
      i++
    } else if (c === '{') {
      const end = format.indexOf('}', i)
      if (end === -1) {
        literal += format.slice(i)
        break
      }
      if (literal !== '') parts.push({ literal })
      literal = ''
      parts.push({ field: format.slice(i + 1, end) })
      i = end
    } else {
      literal += c
    }
  }
  if (literal !== '') parts.push({ literal })
  return parts
}

function fieldValue(record: LogRecord, field: string, asctime: string): string {
  switch (field) {
    case 'message':
      return record.message
    case 'name':
      return record.logger
    case 'levelname':
      return levelName(record.levelno)
    case 'levelno':
      return String(record.levelno)
    case 'asctime':
      return asctime
    case 'isotime':
      return new Date(record.created).toISOString()
    case 'created':
      return String(record.created / 1000)
    case 'process':
      return String(process.pid)
  }
  const extra = record.extra
  if (extra !== undefined && Object.hasOwn(extra, field)) return String(extra[field])
  return `{${field}}`
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Python's default asctime: local time, `YYYY-MM-DD HH:MM:SS,mmm`. */
export function formatAsctime(created: number): string {
  const d = new Date(created)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`
  )
}

/**
 * The error's stack with its `cause` chain and own properties (util.inspect's rendering),
 * or a description of a thrown non-error. Never throws: a hostile error still logs.
 */
export function formatError(error: unknown): string {
  try {
    return inspect(error, { depth: 3, breakLength: 100 })
  } catch (inspectError) {
    return `<error that could not be described: ${String(inspectError)}>`
  }
}

function describeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return formatError(error)
  if (depth > 5) return '[cause chain too deep]'
  try {
    const described: Record<string, unknown> = {
      name: error.name,
      message: error.message,
      stack: error.stack,
    }
    if (error.cause !== undefined) described.cause = describeError(error.cause, depth + 1)
    return described
  } catch {
    return formatError(error)
  }
}

/** JSON.stringify that survives cycles, bigints and throwing toJSON methods. */
function stringifySafely(value: unknown): string {
  const seen = new WeakSet<object>()
  const replacer = (_key: string, v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString()
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]'
      seen.add(v)
    }
    return v
  }
  try {
    return JSON.stringify(value, replacer)
  } catch (error) {
    return JSON.stringify({
      message: String((value as { message?: unknown }).message),
      error: String(error),
    })
  }
}
