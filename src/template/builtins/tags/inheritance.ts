/**
 * `{% extends %}`, `{% block %}` and `{% include %}` compile functions.
 */
import { TemplateSyntaxError } from '../../errors.js'
import type { FilterExpression } from '../../filter-expression.js'
import type { Library } from '../../library.js'
import { nodesByType } from '../../nodes/base.js'
import { IncludeNode } from '../../nodes/include.js'
import { BlockNode, ExtendsNode } from '../../nodes/inheritance.js'
import type { Parser } from '../../parser.js'

/**
 * Parse `key=value` pairs (and, when `legacy`, Django's old `value as key` form) from the
 * front of `bits`, removing them. Returns an empty map when the first bit is neither.
 */
export function tokenKwargs(
  bits: string[],
  parser: Parser,
  legacy = false,
): Map<string, FilterExpression> {
  const kwargs = new Map<string, FilterExpression>()
  const kwRe = /^([\p{L}_][\p{L}\p{N}_]*)=(.+)$/su
  if (bits.length === 0) return kwargs
  const first = kwRe.exec(bits[0] as string)
  const kwFormat = first !== null
  if (!kwFormat) {
    if (!legacy || bits.length < 3 || bits[1] !== 'as') return kwargs
  }
  while (bits.length) {
    if (kwFormat) {
      const m = kwRe.exec(bits[0] as string)
      if (!m) return kwargs
      kwargs.set(m[1] as string, parser.compileFilter(m[2] as string))
      bits.shift()
    } else {
      if (bits.length < 3 || bits[1] !== 'as') return kwargs
      kwargs.set(bits[2] as string, parser.compileFilter(bits[0] as string))
      bits.splice(0, 3)
    }
    if (!kwFormat) {
      if (bits[0] !== 'and') return kwargs
      bits.shift()
    }
  }
  return kwargs
}

/** Register extends, block, include. */
export function registerInheritance(lib: Library): void {
  lib.tag('extends', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument`)
    const parentName = parser.compileFilter(bits[1] as string)
    const nodelist = parser.parse()
    if (nodesByType(nodelist, ExtendsNode).length) {
      throw new TemplateSyntaxError(
        `'${bits[0]}' cannot appear more than once in the same template`,
      )
    }
    return new ExtendsNode(nodelist, parentName, parser.origin.name)
  })

  lib.tag('block', (parser, token) => {
    const bits = token.contents.split(/\s+/)
    if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' tag takes only one argument`)
    const name = bits[1] as string
    let seen = parser.extra.get('blocks') as Set<string> | undefined
    if (!seen) parser.extra.set('blocks', (seen = new Set()))
    if (seen.has(name))
      throw new TemplateSyntaxError(`'${bits[0]}' tag with name '${name}' appears more than once`)
    seen.add(name)
    const nodelist = parser.parse(['endblock'])
    const end = parser.nextToken()
    if (end.contents !== 'endblock' && end.contents !== `endblock ${name}`) {
      throw parser.error(
        end,
        `Invalid block tag on line ${end.line}: '${end.contents}', expected 'endblock' or 'endblock ${name}'.`,
      )
    }
    return new BlockNode(name, nodelist)
  })

  lib.tag('include', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length < 2) {
      throw new TemplateSyntaxError(
        `'${bits[0]}' tag takes at least one argument: the name of the template to be included.`,
      )
    }
    const rest = bits.slice(2)
    let extra = new Map<string, FilterExpression>()
    let only = false
    const seen = new Set<string>()
    while (rest.length) {
      const option = rest.shift() as string
      if (seen.has(option))
        throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`)
      seen.add(option)
      if (option === 'with') {
        extra = tokenKwargs(rest, parser)
        if (extra.size === 0)
          throw new TemplateSyntaxError(
            `'with' in '${bits[0]}' tag needs at least one keyword argument.`,
          )
      } else if (option === 'only') only = true
      else throw new TemplateSyntaxError(`Unknown argument for '${bits[0]}' tag: '${option}'.`)
    }
    return new IncludeNode(parser.compileFilter(bits[1] as string), extra, only, parser.origin.name)
  })
}
