/**
 * `{% include %}`: render another template in place. The name may be a literal, a variable
 * holding a name, a list of names (first that exists) or a Template. `with a=b` adds
 * variables for the included template; `only` gives it just those. Loaded templates are
 * cached per node and engine. Includes nest at most MAX_INCLUDE_DEPTH deep, which turns an
 * include loop into a clear error instead of a stack overflow.
 */
import type { Context } from '../context.js'
import { TemplateError, TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { isThenable } from '../utils/thenable.js'
import {
  Node,
  lastly,
  type EngineLike,
  type RenderResult,
  type TemplateLike,
  type Output,
} from './base.js'
import { resolveTemplateName } from './template-name.js'

/** Deepest include nesting accepted. */
export const MAX_INCLUDE_DEPTH = 64

const DEPTH = Symbol('includeDepth')

/** `{% include name [with k=v …] [only] %}`. */
export class IncludeNode extends Node {
  override childNodelists: readonly string[] = []
  #cache = new WeakMap<EngineLike, Map<string, TemplateLike>>()
  constructor(
    readonly template: FilterExpression,
    readonly extraContext: ReadonlyMap<string, FilterExpression>,
    readonly isolated: boolean,
    readonly templateName: string,
  ) {
    super()
  }

  render(ctx: Context, out: Output): RenderResult {
    const value = this.template.resolve(ctx)
    if (isThenable(value)) return (value as Promise<unknown>).then((v) => this.#render(v, ctx, out))
    return this.#render(value, ctx, out)
  }

  #load(value: unknown, ctx: Context): TemplateLike {
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { renderInto?: unknown }).renderInto === 'function'
    ) {
      return value as TemplateLike
    }
    const engine = ctx.template?.engine
    if (!engine)
      throw new TemplateError('{% include %} needs a template rendered through an Engine')
    const names = Array.isArray(value)
      ? value.map(String)
      : [value instanceof String ? value.valueOf() : value]
    if (names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) {
      throw new TemplateSyntaxError(
        `Invalid template name in 'include' tag: ${JSON.stringify(value ?? null)}.`,
      )
    }
    let cache = this.#cache.get(engine)
    if (!cache) this.#cache.set(engine, (cache = new Map()))
    const key = (names as string[]).join('\0')
    let template = cache.get(key)
    if (!template) {
      const resolved = (names as string[]).map((n) => resolveTemplateName(n, this.templateName))
      template = selectTemplate(engine, resolved)
      cache.set(key, template)
    }
    return template
  }

  #render(value: unknown, ctx: Context, out: Output): RenderResult {
    const template = this.#load(value, ctx)
    const holder = ctx as unknown as { [DEPTH]?: number }
    const depth = holder[DEPTH] ?? 0
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw new TemplateError(
        `Includes nested more than ${MAX_INCLUDE_DEPTH} levels deep (is '${template.name}' including itself?)`,
      )
    }
    const values: Record<string, unknown> = Object.create(null)
    const pending: Promise<unknown>[] = []
    for (const [name, fe] of this.extraContext) {
      const v = fe.resolve(ctx)
      if (isThenable(v)) pending.push((v as Promise<unknown>).then((x) => (values[name] = x)))
      else values[name] = v
    }
    const go = (): RenderResult => {
      if (this.isolated) {
        const inner = ctx.new(values)
        ;(inner as unknown as { [DEPTH]?: number })[DEPTH] = depth + 1
        return template.renderInto(inner, out)
      }
      ctx.push(values)
      holder[DEPTH] = depth + 1
      return lastly(template.renderInto(ctx, out), () => {
        holder[DEPTH] = depth
        ctx.pop()
      })
    }
    return pending.length ? Promise.all(pending).then(go) : go()
  }
}

function selectTemplate(engine: EngineLike, names: string[]): TemplateLike {
  let firstError: unknown
  for (const name of names) {
    try {
      return engine.getTemplate(name)
    } catch (error) {
      if ((error as { name?: string }).name !== 'TemplateDoesNotExist') throw error
      firstError ??= error
    }
  }
  throw firstError
}
