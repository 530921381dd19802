import { describe, expect, it } from 'vitest'
import { compileResolver } from './compiled-expression.js'
import { Context } from './context.js'
import { Engine } from './engine.js'
import { FilterExpression } from './filter-expression.js'
import { Library } from './library.js'
import { SafeString, markSafe } from './safe-string.js'

const library = new Library()
library.filter('later', (v) => Promise.resolve(`${String(v)}!`))
library.filter('boom', () => {
  throw new RangeError('boom')
})
library.filter('wrap', (v, arg) => `[${String(v)}|${String(arg)}]`, { isSafe: true })
const engine = new Engine({ builtins: [library], stringIfInvalid: '' })
const invalidEngine = new Engine({ builtins: [library], stringIfInvalid: 'INVALID(%s)' })

const finder = {
  findFilter(name: string) {
    for (const lib of [...engine.templateBuiltins].reverse()) {
      const spec = lib.filters.get(name)
      if (spec) return spec
    }
    throw new Error(`no filter ${name}`)
  },
}

/** A comparable view of a resolve outcome: value (awaited), SafeString-ness, or error. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    const value = await run()
    if (value instanceof SafeString) return { safe: value.valueOf() }
    if (typeof value === 'function') return { fn: value.name }
    return { value }
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message }
  }
}

function contextFor(values: Record<string, unknown>, template: Engine = engine): Context {
  const ctx = new Context(values)
  ctx.template = template.fromString('')
  return ctx
}

const person = {
  name: 'Ada <L>',
  tags: ['a&b', '<c>'],
  fullName() {
    return 'Ada Lovelace'
  },
  erase: Object.assign(() => 'erased', { altersData: true }),
  factory: Object.assign(function factory() {}, { doNotCallInTemplates: true }),
  failing() {
    throw Object.assign(new Error('quiet'), { silentVariableFailure: true })
  },
  loud() {
    throw new TypeError('loud')
  },
  later: Promise.resolve({ city: 'London' }),
  nothing: undefined,
}

const values: Record<string, unknown> = {
  person,
  map: new Map<unknown, unknown>([
    ['k', 'map value'],
    [1, 'one'],
  ]),
  dict: { a: 1, b: 2 },
  text: 'xyz',
  safe: markSafe('<b>'),
  none: null,
  promise: Promise.resolve({ inner: 'settled' }),
  arg: 'ARG',
  asyncArg: Promise.resolve('later-arg'),
}

const expressions = [
  'person.name',
  'person.name|upper',
  'person.name|lower|truncatechars:4',
  'person.tags|join:", "',
  'person.tags|length',
  'person.tags.1',
  'person.fullName',
  'person.fullName|upper',
  'person.erase',
  'person.factory',
  'person.failing',
  'person.loud',
  'person.later.city',
  'person.nothing',
  'person.nothing|default:"n/a"',
  'person.missing',
  'person.missing|default:"n/a"',
  'person.name.missing',
  'missing',
  'missing.deeper|upper',
  'map.k',
  'map.1',
  'map.items',
  'dict.items',
  'dict.keys|join:","',
  'text.0',
  'text.length',
  'safe|wrap:"x"',
  'safe|upper',
  'safe|lower',
  'none.x',
  'promise.inner',
  'promise.inner|upper',
  'person.name|later|upper',
  'person.name|wrap:arg',
  'person.name|wrap:asyncArg',
  'person.name|wrap:missingArg',
  'person.name|boom',
  'person.constructor',
]

describe('compiled expressions', () => {
  it('compile every path expression of the table (the forbidden one excepted)', () => {
    for (const token of expressions) {
      const fe = new FilterExpression(token, finder)
      const hooks = {
        missing: () => null,
        invalid: () => null,
        settle: () => null,
        argPending: () => null,
        outPending: () => null,
      }
      const compiled = compileResolver(fe.variable, fe.filters, hooks)
      if (token === 'person.constructor') expect(compiled).toBeNull()
      else expect(compiled, token).toBeTypeOf('function')
    }
  })

  for (const [label, template] of [
    ['empty stringIfInvalid', engine],
    ['stringIfInvalid with %s', invalidEngine],
  ] as const) {
    for (const ignoreFailures of [false, true]) {
      it(`resolve the same compiled as general (${label}, ignoreFailures ${ignoreFailures})`, async () => {
        for (const token of expressions) {
          const general = await outcome(() =>
            new FilterExpression(token, finder).resolve(
              contextFor(values, template),
              ignoreFailures,
            ),
          )
          const hot = new FilterExpression(token, finder)
          // The first resolves use the general path; later ones the compiled resolver.
          for (let i = 0; i < 8; i++) {
            const got = await outcome(() =>
              hot.resolve(contextFor(values, template), ignoreFailures),
            )
            expect(got, `${token} (resolve ${i + 1})`).toEqual(general)
          }
        }
      })
    }
  }

  it('read a property once per resolve, compiled or not', () => {
    let reads = 0
    const counted = {
      get value(): string {
        reads++
        return 'v'
      },
      get absent(): undefined {
        reads++
        return undefined
      },
    }
    for (const token of ['o.value', 'o.absent']) {
      const fe = new FilterExpression(token, finder)
      for (let i = 0; i < 8; i++) {
        reads = 0
        fe.resolve(contextFor({ o: counted }))
        expect(reads, `${token} (resolve ${i + 1})`).toBe(1)
      }
    }
  })

  it('render loops identically on both paths, autoescape on and off', () => {
    const source =
      '{% for p in people %}<{{ p.name|upper }}|{{ p.tags|join:"&" }}|{{ p.note|default:"-" }}' +
      '|{{ p.missing }}|{{ forloop.counter }}>{% endfor %}'
    const people = Array.from({ length: 12 }, (_, i) => ({
      name: `n<${i}>`,
      tags: [`t&${i}`, `"q"`],
      note: i % 2 ? `o'k ${i}` : '',
    }))
    for (const autoescape of [true, false]) {
      const e = new Engine({ autoescape, stringIfInvalid: '?%s?' })
      const expected = people
        .map((p, i) => {
          const esc = (s: string): string =>
            autoescape
              ? s
                  .replace(/&/g, '&amp;')
                  .replace(/</g, '&lt;')
                  .replace(/>/g, '&gt;')
                  .replace(/"/g, '&quot;')
                  .replace(/'/g, '&#x27;')
              : s
          // The separator is a string literal, hence safe: never escaped (as in Django).
          return (
            `<${esc(p.name.toUpperCase())}|${p.tags.map(esc).join('&')}` +
            `|${esc(p.note || '-')}|?p.missing?|${i + 1}>`
          )
        })
        .join('')
      const template = e.fromString(source)
      for (let i = 0; i < 4; i++) expect(template.render({ people })).toBe(expected)
    }
  })

  it('render async values met on the compiled path', async () => {
    const template = engine.fromString('{% for r in rows %}{{ r.value.deep|upper }};{% endfor %}')
    const rows = Array.from({ length: 6 }, (_, i) => ({
      value: Promise.resolve({ deep: `v${i}` }),
    }))
    const out = template.render({ rows })
    expect(out).toBeInstanceOf(Promise)
    expect(await out).toBe('V0;V1;V2;V3;V4;V5;')
  })

  it('point errors from the compiled path at the template line', () => {
    const template = engine.fromString('a\n{% for x in xs %}\n  {{ x|boom }}\n{% endfor %}')
    for (let i = 0; i < 6; i++) {
      try {
        template.render({ xs: [1, 2, 3, 4, 5, 6] })
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError)
        expect((error as { templateLocation?: unknown }).templateLocation).toMatchObject({
          line: 3,
          column: 3,
        })
      }
    }
  })
})
