import { describe, expect, it } from 'vitest'
import { Engine, Library, LocmemLoader, Template } from '../../src/template/index.js'

const tick = <T>(v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), 1))

async function* gen<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) {
    await tick(null)
    yield i
  }
}

/** A lazy manager: `all()` returns a Promise, like a related manager's queryset. */
function manager<T>(rows: T[]) {
  return { all: () => tick(rows), count: () => tick(rows.length) }
}

describe('async rendering', () => {
  it('stays synchronous without async values', () => {
    const out = new Template('{% for x in l %}{{ x }}{% endfor %}').render({ l: [1, 2] })
    expect(out).toBe('12')
  })

  it('awaits a Promise variable', async () => {
    const out = new Template('[{{ p }}]').render({ p: tick('<v>') })
    expect(out).toBeInstanceOf(Promise)
    expect(await out).toBe('[&lt;v&gt;]')
  })

  it('for over question.choiceSet.all (Promise of an array)', async () => {
    const question = { text: 'Q?', choiceSet: manager([{ text: 'a' }, { text: 'b' }]) }
    const t = new Template(
      '{{ question.text }}{% for c in question.choiceSet.all %}<li>{{ c.text }}</li>{% endfor %}',
    )
    expect(await t.render({ question })).toBe('Q?<li>a</li><li>b</li>')
  })

  it('for over an async iterable, with forloop and empty', async () => {
    const t = new Template(
      '{% for x in items %}{{ forloop.counter }}/{{ forloop.revcounter }}:{{ x }} {% empty %}none{% endfor %}',
    )
    expect(await t.render({ items: gen(['a', 'b']) })).toBe('1/2:a 2/1:b ')
    expect(await t.render({ items: gen([]) })).toBe('none')
  })

  it('keeps output order when async values appear mid-template', async () => {
    const t = new Template('A{{ slow }}B{{ fast }}C{% for x in later %}{{ x }}{% endfor %}D')
    expect(await t.render({ slow: tick('1'), fast: '2', later: tick([3, 4]) })).toBe('A1B2C34D')
  })

  it('async body inside a loop', async () => {
    const rows = [{ v: tick('x') }, { v: 'y' }, { v: tick('z') }]
    expect(await new Template('{% for r in rows %}{{ r.v }}{% endfor %}').render({ rows })).toBe(
      'xyz',
    )
  })

  it('lookups continue after a Promise (attribute of awaited value)', async () => {
    expect(
      await new Template('{{ user.profile.name }}').render({
        user: { profile: tick({ name: 'Ada' }) },
      }),
    ).toBe('Ada')
  })

  it('a thenable with the key itself is not awaited first', async () => {
    const qs = Object.assign(tick([1, 2, 3]), { count: () => 3 })
    expect(await new Template('{{ qs.count }} {{ qs|length }}').render({ qs })).toBe('3 3')
  })

  it('if conditions with async operands', async () => {
    const t = new Template('{% if a and b > 1 %}yes{% elif c %}c{% else %}no{% endif %}')
    expect(await t.render({ a: tick(1), b: tick(2) })).toBe('yes')
    expect(await t.render({ a: tick(0), c: tick('x') })).toBe('c')
  })

  it('with, filter arguments, firstof, cycle and include with async values', async () => {
    const engine = new Engine({ loaders: [new LocmemLoader({ 'inc.html': '<{{ v }}>' })] })
    const t = engine.fromString(
      '{% with n=count %}{{ n }}{% endwith %}|{{ x|default:fallback }}|{% firstof a b %}|{% include "inc.html" with v=val %}',
    )
    expect(
      await t.render({
        count: tick(3),
        x: '',
        fallback: tick('fb'),
        a: tick(0),
        b: tick('B'),
        val: tick('V'),
      }),
    ).toBe('3|fb|B|<V>')
  })

  it('extends with async values inside blocks and block.super', async () => {
    const engine = new Engine({
      loaders: [
        new LocmemLoader({
          'base.html': '[{% block a %}base{{ x }}{% endblock %}]',
          'child.html':
            '{% extends "base.html" %}{% block a %}{{ block.super }}+{{ y }}{% endblock %}',
        }),
      ],
    })
    expect(await engine.renderToString('child.html', { x: tick(1), y: tick(2) })).toBe('[base1+2]')
  })

  it('async filters and simple tags', async () => {
    const lib = new Library()
    lib.filter('later', (v) => tick(`${v}!`))
    lib.simpleTag('fetch', (key: string) => tick(`<${key}>`))
    const engine = new Engine({ builtins: [lib] })
    expect(
      await engine
        .fromString('{{ "a"|later|upper }} {% fetch "k" %} {% fetch "k" as v %}{{ v }}')
        .render(),
    ).toBe('A! &lt;k&gt; &lt;k&gt;')
  })

  it('rejections carry the template location', async () => {
    const t = new Template('line1\n{{ boom }}')
    await expect(t.render({ boom: Promise.reject(new Error('db down')) })).rejects.toMatchObject({
      message: 'db down',
      templateLocation: { line: 2, column: 1 },
    })
  })

  it('spaceless, filter tag, regroup and ifchanged with async content', async () => {
    const t = new Template(
      '{% spaceless %}<p> {{ a }} </p> <p></p>{% endspaceless %}|{% filter upper %}{{ a }}{% endfilter %}|{% regroup rows by k as g %}{% for x in g %}{{ x.grouper }}{% endfor %}|{% for r in rows %}{% ifchanged %}{{ r.k }}{% endifchanged %}{% endfor %}',
    )
    const rows = tick([{ k: tick('a') }, { k: 'a' }, { k: 'b' }])
    expect(await t.render({ a: tick('x'), rows })).toBe('<p> x </p><p></p>|X|ab|ab')
  })
})

describe('concurrent renders of one compiled template', () => {
  it('keep their own loop, cycle and block state', async () => {
    const engine = new Engine({
      loaders: [
        new LocmemLoader({
          'base.html': '<{% block b %}{% endblock %}>',
          'page.html':
            '{% extends "base.html" %}{% block b %}{% for x in items %}{% cycle "a" "b" %}{{ x }}{% endfor %}{% endblock %}',
        }),
      ],
    })
    const t = engine.getTemplate('page.html')
    const jobs = Array.from({ length: 20 }, (_, i) =>
      t.render({ items: tick(Array.from({ length: (i % 4) + 1 }, (_, j) => j)) }),
    )
    const outs = await Promise.all(jobs)
    outs.forEach((out, i) => {
      const n = (i % 4) + 1
      expect(out).toBe(
        `<${Array.from({ length: n }, (_, j) => `${j % 2 ? 'b' : 'a'}${j}`).join('')}>`,
      )
    })
  })
})
