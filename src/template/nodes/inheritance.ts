/**
 * Template inheritance: `{% extends %}` and `{% block %}`.
 *
 * Rendering a child template runs its ExtendsNode, which loads the parent, records the
 * child's blocks in a BlockContext (a stack of overrides per block name, most-derived on
 * top) and renders the parent with the same render state. Each BlockNode the parent meets
 * pops the most-derived override and renders it; `{{ block.super }}` renders the next one
 * down. A parent is looked up skipping the templates already in the chain, so a template
 * extending a same-named one finds the next in the search path and an extends loop ends in
 * TemplateDoesNotExist instead of recursing.
 */
import type { Context } from '../context.js'
import { TemplateError, TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { markSafe, type SafeString } from '../safe-string.js'
import { isThenable } from '../utils/thenable.js'
import {
  Node,
  TextNode,
  lastly,
  nodesByType,
  renderCompiled,
  type RenderResult,
  type TemplateLike,
  type Output,
} from './base.js'
import { resolveTemplateName } from './template-name.js'

const BLOCK_CONTEXT = Symbol('blockContext')
const EXTENDS_HISTORY = Symbol('extendsHistory')

/** Overrides per block name; the last entry is the one to render next. */
export class BlockContext {
  readonly blocks = new Map<string, BlockNode[]>()
  /** Add a template's blocks beneath those already known (parents come after children). */
  addBlocks(blocks: ReadonlyMap<string, BlockNode>): void {
    for (const [name, block] of blocks) {
      const list = this.blocks.get(name)
      if (list) list.unshift(block)
      else this.blocks.set(name, [block])
    }
  }
  pop(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.pop()
  }
  push(name: string, block: BlockNode): void {
    const list = this.blocks.get(name)
    if (list) list.push(block)
    else this.blocks.set(name, [block])
  }
  getBlock(name: string): BlockNode | undefined {
    const list = this.blocks.get(name)
    return list?.[list.length - 1]
  }
}

/** The `block` template variable inside a block: exposes `name` and `super`. */
export class BlockReference {
  constructor(
    readonly name: string,
    readonly nodelist: Node[],
    readonly context: Context,
  ) {}
  /** The parent template's version of this block, rendered (safe), or ''. */
  super(): SafeString | string | Promise<SafeString> {
    const blockContext = this.context.renderContext.get(BLOCK_CONTEXT) as BlockContext | undefined
    if (!blockContext || blockContext.getBlock(this.name) === undefined) return ''
    const out: string[] = []
    const r = renderBlock(this.name, this.nodelist, this.context, out)
    return r === undefined ? markSafe(out.join('')) : r.then(() => markSafe(out.join('')))
  }
}

function renderBlock(name: string, own: Node[], ctx: Context, out: Output): RenderResult {
  const blockContext = ctx.renderContext.get(BLOCK_CONTEXT) as BlockContext | undefined
  const scope = ctx.push()
  if (!blockContext) {
    scope.block = new BlockReference(name, own, ctx)
    return lastly(renderCompiled(own, ctx, out), () => ctx.pop())
  }
  const pushed = blockContext.pop(name)
  const nodelist = pushed ? pushed.nodelist : own
  scope.block = new BlockReference(name, nodelist, ctx)
  return lastly(renderCompiled(nodelist, ctx, out), () => {
    ctx.pop()
    if (pushed) blockContext.push(name, pushed)
  })
}

/** `{% block name %}…{% endblock %}`. */
export class BlockNode extends Node {
  constructor(
    readonly name: string,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return renderBlock(this.name, this.nodelist, ctx, out)
  }
}

function blocksOf(nodes: readonly Node[]): Map<string, BlockNode> {
  const map = new Map<string, BlockNode>()
  for (const block of nodesByType(nodes, BlockNode)) map.set(block.name, block)
  return map
}

/** `{% extends "base.html" %}` (or a variable naming a template, or a Template). */
export class ExtendsNode extends Node {
  /** Must be the first non-text node of its template. */
  static readonly mustBeFirst = true
  readonly blocks: Map<string, BlockNode>
  constructor(
    readonly nodelist: Node[],
    readonly parentName: FilterExpression,
    readonly templateName: string,
  ) {
    super()
    this.blocks = blocksOf(nodelist)
  }

  render(ctx: Context, out: Output): RenderResult {
    const name = this.parentName.resolve(ctx)
    if (isThenable(name))
      return (name as Promise<unknown>).then((n) =>
        this.#renderParent(this.#parent(n, ctx), ctx, out),
      )
    return this.#renderParent(this.#parent(name, ctx), ctx, out)
  }

  #parent(value: unknown, ctx: Context): TemplateLike {
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { renderInto?: unknown }).renderInto === 'function'
    ) {
      return value as TemplateLike
    }
    if (!value || (typeof value !== 'string' && !(value instanceof String))) {
      throw new TemplateSyntaxError(
        `Invalid template name in 'extends' tag: ${JSON.stringify(value ?? null)}. Got this from the '${this.parentName.token}' variable.`,
      )
    }
    const engine = ctx.template?.engine
    if (!engine)
      throw new TemplateError('{% extends %} needs a template rendered through an Engine')
    let history = ctx.renderContext.get(EXTENDS_HISTORY) as string[] | undefined
    if (!history) {
      history = this.origin?.path ? [this.origin.path] : []
      ctx.renderContext.set(EXTENDS_HISTORY, history)
    }
    const parent = engine.getTemplate(
      resolveTemplateName(String(value), this.templateName),
      history,
    )
    if (parent.origin.path) history.push(parent.origin.path)
    return parent
  }

  #renderParent(parent: TemplateLike, ctx: Context, out: Output): RenderResult {
    let blockContext = ctx.renderContext.get(BLOCK_CONTEXT) as BlockContext | undefined
    if (!blockContext) ctx.renderContext.set(BLOCK_CONTEXT, (blockContext = new BlockContext()))
    blockContext.addBlocks(this.blocks)
    // The root of the chain (no extends of its own) contributes its blocks as defaults.
    for (const node of parent.nodelist) {
      if (node instanceof TextNode) continue
      if (!(node instanceof ExtendsNode)) blockContext.addBlocks(blocksOf(parent.nodelist))
      break
    }
    return parent.renderInto(ctx, out, false)
  }
}
