/**
 * Template partials: `{% partialdef name [inline] %}…{% endpartialdef [name] %}` defines a
 * named fragment (rendered in place too with `inline`), `{% partial name %}` renders it with
 * the current context, and `engine.getTemplate('page.html#name')` loads it on its own.
 */
import type { Context } from '../../context.js'
import { TemplateSyntaxError } from '../../errors.js'
import type { Library } from '../../library.js'
import { Node, renderNodes, type RenderResult, type Output } from '../../nodes/base.js'
import type { Parser } from '../../parser.js'

function partialsOf(parser: Parser): Map<string, Node[]> {
  let partials = parser.extra.get('partials') as Map<string, Node[]> | undefined
  if (!partials) parser.extra.set('partials', (partials = new Map()))
  return partials
}

/** `{% partialdef %}`: renders its body only when `inline`. */
export class PartialDefNode extends Node {
  constructor(
    readonly name: string,
    readonly nodelist: Node[],
    readonly inline: boolean,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    if (this.inline) return renderNodes(this.nodelist, ctx, out)
  }
}

/** `{% partial name %}`. */
export class PartialNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(
    readonly name: string,
    readonly partials: Map<string, Node[]>,
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const nodes = this.partials.get(this.name)
    if (!nodes)
      throw new TemplateSyntaxError(
        `Partial '${this.name}' is not defined in the current template.`,
      )
    return renderNodes(nodes, ctx, out)
  }
}

/** Register partialdef and partial. */
export function registerPartials(lib: Library): void {
  lib.tag('partialdef', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length < 2 || bits.length > 3 || (bits.length === 3 && bits[2] !== 'inline')) {
      throw new TemplateSyntaxError(
        "'partialdef' tag requires a name and an optional 'inline' argument",
      )
    }
    const name = bits[1] as string
    const partials = partialsOf(parser)
    if (partials.has(name))
      throw new TemplateSyntaxError(`Partial '${name}' is already defined in this template.`)
    const nodelist = parser.parse(['endpartialdef'])
    const end = parser.nextToken()
    const endBits = end.contents.split(/\s+/)
    if (endBits.length > 2 || (endBits.length === 2 && endBits[1] !== name)) {
      throw parser.error(
        end,
        `Expected 'endpartialdef' or 'endpartialdef ${name}', got '${end.contents}'.`,
      )
    }
    partials.set(name, nodelist)
    return new PartialDefNode(name, nodelist, bits.length === 3)
  })
  lib.tag('partial', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length !== 2) throw new TemplateSyntaxError("'partial' tag requires a single argument")
    return new PartialNode(bits[1] as string, partialsOf(parser))
  })
}
