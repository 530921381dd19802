/**
 * Libraries of tags and filters. The built-ins are one Library; a project adds its own and
 * makes them loadable with `{% load name %}` through the Engine's `libraries` option (or
 * always available through `builtins`).
 *
 * Filters are plain functions `(value, arg, context) => result`; options declare Django's
 * flags (`isSafe`, `needsAutoescape`, `expectsLocaltime`) and whether the argument is
 * required. Tags come in three levels: `simpleTag` (a function of resolved arguments, output
 * escaped), `inclusionTag` (a function returning the context for another template) and `tag`
 * (a compile function receiving the parser and the token, returning a Node: full control).
 */
import type { Context } from './context.js'
import type { Token } from './lexer.js'
import type { Node } from './nodes/base.js'
import { InclusionNode, SimpleNode, parseTagArguments } from './nodes/custom.js'
import type { Parser } from './parser.js'
import type { TemplateLike } from './nodes/base.js'

/**
 * A filter: gets the value, the argument (undefined when none) and the rendering context
 * (for `context.autoescape` and `context.timeZone`).
 */
// The value and argument are whatever the template passes: any JS value.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FilterFunction = (value: any, arg: any, context: Context) => unknown

/** Filter flags, with Django's meanings. */
export interface FilterOptions {
  /** The filter keeps a safe input safe (it adds no unsafe characters). */
  isSafe?: boolean
  /** The filter escapes its own output when `context.autoescape` is on. */
  needsAutoescape?: boolean
  /** Date inputs are meant in the current time zone (`context.timeZone`). */
  expectsLocaltime?: boolean
  /** Argument: 'none' (an argument is an error), 'optional', or 'required'. */
  arg?: 'none' | 'optional' | 'required'
}

/** A registered filter. */
export interface FilterSpec extends Required<FilterOptions> {
  name: string
  fn: FilterFunction
}

/** Compile function of a low-level tag: read the token (and more tokens), return a Node. */
export type TagCompiler = (parser: Parser, token: Token) => Node

/** Options of simpleTag / inclusionTag. */
export interface SimpleTagOptions {
  /** Pass the Context as the first argument. */
  takesContext?: boolean
}

// Tag functions take whatever the template passes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TagFunction = (...args: any[]) => unknown

/**
 * A set of tags and filters.
 *
 * @example
 * const lib = new Library()
 * lib.filter('double', (v) => Number(v) * 2)
 * lib.simpleTag('greet', (name) => `Hello, ${name}`)
 * const engine = new Engine({ libraries: { mytags: lib } }) // {% load mytags %}
 */
export class Library {
  readonly filters = new Map<string, FilterSpec>()
  readonly tags = new Map<string, TagCompiler>()

  /** Register a filter. The argument defaults to 'required' when `fn` declares 2+ params. */
  filter(name: string, fn: FilterFunction, options: FilterOptions = {}): this {
    this.filters.set(name, {
      name,
      fn,
      isSafe: options.isSafe ?? false,
      needsAutoescape: options.needsAutoescape ?? false,
      expectsLocaltime: options.expectsLocaltime ?? false,
      arg: options.arg ?? (fn.length >= 2 ? 'required' : 'none'),
    })
    return this
  }

  /** Register a low-level tag: `compile(parser, token)` returns the Node to render. */
  tag(name: string, compile: TagCompiler): this {
    this.tags.set(name, compile)
    return this
  }

  /**
   * Register a tag from a function of its arguments: `{% greet user.name "!" as msg %}`.
   * Positional arguments are spread; keyword arguments (`key=value`) arrive as one trailing
   * object when any were given. The result is escaped when autoescaping is on (return a
   * SafeString to output HTML). `as name` stores the result instead of printing it.
   */
  simpleTag(name: string, fn: TagFunction, options: SimpleTagOptions = {}): this {
    return this.tag(name, (parser, token) => {
      const bits = token.splitContents().slice(1)
      let target: string | null = null
      if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
        target = bits[bits.length - 1] as string
        bits.length -= 2
      }
      const { args, kwargs } = parseTagArguments(parser, name, bits)
      return new SimpleNode(fn, options.takesContext ?? false, args, kwargs, target)
    })
  }

  /**
   * Register a tag rendering another template with the context `fn` returns.
   *
   * @example
   * lib.inclusionTag('results', 'polls/results.html', (poll) => ({ choices: poll.choices }))
   */
  inclusionTag(
    name: string,
    template: string | TemplateLike,
    fn: TagFunction,
    options: SimpleTagOptions = {},
  ): this {
    return this.tag(name, (parser, token) => {
      const { args, kwargs } = parseTagArguments(parser, name, token.splitContents().slice(1))
      return new InclusionNode(fn, options.takesContext ?? false, args, kwargs, template)
    })
  }

  /** Copy another library's tags and filters into this one. */
  merge(other: Library): this {
    for (const [k, v] of other.filters) this.filters.set(k, v)
    for (const [k, v] of other.tags) this.tags.set(k, v)
    return this
  }
}
