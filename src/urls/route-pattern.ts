/**
 * RoutePattern: the `path()` syntax, `articles/<int:year>/<slug:title>/`.
 *
 * The route is parsed once into literal text and `<converter:name>` parameters. A route
 * without parameters never touches a regex: an endpoint matches by string equality, an
 * include() prefix by `startsWith`. A route with parameters compiles one anchored regex
 * (each converter's regex in a capturing group) and is only run after a cheap check of its
 * literal prefix (no `u` flag, so converter regexes written for Django's syntax such as
 * `[\w-]+` compile); each captured text then goes through the converter's `toJs`, and a throw
 * there means "no match" so the resolver moves on to the next pattern.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import { getConverter, type Converter } from './converters.js'
import {
  NO_ARGS,
  NO_KWARGS,
  type Pattern,
  type PatternMatch,
  type ReverseTemplate,
} from './pattern.js'
import { escapeRegex } from './regex-syntax.js'

/** The match of a static endpoint: nothing left, nothing captured (shared, never mutated). */
const WHOLE_MATCH: PatternMatch = Object.freeze({ rest: '', args: NO_ARGS, kwargs: NO_KWARGS })

const PARAM = /<(?:([^>:]+):)?([^>]+)>/g
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u

interface RouteParam {
  name: string
  converter: Converter
  /** Index of the parameter's group in the compiled regex's match array. */
  group: number
}

/** Count the capturing groups of a regex source (by matching the empty string). */
function groupCount(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1
}

export class RoutePattern implements Pattern {
  readonly isEndpoint: boolean
  readonly converters: ReadonlyMap<string, Converter>
  readonly indexPath: readonly string[]
  readonly #route: string
  readonly #params: RouteParam[]
  /** Literal text before the first parameter (the whole route when static). */
  readonly #literalPrefix: string
  readonly #regex: RegExp | null
  readonly #source: string
  readonly #template: ReverseTemplate
  #fullRegex: RegExp | undefined

  constructor(route: string, options: { isEndpoint: boolean }) {
    this.#route = route
    this.isEndpoint = options.isEndpoint
    const params: RouteParam[] = []
    const converters = new Map<string, Converter>()
    const parts: ReverseTemplate['parts'][number][] = []
    let source = ''
    let group = 1
    let last = 0
    for (const m of route.matchAll(PARAM)) {
      const [whole, convName = 'str', name = ''] = m
      const literal = route.slice(last, m.index)
      last = m.index + whole.length
      if (/\s/.test(whole)) {
        throw new ImproperlyConfigured(
          `URL route '${route}' cannot contain whitespace in angle brackets <…>.`,
        )
      }
      if (!IDENTIFIER.test(name)) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses parameter name '${name}' which isn't a valid identifier.`,
        )
      }
      if (name === '__proto__') {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses the parameter name __proto__; choose another name.`,
        )
      }
      const converter = getConverter(convName)
      if (converter === undefined) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses invalid converter '${convName}'. ` +
            `Register it first with registerConverter(converter, '${convName}').`,
        )
      }
      if (converters.has(name)) {
        throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' twice.`)
      }
      converters.set(name, converter)
      params.push({ name, converter, group })
      group += 1 + groupCount(converter.regex)
      source += `${escapeRegex(literal)}(${converter.regex})`
      if (literal) parts.push(literal)
      parts.push({ param: name, positional: false })
    }
    const tail = route.slice(last)
    source += escapeRegex(tail)
    if (tail) parts.push(tail)
    this.#params = params
    this.converters = converters
    this.#source = source
    this.#template = { parts }
    const firstParam = route.search(PARAM)
    this.#literalPrefix = firstParam === -1 ? route : route.slice(0, firstParam)
    this.#regex = params.length === 0 ? null : new RegExp(`^${source}${this.isEndpoint ? '$' : ''}`)
    this.indexPath = computeIndexPath(this.#literalPrefix, params.length === 0 && this.isEndpoint)
  }

  match(path: string): PatternMatch | null {
    const regex = this.#regex
    if (regex === null) {
      if (this.isEndpoint) {
        return path === this.#route ? WHOLE_MATCH : null
      }
      return path.startsWith(this.#route)
        ? { rest: path.slice(this.#route.length), args: NO_ARGS, kwargs: NO_KWARGS }
        : null
    }
    if (!path.startsWith(this.#literalPrefix)) return null
    const m = regex.exec(path)
    if (m === null) return null
    // Keys are the route's parameter names (never `__proto__`: refused above), so a plain
    // object is safe, and cheaper than a null-prototype one.
    const kwargs: Record<string, unknown> = {}
    for (const p of this.#params) {
      try {
        kwargs[p.name] = p.converter.toJs(m[p.group] as string)
      } catch {
        // The converter rejected the value: this pattern does not match.
        return null
      }
    }
    return { rest: path.slice(m[0].length), args: NO_ARGS, kwargs }
  }

  reverseTemplates(): readonly ReverseTemplate[] {
    return [this.#template]
  }

  accepts(text: string): boolean {
    if (this.#regex === null) return text === this.#route
    this.#fullRegex ??= new RegExp(`^${this.#source}$`)
    return this.#fullRegex.test(text)
  }

  toString(): string {
    return this.#route
  }
}

/**
 * The segments a matching path must start with: every complete segment (followed by '/')
 * of the literal prefix, plus the last piece when the whole route is literal and must equal
 * the path (a static endpoint).
 */
export function computeIndexPath(literalPrefix: string, wholeRouteIsLiteral: boolean): string[] {
  const pieces = literalPrefix.split('/')
  if (!wholeRouteIsLiteral) pieces.pop()
  return pieces
}
