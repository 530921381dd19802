/**
 * Parser: turns the token stream into a node tree. Text and `{{ }}` tokens become nodes
 * directly; a `{% name … %}` token is handed to the compile function registered for `name`,
 * which may consume more tokens (`parser.parse(['endif'])`) and returns a Node. `{% load %}`
 * adds a library's tags and filters for the rest of the template.
 *
 * Errors raised while compiling a tag are tagged with the tag's line, column and a source
 * excerpt. Nesting is bounded (`MAX_NESTING`) so hostile templates fail with a clear
 * TemplateSyntaxError instead of overflowing the stack at parse or render time.
 */
import { TemplateError, TemplateSyntaxError, sourceExcerpt } from './errors.js'
import { FilterExpression } from './filter-expression.js'
import { Token, TokenType } from './lexer.js'
import type { FilterSpec, Library, TagCompiler } from './library.js'
import { TextNode, VariableNode, type EngineLike, type Node, type Origin } from './nodes/base.js'

/** Deepest nesting of block tags accepted. */
export const MAX_NESTING = 200

/**
 * Parses one template. Tag compile functions receive it and use `parse`, `nextToken`,
 * `skipPast`, `compileFilter` and `extra` (per-template state such as block names).
 */
export class Parser {
  readonly tokens: Token[]
  #pos = 0
  readonly tags = new Map<string, TagCompiler>()
  readonly filters = new Map<string, FilterSpec>()
  readonly origin: Origin
  readonly engine: EngineLike | null
  /** Libraries `{% load %}` can name. */
  readonly libraries: ReadonlyMap<string, Library>
  /** Scratch space for tags (block names seen, partials defined, …). */
  readonly extra = new Map<string, unknown>()
  /** Open block tags, innermost last (for "unclosed tag" errors). */
  readonly commandStack: { command: string; token: Token }[] = []

  constructor(
    tokens: Token[],
    options: {
      builtins: readonly Library[]
      libraries?: ReadonlyMap<string, Library>
      origin: Origin
      engine?: EngineLike | null
    },
  ) {
    this.tokens = tokens
    for (const lib of options.builtins) this.addLibrary(lib)
    this.libraries = options.libraries ?? new Map()
    this.origin = options.origin
    this.engine = options.engine ?? null
  }

  /** Add a library's tags and filters to this template. */
  addLibrary(lib: Library): void {
    for (const [k, v] of lib.tags) this.tags.set(k, v)
    for (const [k, v] of lib.filters) this.filters.set(k, v)
  }

  /**
   * Parse until a block tag whose command is in `parseUntil` (left unconsumed: read it with
   * `nextToken()`), or to the end when `parseUntil` is omitted.
   */
  parse(parseUntil?: readonly string[]): Node[] {
    const nodes: Node[] = []
    const tokens = this.tokens
    while (this.#pos < tokens.length) {
      const token = tokens[this.#pos++] as Token
      switch (token.type) {
        case TokenType.Text:
          nodes.push(this.#place(new TextNode(token.contents), token))
          break
        case TokenType.Var: {
          if (!token.contents) throw this.error(token, `Empty variable tag on line ${token.line}`)
          let fe: FilterExpression
          try {
            fe = this.compileFilter(token.contents)
          } catch (error) {
            throw this.#annotate(error, token)
          }
          nodes.push(this.#place(new VariableNode(fe), token))
          break
        }
        case TokenType.Block: {
          const command = token.contents.split(/\s/, 1)[0]
          if (!command) throw this.error(token, `Empty block tag on line ${token.line}`)
          if (parseUntil?.includes(command)) {
            this.#pos--
            return nodes
          }
          const compile = this.tags.get(command)
          if (!compile) throw this.#invalidBlockTag(token, command, parseUntil)
          if (this.commandStack.length >= MAX_NESTING) {
            throw this.error(
              token,
              `Tags are nested more than ${MAX_NESTING} levels deep; simplify the template`,
            )
          }
          this.commandStack.push({ command, token })
          let node: Node
          try {
            node = compile(this, token)
          } catch (error) {
            throw this.#annotate(error, token)
          }
          this.commandStack.pop()
          if (
            (node.constructor as { mustBeFirst?: boolean }).mustBeFirst &&
            nodes.some((n) => !(n instanceof TextNode))
          ) {
            throw this.error(token, `'${command}' must be the first tag in the template.`)
          }
          nodes.push(this.#place(node, token))
          break
        }
        default:
          break // comments produce nothing
      }
    }
    if (parseUntil) {
      const open = this.commandStack[this.commandStack.length - 1]
      const where = open ?? {
        command: parseUntil[0] ?? '',
        token: new Token(TokenType.Block, '', 1, 1),
      }
      throw this.error(
        where.token,
        `Unclosed tag on line ${where.token.line}: '${where.command}'. Looking for one of: ${parseUntil.join(', ')}.`,
      )
    }
    return nodes
  }

  #place<T extends Node>(node: T, token: Token): T {
    if (node.line === 0) {
      node.line = token.line
      node.column = token.column
      node.origin = this.origin
    }
    return node
  }

  #invalidBlockTag(
    token: Token,
    command: string,
    parseUntil?: readonly string[],
  ): TemplateSyntaxError {
    if (parseUntil && parseUntil.length) {
      const expected = parseUntil.map((p) => `'${p}'`)
      const list =
        expected.length > 1
          ? `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`
          : expected[0]
      return this.error(
        token,
        `Invalid block tag on line ${token.line}: '${command}', expected ${list}. Did you forget to register or load this tag?`,
      )
    }
    return this.error(
      token,
      `Invalid block tag on line ${token.line}: '${command}'. Did you forget to register or load this tag?`,
    )
  }

  /** The next token (consumed). Throws at the end of the template. */
  nextToken(): Token {
    const token = this.tokens[this.#pos++]
    if (!token) throw new TemplateSyntaxError('Unexpected end of template')
    return token
  }

  /** Look at the next token without consuming it. */
  peekToken(): Token | undefined {
    return this.tokens[this.#pos]
  }

  /** Consume tokens up to and including the block tag `endtag`; error when missing. */
  skipPast(endtag: string): void {
    while (this.#pos < this.tokens.length) {
      const token = this.tokens[this.#pos++] as Token
      if (token.type === TokenType.Block && token.contents === endtag) return
    }
    const open = this.commandStack[this.commandStack.length - 1]
    throw new TemplateSyntaxError(
      `Unclosed tag on line ${open?.token.line ?? 0}: '${open?.command ?? endtag}'. Looking for one of: ${endtag}.`,
    )
  }

  /** Compile `var|filter:arg` text. */
  compileFilter(text: string): FilterExpression {
    return new FilterExpression(text, this)
  }

  /** A filter by name (from builtins and loaded libraries). */
  findFilter(name: string): FilterSpec {
    const spec = this.filters.get(name)
    if (!spec) throw new TemplateSyntaxError(`Invalid filter: '${name}'`)
    return spec
  }

  /** A TemplateSyntaxError located at a token. */
  error(token: Token, message: string): TemplateSyntaxError {
    return this.#annotate(new TemplateSyntaxError(message), token) as TemplateSyntaxError
  }

  #annotate(error: unknown, token: Token): unknown {
    if (error instanceof TemplateError) {
      error.locate({
        templateName: this.origin.name,
        line: token.line,
        column: token.column,
        excerpt: sourceExcerpt(this.origin.source, token.line, token.column),
      })
    }
    return error
  }
}
