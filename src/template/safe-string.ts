/**
 * Safe strings and escaping. A `SafeString` is a `String` object the engine never escapes
 * again; autoescaping calls `conditionalEscape`, which leaves safe values (and objects with an
 * `__html__()` method, Django's protocol) alone and escapes everything else. Extending `String`
 * keeps `.length`, indexing and string methods working on safe values, as `str` subclasses do
 * in Django; methods return plain (unsafe) strings, which is also Django's rule.
 */
import { escapeHtml } from '../utils/html.js'

/**
 * A string already made safe for HTML output.
 *
 * @example
 * const link = markSafe('<a href="/">home</a>')
 * link instanceof SafeString // true
 */
export class SafeString extends String {
  __html__(): string {
    return this.valueOf()
  }
}

/**
 * Mark a string (or anything, through `String()`) as safe for HTML: it is output as is.
 *
 * @example
 * markSafe('<b>bold</b>')
 */
export function markSafe(value: unknown): SafeString {
  if (value instanceof SafeString) return value
  return new SafeString(typeof value === 'string' ? value : String(value))
}

/** True for SafeString and for objects with Django's `__html__()` protocol. */
export function isSafe(value: unknown): boolean {
  return (
    value instanceof SafeString ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as { __html__?: unknown }).__html__ === 'function')
  )
}

export { escapeHtml }

/**
 * Escape a value for HTML, even when it is already safe (Django's `force_escape`).
 * Returns a SafeString.
 *
 * @example
 * escape('<b>') // SafeString '&lt;b&gt;'
 */
export function escape(value: unknown): SafeString {
  return new SafeString(escapeHtml(value instanceof SafeString ? value.valueOf() : String(value)))
}

/**
 * Escape unless the value is already safe: what autoescaping applies to every variable.
 *
 * @example
 * conditionalEscape(markSafe('<b>')) // '<b>' unchanged
 * conditionalEscape('<b>')           // '&lt;b&gt;'
 */
export function conditionalEscape(value: unknown): SafeString {
  if (value instanceof SafeString) return value
  if (isSafe(value)) return new SafeString((value as { __html__(): string }).__html__())
  return new SafeString(escapeHtml(typeof value === 'string' ? value : String(value)))
}
