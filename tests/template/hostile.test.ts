import { describe, expect, it } from 'vitest'
import { Engine, MAX_NESTING, TemplateSyntaxError, markSafe } from '../../src/template/index.js'

const engine = new Engine()

describe('hostile input', () => {
  it('deep nesting is a clear TemplateSyntaxError, not a stack overflow', () => {
    const depth = 5000
    const src = '{% if x %}'.repeat(depth) + '{% endif %}'.repeat(depth)
    expect(() => engine.fromString(src)).toThrow(TemplateSyntaxError)
    expect(() => engine.fromString(src)).toThrow(/nested more than/)
  })

  it('nesting up to the limit renders', () => {
    const depth = MAX_NESTING - 1
    const src = '{% with a=1 %}'.repeat(depth) + '{{ a }}' + '{% endwith %}'.repeat(depth)
    expect(engine.fromString(src).render()).toBe('1')
  })

  it('a long chain of not in an if expression is bounded', () => {
    const src = `{% if ${'not '.repeat(10000)}x %}y{% endif %}`
    expect(() => engine.fromString(src)).toThrow(TemplateSyntaxError)
  })

  it('huge loops render', () => {
    const out = engine
      .fromString('{% for x in l %}{{ x }}{% endfor %}')
      .render({ l: Array.from({ length: 200_000 }, (_, i) => i % 10) })
    expect((out as string).length).toBe(200_000)
  })

  it('many unclosed {{ on one line lex in linear time', () => {
    const src = '{{ '.repeat(100_000) + '\n' + '{% '.repeat(100_000) + '{# '.repeat(100_000)
    expect(engine.fromString(src).render()).toBe(src)
  })

  it('urlize on catastrophic strings', () => {
    const t = engine.fromString('{{ v|urlize }}')
    const inputs = [
      '('.repeat(100_000) + 'www.x.com' + ')'.repeat(100_000),
      'a.'.repeat(100_000),
      'x@'.repeat(50_000) + '.com',
      '.:;!'.repeat(50_000),
      'http://' + 'a'.repeat(200_000),
    ]
    for (const v of inputs) expect(typeof t.render({ v })).toBe('string')
  })

  it('truncate*_html on catastrophic strings', () => {
    const words = engine.fromString('{{ v|truncatewords_html:5 }}')
    const chars = engine.fromString('{{ v|truncatechars_html:50 }}')
    const inputs = [
      '<a '.repeat(100_000),
      '<b>'.repeat(100_000) + 'text',
      '<a href="'.repeat(50_000),
      '&amp;'.repeat(100_000),
      '<!--'.repeat(100_000),
      '</'.repeat(100_000),
    ]
    for (const v of inputs) {
      expect(typeof words.render({ v: markSafe(v) })).toBe('string')
      expect(typeof chars.render({ v: markSafe(v) })).toBe('string')
    }
  })

  it('deeply nested open tags are closed after truncation', () => {
    const v = markSafe('<b>'.repeat(1000) + 'one two three')
    const out = engine.fromString('{{ v|truncatewords_html:1 }}').render({ v }) as string
    expect(out.endsWith('</b>'.repeat(1000))).toBe(true)
  })

  it('striptags and other filters on large input', () => {
    const v = '<'.repeat(100_000) + '>'.repeat(100_000)
    expect(
      typeof engine.fromString('{{ v|striptags|linebreaks|wordwrap:10|title }}').render({ v }),
    ).toBe('string')
  })
})
