/**
 * `{% if %}` / `{% elif %}` / `{% else %}` and `{% ifchanged %}`.
 */
import type { Context } from '../../context.js'
import { TemplateSyntaxError } from '../../errors.js'
import type { FilterExpression } from '../../filter-expression.js'
import type { Library } from '../../library.js'
import {
  Node,
  compileNodes,
  renderNodes,
  renderNodesToString,
  type NodeRenderer,
  type RenderResult,
  type Output,
} from '../../nodes/base.js'
import { thenableCode } from '../../compiled-expression.js'
import type { NodeCodegen } from '../../nodes/generated-nodes.js'
import { Operand, parseCondition, type Condition } from '../../nodes/if-expression.js'
import type { Parser } from '../../parser.js'
import { isTruthy, pyEquals } from '../../utils/py.js'
import { isThenable } from '../../utils/thenable.js'
import { ForLoop } from './loops.js'

/** `{% if a %}…{% elif b %}…{% else %}…{% endif %}`. */
export class IfNode extends Node {
  override childNodelists: readonly string[] = ['nodelist']
  constructor(readonly branches: readonly { condition: Condition | null; nodelist: Node[] }[]) {
    super()
  }
  /** All branch bodies (for tree walks). */
  get nodelist(): Node[] {
    return this.branches.flatMap((b) => b.nodelist)
  }
  /** Branch bodies, compiled on first render (same order as `branches`). */
  #bodies: NodeRenderer[] | undefined

  render(ctx: Context, out: Output): RenderResult {
    return this.#from(0, ctx, out)
  }
  #from(index: number, ctx: Context, out: Output): RenderResult {
    const branches = this.branches
    const bodies = (this.#bodies ??= branches.map((b) => compileNodes(b.nodelist)))
    for (let i = index; i < branches.length; i++) {
      const condition = (branches[i] as { condition: Condition | null }).condition
      if (condition === null) return (bodies[i] as NodeRenderer)(ctx, out)
      const value = condition.evaluate(ctx)
      if (isThenable(value)) {
        const next = i + 1
        return (value as Promise<unknown>).then((v) =>
          isTruthy(v) ? (bodies[i] as NodeRenderer)(ctx, out) : this.#from(next, ctx, out),
        )
      }
      if (isTruthy(value)) return (bodies[i] as NodeRenderer)(ctx, out)
    }
  }

  /**
   * Finish rendering once the condition of branch `index` settles (generated code hands
   * over here when a condition is async).
   */
  continueWith(
    index: number,
    pending: PromiseLike<unknown>,
    ctx: Context,
    out: Output,
  ): Promise<void> {
    const bodies = (this.#bodies ??= this.branches.map((b) => compileNodes(b.nodelist)))
    return Promise.resolve(pending).then((v) =>
      isTruthy(v) ? (bodies[index] as NodeRenderer)(ctx, out) : this.#from(index + 1, ctx, out),
    )
  }

  /** Branches as nested blocks of a generated node list; single operands inlined. */
  override generate(codegen: NodeCodegen): boolean {
    if (this.render !== IfNode.prototype.render) return false
    const self = codegen.constant(this)
    let open = 0
    this.branches.forEach(({ condition, nodelist }, index) => {
      if (condition === null) {
        codegen.nodes(nodelist)
        return
      }
      codegen.here()
      if (condition instanceof Operand) codegen.expression(condition.expr, true)
      else {
        codegen.line(`v = ${codegen.constant(condition)}.evaluate(ctx)`)
        codegen.scopesMayHaveChanged()
      }
      codegen.line(`if (${thenableCode('v')}) {`)
      codegen.handOver(`${self}.continueWith(${index}, v, ctx, out)`)
      codegen.line('}', 'if (isTruthy(v)) {')
      codegen.nodes(nodelist)
      codegen.line('} else {')
      open++
    })
    codegen.line('}'.repeat(open))
    return true
  }
}

function parseIf(parser: Parser, token: { splitContents(): string[] }): Node {
  const compile = (t: string): FilterExpression => parser.compileFilter(t)
  const words = token.splitContents().slice(1)
  if (words.length === 0) throw new TemplateSyntaxError("'if' statement requires an expression")
  const branches: { condition: Condition | null; nodelist: Node[] }[] = []
  let condition: Condition | null = parseCondition(words, compile)
  for (;;) {
    const nodelist = parser.parse(['elif', 'else', 'endif'])
    branches.push({ condition, nodelist })
    const next = parser.nextToken()
    const bits = next.splitContents()
    if (bits[0] === 'elif') {
      if (bits.length < 2) throw parser.error(next, "'elif' statement requires an expression")
      condition = parseCondition(bits.slice(1), compile)
    } else if (bits[0] === 'else') {
      branches.push({ condition: null, nodelist: parser.parse(['endif']) })
      parser.nextToken()
      break
    } else break
  }
  return new IfNode(branches)
}

const IFCHANGED_STATE = Symbol('ifchanged')

/** `{% ifchanged [vars] %}…{% else %}…{% endifchanged %}`. */
export class IfChangedNode extends Node {
  override childNodelists = ['nodelist', 'nodelistFalse']
  constructor(
    readonly nodelist: Node[],
    readonly nodelistFalse: Node[],
    readonly vars: FilterExpression[],
  ) {
    super()
  }

  #state(ctx: Context): Map<unknown, unknown> {
    const loop = ctx.get('forloop')
    if (loop instanceof ForLoop) {
      const holder = loop as unknown as { [IFCHANGED_STATE]?: Map<unknown, unknown> }
      return (holder[IFCHANGED_STATE] ??= new Map())
    }
    let state = ctx.renderContext.get(IFCHANGED_STATE) as Map<unknown, unknown> | undefined
    if (!state) ctx.renderContext.set(IFCHANGED_STATE, (state = new Map()))
    return state
  }

  render(ctx: Context, out: Output): RenderResult {
    const state = this.#state(ctx)
    const decide = (compareTo: unknown, rendered: string | null): RenderResult => {
      if (!state.has(this) || !pyEquals(state.get(this), compareTo)) {
        state.set(this, compareTo)
        if (rendered !== null) out.push(rendered)
        else return renderNodes(this.nodelist, ctx, out)
      } else if (this.nodelistFalse.length) return renderNodes(this.nodelistFalse, ctx, out)
    }
    if (this.vars.length) {
      const values = this.vars.map((v) => v.resolve(ctx, true))
      if (values.some(isThenable)) return Promise.all(values).then((v) => decide(v, null))
      return decide(values, null)
    }
    const rendered = renderNodesToString(this.nodelist, ctx)
    if (isThenable(rendered)) return (rendered as Promise<string>).then((s) => decide(s, s))
    return decide(rendered, rendered as string)
  }
}

/** Register if and ifchanged. */
export function registerConditionals(lib: Library): void {
  lib.tag('if', parseIf)
  lib.tag('ifchanged', (parser, token) => {
    const bits = token.splitContents().slice(1)
    const nodelist = parser.parse(['else', 'endifchanged'])
    let nodelistFalse: Node[] = []
    if (parser.nextToken().contents === 'else') {
      nodelistFalse = parser.parse(['endifchanged'])
      parser.nextToken()
    }
    return new IfChangedNode(
      nodelist,
      nodelistFalse,
      bits.map((b) => parser.compileFilter(b)),
    )
  })
}
