/**
 * Generated node lists: a hot node list (a `for` body, an `if` branch) turned into one
 * JavaScript function with `new Function`, once it has been rendered a few times.
 *
 * `compileNodes` (base.ts) first renders a list through closures: one call per node, each
 * writing to `out`. Here the whole list becomes straight-line code instead: text is appended
 * to a local string, every `{{ }}` has its lookup, filters, escaping and append written out in
 * place (the expression's code from compiled-expression.ts), and `{% if %}` branches are
 * nested blocks of the same function. The local string goes to `out` once, at the end (or
 * before a node that is not generated writes to `out` itself). V8 then sees one function with
 * constant property names, constant filter calls and no dispatch on node classes.
 *
 * Nodes take part through `Node.generate(codegen)`, which writes their code and returns true,
 * or returns false to be called through their compiled renderer (custom tags, `for`, tags
 * with their own scopes). Generated code does what the closures do, step by step; anything
 * unusual hands over to the general path:
 * - an async value (a Promise from a lookup, a filter or a condition) flushes the output
 *   so far and returns a Promise that finishes that node and then renders the rest of the
 *   list, and of every enclosing list, through their closures (`resumeAfter`);
 * - an error is tagged with the position of the node that was running (`at`), as
 *   `compileNodes` does.
 *
 * Safety: the source contains no template text. Texts, variable names, filter functions and
 * node objects are constants passed in through `env`; the only strings spliced into code are
 * path segments, as JSON string literals (compiled-expression.ts). Where `new Function` is
 * refused, `generateNodeList` returns null and the closures stay in use.
 */
import {
  EXPRESSION_HELPERS,
  buildGenerated,
  expressionCode,
  thenableCode,
  type ExpressionParts,
  type HeadCache,
} from '../compiled-expression.js'
import type { Context } from '../context.js'
import { SafeString } from '../safe-string.js'
import { escapeHtml } from '../../utils/html.js'
import { isTruthy } from '../utils/py.js'
import type { Node, NodeRenderer, Output, RenderResult } from './base.js'

/** Most nodes one generated function covers (larger lists keep their closures). */
const MAX_NODES = 150

/** What the generated code needs from base.ts (passed in to keep the modules acyclic). */
export interface GeneratedRuntime {
  annotate(error: unknown, node: Node): unknown
  renderValue(value: unknown, ctx: Context): string
}

/** Where rendering continues after a hand-over: a node list, its renderers, the next index. */
type ListFrame = readonly [nodes: readonly Node[], fns: readonly NodeRenderer[], from: number]

/**
 * A generated `for` loop interrupted by a hand-over inside its body: the iterations after
 * `from` still to render (through the loop node's closures), then its scope to pop.
 */
interface LoopFrame {
  readonly loop: GeneratedLoopNode
  readonly values: unknown[]
  readonly from: number
  readonly scope: Record<string, unknown>
}

type Frame = ListFrame | LoopFrame

/**
 * What a `for` node offers generated code (builtins/tags/loops.ts implements it; passed in
 * as an object so this module does not import the tag).
 */
export interface GeneratedLoopNode {
  /** The sequence to iterate (or a Promise of it), as the tag's own code turns values. */
  sequenceOf(value: unknown): unknown[] | Promise<unknown[]>
  /** A new `forloop` (its parent found in `ctx`) in a pushed scope; returns the scope. */
  beginLoop(ctx: Context): Record<string, unknown>
  /** Assign one item to the loop variables in `scope` (several names: unpacking). */
  assign(item: unknown, scope: Record<string, unknown>): void
  /** Render iterations `from`… through closures, then pop the loop's scope. */
  resumeIterations(
    values: unknown[],
    from: number,
    scope: Record<string, unknown>,
    ctx: Context,
    out: Output,
  ): RenderResult
  /** The whole loop, once its sequence (a Promise) settled. */
  renderFromValue(pending: unknown, ctx: Context, out: Output): RenderResult
}

/** What `codegen.loop` needs to generate a `for` loop in place. */
export interface GeneratedLoopSpec {
  readonly node: GeneratedLoopNode
  readonly sequence: { readonly parts: ExpressionParts }
  readonly loopvars: readonly string[]
  readonly reversed: boolean
  readonly body: readonly Node[]
  readonly empty: readonly Node[]
}

/**
 * What a node's `generate` writes its code with. The code runs inside a function with
 * `ctx` and `out` as parameters and these locals: `s` (output not yet pushed to `out`), `v`
 * (the last expression's value) and `r` (a scratch value). Append output with `text`, never
 * by pushing to `out` directly (the order would break).
 */
