import { describe, expect, it } from 'vitest'
import {
  Context,
  Engine,
  Library,
  LocmemLoader,
  Node,
  TemplateSyntaxError,
  markSafe,
  renderNodesToString,
  type Parser,
  type RenderResult,
  type Token,
} from '../../src/template/index.js'

function makeLibrary(): Library {
  const lib = new Library()
  lib.filter('double', (v) => Number(v) * 2)
  lib.filter('wrap', (v, arg) => `${arg}${v}${arg}`)
  lib.filter('shout', (v) => `${v}!`, { isSafe: true })
  lib.simpleTag(
    'greet',
    (name: string, kwargs?: { punct?: string }) => `Hello, ${name}${kwargs?.punct ?? '.'}`,
  )
  lib.simpleTag('raw', () => markSafe('<hr>'))
  lib.simpleTag('ctxvar', (ctx: Context, name: string) => ctx.get(name), { takesContext: true })
  lib.inclusionTag('results', 'results.html', (items: unknown[]) => ({ items }))
  lib.inclusionTag('ctxinc', 'ctx.html', (ctx: Context) => ({ who: ctx.get('user') }), {
    takesContext: true,
  })

  // Low-level tag: {% upper %}…{% endupper %}
  class UpperNode extends Node {
    constructor(readonly nodelist: Node[]) {
      super()
    }
    render(ctx: Context, out: string[]): RenderResult {
      const body = renderNodesToString(this.nodelist, ctx)
      if (typeof body === 'string') out.push(body.toUpperCase())
      else return body.then((s) => void out.push(s.toUpperCase()))
    }
  }
  lib.tag('upper', (parser: Parser, token: Token) => {
    if (token.splitContents().length !== 1)
      throw new TemplateSyntaxError("'upper' takes no arguments")
    const nodelist = parser.parse(['endupper'])
    parser.nextToken()
    return new UpperNode(nodelist)
  })
  return lib
}

function engine(): Engine {
  return new Engine({
    libraries: { custom: makeLibrary() },
    loaders: [
      new LocmemLoader({
        'results.html': '<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>',
        'ctx.html': '{{ who }}{% csrf_token %}',
      }),
    ],
  })
}

describe('Library', () => {
  it('needs {% load %}', () => {
    expect(() => engine().fromString('{{ 2|double }}')).toThrow(/Invalid filter: 'double'/)
    expect(engine().fromString('{% load custom %}{{ 2|double }}').render()).toBe('4')
  })

  it('filters with arguments and isSafe', () => {
    const e = engine()
    expect(e.fromString('{% load custom %}{{ x|wrap:"*" }}').render({ x: 'a' })).toBe('*a*')
    expect(
      e
        .fromString('{% load custom %}{{ x|shout }} {{ y|shout }}')
        .render({ x: markSafe('<b>'), y: '<b>' }),
    ).toBe('<b>! &lt;b&gt;!')
    expect(() => e.fromString('{% load custom %}{{ x|wrap }}')).toThrow(/wrap requires 2 arguments/)
  })

  it('simple tags: args, kwargs, escaping, as', () => {
    const e = engine()
    expect(e.fromString('{% load custom %}{% greet name %}').render({ name: '<Ada>' })).toBe(
      'Hello, &lt;Ada&gt;.',
    )
    expect(e.fromString('{% load custom %}{% greet "Bob" punct="!" %}').render()).toBe(
      'Hello, Bob!',
    )
    expect(e.fromString('{% load custom %}{% greet "Bob" as g %}[{{ g }}]').render()).toBe(
      '[Hello, Bob.]',
    )
    expect(e.fromString('{% load custom %}{% raw %}').render()).toBe('<hr>')
    expect(e.fromString('{% load custom %}{% ctxvar "x" %}').render({ x: 'X' })).toBe('X')
    expect(() => e.fromString('{% load custom %}{% greet a=1 "b" %}')).toThrow(
      /positional argument\(s\) after some keyword/,
    )
  })

  it('inclusion tags render their template with the returned context', () => {
    const e = engine()
    expect(e.fromString('{% load custom %}{% results l %}').render({ l: [1, 2] })).toBe(
      '<ul><li>1</li><li>2</li></ul>',
    )
    expect(
      e.fromString('{% load custom %}{% ctxinc %}').render({ user: 'u', csrf_token: 't' }),
    ).toBe('u<input type="hidden" name="csrfmiddlewaretoken" value="t">')
  })

  it('low-level tags', () => {
    expect(
      engine().fromString('{% load custom %}{% upper %}a{{ x }}{% endupper %}').render({ x: 'b' }),
    ).toBe('AB')
    expect(() => engine().fromString('{% load custom %}{% upper x %}{% endupper %}')).toThrow(
      /'upper' takes no arguments/,
    )
  })

  it('load name from library', () => {
    const e = engine()
    expect(e.fromString('{% load double from custom %}{{ 1|double }}').render()).toBe('2')
    expect(() => e.fromString('{% load double from custom %}{{ 1|shout }}')).toThrow(
      /Invalid filter: 'shout'/,
    )
    expect(() => e.fromString('{% load nope from custom %}')).toThrow(
      /'nope' is not a valid tag or filter/,
    )
  })

  it('builtins option makes a library always available', () => {
    const e = new Engine({ builtins: [makeLibrary()] })
    expect(e.fromString('{{ 3|double }}').render()).toBe('6')
  })

  it('a loaded library is scoped to its template', () => {
    const e = new Engine({
      libraries: { custom: makeLibrary() },
      loaders: [new LocmemLoader({ 'inc.html': '{{ 1|double }}' })],
    })
    expect(() => e.fromString('{% load custom %}{% include "inc.html" %}').render()).toThrow(
      /Invalid filter: 'double'/,
    )
  })
})
