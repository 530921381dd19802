/**
 * The language-information part of the `i18n` library: `{% get_language_info %}`,
 * `{% get_language_info_list %}` and the `language_name`, `language_name_translated`,
 * `language_name_local` and `language_bidi` filters, as in Django. They read Django's
 * language table (src/utils/translation/language-info.ts); an unknown code is an
 * `UnknownLanguageCode` error at render time, where Django raises KeyError.
 */
import { getLanguageInfo, type LanguageInfo } from '../../utils/translation/language-info.js'
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import type { Library } from '../library.js'
import { Node, type RenderResult } from '../nodes/base.js'
import type { Parser } from '../parser.js'
import { SafeString } from '../safe-string.js'
import { isPlainObject, pyRepr, toStr } from '../utils/py.js'
import { isThenable } from '../utils/thenable.js'

/** A template value used as a language code: strings as they are, anything else printed. */
function codeOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof SafeString) return value.valueOf()
  return toStr(value)
}

/**
 * One entry of get_language_info_list: a code, or a sequence whose first item is the code
 * (a `[code, name]` pair of LANGUAGES). Django tells them apart by the length of the first
 * item, so a string's first character never passes for a code.
 */
function entryCode(entry: unknown): string {
  if (Array.isArray(entry)) {
    const first: unknown = entry[0]
    if ((typeof first === 'string' || first instanceof SafeString) && first.length > 1) {
      return codeOf(first)
    }
  }
  return codeOf(entry)
}

/**
 * The entries of a template value, iterated as Python would: arrays, Maps and plain objects
 * (their keys, like a dict), strings
 * (characters, so a lone code string fails on its first letter, as in Django) and other
 * iterables. A missing variable ('') gives no entries.
 */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  if (value instanceof Map) return [...value.keys()]
  if (isPlainObject(value)) return Object.keys(value)
  if (value instanceof SafeString) return [...value.valueOf()]
  if (typeof value === 'string') return [...value]
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) {
    return [...(value as Iterable<unknown>)]
  }
  throw new TypeError(
    `get_language_info_list needs a list of language codes or [code, name] pairs, ` +
      `got ${toStr(value)}`,
  )
}

/** `{% get_language_info for code as var %}` / `{% get_language_info_list for codes as var %}`. */
class LanguageInfoNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly source: FilterExpression,
    readonly variable: string,
    readonly compute: (value: unknown) => LanguageInfo | LanguageInfo[],
  ) {
    super()
  }
  render(ctx: Context): RenderResult {
    const value = this.source.resolve(ctx)
    if (isThenable(value)) {
      return (value as Promise<unknown>).then((v) => {
        ctx.set(this.variable, this.compute(v))
      })
    }
    ctx.set(this.variable, this.compute(value))
  }
}

function forAs(
  parser: Parser,
  bits: readonly string[],
  what: string,
): { source: FilterExpression; variable: string } {
  if (bits.length !== 5 || bits[1] !== 'for' || bits[3] !== 'as') {
    throw new TemplateSyntaxError(
      `'${bits[0]}' requires 'for ${what} as variable' (got ${pyRepr(bits.slice(1))})`,
    )
  }
  return { source: parser.compileFilter(bits[2] as string), variable: bits[4] as string }
}

/** Register the language-information tags and filters on the i18n library. */
export function registerLanguageInfo(lib: Library): void {
  lib.tag('get_language_info', (parser, token) => {
    const { source, variable } = forAs(parser, token.splitContents(), 'string')
    return new LanguageInfoNode(source, variable, (v) => getLanguageInfo(codeOf(v)))
  })
  lib.tag('get_language_info_list', (parser, token) => {
    const { source, variable } = forAs(parser, token.splitContents(), 'sequence')
    return new LanguageInfoNode(source, variable, (v) =>
      listOf(v).map((entry) => getLanguageInfo(entryCode(entry))),
    )
  })
  lib.filter('language_name', (code) => getLanguageInfo(codeOf(code)).name)
  // Without catalogs, the translated name is the English one.
  lib.filter('language_name_translated', (code) => getLanguageInfo(codeOf(code)).name_translated)
  lib.filter('language_name_local', (code) => getLanguageInfo(codeOf(code)).name_local)
  lib.filter('language_bidi', (code) => getLanguageInfo(codeOf(code)).bidi)
}
