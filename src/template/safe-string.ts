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
 * Defining a class that extends String turns V8's String.prototype into a slow
 * (dictionary-mode) object for the whole process: `charCodeAt`, `slice` and friends are then
 * no longer inlined anywhere, and a `charCodeAt` loop runs several times slower (HTML
 * escaping, the HTTP layer, everyone's string code). V8 makes a prototype chain fast again
 * once property loads through an instance have warmed an inline cache, so do that here, at
 * load time, instead of waiting for some template render to happen to do it.
 * tests/template/safe-string-prototype.test.ts checks the effect with V8's natives syntax.
 */
function readThroughPrototype(value: SafeString): unknown {
  return value.__html__
}
for (let i = 0, probe = new SafeString(''); i < 16; i++) readThroughPrototype(probe)

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
