/**
 * The `i18n` tag library (`{% load i18n %}`): translate / trans, blocktranslate /
 * blocktrans, language, get_current_language, get_current_language_bidi and
 * get_available_languages, parsed and rendered as Django does; the language-information
 * tags and filters live in i18n-language-info.ts.
 *
 * reinhardt has no translation catalogs yet, so every message is its own translation: the
 * source text passes through, `context "…"` is accepted and has no effect, and a
 * `{% blocktranslate count n=… %}` picks the singular when n is 1 and the plural otherwise
 * (English's rule, which is also what Django does for a language without a catalog). The
 * current language is the engine's `languageCode` (LANGUAGE_CODE), or the one a surrounding
 * `{% language %}` block activates when i18n is on (USE_I18N).
 *
 * Blocktranslate bodies may only hold text and plain `{{ name }}` placeholders (no filters,
 * no attribute lookups, no tags), as in Django; the placeholders render with autoescaping
 * and `stringIfInvalid` for missing names.
 */
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { Token, TokenType } from '../lexer.js'
import { Library } from '../library.js'
import {
  Node,
  renderNodes,
  renderValue,
  lastly,
  type RenderResult,
  type Output,
} from '../nodes/base.js'
import type { Parser } from '../parser.js'
import { SafeString, markSafe } from '../safe-string.js'
import { isThenable } from '../utils/thenable.js'
import { registerLanguageInfo } from './i18n-language-info.js'
import { tokenKwargs } from './tags/inheritance.js'

/** Language settings an engine gives the i18n tags. */
export interface I18nSettings {
  /** USE_I18N: when false, `{% language %}` changes nothing (as in Django). */
  useI18n: boolean
  /** LANGUAGE_CODE: the language when none is activated. */
  languageCode: string
  /** LANGUAGES: `[code, name]` pairs for get_available_languages. */
  languages: ReadonlyArray<readonly [string, string]>
}

/** Languages written right to left (Django's LANGUAGES_BIDI). */
const BIDI = new Set(['he', 'ar', 'ar-dz', 'ckb', 'fa', 'ug', 'ur'])

/** Key of the scope entry a `{% language %}` block pushes (not reachable from templates). */
const ACTIVE_LANGUAGE = Symbol('reinhardt.template.language')

const DEFAULT_I18N: I18nSettings = {
  useI18n: true,
  languageCode: 'en-us',
  languages: [['en-us', 'en-us']],
}

function i18nOf(ctx: Context): I18nSettings {
  const engine = ctx.template?.engine as { i18n?: I18nSettings } | undefined
  return engine?.i18n ?? DEFAULT_I18N
}

/** The language in effect where `ctx` renders. */
export function currentLanguage(ctx: Context): string {
  const settings = i18nOf(ctx)
  if (settings.useI18n) {
    for (let i = ctx.dicts.length - 1; i >= 0; i--) {
      const scope = ctx.dicts[i] as Record<symbol, unknown>
      const active = scope[ACTIVE_LANGUAGE]
      if (typeof active === 'string') return active
    }
  }
  return settings.languageCode
}

/** Python's `repr()` of a list of strings, for error messages that quote the tag. */
function reprList(bits: readonly string[]): string {
  return `[${bits.map((b) => `'${b.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`
}

/** Set `name` in the top scope, as Django's `context[name] = value`. */
function store(ctx: Context, name: string, value: unknown): void {
  ctx.set(name, value)
}

/** `{% translate "text" [noop] [context "ctx"] [as var] %}`. */
export class TranslateNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly message: FilterExpression,
    readonly noop: boolean,
    readonly asvar: string | null,
    readonly messageContext: FilterExpression | null,
  ) {
    super()
  }

  render(ctx: Context, out: Output): RenderResult {
    const value = this.message.resolve(ctx)
    if (isThenable(value)) return (value as Promise<unknown>).then((v) => this.#emit(v, ctx, out))
    this.#emit(value, ctx, out)
  }

  #emit(value: unknown, ctx: Context, out: Output): void {
    // No catalog: the message is its own translation. (Django doubles '%' in the msgid and
    // halves '%%' after translating, which cancels out; with `noop` only the halving runs.)
    let rendered = renderValue(value, ctx)
    if (this.noop) rendered = rendered.replace(/%%/g, '%')
    const text = isSafeOutput(value, ctx) ? markSafe(rendered) : rendered
    if (this.asvar !== null) store(ctx, this.asvar, text)
    else out.push(typeof text === 'string' ? text : text.valueOf())
  }
}

