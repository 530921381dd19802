/**
 * runserver's per-request line, as Django's dev server prints it, plus size and duration:
 *
 *     [24/Nov/2025 17:58:03] "GET /polls/?page=2 HTTP/1.1" 200 1534 2.1ms
 *
 * The request target is client-chosen, so control characters are escaped before it reaches
 * a terminal. Lines go to the `reinhardt.server` logger (5xx as error, 4xx as warning,
 * else info), coloured by status class when the style has colours (stderr is a TTY).
 */
import { escapeControlCharacters, logServerRequest } from '../core/log.js'
import type { ResponseLogEntry } from '../http/gateways/node.js'
import type { Style } from './style.js'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const two = (n: number): string => String(n).padStart(2, '0')

/** `24/Nov/2025 17:58:03` in local time (Django's server log date format). */
export function formatLogTime(date: Date): string {
  return (
    `${two(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  )
}

/** The log line of one exchange (without colour). */
export function formatRequestLine(entry: ResponseLogEntry, now: Date = new Date()): string {
  const target = escapeControlCharacters(`${entry.method} ${entry.url} HTTP/${entry.httpVersion}`)
  const duration =
    entry.durationMs < 10 ? entry.durationMs.toFixed(1) : Math.round(entry.durationMs).toString()
  const aborted = entry.completed ? '' : ' (client gone)'
  return `[${formatLogTime(now)}] "${target.replace(/"/g, '\\"')}" ${entry.statusCode} ${entry.bytes} ${duration}ms${aborted}`
}

/** The `onResponse` callback runserver gives the node gateway. */
export function createRequestLogger(style: Style): (entry: ResponseLogEntry) => void {
  return (entry) => {
    logServerRequest(style.httpStatus(entry.statusCode, formatRequestLine(entry)), entry.statusCode)
  }
}
