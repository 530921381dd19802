/**
 * Loop tags: `{% for %}` (with `{% empty %}`, `reversed`, unpacking and `forloop`),
 * `{% cycle %}`, `{% resetcycle %}` and `{% regroup %}`.
 *
 * `for` accepts arrays, strings, Sets, Maps and plain objects (their keys, like a Python
 * dict; their entries when unpacking into two names), any iterable, and async values: a
 * Promise is awaited and an async iterable collected before the loop starts. One `forloop`
 * object per loop is updated in place each iteration.
 */
import type { Context, Scope } from '../../context.js'
import { TemplateSyntaxError } from '../../errors.js'
import type { FilterExpression } from '../../filter-expression.js'
import type { Library } from '../../library.js'
import {
  Node,
  compileNodes,
  lastly,
  renderValue,
  type NodeRenderer,
  type RenderResult,
  type Output,
} from '../../nodes/base.js'
import type { NodeCodegen } from '../../nodes/generated-nodes.js'
import type { Parser } from '../../parser.js'
import { isPlainObject, pyEquals, pyLen } from '../../utils/py.js'
import { isThenable } from '../../utils/thenable.js'

/** The `forloop` variable. */
export class ForLoop {
  counter0 = 0
  counter = 1
  revcounter = 0
  revcounter0 = 0
  first = true
  last = false
  constructor(readonly parentloop: ForLoop | Record<string, never>) {}
}

/** Turn a for-loop sequence into an array (or a Promise of one for async sources). */
export function toSequence(value: unknown, pairs: boolean): unknown[] | Promise<unknown[]> {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value
  if (typeof value === 'string') return [...value]
  if (value instanceof String) return [...value.valueOf()]
  if (value instanceof Map) return pairs ? [...value.entries()] : [...value.keys()]
  if (isPlainObject(value)) return pairs ? Object.entries(value) : Object.keys(value)
  if (typeof value === 'object' || typeof value === 'function') {
    if (Symbol.iterator in (value as object)) return Array.from(value as Iterable<unknown>)
    if (Symbol.asyncIterator in (value as object)) return collect(value as AsyncIterable<unknown>)
    if (isThenable(value)) return Promise.resolve(value).then((v) => toSequence(v, pairs))
  }
  throw new TypeError(
    `'${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}' object is not iterable`,
  )
}

async function collect(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = []
  for await (const item of source) items.push(item)
  return items
}

/** `{% for x in seq %}…{% empty %}…{% endfor %}`. */
export class ForNode extends Node {
  override childNodelists = ['nodelist', 'nodelistEmpty']
  /** The body and the `{% empty %}` branch, compiled on first render. */
  #body: NodeRenderer | undefined
  #empty: NodeRenderer | undefined
  constructor(
    readonly loopvars: readonly string[],
    readonly sequence: FilterExpression,
    readonly reversed: boolean,
    readonly nodelist: Node[],
    readonly nodelistEmpty: Node[],
  ) {
    super()
  }

