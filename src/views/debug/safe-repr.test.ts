import { describe, expect, it } from 'vitest'
import { CLEANSED_SUBSTITUTE, safeRepr } from './safe-repr.js'

const masked = `'${CLEANSED_SUBSTITUTE}'`

describe('safeRepr', () => {
  it('renders primitives, containers and class instances readably', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    expect(safeRepr('it\'s\n"x"')).toBe(`'it\\'s\\n"x"'`)
    expect(safeRepr([1, 'a', null, undefined, 2n, true])).toBe(
      "[ 1, 'a', null, undefined, 2n, true ]",
    )
    expect(safeRepr({ a: { b: [] }, 'x-y': {} })).toBe("{ a: { b: [] }, 'x-y': {} }")
    expect(safeRepr(new Point(1, 2))).toBe('Point { x: 1, y: 2 }')
    expect(safeRepr(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }")
    expect(safeRepr(new Set([1]))).toBe('Set(1) { 1 }')
    expect(safeRepr(Object.create(null))).toBe('Object: null prototype {}')
    expect(safeRepr(function named() {})).toBe('[Function named]')
    expect(safeRepr(class Thing {})).toBe('[class Thing]')
    expect(safeRepr(new Date(0))).toBe('1970-01-01T00:00:00.000Z')
    expect(safeRepr(Buffer.from('abc'))).toBe('<Buffer 3 bytes>')
    expect(safeRepr(new TypeError('bad'))).toBe("TypeError('bad')")
  })

  it('masks sensitive keys at any depth, in objects and Maps, not in arrays by position', () => {
    const isSensitiveKey = (key: string) => /PASS|TOKEN/i.test(key)
    const value = {
      default: { NAME: 'db', PASSWORD: 'pw' },
      list: [{ apiToken: 't' }, 'PASSWORD'],
      map: new Map<unknown, unknown>([
        ['token', 's'],
        [1, 'kept'],
      ]),
    }
    const text = safeRepr(value, { isSensitiveKey })
    expect(text).toBe(
      `{ default: { NAME: 'db', PASSWORD: ${masked} }, list: [ { apiToken: ${masked} }, 'PASSWORD' ], ` +
        `map: Map(2) { 'token' => ${masked}, 1 => 'kept' } }`,
    )
    expect(text).not.toContain("'pw'")
  })

  it('marks cycles and caps depth', () => {
    const a: Record<string, unknown> = { name: 'a' }
    a.self = a
    a.list = [a]
    expect(safeRepr(a)).toBe("{ name: 'a', self: [Circular], list: [ [Circular] ] }")
    let deep: Record<string, unknown> = {}
    const root = deep
    for (let i = 0; i < 20; i++) deep = deep.next = {}
    expect(safeRepr(root)).toContain('[Object]')
    // the same object twice, not nested, is not a cycle
    const shared = { s: 1 }
    expect(safeRepr([shared, shared])).toBe('[ { s: 1 }, { s: 1 } ]')
  })

  it('cuts long output at the limit (4 KB by default) and long containers at 100 items', () => {
    const long = safeRepr('x'.repeat(100_000))
    expect(long.length).toBeLessThan(4200)
    expect(long).toMatch(/… \(cut at 4096 characters\)$/)
    expect(safeRepr('abcdef', { limit: 4 })).toBe("'abc… (cut at 4 characters)")
    const many = safeRepr(
      Array.from({ length: 150 }, () => 0),
      { limit: 100_000 },
    )
    expect(many).toMatch(/, … 50 more \]$/)
  })

  it('never throws: throwing getters, revoked proxies, hostile toString', () => {
    const getter = {
      ok: 1,
      get boom(): never {
        throw new Error('getter exploded')
      },
    }
    expect(safeRepr(getter)).toBe('{ ok: 1, boom: <getter threw: Error: getter exploded> }')
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(safeRepr({ p: proxy })).toMatch(/^\{ p: <unrepresentable: TypeError: .*> \}$/)
    const hostile = {
      toString() {
        throw new Error('no')
      },
    }
    expect(safeRepr(hostile)).toBe('{ toString: [Function toString] }')
    const hostileError = new Error('x')
    Object.defineProperty(hostileError, 'name', {
      get() {
        throw new Error('name getter')
      },
    })
    expect(() => safeRepr(hostileError)).not.toThrow()
  })
})