export interface NodeCodegen {
  /** Name of a constant holding `value` in the generated code. */
  constant(value: unknown): string
  /** Append source lines. */
  line(...code: string[]): void
  /** Append the value of a string-valued code expression to the output. */
  text(code: string): void
  /** Lines setting `v` to the expression's value (or a Promise of it). */
  expression(expression: { readonly parts: ExpressionParts }, ignoreFailures: boolean): void
  /** Lines rendering a nested node list in place. */
  nodes(list: readonly Node[]): void
  /** Lines marking the current node as the one running (for error positions). */
  here(): void
  /**
   * Lines that flush the output and return, handing the rest of the render over: `pending` is
   * a code expression of a Promise that finishes the current node; the rest of the current
   * list and of its enclosing lists then renders through their closures.
   */
  handOver(pending: string): void
  /**
   * Lines noting that the context's scopes may have changed here (code the generator does not
   * control ran, such as a condition's own evaluation): names looked up before are looked up
   * again.
   */
  scopesMayHaveChanged(): void
  /** Lines rendering a `for` loop in place (body and `{% empty %}` generated too). */
  loop(spec: GeneratedLoopSpec): void
}

/** Placeholder for "forget the cached names", replaced once every cached name is known. */
const INVALIDATE = '/* invalidate head cache */'

/** Continue a render that went async at `node`: wait for it, then render the frames' rest. */
async function resumeAfter(
  runtime: GeneratedRuntime,
  pending: PromiseLike<unknown>,
  node: Node,
  frames: readonly Frame[],
  ctx: Context,
  out: Output,
): Promise<void> {
  try {
    await pending
  } catch (error) {
    throw runtime.annotate(error, node)
  }
  for (const frame of frames) {
    if (!Array.isArray(frame)) {
      const { loop, values, from, scope } = frame as LoopFrame
      await loop.resumeIterations(values, from, scope, ctx, out)
      continue
    }
    const [nodes, fns, from] = frame as ListFrame
    for (let i = from; i < fns.length; i++) {
      try {
        const r = (fns[i] as NodeRenderer)(ctx, out)
        if (r !== undefined) await r
      } catch (error) {
        throw runtime.annotate(error, nodes[i] as Node)
      }
    }
  }
}

interface ListLevel {
  readonly kind: 'list'
  readonly nodes: readonly Node[]
  readonly fns: readonly NodeRenderer[]
  index: number
  /** Index in NODES of the node being generated. */
  at: number
}

/** A generated loop being written: the names of its locals in the generated code. */
interface LoopLevel {
  readonly kind: 'loop'
  /** Constant holding the loop node. */
  readonly node: string
  readonly values: string
  readonly index: string
  readonly scope: string
  /** Set before a hand-over: the continuation pops the scope, not the `finally`. */
  readonly handedOver: string
}

type Level = ListLevel | LoopLevel

class Generator implements NodeCodegen, HeadCache {
  readonly env: Record<string, unknown>
  readonly code: string[] = []
  readonly all: Node[] = []
  /** Nodes generated in place (a list with none gains nothing from generation). */
  inlined = 0
  #budget = MAX_NODES
  #names = 0
  readonly #levels: Level[] = []
  /** Cache variable of each name looked up (see HeadCache in compiled-expression.ts). */
  readonly heads = new Map<string, string>()

  constructor(runtime: GeneratedRuntime) {
    this.env = {
      ...EXPRESSION_HELPERS,
      escapeHtml,
      SafeString,
      isTruthy,
      renderValue: runtime.renderValue,
      annotate: runtime.annotate,
      RESUME: (
        pending: PromiseLike<unknown>,
        node: Node,
        frames: readonly Frame[],
        ctx: Context,
        out: Output,
      ) => resumeAfter(runtime, pending, node, frames, ctx, out),
      NODES: this.all,
    }
  }

  constant(value: unknown): string {
    const name = `c${this.#names++}`
    this.env[name] = value
    return name
  }

  line(...code: string[]): void {
    this.code.push(...code)
  }

  text(code: string): void {
    this.code.push(`s += ${code}`)
  }