  render(ctx: Context, out: Output): RenderResult {
    const raw = this.sequence.resolve(ctx, true)
    if (isThenable(raw)) return (raw as Promise<unknown>).then((v) => this.#withValues(v, ctx, out))
    return this.#withValues(raw, ctx, out)
  }

  #withValues(raw: unknown, ctx: Context, out: Output): RenderResult {
    const seq = toSequence(raw, this.loopvars.length > 1)
    if (isThenable(seq)) return (seq as Promise<unknown[]>).then((s) => this.#loop(s, ctx, out))
    return this.#loop(seq as unknown[], ctx, out)
  }

  #loop(values: unknown[], ctx: Context, out: Output): RenderResult {
    if (values.length === 0) return (this.#empty ??= compileNodes(this.nodelistEmpty))(ctx, out)
    return this.#iterate(values, 0, this.beginLoop(ctx), ctx, out)
  }

  /** Iterations `start`… of `values` in the loop's pushed `scope`, then pop it. */
  #iterate(
    values: unknown[],
    start: number,
    scope: Scope,
    ctx: Context,
    out: Output,
  ): RenderResult {
    const n = values.length
    const loop = scope.forloop as ForLoop
    const vars = this.loopvars
    const single = vars.length === 1 ? (vars[0] as string) : null
    const body = (this.#body ??= compileNodes(this.nodelist))
    const reversed = this.reversed
    const run = (from: number): RenderResult => {
      for (let i = from; i < n; i++) {
        const item = values[reversed ? n - 1 - i : i]
        loop.counter0 = i
        loop.counter = i + 1
        loop.revcounter = n - i
        loop.revcounter0 = n - i - 1
        loop.first = i === 0
        loop.last = i === n - 1
        if (single !== null) scope[single] = item
        else unpack(vars, item, scope)
        const r = body(ctx, out)
        if (r !== undefined) return r.then(() => run(i + 1))
      }
    }
    let result: RenderResult
    try {
      result = run(start)
    } catch (error) {
      ctx.pop()
      throw error
    }
    return lastly(result, () => ctx.pop())
  }

  // The loop as generated code runs it (nodes/generated-nodes.ts, GeneratedLoopNode): the
  // generated function iterates itself and calls these for the steps it leaves to the tag.

  sequenceOf(value: unknown): unknown[] | Promise<unknown[]> {
    return toSequence(value, this.loopvars.length > 1)
  }

  beginLoop(ctx: Context): Scope {
    const parent = ctx.lookup('forloop')
    const scope = ctx.push()
    scope.forloop = new ForLoop(parent instanceof ForLoop ? parent : {})
    return scope
  }

  assign(item: unknown, scope: Scope): void {
    unpack(this.loopvars, item, scope)
  }

  resumeIterations(
    values: unknown[],
    from: number,
    scope: Scope,
    ctx: Context,
    out: Output,
  ): RenderResult {
    return this.#iterate(values, from, scope, ctx, out)
  }

  renderFromValue(pending: unknown, ctx: Context, out: Output): Promise<void> {
    return Promise.resolve(pending).then((value) => this.#withValues(value, ctx, out))
  }

  override generate(codegen: NodeCodegen): boolean {
    if (this.render !== ForNode.prototype.render) return false
    codegen.loop({
      node: this,
      sequence: this.sequence,
      loopvars: this.loopvars,
      reversed: this.reversed,
      body: this.nodelist,
      empty: this.nodelistEmpty,
    })
    return true
  }
}

function unpack(vars: readonly string[], item: unknown, scope: Record<string, unknown>): void {
  const parts: unknown[] = Array.isArray(item)
    ? item
    : typeof item === 'string'
      ? [...item]
      : item !== null && typeof item === 'object' && Symbol.iterator in item
        ? Array.from(item as Iterable<unknown>)
        : [item]
  if (parts.length !== vars.length) {
    throw new TemplateSyntaxError(
      `Need ${vars.length} values to unpack in for loop; got ${pyLen(item) ?? 1}.`,
    )
  }
  for (let i = 0; i < vars.length; i++) scope[vars[i] as string] = parts[i]
}

function parseFor(parser: Parser, token: { contents: string; splitContents(): string[] }): Node {
  const bits = token.splitContents()
  const usage = `'for' statements should use the format 'for x in y': ${token.contents}`
  if (bits.length < 4) throw new TemplateSyntaxError(usage)
  const reversed = bits[bits.length - 1] === 'reversed'
  const inIndex = reversed ? bits.length - 3 : bits.length - 2
  if (bits[inIndex] !== 'in') throw new TemplateSyntaxError(usage)
  const loopvars = bits.slice(1, inIndex).join(' ').split(/ *, */)
  for (const v of loopvars) {
    if (!v || /\s/.test(v))
      throw new TemplateSyntaxError(`'for' tag received an invalid argument: ${token.contents}`)
  }
  const sequence = parser.compileFilter(bits[inIndex + 1] as string)
  const nodelist = parser.parse(['empty', 'endfor'])
  let nodelistEmpty: Node[] = []
  if (parser.nextToken().contents === 'empty') {
    nodelistEmpty = parser.parse(['endfor'])
    parser.nextToken()
  }
  return new ForNode(loopvars, sequence, reversed, nodelist, nodelistEmpty)
}

/** `{% cycle a b c [as name [silent]] %}`. */
export class CycleNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly values: FilterExpression[],
    readonly variableName: string | null = null,
    readonly silent = false,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const index = (ctx.renderContext.get(this) as number | undefined) ?? 0
    ctx.renderContext.set(this, (index + 1) % this.values.length)
    const value = (this.values[index] as FilterExpression).resolve(ctx)
    const emit = (v: unknown): void => {
      if (this.variableName !== null) ctx.setUpward(this.variableName, v)
      if (!this.silent) out.push(renderValue(v, ctx))
    }
    if (isThenable(value)) return (value as Promise<unknown>).then(emit)
    emit(value)
  }
  reset(ctx: Context): void {
    ctx.renderContext.delete(this)
  }
}

function namedCycles(parser: Parser): Map<string, CycleNode> {
  let named = parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined
  if (!named) parser.extra.set('namedCycles', (named = new Map()))
  return named
}

