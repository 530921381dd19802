/**
 * Node basics. A compiled template is a tree of nodes; `render(ctx, out)` appends strings to
 * `out` and returns undefined, or a Promise when it met an async value. `renderNodes` walks a
 * node list on the synchronous fast path and only switches to `await` from the first node
 * that returned a Promise, so a template with no async values never allocates one.
 *
 * Hot containers (`for`, `if`) render their children through `compileNodes`: each child's
 * `compile()` closure, built once, with plain text appended inline, so rendering does not
 * dispatch on the node class. `compile()` defaults to `render()`, so custom nodes need nothing.
 *
 * Errors thrown while rendering are tagged with the failing node's template position.
 */
import type { Context } from '../context.js'
import { TemplateError, sourceExcerpt, type TemplateLocation } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { conditionalEscape, escapeHtml, SafeString } from '../safe-string.js'
import { formatDate } from '../utils/date-format.js'
import { templateTimeZone } from '../utils/localtime.js'
import { localizeNumber } from '../utils/number-formats.js'
import { toStr } from '../utils/py.js'
import { isThenable } from '../utils/thenable.js'
import { thenableCode } from '../compiled-expression.js'
import { generateNodeList, type NodeCodegen } from './generated-nodes.js'

/**
 * Where nodes write their output: anything with `push(text)`. A plain `string[]` works;
 * `Template.render` passes a StringOutput, since appending to one string is cheaper than
 * collecting thousands of pieces and joining them.
 */
export interface Output {
  push(text: string): unknown
}

/** An Output that concatenates into `text`. */
export class StringOutput implements Output {
  text = ''
  push(text: string): number {
    this.text += text
    return 0
  }
}

/** What a node's render returns: nothing (sync), or a Promise settling when it has written. */
export type RenderResult = void | Promise<void>

/**
 * A node (or node list) compiled to a function: renders into `out` like `Node.render`, with
 * everything that can be decided at parse time (which node class, which child list, which
 * text) already decided, so rendering dispatches on nothing.
 */
export type NodeRenderer = (ctx: Context, out: Output) => RenderResult

/** Where a template came from: its name and source, for error excerpts. */
export interface Origin {
  name: string
  source: string
  /** Loader-specific location (file path, `locmem:name`). */
  path?: string
}

/** The engine surface nodes use, kept minimal to avoid import cycles. */
export interface EngineLike {
  readonly stringIfInvalid: string
  readonly debug: boolean
  getTemplate(name: string, skip?: readonly string[]): TemplateLike
}

/** The template surface nodes use. */
export interface TemplateLike {
  readonly engine: EngineLike
  readonly name: string
  readonly origin: Origin
  readonly nodelist: Node[]
  /** Named partials defined with {% partialdef %}. */
  readonly partials: Map<string, Node[]>
  /** Render with an existing context (isolated render state), into `out`. */
  renderInto(ctx: Context, out: Output, isolated?: boolean): RenderResult
}

/**
 * Base class of every node. Subclasses set `childNodelists` to the names of their child
 * node-list fields so tree walks (extends' block discovery) can find nested nodes.
 */
export abstract class Node {
  /** Line (1-based) of the tag in its template; 0 when unknown. */
  line = 0
  column = 0
  origin: Origin | undefined
  /** Names of fields holding child node lists. */
  childNodelists: readonly string[] = ['nodelist']

  abstract render(ctx: Context, out: Output): RenderResult

  /**
   * This node as a NodeRenderer, for compiled node lists (`compileNodes`). The default calls
   * `render`; hot built-in nodes return a closure specialised for their fields. Must render
   * exactly what `render` renders.
   */
  compile(): NodeRenderer {
    const render = this.render
    return (ctx, out) => render.call(this, ctx, out)
  }

  /**
   * Write this node's code into a generated node list (nodes/generated-nodes.ts) and return
   * true, or return false (the default) to be called through `compile()` there. The code
   * must render exactly what `render` renders.
   */
  generate(_codegen: NodeCodegen): boolean {
    return false
  }

  /** This node and nested nodes of the given class, depth first. */
  getNodesByType<T extends Node>(cls: abstract new (...args: never[]) => T): T[] {
    const found: T[] = []
    collect(this, cls, found)
    return found
  }

  /** The position of this node as a TemplateLocation (for error messages). */
  location(): TemplateLocation | undefined {
    if (!this.origin || this.line === 0) return undefined
    return {
      templateName: this.origin.name,
      line: this.line,
      column: this.column,
      excerpt: sourceExcerpt(this.origin.source, this.line, this.column),
    }
  }
}

function collect<T extends Node>(
  node: Node,
  cls: abstract new (...args: never[]) => T,
  found: T[],
): void {
  if (node instanceof cls) found.push(node)
  for (const field of node.childNodelists) {
    const list = (node as unknown as Record<string, unknown>)[field]
    if (Array.isArray(list)) for (const child of list) collect(child as Node, cls, found)
  }
}

