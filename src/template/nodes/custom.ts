/**
 * Nodes behind Library.simpleTag and Library.inclusionTag, and the argument parsing they
 * share: positional filter expressions, then `key=value` pairs.
 */
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import type { Parser } from '../parser.js'
import { conditionalEscape } from '../safe-string.js'
import { toStr } from '../utils/py.js'
import { isThenable } from '../utils/thenable.js'
import { Node, type RenderResult, type TemplateLike, type Output } from './base.js'

const KWARG_RE = /^([\p{L}_][\p{L}\p{N}_]*)=(.+)$/su

/** Parsed tag arguments. */
export interface TagArguments {
  args: FilterExpression[]
  kwargs: Map<string, FilterExpression>
}

/** Split `a "b" c=d` into positional and keyword filter expressions. */
export function parseTagArguments(
  parser: Parser,
  tagName: string,
  bits: readonly string[],
): TagArguments {
  const args: FilterExpression[] = []
  const kwargs = new Map<string, FilterExpression>()
  for (const bit of bits) {
    const m = KWARG_RE.exec(bit)
    if (m) {
      const key = m[1] as string
      if (kwargs.has(key))
        throw new TemplateSyntaxError(
          `'${tagName}' received multiple values for keyword argument '${key}'`,
        )
      kwargs.set(key, parser.compileFilter(m[2] as string))
    } else {
      if (kwargs.size > 0) {
        throw new TemplateSyntaxError(
          `'${tagName}' received some positional argument(s) after some keyword argument(s)`,
        )
      }
      args.push(parser.compileFilter(bit))
    }
  }
  return { args, kwargs }
}

/** Resolve all arguments; a Promise only when one of them is async. */
export function resolveArguments(
  ctx: Context,
  parsed: TagArguments,
): [unknown[], Record<string, unknown>] | Promise<[unknown[], Record<string, unknown>]> {
  let async = false
  const args = parsed.args.map((fe) => {
    const v = fe.resolve(ctx)
    if (isThenable(v)) async = true
    return v
  })
  const keys = [...parsed.kwargs.keys()]
  const values = [...parsed.kwargs.values()].map((fe) => {
    const v = fe.resolve(ctx)
    if (isThenable(v)) async = true
    return v
  })
  const build = (a: unknown[], vals: unknown[]): [unknown[], Record<string, unknown>] => {
    const kw: Record<string, unknown> = Object.create(null)
    keys.forEach((k, i) => (kw[k] = vals[i]))
    return [a, kw]
  }
  if (!async) return build(args, values)
  return Promise.all([Promise.all(args), Promise.all(values)]).then(([a, v]) => build(a, v))
}

type Fn = (...args: unknown[]) => unknown

function call(
  fn: Fn,
  ctx: Context,
  takesContext: boolean,
  args: unknown[],
  kwargs: Record<string, unknown>,
): unknown {
  const all = takesContext ? [ctx, ...args] : args
  if (Object.keys(kwargs).length > 0) all.push(kwargs)
  return fn(...all)
}

function whenResolved<T>(value: T | Promise<T>, then: (v: T) => RenderResult): RenderResult {
  return isThenable(value) ? (value as Promise<T>).then(then) : then(value as T)
}

/** Output of a simpleTag. */
export class SimpleNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly fn: Fn,
    readonly takesContext: boolean,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    readonly target: string | null,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return whenResolved(resolveArguments(ctx, this), ([args, kwargs]) =>
      whenResolved(call(this.fn, ctx, this.takesContext, args, kwargs), (result) => {
        if (this.target !== null) ctx.set(this.target, result)
        else out.push(ctx.autoescape ? conditionalEscape(result).valueOf() : toStr(result))
      }),
    )
  }
}

/** Output of an inclusionTag: another template rendered with the returned context. */
export class InclusionNode extends Node {
  override childNodelists: readonly string[] = []
  #templates = new WeakMap<object, TemplateLike>()
  constructor(
    readonly fn: Fn,
    readonly takesContext: boolean,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    readonly template: string | TemplateLike,
  ) {
    super()
  }

  #load(ctx: Context): TemplateLike {
    if (typeof this.template !== 'string') return this.template
    const engine = ctx.template?.engine
    if (!engine)
      throw new TemplateSyntaxError('An inclusion tag needs a template rendered by an Engine')
    let t = this.#templates.get(engine)
    if (!t) {
      t = engine.getTemplate(this.template)
      this.#templates.set(engine, t)
    }
    return t
  }

  render(ctx: Context, out: Output): RenderResult {
    return whenResolved(resolveArguments(ctx, this), ([args, kwargs]) =>
      whenResolved(call(this.fn, ctx, this.takesContext, args, kwargs), (values) => {
        const inner = ctx.new(values as Record<string, unknown>)
        const csrf = ctx.get('csrf_token')
        if (csrf !== undefined) inner.set('csrf_token', csrf)
        return this.#load(ctx).renderInto(inner, out)
      }),
    )
  }
}