function parseCycle(parser: Parser, token: { splitContents(): string[] }): Node {
  let args = token.splitContents()
  if (args.length < 2) throw new TemplateSyntaxError("'cycle' tag requires at least two arguments")
  if (args.length === 2) {
    const name = args[1] as string
    const named = parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined
    if (!named)
      throw new TemplateSyntaxError(`No named cycles in template. '${name}' is not defined`)
    const node = named.get(name)
    if (!node) throw new TemplateSyntaxError(`Named cycle '${name}' does not exist`)
    return node
  }
  let node: CycleNode
  let asForm = false
  let silent = false
  if (args.length > 4) {
    if (args[args.length - 3] === 'as') {
      if (args[args.length - 1] !== 'silent') {
        throw new TemplateSyntaxError(
          `Only 'silent' flag is allowed after cycle's name, not '${args[args.length - 1]}'.`,
        )
      }
      asForm = silent = true
      args = args.slice(0, -1)
    } else if (args[args.length - 2] === 'as') asForm = true
  }
  if (asForm) {
    const name = args[args.length - 1] as string
    node = new CycleNode(
      args.slice(1, -2).map((a) => parser.compileFilter(a)),
      name,
      silent,
    )
    namedCycles(parser).set(name, node)
  } else node = new CycleNode(args.slice(1).map((a) => parser.compileFilter(a)))
  parser.extra.set('lastCycle', node)
  return node
}

/** `{% resetcycle [name] %}`. */
export class ResetCycleNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(readonly node: CycleNode) {
    super()
  }
  render(ctx: Context): RenderResult {
    this.node.reset(ctx)
  }
}

/** `{% regroup list by attr as name %}`. */
export class RegroupNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly target: FilterExpression,
    readonly expression: FilterExpression,
    readonly varName: string,
    readonly itemName: string,
  ) {
    super()
  }
  render(ctx: Context): RenderResult {
    const raw = this.target.resolve(ctx, true)
    if (isThenable(raw)) return (raw as Promise<unknown>).then((v) => this.#group(v, ctx))
    return this.#group(raw, ctx)
  }
  #group(raw: unknown, ctx: Context): RenderResult {
    if (raw === null || raw === undefined) {
      ctx.set(this.varName, [])
      return
    }
    const seq = toSequence(raw, false)
    if (isThenable(seq)) return (seq as Promise<unknown[]>).then((s) => this.#group(s, ctx))
    const scope = ctx.push()
    const keys: unknown[] = []
    let async = false
    try {
      for (const item of seq as unknown[]) {
        scope[this.itemName] = item
        const key = this.expression.resolve(ctx, true)
        if (isThenable(key)) async = true
        keys.push(key)
      }
    } finally {
      ctx.pop()
    }
    const build = (resolved: unknown[]): void => {
      const groups: unknown[] = []
      let current: { grouper: unknown; list: unknown[] } | null = null
      ;(seq as unknown[]).forEach((item, i) => {
        const key = resolved[i]
        if (current === null || !pyEquals(current.grouper, key)) {
          current = { grouper: key, list: [] }
          groups.push(current)
        }
        current.list.push(item)
      })
      // Each group is both `{grouper, list}` and a 2-item list, so
      // `{% for grouper, list in groups %}` unpacks as in Django.
      ctx.set(
        this.varName,
        groups.map((g) => {
          const { grouper, list } = g as { grouper: unknown; list: unknown[] }
          return Object.assign([grouper, list], { grouper, list })
        }),
      )
    }
    if (async) return Promise.all(keys).then(build)
    build(keys)
  }
}

/** Register for, cycle, resetcycle, regroup. */
export function registerLoops(lib: Library): void {
  lib.tag('for', parseFor)
  lib.tag('cycle', parseCycle)
  lib.tag('resetcycle', (parser, token) => {
    const args = token.splitContents()
    if (args.length > 2)
      throw new TemplateSyntaxError(`${args[0]} tag accepts at most one argument.`)
    if (args.length === 2) {
      const name = args[1] as string
      const node = (parser.extra.get('namedCycles') as Map<string, CycleNode> | undefined)?.get(
        name,
      )
      if (!node) throw new TemplateSyntaxError(`Named cycle '${name}' does not exist.`)
      return new ResetCycleNode(node)
    }
    const last = parser.extra.get('lastCycle') as CycleNode | undefined
    if (!last) throw new TemplateSyntaxError('No cycles in template.')
    return new ResetCycleNode(last)
  })
  lib.tag('regroup', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length !== 6) throw new TemplateSyntaxError("'regroup' tag takes five arguments")
    if (bits[2] !== 'by')
      throw new TemplateSyntaxError("second argument to 'regroup' tag must be 'by'")
    if (bits[4] !== 'as')
      throw new TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'")
    const varName = bits[5] as string
    const itemName = `regroupitem`
    const expression = parser.compileFilter(`${itemName}.${bits[3]}`)
    return new RegroupNode(parser.compileFilter(bits[1] as string), expression, varName, itemName)
  })
}