/** Whether Django would keep the rendered value marked safe (escaped or already safe). */
function isSafeOutput(value: unknown, ctx: Context): boolean {
  return ctx.autoescape || value instanceof SafeString
}

function parseTranslate(parser: Parser, token: Token): Node {
  const bits = token.splitContents()
  const tag = bits[0] as string
  if (bits.length < 2) throw new TemplateSyntaxError(`'${tag}' takes at least one argument`)
  const message = parser.compileFilter(bits[1] as string)
  const remaining = bits.slice(2)
  let noop = false
  let asvar: string | null = null
  let messageContext: FilterExpression | null = null
  const seen = new Set<string>()
  while (remaining.length) {
    const option = remaining.shift() as string
    if (seen.has(option)) {
      throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`)
    } else if (option === 'noop') {
      noop = true
    } else if (option === 'context') {
      const value = remaining.shift()
      if (value === undefined) {
        throw new TemplateSyntaxError(
          `No argument provided to the '${tag}' tag for the context option.`,
        )
      }
      if (value === 'as' || value === 'noop') {
        throw new TemplateSyntaxError(
          `Invalid argument '${value}' provided to the '${tag}' tag for the context option`,
        )
      }
      messageContext = parser.compileFilter(value)
    } else if (option === 'as') {
      const value = remaining.shift()
      if (value === undefined) {
        throw new TemplateSyntaxError(`No argument provided to the '${tag}' tag for the as option.`)
      }
      asvar = value
    } else {
      throw new TemplateSyntaxError(
        `Unknown argument for '${tag}' tag: '${option}'. The only options available are ` +
          `'noop', 'context' "xxx", and 'as VAR'.`,
      )
    }
    seen.add(option)
  }
  return new TranslateNode(message, noop, asvar, messageContext)
}

/** Text and `{{ name }}` placeholders of a blocktranslate body. */
type Piece = { text: string } | { name: string }

function piecesOf(tokens: readonly Token[], trimmed: boolean): Piece[] {
  const pieces: Piece[] = tokens.map((t) =>
    t.type === TokenType.Var ? { name: t.contents } : { text: t.contents },
  )
  if (!trimmed) return pieces
  // Django's trim_whitespace: every run of whitespace holding a newline becomes one space,
  // then the whole message is stripped. Placeholders hold no whitespace, so this can be
  // done per text piece, stripping only the message's ends.
  const out = pieces.map((p) => ('text' in p ? { text: p.text.replace(/\s*\n\s*/g, ' ') } : p))
  const first = out[0]
  if (first && 'text' in first) first.text = first.text.trimStart()
  const last = out[out.length - 1]
  if (last && 'text' in last) last.text = last.text.trimEnd()
  return out
}

/**
 * `{% blocktranslate [with a=b …] [count n=value] [context "ctx"] [trimmed] [asvar v] %}`
 * … `{% plural %}` … `{% endblocktranslate %}`.
 */
export class BlockTranslateNode extends Node {
  override childNodelists: readonly string[] = []
  readonly singular: Piece[]
  readonly plural: Piece[]
  constructor(
    readonly tagName: string,
    readonly extraContext: ReadonlyMap<string, FilterExpression>,
    singular: readonly Token[],
    plural: readonly Token[],
    readonly countVar: string | null,
    readonly counter: FilterExpression | null,
    readonly messageContext: FilterExpression | null,
    readonly trimmed: boolean,
    readonly asvar: string | null,
  ) {
    super()
    this.singular = piecesOf(singular, trimmed)
    this.plural = piecesOf(plural, trimmed)
  }

  render(ctx: Context, out: Output): RenderResult {
    const scope = ctx.push()
    let popped = false
    const pop = (): void => {
      if (!popped) ctx.pop()
      popped = true
    }
    const emit = (result: string): void => {
      // The scope pushed for `with`/`count` goes first, so asvar lands around the tag.
      pop()
      if (this.asvar !== null) store(ctx, this.asvar, new SafeString(result))
      else out.push(result)
    }
    try {
      const pending: Promise<unknown>[] = []
      for (const [name, expression] of this.extraContext) {
        const value = expression.resolve(ctx)
        if (isThenable(value)) {
          pending.push((value as Promise<unknown>).then((v) => (scope[name] = v)))
        } else scope[name] = value
      }
      const run = (): string | Promise<string> => {
        if (this.counter === null) return this.#message(this.singular, ctx)
        const count = this.counter.resolve(ctx)
        if (isThenable(count)) {
          return (count as Promise<unknown>).then((c) => this.#counted(c, ctx))
        }
        return this.#counted(count, ctx)
      }
      const result = pending.length ? Promise.all(pending).then(run) : run()
      if (typeof result === 'string') return emit(result)
      return lastly(result.then(emit), pop)
    } catch (error) {
      pop()
      throw error
    }
  }

  #counted(count: unknown, ctx: Context): string | Promise<string> {
    const n = typeof count === 'boolean' ? Number(count) : count
    if (typeof n !== 'number' && typeof n !== 'bigint') {
      throw new TemplateSyntaxError(
        `'${this.countVar}' argument to '${this.tagName}' tag must be a number.`,
      )
    }
    ctx.set(this.countVar as string, count)
    // ngettext without a catalog: singular for exactly one, plural otherwise.
    const one = typeof n === 'bigint' ? n === 1n : n === 1
    return this.#message(one ? this.singular : this.plural, ctx)
  }

  /** The message with its placeholders filled (a Promise when a value is async). */
  #message(pieces: readonly Piece[], ctx: Context): string | Promise<string> {
    const fallback = ctx.template?.engine.stringIfInvalid ?? ''
    const values: unknown[] = pieces.map((piece) => {
      if ('text' in piece) return piece.text
      if (ctx.has(piece.name)) return ctx.get(piece.name)
      return fallback.includes('%s') ? fallback.replace('%s', piece.name) : fallback
    })
    const join = (settled: readonly unknown[]): string => {
      let result = ''
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i] as Piece
        result += 'text' in piece ? piece.text : renderValue(settled[i], ctx)
      }
      return result
    }
    return values.some(isThenable) ? Promise.all(values).then(join) : join(values)
  }
}

function parseBlockTranslate(parser: Parser, token: Token): Node {
  const bits = token.splitContents()
  const tag = bits[0] as string
  const remaining = bits.slice(1)
  const options = new Set<string>()
  let extra = new Map<string, FilterExpression>()
  let countVar: string | null = null
  let counter: FilterExpression | null = null
  let messageContext: FilterExpression | null = null
  let trimmed = false
  let asvar: string | null = null
  while (remaining.length) {
    const option = remaining.shift() as string
    if (options.has(option)) {
      throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`)
    }
    if (option === 'with') {
      extra = tokenKwargs(remaining, parser, true)
      if (extra.size === 0) {
        throw new TemplateSyntaxError(`"with" in '${tag}' tag needs at least one keyword argument.`)
      }
    } else if (option === 'count') {
      const value = tokenKwargs(remaining, parser, true)
      if (value.size !== 1) {
        throw new TemplateSyntaxError(
          `"count" in '${tag}' tag expected exactly one keyword argument.`,
        )
      }
      const [entry] = value
      ;[countVar, counter] = entry as [string, FilterExpression]
    } else if (option === 'context') {
      const value = remaining.shift()
      if (value === undefined) {
        throw new TemplateSyntaxError(`"context" in '${tag}' tag expected exactly one argument.`)
      }
      messageContext = parser.compileFilter(value)
    } else if (option === 'trimmed') {
      trimmed = true
    } else if (option === 'asvar') {
      const value = remaining.shift()
      if (value === undefined) {
        throw new TemplateSyntaxError(
          `No argument provided to the '${tag}' tag for the asvar option.`,
        )
      }
      asvar = value
    } else {
      throw new TemplateSyntaxError(`Unknown argument for '${tag}' tag: '${option}'.`)
    }
    options.add(option)
  }

  const endTag = `end${tag}`
  const collect = (): { tokens: Token[]; stop: Token } => {
    const tokens: Token[] = []
    for (;;) {
      if (parser.peekToken() === undefined) {
        throw new TemplateSyntaxError(
          `Unclosed tag on line ${token.line}: '${tag}'. Looking for one of: ${endTag}.`,
        )
      }
      const next = parser.nextToken()
      if (next.type === TokenType.Var || next.type === TokenType.Text) tokens.push(next)
      else return { tokens, stop: next }
    }
  }
  const singular = collect()
  let stop = singular.stop
  let plural: Token[] = []
  if (countVar !== null) {
    if (stop.contents.trim() !== 'plural') {
      throw new TemplateSyntaxError(`'${tag}' doesn't allow other block tags inside it`)
    }
    const rest = collect()
    plural = rest.tokens
    stop = rest.stop
  }
  if (stop.contents.trim() !== endTag) {
    throw new TemplateSyntaxError(
      `'${tag}' doesn't allow other block tags (seen '${stop.contents}') inside it`,
    )
  }
  return new BlockTranslateNode(
    tag,
    extra,
    singular.tokens,
    plural,
    countVar,
    counter,
    messageContext,
    trimmed,
    asvar,
  )
}