/** Every node of a class in a node list (Django's NodeList.get_nodes_by_type). */
export function nodesByType<T extends Node>(
  nodes: readonly Node[],
  cls: abstract new (...args: never[]) => T,
): T[] {
  const found: T[] = []
  for (const node of nodes) collect(node, cls, found)
  return found
}

/** Attach the node's position to an error (once), so messages point at the template line. */
export function annotate(error: unknown, node: Node): unknown {
  if (error !== null && typeof error === 'object') {
    const loc = node.location()
    if (loc) {
      if (error instanceof TemplateError) error.locate(loc)
      else if (!('templateLocation' in error)) {
        Object.defineProperty(error, 'templateLocation', { value: loc, enumerable: false })
      }
    }
  }
  return error
}

/** Render a node list into `out`; sync unless some node returns a Promise. */
export function renderNodes(nodes: readonly Node[], ctx: Context, out: Output): RenderResult {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Node
    let r: RenderResult
    try {
      r = node.render(ctx, out)
    } catch (error) {
      throw annotate(error, node)
    }
    if (r !== undefined) return continueAsync(r, node, nodes, i + 1, ctx, out)
  }
}

async function continueAsync(
  pending: Promise<void>,
  node: Node,
  nodes: readonly Node[],
  from: number,
  ctx: Context,
  out: Output,
): Promise<void> {
  try {
    await pending
  } catch (error) {
    throw annotate(error, node)
  }
  for (let i = from; i < nodes.length; i++) {
    const next = nodes[i] as Node
    try {
      const r = next.render(ctx, out)
      if (r !== undefined) await r
    } catch (error) {
      throw annotate(error, next)
    }
  }
}

const renderNothing: NodeRenderer = () => undefined

/** Renders of a node list before it is generated as one function (generated-nodes.ts). */
const GENERATE_AFTER = 4

const generatedRuntime = { annotate, renderValue }

/**
 * Compile a node list to one NodeRenderer: each node's `compile()` is called once, and
 * rendering runs the resulting functions in order. Same contract as `renderNodes`: sync until
 * a node returns a Promise, errors tagged with the failing node's position. Once the list has
 * been rendered GENERATE_AFTER times, it is generated as one function (generated-nodes.ts)
 * where code generation is allowed; lists rendered once never pay for that. A node list is
 * compiled when first rendered (nodes compile lazily), so it must not be changed afterwards.
 */
export function compileNodes(nodes: readonly Node[]): NodeRenderer {
  if (nodes.length === 0) return renderNothing
  const list = nodes.slice()
  const fns = list.map((node) => node.compile())
  const closures = closureRenderer(list, fns)
  let current = closures
  let uses = 0
  return (ctx, out) => {
    if (uses < GENERATE_AFTER && ++uses === GENERATE_AFTER) {
      current = generateNodeList(list, fns, generatedRuntime) ?? closures
    }
    return current(ctx, out)
  }
}

const compiledLists = new WeakMap<readonly Node[], NodeRenderer>()

/**
 * Render a node list that never changes after parsing (a template's own list, a block's)
 * through its compiled renderer, made on first use and kept with the list: so such lists
 * are generated once hot (see compileNodes), like the bodies of `for` and `if`.
 */
export function renderCompiled(nodes: readonly Node[], ctx: Context, out: Output): RenderResult {
  let render = compiledLists.get(nodes)
  if (render === undefined) compiledLists.set(nodes, (render = compileNodes(nodes)))
  return render(ctx, out)
}

/** A node list as a loop over its nodes' compiled renderers. */
function closureRenderer(list: readonly Node[], fns: readonly NodeRenderer[]): NodeRenderer {
  const n = list.length
  if (n === 1) {
    const node = list[0] as Node
    const fn = fns[0] as NodeRenderer
    return (ctx, out) => {
      let r: RenderResult
      try {
        r = fn(ctx, out)
      } catch (error) {
        throw annotate(error, node)
      }
      if (r !== undefined) return continueCompiled(r, node, list, fns, 1, ctx, out)
    }
  }
  // Plain text is written inline rather than through a call per TextNode.
  const texts = list.map((node) =>
    node instanceof TextNode && node.render === TextNode.prototype.render ? node.text : null,
  )
  return (ctx, out) => {
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      if (text !== null) {
        out.push(text as string)
        continue
      }
      let r: RenderResult
      try {
        r = (fns[i] as NodeRenderer)(ctx, out)
      } catch (error) {
        throw annotate(error, list[i] as Node)
      }
      if (r !== undefined) return continueCompiled(r, list[i] as Node, list, fns, i + 1, ctx, out)
    }
  }
}

async function continueCompiled(
  pending: Promise<void>,
  node: Node,
  nodes: readonly Node[],
  fns: readonly NodeRenderer[],
  from: number,
  ctx: Context,
  out: Output,
): Promise<void> {
  try {
    await pending
  } catch (error) {
    throw annotate(error, node)
  }
  for (let i = from; i < fns.length; i++) {
    try {
      const r = (fns[i] as NodeRenderer)(ctx, out)
      if (r !== undefined) await r
    } catch (error) {
      throw annotate(error, nodes[i] as Node)
    }
  }
}

