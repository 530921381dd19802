/**
 * RegexPattern: the `rePath()` syntax. The regex is matched at the start of the remaining
 * path (Django's implied `^`); an endpoint whose regex ends in `$` must match the whole
 * remainder. Python spellings (`(?P<name>…)`, `\Z`) are translated to JavaScript first.
 * Named groups become string kwargs (unmatched optional groups are left out); unnamed
 * groups become args, but only when the regex has no named groups, as in Django.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { Converter } from './converters.js'
import {
  NO_ARGS,
  NO_KWARGS,
  type Pattern,
  type PatternMatch,
  type ReverseTemplate,
} from './pattern.js'
import { regexReverseTemplates } from './regex-reverse.js'
import { computeIndexPath } from './route-pattern.js'
import { literalPrefix, translatePythonRegex } from './regex-syntax.js'

const NO_CONVERTERS: ReadonlyMap<string, Converter> = new Map()

export class RegexPattern implements Pattern {
  readonly isEndpoint: boolean
  readonly converters = NO_CONVERTERS
  readonly indexPath: readonly string[]
  /** The regex as written (Python or JavaScript syntax). */
  readonly #written: string
  /** Translated JavaScript source and flags. */
  readonly source: string
  readonly flags: string
  readonly #regex: RegExp
  /** The text to match when the regex is a plain literal prefix such as the root's '^/'. */
  readonly #literal: string | null
  #fullRegex: RegExp | undefined
  #templates: ReverseTemplate[] | undefined

  constructor(regex: string | RegExp, options: { isEndpoint: boolean }) {
    this.isEndpoint = options.isEndpoint
    const translated =
      typeof regex === 'string'
        ? translatePythonRegex(regex)
        : { source: regex.source, flags: regex.flags }
    this.#written = typeof regex === 'string' ? regex : regex.source
    this.source = translated.source
    // g/y would make exec() stateful; m would let the implied ^ match after a newline.
    this.flags = translated.flags.replace(/[gym]/g, '')
    // Django's fullmatch for endpoints ending in '$' (so alternation cannot stop early).
    const full = this.isEndpoint && this.source.endsWith('$') && !this.source.endsWith('\\$')
    try {
      this.#regex = new RegExp(`^(?:${this.source})${full ? '$' : ''}`, this.flags)
    } catch (error) {
      throw new ImproperlyConfigured(
        `"${this.#written}" is not a valid regular expression: ${(error as Error).message}`,
      )
    }
    if (/\(\?<__proto__>/.test(this.source)) {
      throw new ImproperlyConfigured(
        `"${this.#written}" names a group __proto__; choose another parameter name.`,
      )
    }
    const caseSensitive = !this.flags.includes('i')
    // A prefix like '^/' or '^api/' needs no regex: startsWith() allocates nothing.
    this.#literal =
      caseSensitive && !full && /^\^*[A-Za-z0-9/_-]*$/.test(this.source)
        ? this.source.replace(/^\^+/, '')
        : null
    this.indexPath = caseSensitive ? computeIndexPath(literalPrefix(this.source), false) : []
  }

  match(path: string): PatternMatch | null {
    const literal = this.#literal
    if (literal !== null) {
      if (!path.startsWith(literal)) return null
      return { rest: path.slice(literal.length), args: NO_ARGS, kwargs: NO_KWARGS }
    }
    const m = this.#regex.exec(path)
    if (m === null) return null
    const rest = path.slice(m[0].length)
    const groups = m.groups
    if (groups !== undefined) {
      // Keys are the developer's group names (never `__proto__`: refused at construction).
      const kwargs: Record<string, unknown> = {}
      for (const key of Object.keys(groups)) {
        const value = groups[key]
        if (value !== undefined) kwargs[key] = value
      }
      return { rest, args: NO_ARGS, kwargs }
    }
    // Unmatched optional groups are '' (Django passes None; args here are strings).
    const args = m.length > 1 ? m.slice(1).map((v) => v ?? '') : NO_ARGS
    return { rest, args, kwargs: NO_KWARGS }
  }

  reverseTemplates(): readonly ReverseTemplate[] {
    this.#templates ??= regexReverseTemplates(this.source)
    return this.#templates
  }

  accepts(text: string): boolean {
    this.#fullRegex ??= new RegExp(`^(?:${this.source})$`, this.flags)
    return this.#fullRegex.test(text)
  }

  toString(): string {
    return this.#written
  }
}
