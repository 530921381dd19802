import { afterEach, describe, expect, it } from 'vitest'
import { Engine, type EngineOptions } from '../engine.js'
import { Library } from '../library.js'
import { markSafe } from '../safe-string.js'

/**
 * Generated node lists against the general path. Each template is rendered twice over:
 * once with code generation refused (`new Function` throws, as under a strict CSP), which
 * keeps every list and expression on its closures, and once normally, where a list rendered
 * GENERATE_AFTER times becomes one generated function. Outputs (or errors) must match on
 * every render.
 */

const NativeFunction = globalThis.Function
const generatedSources: string[] = []

/** Run `fn` with `new Function` refused (until the Promise it returns settles, if any). */
function withoutCodegen<T>(fn: () => T): T {
  globalThis.Function = function refused(): never {
    throw new EvalError('Code generation from strings disallowed for this context')
  } as unknown as FunctionConstructor
  let result: T
  try {
    result = fn()
  } catch (error) {
    globalThis.Function = NativeFunction
    throw error
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      globalThis.Function = NativeFunction
    }) as T
  }
  globalThis.Function = NativeFunction
  return result
}

/** Run `fn` recording the sources `new Function` compiles. */
function recordingCodegen<T>(fn: () => T): T {
  globalThis.Function = function recording(...args: string[]) {
    generatedSources.push(args[args.length - 1] as string)
    return new NativeFunction(...args)
  } as unknown as FunctionConstructor
  try {
    return fn()
  } finally {
    globalThis.Function = NativeFunction
  }
}

afterEach(() => {
  globalThis.Function = NativeFunction
  generatedSources.length = 0
})

const library = new Library()
library.filter('later', (v) => Promise.resolve(`${String(v)}!`))
// A filter that (against the documented contract) changes the context's scopes: generated
// code must look names up again after it.
library.filter(
  'setMark',
  (v, _arg, ctx) => {
    ctx.set('mark', `set by ${String(v)}`)
    return ''
  },
  { arg: 'none' },
)
library.filter('boom', () => {
  throw new RangeError('boom')
})

function engineWith(options: Partial<EngineOptions> = {}): Engine {
  return new Engine({ builtins: [library], ...options })
}

/** A comparable view of a render: the text, or the error with its template position. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { text: await run() }
  } catch (error) {
    const loc = (error as { templateLocation?: { line: number; column: number } }).templateLocation
    const located = (error as { location?: { line: number; column: number } }).location ?? loc
    return {
      error: (error as Error).constructor.name,
      message: (error as Error).message,
      line: located?.line,
      column: located?.column,
    }
  }
}

const RENDERS = 8

/** Render `source` RENDERS times on both paths; every outcome must match the general one. */
async function expectSamePaths(
  source: string,
  context: () => Record<string, unknown>,
  options: Partial<EngineOptions> = {},
): Promise<unknown> {
  const generalEngine = engineWith(options)
  const general = withoutCodegen(() => generalEngine.fromString(source))
  const expected: unknown[] = []
  for (let i = 0; i < RENDERS; i++) {
    expected.push(await outcome(() => withoutCodegen(() => general.render(context()))))
  }
  const hot = engineWith(options).fromString(source)
  for (let i = 0; i < RENDERS; i++) {
    const got = await outcome(() => recordingCodegen(() => hot.render(context())))
    expect(got, `${source} (render ${i + 1})`).toEqual(expected[i])
  }
  expect(expected[0]).toEqual(expected[RENDERS - 1])
  return expected[0]
}

const rows = (): Record<string, unknown>[] =>
  Array.from({ length: 6 }, (_, i) => ({
    name: i % 2 ? `<b>${i}</b> & 'q'` : markSafe(`<i>${i}</i>`),
    tags: [`t<${i}>`, markSafe('<s>'), i],
    note: i % 3 ? `n"${i}"` : '',
    active: i % 2 === 0,
    count: i,
    none: null,
    flag: i > 2,
    when: new Date(Date.UTC(2024, 0, i + 1)),
  }))

