/**
 * The dispatch index must never change which pattern matches. A seeded random URLconf of 500
 * entries (static routes, converters, leading converters, regexes, nested includes with
 * static, empty, dynamic and regex prefixes) is resolved for a few thousand paths and
 * compared with a naive resolver that tries every entry in order.
 */
import { describe, expect, it } from 'vitest'
import type { HttpResponseBase } from '../http/response.js'
import type { View } from '../views/types.js'
import { DispatchIndex } from './dispatch-index.js'
import {
  getResolver,
  include,
  path,
  rePath,
  registerConverter,
  Resolver404,
  URLPattern,
  type URLEntry,
} from './index.js'
import { joinRoute } from './pattern.js'

/** mulberry32: small deterministic PRNG. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

registerConverter(
  {
    regex: '[0-9]+',
    toJs: (v: string) => {
      if (Number(v) % 3 === 0) throw new Error('multiple of three')
      return Number(v)
    },
    toUrl: (v: number) => String(v),
  },
  'notthree',
)

const WORDS = ['a', 'b', 'blog', 'api', 'users', 'item', 'x1', 'about', 'v2', 'Docs', 'p-q']
let viewCount = 0
function newView(): View {
  const id = viewCount++
  const v = (): HttpResponseBase => {
    throw new Error(`view ${id}`)
  }
  Object.defineProperty(v, 'name', { value: `view${id}` })
  return v
}

function buildEntries(random: () => number, count: number, depth: number): URLEntry[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
  const entries: URLEntry[] = []
  for (let i = 0; i < count; i++) {
    const w1 = pick(WORDS)
    const w2 = pick(WORDS)
    const kind = Math.floor(random() * (depth < 2 ? 19 : 15))
    const v = newView()
    switch (kind) {
      case 0:
        entries.push(path(`${w1}/${w2}/`, v))
        break
      case 1:
        entries.push(path(w1, v))
        break
      case 2:
        entries.push(path(`${w1}/<int:id>/`, v))
        break
      case 3:
        entries.push(path(`${w1}/<slug:s>/${w2}/`, v))
        break
      case 4:
        entries.push(path(`<slug:s>/${w1}/`, v))
        break
      case 5:
        entries.push(path(`${w1}-<int:n>/`, v))
        break
      case 6:
        entries.push(path(`${w1}/<notthree:n>/`, v, { kwargs: { extra: i } }))
        break
      case 7:
        entries.push(rePath(`^${w1}/(?P<n>[0-9]+)/$`, v))
        break
      case 8:
        entries.push(rePath(`^(?P<w>[a-z]+)/${w1}/$`, v))
        break
      case 9:
        entries.push(rePath(`^${w1}/([a-z]+)/`, v))
        break
      case 10:
        entries.push(rePath(new RegExp(`^${w1}/(?<k>[a-z])/$`, 'i'), v))
        break
      case 11:
        entries.push(path('', v))
        break
      case 12:
        entries.push(path(`${w1}/${w2}/<int:id>/`, v))
        break
      case 13:
        entries.push(path(`${w1}/${w2}`, v))
        break
      case 14:
        entries.push(path(`${w1}/${w2}/${pick(WORDS)}/`, v))
        break
      case 15:
        entries.push(path(`${w1}/`, include(buildEntries(random, 6, depth + 1))))
        break
      case 16:
        entries.push(path('', include(buildEntries(random, 3, depth + 1))))
        break
      case 17:
        entries.push(path('<int:g>/', include(buildEntries(random, 4, depth + 1))))
        break
      default:
        entries.push(rePath(`^${w1}/(?P<r>[0-9])/`, include(buildEntries(random, 4, depth + 1))))
    }
  }
  return entries
}

interface Found {
  view: View
  args: readonly string[]
  kwargs: Record<string, unknown>
  route: string
}

/** The reference: every entry in declaration order, no index. */
function naive(entries: readonly URLEntry[], p: string): Found | null {
  for (const entry of entries) {
    const m = entry.pattern.match(p)
    if (m === null) continue
    if (entry instanceof URLPattern) {
      return {
        view: entry.callback,
        args: m.args,
        kwargs: { ...m.kwargs, ...entry.defaultArgs },
        route: String(entry.pattern),
      }
    }
    const sub = naive(entry.urlPatterns, m.rest)
    if (sub === null) continue
    const kwargs = { ...m.kwargs, ...entry.defaultKwargs, ...sub.kwargs }
    return {
      view: sub.view,
      args: Object.keys(kwargs).length === 0 ? [...m.args, ...sub.args] : sub.args,
      kwargs,
      route: joinRoute(String(entry.pattern), sub.route),
    }
  }
  return null
}

function randomPath(random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
  const pieces = [...WORDS, 'docs', '7', '9', '12', '33', 'zz', 'x', 'a-1', '', 'b-5', 'blog-3']
  const n = 1 + Math.floor(random() * 4)
  const segs = Array.from({ length: n }, () => pick(pieces))
  return `/${segs.join('/')}${random() < 0.7 ? '/' : ''}`
}

describe('DispatchIndex', () => {
  it('merges entries along the trie path in declaration order', () => {
    type E = { pattern: { indexPath: string[] }; id: number }
    const e = (indexPath: string[], id: number): E => ({ pattern: { indexPath }, id })
    const entries = [
      e([], 0),
      e(['a'], 1),
      e([], 2),
      e(['b', ''], 3),
      e(['a', 'x'], 4),
      e(['a'], 5),
    ]
    const index = new DispatchIndex<E>(entries)
    const ids = (p: string) => index.candidates(p).map((x) => x.id)
    expect(ids('a/x/1')).toEqual([0, 1, 2, 4, 5])
    expect(ids('a/y/')).toEqual([0, 1, 2, 5])
    expect(ids('a')).toEqual([0, 1, 2, 5])
    expect(ids('b/')).toEqual([0, 2, 3])
    expect(ids('b')).toEqual([0, 2])
    expect(ids('c/')).toEqual([0, 2])
    expect(ids('')).toEqual([0, 2])
  })

  it('agrees with a linear resolver on a 500-pattern URLconf', () => {
    const random = rng(20240607)
    const urlpatterns = buildEntries(random, 500, 0)
    const resolver = getResolver({ urlpatterns })
    let hits = 0
    for (let i = 0; i < 4000; i++) {
      const p = randomPath(random)
      const expected = naive(urlpatterns, p.slice(1))
      let actual: Found | null = null
      try {
        const m = resolver.resolve(p)
        actual = { view: m.func, args: m.args, kwargs: { ...m.kwargs }, route: m.route }
      } catch (error) {
        if (!(error instanceof Resolver404)) throw error
      }
      if (expected === null) {
        expect(actual, p).toBeNull()
        continue
      }
      hits++
      expect(actual?.view.name, p).toBe(expected.view.name)
      expect(actual?.kwargs, p).toEqual(expected.kwargs)
      expect(actual?.args, p).toEqual(expected.args)
      expect(actual?.route, p).toBe(expected.route)
    }
    // The generator must exercise both outcomes substantially.
    expect(hits).toBeGreaterThan(1000)
    expect(hits).toBeLessThan(3800)
  })
})
