/**
 * Template: a compiled template. The source is lexed and parsed once, in the constructor;
 * rendering walks the node tree. `render()` returns a string when nothing asynchronous was
 * met, and a Promise of the string otherwise, so `await template.render(ctx)` always works
 * and synchronous callers pay nothing.
 */
import { Context, type Scope } from './context.js'
import { Engine } from './engine.js'
import { tokenize } from './lexer.js'
import {
  StringOutput,
  renderCompiled,
  type Output,
  type Node,
  type Origin,
  type RenderResult,
  type TemplateLike,
} from './nodes/base.js'
import { Parser } from './parser.js'
import { templateRendered } from './signals.js'

/** Options of `new Template()`. */
export interface TemplateOptions {
  /** The engine providing loaders, libraries and settings (a default one otherwise). */
  engine?: Engine
  /** Name shown in errors. */
  name?: string
  origin?: Origin
}

/** Context input accepted by render(): a Context, a plain object or a Map. */
export type ContextInput = Context | Scope | Map<string, unknown> | null | undefined

/**
 * A compiled template.
 *
 * @example
 * const t = new Template('Hello {{ name }}!')
 * t.render({ name: '<Ada>' }) // 'Hello &lt;Ada&gt;!'
 */
export class Template implements TemplateLike {
  readonly engine: Engine
  readonly name: string
  readonly origin: Origin
  readonly nodelist: Node[]
  readonly partials: Map<string, Node[]>

  constructor(source: string, options: TemplateOptions = {}) {
    this.engine = options.engine ?? Engine.default()
    this.name = options.name ?? options.origin?.name ?? '<string>'
    this.origin = options.origin ?? { name: this.name, source }
    const parser = new Parser(tokenize(source), {
      builtins: this.engine.templateBuiltins,
      libraries: this.engine.templateLibraries,
      origin: this.origin,
      engine: this.engine,
    })
    this.nodelist = parser.parse()
    this.partials = (parser.extra.get('partials') as Map<string, Node[]> | undefined) ?? new Map()
  }

  /** Render to a string, or a Promise of one when an async value was met. */
  render(context?: ContextInput): string | Promise<string> {
    const ctx = this.engine.makeContext(context)
    const out = new StringOutput()
    const r = this.renderInto(ctx, out)
    return r === undefined ? out.text : r.then(() => out.text)
  }

  /** Render, always returning a Promise. */
  async renderAsync(context?: ContextInput): Promise<string> {
    return this.render(context)
  }

  renderInto(ctx: Context, out: Output, isolated = true): RenderResult {
    return renderWithState(this, this.nodelist, ctx, out, isolated)
  }
}

/** Render nodes as `template`: set it as the context's template for the duration. */
export function renderWithState(
  template: TemplateLike,
  nodes: readonly Node[],
  ctx: Context,
  out: Output,
  isolated: boolean,
): RenderResult {
  const previous = ctx.template
  const popState = ctx.renderContext.pushState(template, isolated)
  ctx.template = template
  if (templateRendered.hasListeners()) {
    templateRendered.send(template, { template, context: ctx })
  }
  const done = (): void => {
    popState()
    ctx.template = previous
  }
  let r: RenderResult
  try {
    r = renderCompiled(nodes, ctx, out)
  } catch (error) {
    done()
    throw error
  }
  if (r === undefined) {
    done()
    return
  }
  return r.finally(done)
}

/**
 * One `{% partialdef %}` of a template, loadable as `'page.html#name'`.
 */
export class PartialTemplate implements TemplateLike {
  readonly engine: Engine
  readonly name: string
  readonly origin: Origin
  readonly partials: Map<string, Node[]>
  constructor(
    readonly parent: Template,
    partialName: string,
    readonly nodelist: Node[],
  ) {
    this.engine = parent.engine
    this.name = `${parent.name}#${partialName}`
    this.origin = parent.origin
    this.partials = parent.partials
  }
  render(context?: ContextInput): string | Promise<string> {
    const ctx = this.engine.makeContext(context)
    const out = new StringOutput()
    const r = this.renderInto(ctx, out)
    return r === undefined ? out.text : r.then(() => out.text)
  }
  renderInto(ctx: Context, out: Output, isolated = true): RenderResult {
    return renderWithState(this, this.nodelist, ctx, out, isolated)
  }
}
