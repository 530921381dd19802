import { describe, expect, it } from 'vitest'
import { TokenType, smartSplit, tokenize } from './lexer.js'

describe('tokenize', () => {
  it('splits text, variables, blocks and comments with positions', () => {
    const tokens = tokenize('Hi {{ name }}!\n  {% if x %}{# c #}{% endif %}')
    expect(tokens.map((t) => [t.type, t.contents, t.line, t.column])).toEqual([
      [TokenType.Text, 'Hi ', 1, 1],
      [TokenType.Var, 'name', 1, 4],
      [TokenType.Text, '!\n  ', 1, 14],
      [TokenType.Block, 'if x', 2, 3],
      [TokenType.Comment, 'c', 2, 13],
      [TokenType.Block, 'endif', 2, 20],
    ])
  })

  it('tags do not span lines', () => {
    const tokens = tokenize('{{ a\n}} {% b\n%}')
    expect(tokens).toHaveLength(1)
    expect(tokens[0]?.type).toBe(TokenType.Text)
  })

  it('verbatim content is text until the matching end', () => {
    const tokens = tokenize('{% verbatim x %}{{ a }}{% endverbatim %}{% endverbatim x %}{{ b }}')
    expect(tokens.map((t) => t.contents)).toEqual([
      'verbatim x',
      '{{ a }}{% endverbatim %}',
      'endverbatim x',
      'b',
    ])
  })

  it('a lone brace is text', () => {
    expect(tokenize('a { b } {x}').map((t) => t.contents)).toEqual(['a { b } {x}'])
  })

  it('counts lines across long text', () => {
    const tokens = tokenize('a\nb\nc\n{{ x }}')
    expect(tokens[1]).toMatchObject({ line: 4, column: 1 })
  })
})

describe('smartSplit', () => {
  it('keeps quoted strings together', () => {
    expect(smartSplit('url "a b" c=\'d e\' _("x y")')).toEqual([
      'url',
      '"a b"',
      "c='d e'",
      '_("x y")',
    ])
  })
  it('handles escaped quotes', () => {
    expect(smartSplit('a "b \\" c" d')).toEqual(['a', '"b \\" c"', 'd'])
  })
})
