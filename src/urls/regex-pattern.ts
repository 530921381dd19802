/**
 * RegexPattern: the `rePath()` syntax. The regex is matched at the start of the remaining
 * path (Django's implied `^`); an endpoint whose regex ends in `$` must match the whole
 * remainder. Python spellings (`(?P<name>…)`, `\Z`) are translated to JavaScript first.
 * Named groups become string kwargs (unmatched optional groups are left out); unnamed
 * groups become args, but only when the regex has no named groups, as in Django.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { Converter } from './converters.js'
import { NO_ARGS, type Pattern, type PatternMatch, type ReverseTemplate } from './pattern.js'
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
    const caseSensitive = !this.flags.includes('i')
    this.indexPath = caseSensitive ? computeIndexPath(literalPrefix(this.source), false) : []
  }

  match(path: string): PatternMatch | null {
    const m = this.#regex.exec(path)
    if (m === null) return null
    const rest = path.slice(m[0].length)
    const groups = m.groups
    if (groups !== undefined) {
      const kwargs: Record<string, unknown> = Object.create(null)
      for (const key of Object.keys(groups)) {
        const value = groups[key]
        if (value !== undefined) kwargs[key] = value
      }
      return { rest, args: NO_ARGS, kwargs }
    }
    // Unmatched optional groups are '' (Django passes None; args here are strings).
    const args = m.length > 1 ? m.slice(1).map((v) => v ?? '') : NO_ARGS
    return { rest, args, kwargs: Object.create(null) as Record<string, unknown> }
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
