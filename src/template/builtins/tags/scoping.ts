/**
 * Tags that change how their body renders: `with`, `autoescape`, `filter`, `spaceless`,
 * plus the ones that control parsing: `comment`, `verbatim`, `templatetag`, `load`.
 */
import type { Context } from '../../context.js'
import { TemplateSyntaxError } from '../../errors.js'
import type { FilterExpression } from '../../filter-expression.js'
import type { Library } from '../../library.js'
import { TokenType } from '../../lexer.js'
import {
  Node,
  TextNode,
  lastly,
  renderNodes,
  renderNodesToString,
  type RenderResult,
  type Output,
} from '../../nodes/base.js'
import { markSafe } from '../../safe-string.js'
import { toStr } from '../../utils/py.js'
import { isThenable } from '../../utils/thenable.js'
import { tokenKwargs } from './inheritance.js'

/** `{% with a=b %}…{% endwith %}`. */
export class WithNode extends Node {
  constructor(
    readonly nodelist: Node[],
    readonly extra: ReadonlyMap<string, FilterExpression>,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const scope: Record<string, unknown> = Object.create(null)
    const pending: Promise<unknown>[] = []
    for (const [k, fe] of this.extra) {
      const v = fe.resolve(ctx)
      if (isThenable(v)) pending.push((v as Promise<unknown>).then((x) => (scope[k] = x)))
      else scope[k] = v
    }
    const go = (): RenderResult => {
      ctx.dicts.push(scope)
      return lastly(renderNodes(this.nodelist, ctx, out), () => ctx.pop())
    }
    return pending.length ? Promise.all(pending).then(go) : go()
  }
}

/** `{% autoescape on|off %}…{% endautoescape %}`. */
export class AutoescapeNode extends Node {
  constructor(
    readonly setting: boolean,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const previous = ctx.autoescape
    ctx.autoescape = this.setting
    return lastly(renderNodes(this.nodelist, ctx, out), () => (ctx.autoescape = previous))
  }
}

/** `{% filter f1|f2 %}…{% endfilter %}`: the body's output run through filters. */
export class FilterNode extends Node {
  constructor(
    readonly expression: FilterExpression,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const finish = (body: string): RenderResult => {
      const scope = ctx.push()
      scope.var = markSafe(body)
      // Django returns the filtered value as is: the body was already rendered (escaped).
      const apply = (v: unknown): void => {
        ctx.pop()
        out.push(toStr(v))
      }
      const value = this.expression.resolve(ctx)
      if (isThenable(value)) return (value as Promise<unknown>).then(apply)
      apply(value)
    }
    const body = renderNodesToString(this.nodelist, ctx)
    return isThenable(body) ? (body as Promise<string>).then(finish) : finish(body as string)
  }
}

const BETWEEN_TAGS = />\s+</g

/** `{% spaceless %}`: whitespace between tags removed. */
export class SpacelessNode extends Node {
  constructor(readonly nodelist: Node[]) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const body = renderNodesToString(this.nodelist, ctx)
    const emit = (s: string): void => {
      out.push(s.trim().replace(BETWEEN_TAGS, '><'))
    }
    if (isThenable(body)) return (body as Promise<string>).then(emit)
    emit(body as string)
  }
}

/** A node that renders nothing (comment, load). */
export class EmptyNode extends Node {
  override childNodelists: readonly string[] = []
  render(): RenderResult {}
}

const TEMPLATETAG: Record<string, string> = {
  openblock: '{%',
  closeblock: '%}',
  openvariable: '{{',
  closevariable: '}}',
  openbrace: '{',
  closebrace: '}',
  opencomment: '{#',
  closecomment: '#}',
}

/** Register with, autoescape, filter, spaceless, comment, verbatim, templatetag, load. */
export function registerScoping(lib: Library): void {
  lib.tag('with', (parser, token) => {
    const bits = token.splitContents()
    const rest = bits.slice(1)
    const extra = tokenKwargs(rest, parser, true)
    if (extra.size === 0)
      throw new TemplateSyntaxError(`'${bits[0]}' expected at least one variable assignment`)
    if (rest.length)
      throw new TemplateSyntaxError(`'${bits[0]}' received an invalid token: '${rest[0]}'`)
    const nodelist = parser.parse(['endwith'])
    parser.nextToken()
    return new WithNode(nodelist, extra)
  })

  lib.tag('autoescape', (parser, token) => {
    const args = token.contents.split(/\s+/)
    if (args.length !== 2)
      throw new TemplateSyntaxError("'autoescape' tag requires exactly one argument.")
    if (args[1] !== 'on' && args[1] !== 'off')
      throw new TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'")
    const nodelist = parser.parse(['endautoescape'])
    parser.nextToken()
    return new AutoescapeNode(args[1] === 'on', nodelist)
  })

  lib.tag('filter', (parser, token) => {
    const rest = token.contents.replace(/^filter\s*/, '')
    const expression = parser.compileFilter(`var|${rest}`)
    for (const step of expression.filters) {
      if (step.spec.name === 'escape' || step.spec.name === 'safe') {
        throw new TemplateSyntaxError(
          `Filter '${step.spec.name}' is not permitted. Use the "autoescape" tag instead.`,
        )
      }
    }
    const nodelist = parser.parse(['endfilter'])
    parser.nextToken()
    return new FilterNode(expression, nodelist)
  })

  lib.tag('spaceless', (parser) => {
    const nodelist = parser.parse(['endspaceless'])
    parser.nextToken()
    return new SpacelessNode(nodelist)
  })

  lib.tag('comment', (parser) => {
    parser.skipPast('endcomment')
    return new EmptyNode()
  })

  lib.tag('verbatim', (parser, token) => {
    const end = 'end' + token.contents
    let text = ''
    for (;;) {
      const next = parser.nextToken()
      if (next.type === TokenType.Block && next.contents === end) break
      text += next.contents
    }
    return new TextNode(text)
  })

  lib.tag('templatetag', (_parser, token) => {
    const bits = token.contents.split(/\s+/)
    if (bits.length !== 2)
      throw new TemplateSyntaxError("'templatetag' statement takes one argument")
    const value = TEMPLATETAG[bits[1] as string]
    if (value === undefined) {
      throw new TemplateSyntaxError(
        `Invalid templatetag argument: '${bits[1]}'. Must be one of: ${Object.keys(TEMPLATETAG).join(', ')}`,
      )
    }
    return new TextNode(value)
  })

  lib.tag('load', (parser, token) => {
    const bits = token.contents.split(/\s+/)
    const libraryFor = (name: string) => {
      const found = parser.libraries.get(name)
      if (!found) {
        const known = [...parser.libraries.keys()].sort().join('\n')
        throw new TemplateSyntaxError(
          `'${name}' is not a registered tag library. Must be one of:\n${known}`,
        )
      }
      return found
    }
    if (bits.length >= 4 && bits[bits.length - 2] === 'from') {
      // {% load name1 name2 from library %}
      const found = libraryFor(bits[bits.length - 1] as string)
      for (const name of bits.slice(1, -2)) {
        const tag = found.tags.get(name)
        const filter = found.filters.get(name)
        if (!tag && !filter) {
          throw new TemplateSyntaxError(
            `'${name}' is not a valid tag or filter in tag library '${bits[bits.length - 1]}'`,
          )
        }
        if (tag) parser.tags.set(name, tag)
        if (filter) parser.filters.set(name, filter)
      }
    } else {
      for (const name of bits.slice(1)) parser.addLibrary(libraryFor(name))
    }
    return new EmptyNode()
  })
}
