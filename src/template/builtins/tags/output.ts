/**
 * Tags that compute output: `firstof`, `now`, `widthratio`, `lorem`, `debug`,
 * `csrf_token`, `url` and `querystring`.
 */
import type { Context } from '../../context.js'
import { TemplateSyntaxError } from '../../errors.js'
import type { FilterExpression } from '../../filter-expression.js'
import type { Library } from '../../library.js'
import { Node, renderValue, type RenderResult, type Output } from '../../nodes/base.js'
import { parseTagArguments, resolveArguments, type TagArguments } from '../../nodes/custom.js'
import { conditionalEscape, escapeHtml } from '../../safe-string.js'
import { formatDate, NAMED_FORMATS } from '../../utils/date-format.js'
import { paragraphs, words } from '../../utils/lorem.js'
import { isPlainObject, isTruthy, pyFloat, pyInt, pyRepr, toStr } from '../../utils/py.js'
import { pyUrlencode } from '../../../utils/quote.js'
import { isThenable } from '../../utils/thenable.js'
import { reverse } from '../../../urls/reverse.js'

type Resolved<T> = T | Promise<T>
const when = <T>(v: Resolved<T>, f: (x: T) => RenderResult): RenderResult =>
  isThenable(v) ? (v as Promise<T>).then(f) : f(v as T)

/** Resolve several expressions; a Promise only if one is async. */
function resolveAll(
  ctx: Context,
  exprs: readonly FilterExpression[],
  ignoreFailures = false,
): Resolved<unknown[]> {
  const values = exprs.map((e) => e.resolve(ctx, ignoreFailures))
  return values.some(isThenable) ? Promise.all(values) : values
}

/** Split a trailing `as name` off tag bits. */
function asVar(bits: string[]): string | null {
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    const name = bits[bits.length - 1] as string
    bits.length -= 2
    return name
  }
  return null
}

class FirstOfNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly vars: FilterExpression[],
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return when(resolveAll(ctx, this.vars, true), (values) => {
      const first = values.find(isTruthy) ?? ''
      if (this.target !== null) ctx.set(this.target, first)
      else out.push(renderValue(first, ctx))
    })
  }
}

class NowNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly format: string,
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const text = formatDate(new Date(), NAMED_FORMATS[this.format] ?? this.format, ctx.timeZone)
    if (this.target !== null) ctx.set(this.target, text)
    else out.push(ctx.autoescape ? escapeHtml(text) : text)
  }
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

class WidthRatioNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly exprs: FilterExpression[],
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return when(resolveAll(ctx, this.exprs), ([value, maxValue, maxWidthRaw]) => {
      const maxWidth = pyInt(maxWidthRaw)
      if (maxWidth === undefined)
        throw new TemplateSyntaxError('widthratio final argument must be a number')
      const v = pyFloat(value)
      const m = pyFloat(maxValue)
      let result: string
      if (v === undefined || m === undefined) result = ''
      else if (m === 0) result = '0'
      else {
        const ratio = (v / m) * maxWidth
        result = Number.isFinite(ratio) ? String(roundHalfEven(ratio)) : ''
      }
      if (this.target !== null) ctx.set(this.target, result)
      else out.push(result)
    })
  }
}

class LoremNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly count: FilterExpression,
    readonly method: string,
    readonly common: boolean,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return when(this.count.resolve(ctx), (raw) => {
      const count = pyInt(raw) ?? 1
      if (this.method === 'w') out.push(words(count, this.common))
      else {
        const paras = paragraphs(count, this.common)
        out.push(
          this.method === 'p' ? paras.map((p) => `<p>${p}</p>`).join('\n\n') : paras.join('\n\n'),
        )
      }
    })
  }
}

class DebugNode extends Node {
  override childNodelists: readonly string[] = []
  render(ctx: Context, out: Output): RenderResult {
    const text = ctx.dicts.map((d) => pyRepr({ ...d })).join('\n')
    out.push(escapeHtml(text))
  }
}

class CsrfTokenNode extends Node {
  override childNodelists: readonly string[] = []
  render(ctx: Context, out: Output): RenderResult {
    let token = ctx.get('csrf_token')
    if (typeof token === 'function') token = (token as () => unknown)()
    return when(token, (value) => {
      if (!value || toStr(value) === 'NOTPROVIDED') return
      out.push(
        `<input type="hidden" name="csrfmiddlewaretoken" value="${conditionalEscape(value).valueOf()}">`,
      )
    })
  }
}

function currentApp(ctx: Context): string | null {
  const request = ctx.get('request') as
    | {
        currentApp?: unknown
        current_app?: unknown
        resolverMatch?: { namespace?: unknown } | null
      }
    | undefined
  if (!request || typeof request !== 'object') return null
  const app = request.currentApp ?? request.current_app
  if (typeof app === 'string') return app
  const ns = request.resolverMatch?.namespace
  return typeof ns === 'string' && ns ? ns : null
}

class UrlNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly viewName: FilterExpression,
    readonly params: TagArguments,
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return when(this.viewName.resolve(ctx), (name) =>
      when(resolveArguments(ctx, this.params), ([args, kwargs]) => {
        let url = ''
        try {
          const options: {
            args?: unknown[]
            kwargs?: Record<string, unknown>
            currentApp?: string | null
          } = { currentApp: currentApp(ctx) }
          if (args.length) options.args = args
          if (Object.keys(kwargs).length) options.kwargs = kwargs
          url = reverse(toStr(name), options)
        } catch (error) {
          if (this.target === null || (error as { name?: string }).name !== 'NoReverseMatch')
            throw error
        }
        if (this.target !== null) ctx.set(this.target, url)
        else out.push(ctx.autoescape ? conditionalEscape(url).valueOf() : url)
      }),
    )
  }
}

/** `[key, values[]]` pairs of a QueryDict, URLSearchParams, Map or plain object. */
function mappingLists(value: unknown): [string, unknown[]][] | null {
  if (value instanceof URLSearchParams) {
    const map = new Map<string, unknown[]>()
    for (const [k, v] of value) (map.get(k) ?? map.set(k, []).get(k)!).push(v)
    return [...map]
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { lists?: unknown }).lists === 'function'
  ) {
    return [...(value as { lists(): Iterable<[string, unknown[]]> }).lists()]
  }
  if (value instanceof Map) return [...value].map(([k, v]) => [String(k), [v]])
  if (isPlainObject(value)) return Object.entries(value).map(([k, v]) => [k, [v]])
  return null
}

class QueryStringNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly params: TagArguments,
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return when(resolveArguments(ctx, this.params), ([args, kwargs]) => {
      if (args.length === 0) {
        const request = ctx.get('request') as { GET?: unknown } | undefined
        args = [request?.GET ?? {}]
      }
      const params = new Map<string, string[]>()
      for (const mapping of [...args, kwargs]) {
        const lists = mappingLists(mapping)
        if (lists === null)
          throw new TemplateSyntaxError(
            `querystring requires mappings for positional arguments (got ${toStr(mapping)}).`,
          )
        for (const [key, values] of lists) {
          const value = values.length === 1 ? values[0] : values
          if (value === null || value === undefined) params.delete(key)
          else if (Array.isArray(value)) params.set(key, value.map(toStr))
          else if (
            typeof value === 'object' &&
            !(value instanceof String) &&
            Symbol.iterator in value
          )
            params.set(key, [...(value as Iterable<unknown>)].map(toStr))
          else params.set(key, [toStr(value)])
        }
      }
      const pairs: [string, string][] = []
      for (const [k, vs] of params) for (const v of vs) pairs.push([k, v])
      const result = `?${pyUrlencode(pairs)}`
      if (this.target !== null) ctx.set(this.target, result)
      else out.push(ctx.autoescape ? escapeHtml(result) : result)
    })
  }
}

/** Register firstof, now, widthratio, lorem, debug, csrf_token, url, querystring. */
export function registerOutput(lib: Library): void {
  lib.tag('firstof', (parser, token) => {
    const bits = token.splitContents().slice(1)
    const target = asVar(bits)
    if (bits.length < 1)
      throw new TemplateSyntaxError("'firstof' statement requires at least one argument")
    return new FirstOfNode(
      bits.map((b) => parser.compileFilter(b)),
      target,
    )
  })
  lib.tag('now', (_parser, token) => {
    const bits = token.splitContents()
    const target = bits.length === 4 && bits[2] === 'as' ? (bits[3] as string) : null
    if (bits.length !== 2 && target === null)
      throw new TemplateSyntaxError("'now' statement takes one argument")
    const format = (bits[1] as string).slice(1, -1)
    return new NowNode(format, target)
  })
  lib.tag('widthratio', (parser, token) => {
    const bits = token.splitContents()
    let target: string | null = null
    if (bits.length === 6) {
      if (bits[4] !== 'as')
        throw new TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword")
      target = bits[5] as string
    } else if (bits.length !== 4)
      throw new TemplateSyntaxError('widthratio takes at least three arguments')
    return new WidthRatioNode(
      bits.slice(1, 4).map((b) => parser.compileFilter(b)),
      target,
    )
  })
  lib.tag('lorem', (parser, token) => {
    const bits = token.splitContents().slice(1)
    let common = true
    if (bits[bits.length - 1] === 'random') {
      common = false
      bits.pop()
    }
    let method = 'b'
    const last = bits[bits.length - 1]
    if (last === 'w' || last === 'p' || last === 'b') {
      method = last
      bits.pop()
    }
    if (bits.length > 1) throw new TemplateSyntaxError("Incorrect format for 'lorem' tag")
    return new LoremNode(parser.compileFilter(bits[0] ?? '1'), method, common)
  })
  lib.tag('debug', () => new DebugNode())
  lib.tag('csrf_token', () => new CsrfTokenNode())
  lib.tag('url', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length < 2)
      throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument, a URL pattern name.`)
    const rest = bits.slice(2)
    const target = asVar(rest)
    return new UrlNode(
      parser.compileFilter(bits[1] as string),
      parseTagArguments(parser, 'url', rest),
      target,
    )
  })
  lib.tag('querystring', (parser, token) => {
    const bits = token.splitContents().slice(1)
    const target = asVar(bits)
    return new QueryStringNode(parseTagArguments(parser, 'querystring', bits), target)
  })
}