/** Render a node list to a string (or a Promise of one). */
export function renderNodesToString(
  nodes: readonly Node[],
  ctx: Context,
): string | Promise<string> {
  const out = new StringOutput()
  const r = renderNodes(nodes, ctx, out)
  return r === undefined ? out.text : r.then(() => out.text)
}

/** Run `then` after a render result, staying sync when it is sync. */
export function after(r: RenderResult, then: () => RenderResult): RenderResult {
  return r === undefined ? then() : r.then(then)
}

/** Run `fin` after a render result settles, success or failure (scope cleanup). */
export function lastly(r: RenderResult, fin: () => void): RenderResult {
  if (r === undefined) {
    fin()
    return
  }
  return r.finally(fin)
}

/** Plain text between tags. */
export class TextNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(readonly text: string) {
    super()
  }
  render(_ctx: Context, out: Output): RenderResult {
    out.push(this.text)
  }
  override compile(): NodeRenderer {
    if (this.render !== TextNode.prototype.render) return super.compile()
    const text = this.text
    return (_ctx, out) => {
      out.push(text)
    }
  }
  override generate(codegen: NodeCodegen): boolean {
    if (this.render !== TextNode.prototype.render) return false
    codegen.text(codegen.constant(this.text))
    return true
  }
}

/**
 * How a value prints in a template: localized numbers and dates, Python-style
 * None/True/False and lists, escaped when autoescaping is on unless already safe.
 */
export function renderValue(value: unknown, ctx: Context): string {
  if (typeof value === 'string') return ctx.autoescape ? escapeHtml(value) : value
  if (value instanceof SafeString) return value.valueOf()
  if (typeof value === 'number') {
    return ctx.numberFormats.plain ? String(value) : renderNumber(value, ctx)
  }
  let text: unknown = value
  if (value instanceof Date) text = formatDate(value, 'N j, Y, P', templateTimeZone(value, ctx))
  else if (typeof value === 'bigint') {
    return ctx.numberFormats.plain ? value.toString() : renderNumber(value, ctx)
  } else if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { __html__?: unknown }).__html__ === 'function'
  ) {
    return ctx.autoescape
      ? conditionalEscape(value).valueOf()
      : (value as { __html__(): string }).__html__()
  } else text = toStr(value)
  return ctx.autoescape ? escapeHtml(text as string) : (text as string)
}

/**
 * A number under non-default formats: localized unless `{% localize off %}` (Django's
 * `str(value)` then); NaN and infinities keep the spelling of the default path. Separators
 * are the project's text, so the result is escaped like any other.
 */
function renderNumber(value: number | bigint, ctx: Context): string {
  if (!ctx.useL10n || (typeof value === 'number' && !Number.isFinite(value))) return String(value)
  const text = localizeNumber(value, ctx.numberFormats)
  return ctx.autoescape ? escapeHtml(text) : text
}

/** `{{ expression }}`. */
export class VariableNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(readonly expression: FilterExpression) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const value = this.expression.resolve(ctx)
    if (isThenable(value)) {
      return (value as Promise<unknown>).then((v) => {
        out.push(renderValue(v, ctx))
      })
    }
    out.push(renderValue(value, ctx))
  }
  override compile(): NodeRenderer {
    if (this.render !== VariableNode.prototype.render) return super.compile()
    const expression = this.expression
    return (ctx, out) => {
      const value = expression.resolve(ctx)
      // Strings (what most filters return) first: one typeof, no thenable probe.
      if (typeof value === 'string') {
        out.push(ctx.autoescape ? escapeHtml(value) : value)
        return
      }
      if (value instanceof SafeString) {
        out.push(value.valueOf())
        return
      }
      if (isThenable(value)) {
        return (value as Promise<unknown>).then((v) => {
          out.push(renderValue(v, ctx))
        })
      }
      out.push(renderValue(value, ctx))
    }
  }
  override generate(codegen: NodeCodegen): boolean {
    if (this.render !== VariableNode.prototype.render) return false
    if (this.compile !== VariableNode.prototype.compile) return false
    codegen.expression(this.expression, false)
    // The compiled closure's steps: strings first, then safe strings, async, the rest.
    codegen.line(
      "if (typeof v === 'string') s += ctx.autoescape ? escapeHtml(v) : v",
      'else if (v instanceof SafeString) s += v.valueOf()',
      "else if (typeof v === 'number') s += ctx.numberFormats.plain ? String(v) : renderValue(v, ctx)",
      `else if (${thenableCode('v')}) {`,
    )
    codegen.handOver('v.then((x) => { out.push(renderValue(x, ctx)) })')
    codegen.line('} else s += renderValue(v, ctx)')
    return true
  }
}