/** `{% language "de" %}…{% endlanguage %}`: the body renders with that language active. */
export class LanguageNode extends Node {
  constructor(
    readonly language: FilterExpression,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const code = this.language.resolve(ctx)
    const enter = (value: unknown): RenderResult => {
      const scope = ctx.push() as Record<symbol, unknown>
      scope[ACTIVE_LANGUAGE] = String(value)
      return lastly(renderNodes(this.nodelist, ctx, out), () => ctx.pop())
    }
    if (isThenable(code)) return (code as Promise<unknown>).then(enter)
    return enter(code)
  }
}

/** `{% get_… as name %}`: stores a value computed from the context. */
class StoreNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly variable: string,
    readonly compute: (ctx: Context) => unknown,
  ) {
    super()
  }
  render(ctx: Context): RenderResult {
    store(ctx, this.variable, this.compute(ctx))
  }
}

function asVariable(token: Token): string {
  const args = token.contents.split(/\s+/)
  if (args.length !== 3 || args[1] !== 'as') {
    throw new TemplateSyntaxError(`'${args[0]}' requires 'as variable' (got ${reprList(args)})`)
  }
  return args[2] as string
}

function build(): Library {
  const lib = new Library()
  lib.tag('translate', parseTranslate)
  lib.tag('trans', parseTranslate)
  lib.tag('blocktranslate', parseBlockTranslate)
  lib.tag('blocktrans', parseBlockTranslate)
  lib.tag('language', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length !== 2) {
      throw new TemplateSyntaxError(`'${bits[0]}' takes one argument (language)`)
    }
    const language = parser.compileFilter(bits[1] as string)
    const nodelist = parser.parse(['endlanguage'])
    parser.nextToken()
    return new LanguageNode(language, nodelist)
  })
  lib.tag('get_current_language', (_parser, token) => {
    return new StoreNode(asVariable(token), currentLanguage)
  })
  lib.tag('get_current_language_bidi', (_parser, token) => {
    return new StoreNode(asVariable(token), (ctx) =>
      BIDI.has(currentLanguage(ctx).split('-')[0] as string),
    )
  })
  lib.tag('get_available_languages', (_parser, token) => {
    const args = token.contents.split(/\s+/)
    if (args.length !== 3 || args[1] !== 'as') {
      throw new TemplateSyntaxError(
        `'get_available_languages' requires 'as variable' (got ${reprList(args)})`,
      )
    }
    return new StoreNode(args[2] as string, (ctx) =>
      i18nOf(ctx).languages.map(([code, name]) => [code, name]),
    )
  })
  registerLanguageInfo(lib)
  return lib
}

/**
 * The i18n tags, loadable in every template with `{% load i18n %}`.
 *
 * @example
 * engine.fromString('{% load i18n %}{% translate "Hello" %}').render() // 'Hello'
 */
export const i18nLibrary: Library = build()
