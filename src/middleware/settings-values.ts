/**
 * Start-up validation of the settings the standard middleware read.
 *
 * A middleware reads its settings once, in its constructor; a value that could never work
 * (a header value with a line break, a pattern that is not a regular expression) is refused
 * there with ImproperlyConfigured naming the setting, instead of failing every request.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'

const CR_OR_LF = /[\r\n]/

/**
 * Patterns from a RegExp-list setting (DISALLOWED_USER_AGENTS, SECURE_REDIRECT_EXEMPT).
 * Strings are compiled (as Django's settings hold them); the `g` and `y` flags are dropped,
 * because they make `test()` stateful and a pattern would then match every other request.
 *
 * ```ts
 * compilePatterns('SECURE_REDIRECT_EXEMPT', [/^health\/$/, '^status/'])
 * ```
 */
export function compilePatterns(
  setting: string,
  patterns: readonly (RegExp | string)[] | null | undefined,
): RegExp[] {
  if (patterns === null || patterns === undefined) return []
  if (!Array.isArray(patterns)) {
    throw new ImproperlyConfigured(`${setting} must be a list of regular expressions.`)
  }
  return patterns.map((pattern, index) => {
    if (pattern instanceof RegExp) {
      return pattern.global || pattern.sticky
        ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
        : pattern
    }
    if (typeof pattern === 'string') {
      try {
        return new RegExp(pattern)
      } catch (error) {
        throw new ImproperlyConfigured(
          `${setting}[${index}] is not a valid regular expression: ${(error as Error).message}`,
        )
      }
    }
    throw new ImproperlyConfigured(
      `${setting}[${index}] must be a RegExp (or a pattern string), got ${typeof pattern}.`,
    )
  })
}

/** Refuses a setting that becomes a header value but contains CR or LF (or is not text). */
export function requireHeaderValue(setting: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new ImproperlyConfigured(`${setting} must be a string, got ${typeof value}.`)
  }
  if (CR_OR_LF.test(value)) {
    throw new ImproperlyConfigured(
      `${setting} becomes a response header and cannot contain line breaks: ${JSON.stringify(value)}.`,
    )
  }
}