describe('generated node lists', () => {
  it('generate hot lists, with no template text in the source', () => {
    const template = engineWith().fromString(
      '{% for r in rows %}MARKER-TEXT {{ r.name|default:"MARKER-LITERAL" }}{% if r.active %}y{% endif %}{% endfor %}',
    )
    recordingCodegen(() => template.render({ rows: rows() }))
    const generated = generatedSources.filter((s) => s.includes('generatedNodes'))
    expect(generated.length).toBeGreaterThan(0)
    for (const source of generatedSources) {
      expect(source).not.toContain('MARKER')
    }
    // Path segments are the only strings from the template, as JSON literals.
    expect(generated.join('\n')).toContain('"name"')
  })

  for (const autoescape of [true, false]) {
    it(`render text, variables, filters and if branches the same (autoescape ${autoescape})`, async () => {
      const source =
        '{% for r in rows %}<{{ r.name }}|{{ r.name|upper }}|{{ r.name|lower }}|' +
        '{{ r.tags|join:"&" }}|{{ r.tags|length }}|{{ r.note|default:"-" }}|{{ r.count }}|' +
        '{{ r.none }}|{{ r.flag }}|{{ r.when }}|{{ r.tags }}|{{ r.missing }}|' +
        '{% if r.active %}A{% elif r.count > 2 and not r.flag %}B{% elif r.flag %}C{% else %}D{% endif %}|' +
        '{% if r.missing %}m{% endif %}{% if r.note %}{{ r.note|upper }}{% else %}-{% endif %}>\n{% endfor %}'
      const out = await expectSamePaths(source, () => ({ rows: rows() }), { autoescape })
      expect(JSON.stringify(out)).toContain(autoescape ? '&lt;b&gt;1' : '<b>1')
    })
  }

  for (const stringIfInvalid of ['', 'INVALID(%s)', 'BAD']) {
    it(`render failed lookups with stringIfInvalid '${stringIfInvalid}'`, async () => {
      const source =
        '{% for r in rows %}[{{ missing }}|{{ r.missing|upper }}|{{ r.name.missing }}|' +
        '{{ r.none.x }}|{% if missing %}m{% else %}n{% endif %}]{% endfor %}'
      await expectSamePaths(source, () => ({ rows: rows() }), { stringIfInvalid })
    })
  }

  it('render forloop variables, parentloop, reversed, empty and unpacking', async () => {
    const source =
      '{% for r in rows reversed %}{{ forloop.counter }}{{ forloop.counter0 }}' +
      '{{ forloop.revcounter }}{{ forloop.revcounter0 }}{{ forloop.first }}{{ forloop.last }}' +
      '{% for a, b in pairs %}({{ forloop.parentloop.counter }}.{{ forloop.counter }}:{{ a }}={{ b }})' +
      '{% empty %}none{% endfor %}' +
      '{% for x in nothing %}{{ x }}{% empty %}E{{ r.count }}{% endfor %};{% endfor %}'
    await expectSamePaths(source, () => ({
      rows: rows(),
      pairs: [
        ['a', 1],
        ['b', '<2>'],
      ],
    }))
  })

  it('render nodes that are not generated in place (cycle, with, nested for)', async () => {
    const source =
      '{% for r in rows %}{% cycle "x" "y" as c %}{{ c }}' +
      '{% with n=r.count|add:1 %}{{ n }}{% endwith %}' +
      '{% for t in r.tags %}{{ t }},{% endfor %}{% endfor %}'
    await expectSamePaths(source, () => ({ rows: rows() }))
  })

  it('look a name up once per list render, and again wherever the scopes may have changed', async () => {
    // Within one row the name is walked once and reused; a custom filter, a tag rendered by
    // its own code (cycle ... as) and {% with %} can change what it means.
    const source =
      '{% for r in rows %}[{{ r.count }}{{ r.name|upper }}{{ r.count }}|{{ mark }}' +
      '{{ r.count|setMark }}{{ mark }}|{{ c }}{% cycle "x" "y" as c silent %}{{ c }}|' +
      '{% with r=r.count %}{{ r }}{% endwith %}{{ r.count }}]{% endfor %}'
    const out = await expectSamePaths(source, () => ({ rows: rows(), mark: 'outer' }))
    expect(JSON.stringify(out)).toContain('[0&lt;I&gt;0&lt;/I&gt;0|outerset by 0|x|00]')
    expect(JSON.stringify(out)).toContain(
      '[1&lt;B&gt;1&lt;/B&gt; &amp; &#x27;Q&#x27;1|set by 0set by 1|xy|11]',
    )
    const generated = generatedSources.filter((s) => s.includes('generatedNodes')).join('\n')
    expect(generated).toMatch(/let h0 = UNSET/)
  })

  it('generate for loops in place: scopes, forloop, empty, async hand-overs mid-loop, errors', async () => {
    const grid = (): Record<string, unknown> => ({
      r: 'outer r',
      rows: rows().map((row, i) => ({
        ...row,
        cells: i % 3 === 2 ? [] : [i, Promise.resolve(`p${i}`), i * 10],
        later: i === 3 ? Promise.resolve('late') : 'now',
      })),
      pending: Promise.resolve([1, 2]),
    })
    const source =
      '{{ r }}|{% for r in rows %}{{ forloop.counter }}:{{ r.later }}[' +
      '{% for c in r.cells reversed %}{{ forloop.parentloop.counter }}.{{ forloop.counter }}={{ c }}' +
      '{% if forloop.last %}!{% endif %}{% empty %}none{% endfor %}]' +
      '{% for a, b in pairs %}({{ a }}{{ b }}){% endfor %};{% endfor %}|{{ r }}|' +
      '{% for p in pending %}{{ p }}{% endfor %}{% for x in missing %}{% empty %}E{% endfor %}'
    const out = await expectSamePaths(source, () => ({
      ...grid(),
      pairs: [
        ['x', 1],
        ['y', 2],
      ],
    }))
    expect(out).toEqual({
      text:
        'outer r|1:now[1.1=01.2=p01.3=0!](x1)(y2);2:now[2.1=102.2=p12.3=1!](x1)(y2);' +
        '3:now[none](x1)(y2);4:late[4.1=304.2=p34.3=3!](x1)(y2);' +
        '5:now[5.1=405.2=p45.3=4!](x1)(y2);6:now[none](x1)(y2);|outer r|12E',
    })
    const generated = generatedSources.filter((s) => s.includes('generatedNodes')).join('\n')
    expect(generated).toContain('beginLoop')
    const failing = await expectSamePaths(
      '{% for r in rows %}{% for t in r.tags %}{{ t|boom }}{% endfor %}{% endfor %}',
      () => ({ rows: rows() }),
    )
    expect(failing).toMatchObject({ error: 'RangeError', line: 1 })
    const notIterable = await expectSamePaths('{% for x in n %}{{ x }}{% endfor %}', () => ({
      n: 5,
    }))
    expect(notIterable).toMatchObject({
      error: 'TypeError',
      message: "'number' object is not iterable",
    })
  })

  it('call a callable name on every use, even when its lookup is reused', async () => {
    let calls = 0
    const source = '{% for r in rows %}{{ tick }},{{ tick }};{% endfor %}'
    const out = await expectSamePaths(source, () => {
      calls = 0
      return { rows: rows(), tick: () => ++calls }
    })
    expect(out).toEqual({ text: '1,2;3,4;5,6;7,8;9,10;11,12;' })
  })

  it('hand async values over to the general path, keeping the output order', async () => {
    const asyncRows = (): Record<string, unknown>[] =>
      rows().map((r, i) => ({
        ...r,
        later: Promise.resolve(`<later ${i}>`),
        deep: Promise.resolve({ value: `d${i}` }),
        cond: Promise.resolve(i % 2 === 0),
      }))
    const source =
      '{% for r in rows %}a{{ r.later }}b{{ r.deep.value|upper }}c{{ r.name|later }}' +
      '{% if r.cond %}T{{ r.later }}{% else %}F{% endif %}' +
      '{% if r.active %}<{{ r.deep.value }}|{{ r.count }}>{% endif %}d;{% endfor %}end'
    const out = await expectSamePaths(source, () => ({ rows: asyncRows() }))
    expect(JSON.stringify(out)).toContain('T&lt;later 0&gt;<d0|0>d;')
  })

  it('tag errors with the failing node position on both paths', async () => {
    const source =
      'a\n{% for r in rows %}\n{% if r.active %}\n  {{ r.name|boom }}\n{% endif %}{% endfor %}'
    const out = (await expectSamePaths(source, () => ({ rows: rows() }))) as {
      error: string
      line: number
      column: number
    }
    expect(out).toMatchObject({ error: 'RangeError', line: 4, column: 3 })
  })

  it('tag async errors with the failing node position on both paths', async () => {
    const failing = library.filters.get('boom')
    expect(failing).toBeDefined()
    const source = '{% for r in rows %}\n{{ r.later }}{{ r.name|boom }}{% endfor %}'
    const out = (await expectSamePaths(source, () => ({
      rows: rows().map((r) => ({ ...r, later: Promise.resolve('x') })),
    }))) as { error: string; line: number }
    expect(out).toMatchObject({ error: 'RangeError', line: 2 })
  })

  it('fall back to closures when code generation is refused', () => {
    const engine = engineWith()
    const template = engine.fromString('{% for r in rows %}{{ r.count }}{% endfor %}')
    const out = withoutCodegen(() => [1, 2, 3, 4, 5].map(() => template.render({ rows: rows() })))
    expect(out).toEqual(Array(5).fill('012345'))
  })
})