  expression(expression: { readonly parts: ExpressionParts }, ignoreFailures: boolean): void {
    const code = expressionCode(
      expression.parts,
      String(this.#names++),
      String(ignoreFailures),
      this.env,
      this,
    )
    if (code !== null) this.code.push(...code)
    else {
      // The general path may run any filter: names are looked up afresh after it.
      this.code.push(`v = ${this.constant(expression)}.resolve(ctx, ${ignoreFailures})`)
      this.scopesMayHaveChanged()
    }
  }

  variableFor(head: string): string {
    let name = this.heads.get(head)
    if (name === undefined) this.heads.set(head, (name = `h${this.heads.size}`))
    return name
  }

  invalidate(): string {
    return INVALIDATE
  }

  scopesMayHaveChanged(): void {
    this.code.push(INVALIDATE)
  }

  here(): void {
    for (let i = this.#levels.length - 1; i >= 0; i--) {
      const level = this.#levels[i] as Level
      if (level.kind === 'list') {
        this.code.push(`at = ${level.at}`)
        return
      }
    }
  }

  handOver(pending: string): void {
    // Frames from the innermost out: the rest of each list, and for each generated loop the
    // iterations after the current one (built at run time: they depend on the loop's state).
    const frames: string[] = []
    const handed: string[] = []
    for (let i = this.#levels.length - 1; i >= 0; i--) {
      const level = this.#levels[i] as Level
      if (level.kind === 'loop') {
        frames.push(
          `{ loop: ${level.node}, values: ${level.values}, from: ${level.index} + 1, scope: ${level.scope} }`,
        )
        handed.push(`${level.handedOver} = true`)
        continue
      }
      const { nodes, fns, index } = level
      if (index + 1 < nodes.length) frames.push(this.constant([nodes, fns, index + 1]))
    }
    this.code.push(
      "if (s !== '') out.push(s)",
      ...handed,
      `return RESUME(${pending}, NODES[at], [${frames.join(', ')}], ctx, out)`,
    )
  }

  loop(spec: GeneratedLoopSpec): void {
    const id = this.#names++
    const node = this.constant(spec.node)
    const level: LoopLevel = {
      kind: 'loop',
      node,
      values: `seq${id}`,
      index: `i${id}`,
      scope: `scope${id}`,
      handedOver: `handed${id}`,
    }
    const single = spec.loopvars.length === 1 ? JSON.stringify(spec.loopvars[0]) : null
    this.expression(spec.sequence, true)
    this.line(`if (${thenableCode('v')}) {`)
    this.handOver(`${node}.renderFromValue(v, ctx, out)`)
    this.line('}', `r = ${node}.sequenceOf(v)`, `if (${thenableCode('r')}) {`)
    this.handOver(`${node}.renderFromValue(r, ctx, out)`)
    this.line('}', 'if (r.length === 0) {')
    this.nodes(spec.empty)
    this.line(
      '} else {',
      `const ${level.values} = r`,
      `const n${id} = r.length`,
      `const ${level.scope} = ${node}.beginLoop(ctx)`,
      `const loop${id} = ${level.scope}.forloop`,
      `let ${level.handedOver} = false`,
      'try {',
      `for (let ${level.index} = 0; ${level.index} < n${id}; ${level.index}++) {`,
      `const item${id} = ${level.values}[${spec.reversed ? `n${id} - 1 - ${level.index}` : level.index}]`,
      `loop${id}.counter0 = ${level.index}`,
      `loop${id}.counter = ${level.index} + 1`,
      `loop${id}.revcounter = n${id} - ${level.index}`,
      `loop${id}.revcounter0 = n${id} - ${level.index} - 1`,
      `loop${id}.first = ${level.index} === 0`,
      `loop${id}.last = ${level.index} === n${id} - 1`,
      single !== null
        ? `${level.scope}[${single}] = item${id}`
        : `${node}.assign(item${id}, ${level.scope})`,
    )
    this.scopesMayHaveChanged()
    this.#levels.push(level)
    this.nodes(spec.body)
    this.#levels.pop()
    this.line('}', '} finally {', `if (!${level.handedOver}) ctx.pop()`, '}')
    this.scopesMayHaveChanged()
    this.line('}')
  }

  nodes(list: readonly Node[], fns: readonly NodeRenderer[] = list.map((n) => n.compile())): void {
    const level: ListLevel = { kind: 'list', nodes: list, fns, index: 0, at: 0 }
    this.#levels.push(level)
    for (let i = 0; i < list.length; i++) {
      const node = list[i] as Node
      level.index = i
      level.at = this.all.push(node) - 1
      this.code.push(`at = ${level.at}`)
      if (this.#budget-- > 0 && node.generate(this)) {
        this.inlined++
        continue
      }
      // Not generated: flush, then let the node write to `out` itself.
      this.code.push(
        "if (s !== '') { out.push(s); s = '' }",
        `r = ${this.constant(fns[i])}(ctx, out)`,
        'if (r !== undefined) {',
      )
      this.handOver('r')
      this.code.push('}')
      // A tag rendered by its own code (a `with`, a custom tag) may change the scopes.
      this.scopesMayHaveChanged()
    }
    this.#levels.pop()
  }
}

/**
 * One function rendering `nodes` (see the module comment), or null when the list is too long,
 * nothing in it can be generated, or code generation is refused. `fns` are the nodes'
 * compiled renderers (`node.compile()`), used for nodes that are not generated and after a
 * hand-over.
 */
export function generateNodeList(
  nodes: readonly Node[],
  fns: readonly NodeRenderer[],
  runtime: GeneratedRuntime,
): NodeRenderer | null {
  if (nodes.length === 0 || nodes.length > MAX_NODES) return null
  const g = new Generator(runtime)
  g.nodes(nodes, fns)
  if (g.inlined === 0) return null
  const heads = [...g.heads.values()]
  const forget = heads.map((name) => `${name} = UNSET`).join('; ')
  const body = [
    "let s = ''",
    'let v',
    'let r',
    'let at = 0',
    ...heads.map((name) => `let ${name} = UNSET`),
    'try {',
    ...g.code.map((line) => (line === INVALIDATE ? forget : line)),
    '} catch (error) {',
    'throw annotate(error, NODES[at])',
    '}',
    "if (s !== '') out.push(s)",
  ].join('\n')
  return buildGenerated<NodeRenderer>(g.env, body, 'generatedNodes', 'ctx, out')
}
