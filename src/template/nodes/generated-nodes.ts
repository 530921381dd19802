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
  type ExpressionParts,
  type HeadCache,
} from '../compiled-expression.js'
import type { Context } from '../context.js'
import { SafeString } from '../safe-string.js'
import { escapeHtml } from '../../utils/html.js'
import { isTruthy } from '../utils/py.js'
import type { Node, NodeRenderer, Output } from './base.js'

/** Most nodes one generated function covers (larger lists keep their closures). */
const MAX_NODES = 150

/** What the generated code needs from base.ts (passed in to keep the modules acyclic). */
export interface GeneratedRuntime {
  annotate(error: unknown, node: Node): unknown
  renderValue(value: unknown, ctx: Context): string
}

/** Where rendering continues after a hand-over: a node list, its renderers, the next index. */
type Frame = readonly [nodes: readonly Node[], fns: readonly NodeRenderer[], from: number]

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
  for (const [nodes, fns, from] of frames) {
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

interface Level {
  readonly nodes: readonly Node[]
  readonly fns: readonly NodeRenderer[]
  index: number
  /** Index in NODES of the node being generated. */
  at: number
}

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
    const level = this.#levels[this.#levels.length - 1]
    if (level) this.code.push(`at = ${level.at}`)
  }

  handOver(pending: string): void {
    const frames: Frame[] = []
    for (let i = this.#levels.length - 1; i >= 0; i--) {
      const { nodes, fns, index } = this.#levels[i] as Level
      if (index + 1 < nodes.length) frames.push([nodes, fns, index + 1])
    }
    this.code.push(
      "if (s !== '') out.push(s)",
      `return RESUME(${pending}, NODES[at], ${this.constant(frames)}, ctx, out)`,
    )
  }

  nodes(list: readonly Node[], fns: readonly NodeRenderer[] = list.map((n) => n.compile())): void {
    const level: Level = { nodes: list, fns, index: 0, at: 0 }
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
