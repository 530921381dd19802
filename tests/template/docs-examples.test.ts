/** The examples of docs/templates.md, run as written (so the page stays true). */
import { describe, expect, it } from 'vitest'
import {
  Context,
  Engine,
  Library,
  LocmemLoader,
  RequestContext,
  escape,
  markSafe,
} from '../../src/template/index.js'

describe('docs/templates.md examples', () => {
  it('custom filters and tags', async () => {
    const lib = new Library()
    lib.filter('double', (value) => Number(value) * 2)
    lib.filter('wrap', (value, arg) => `${arg}${value}${arg}`, { arg: 'required', isSafe: true })
    lib.filter(
      'bold',
      (value, _arg, ctx: Context) => markSafe(`<b>${ctx.autoescape ? escape(value) : value}</b>`),
      {
        needsAutoescape: true,
        arg: 'none',
      },
    )
    lib.simpleTag(
      'greet',
      (name: string, kw?: { punct?: string }) => `Hello, ${name}${kw?.punct ?? '.'}`,
    )
    lib.simpleTag('currentPath', (ctx: Context) => (ctx.get('request') as { path: string }).path, {
      takesContext: true,
    })
    lib.inclusionTag('showResults', 'polls/results.html', (poll: { choices: string[] }) => ({
      choices: poll.choices,
    }))
    const engine = new Engine({
      libraries: { poll_extras: lib },
      loaders: [
        new LocmemLoader({ 'polls/results.html': '{% for c in choices %}[{{ c }}]{% endfor %}' }),
      ],
    })
    const t = engine.fromString(
      '{% load poll_extras %}{{ 21|double }} {% greet user.name punct="!" %} {% greet "you" as g %}{{ g }} {% showResults poll %} {{ "<i>"|bold }} {% currentPath %}',
    )
    expect(
      await t.render({
        user: { name: 'Ada' },
        poll: { choices: ['a', 'b'] },
        request: { path: '/p/' },
      }),
    ).toBe('42 Hello, Ada! Hello, you. [a][b] <b>&lt;i&gt;</b> /p/')
  })

  it('context and request context', async () => {
    const ctx = new Context({ user: 'u' }, { autoescape: true, timeZone: 'UTC' })
    ctx.push({ local: 1 })
    expect(ctx.flatten()).toMatchObject({ user: 'u', local: 1 })
    const engine = new Engine({
      loaders: [new LocmemLoader({ 'home.html': '{{ title }} {{ path }}' })],
    })
    const rctx = new RequestContext({ path: '/home/' }, { title: 'Home' }, [
      (req) => ({ path: (req as { path: string }).path }),
    ])
    expect(await engine.getTemplate('home.html').render(rctx)).toBe('Home /home/')
  })

  it('autoescaping example', () => {
    expect(
      new Engine().fromString('{{ a }} {{ b }}').render({ a: '<b>', b: markSafe('<b>') }),
    ).toBe('&lt;b&gt; <b>')
  })

  it('filter examples', () => {
    const t = new Engine().fromString(
      '{{ 34.26|floatformat }} {{ 34232.34|floatformat:"2g" }} {{ 123456789|filesizeformat }} {{ v|json_script:"data" }}',
    )
    expect(t.render({ v: { a: 1 } })).toBe(
      '34.3 34,232.34 117.7\u00a0MB <script id="data" type="application/json">{"a": 1}</script>',
    )
  })
})
