/**
 * resolve-500: an in-process microbenchmark of URL resolution alone, no HTTP.
 *
 * 500 routes of one shape (`r<i>/<int:id>/items/<slug:slug>/`) go into reinhardt's root
 * resolver and into find-my-way (fastify's router). Each is asked for the first route, the
 * middle one, the last one, and a path that matches nothing (reinhardt throws Resolver404,
 * which is caught as a caller would; find-my-way returns null). Every case is checked for
 * the right answer first, warmed up, then timed in several samples of about
 * BENCH_RESOLVE_MS milliseconds each (default 300); the median rate is printed.
 *
 * reinhardt resolves like Django: the patterns are tried in order, so cost grows with the
 * position of the match; find-my-way walks a radix tree. The table makes that visible.
 *
 * Run: `npm run build && node --import tsx bench/resolve.ts` (also part of npm run bench).
 */
import FindMyWay from 'find-my-way'
import { getResolver, path, Resolver404 } from 'reinhardt/urls'
import type { HttpResponseBase } from '../src/http/response.js'

const ROUTES = 500
const SAMPLE_MS = Number(process.env.BENCH_RESOLVE_MS ?? 300)
const SAMPLES = 5

interface Case {
  name: string
  path: string
  /** Expected params; null for the miss. */
  expect: { id: number; slug: string } | null
}

const CASES: Case[] = [
  { name: 'hit-first', path: '/r0/11/items/first-slug/', expect: { id: 11, slug: 'first-slug' } },
  {
    name: 'hit-middle',
    path: `/r${ROUTES / 2}/22/items/middle-slug/`,
    expect: { id: 22, slug: 'middle-slug' },
  },
  {
    name: 'hit-last',
    path: `/r${ROUTES - 1}/33/items/last-slug/`,
    expect: { id: 33, slug: 'last-slug' },
  },
  { name: 'miss', path: '/nowhere/44/items/missing/', expect: null },
]

// Views are never called here; one shared function keeps the setup cheap.
const view = (): HttpResponseBase => {
  throw new Error('not called in the resolver benchmark')
}

function reinhardtResolver(): (p: string) => Record<string, unknown> | null {
  const urlpatterns = Array.from({ length: ROUTES }, (_, i) =>
    path(`r${i}/<int:id>/items/<slug:slug>/`, view),
  )
  const resolver = getResolver({ urlpatterns })
  return (p) => {
    try {
      return resolver.resolve(p).kwargs
    } catch (error) {
      if (error instanceof Resolver404) return null
      throw error
    }
  }
}

function findMyWayResolver(): (p: string) => Record<string, unknown> | null {
  const router = FindMyWay()
  for (let i = 0; i < ROUTES; i++) router.on('GET', `/r${i}/:id/items/:slug/`, () => {})
  return (p) => {
    const found = router.find('GET', p)
    if (found === null) return null
    // Same work as the int converter, so both sides hand back a number.
    const params = found.params as Record<string, string>
    return { id: Number(params.id), slug: params.slug }
  }
}

function check(impl: string, resolve: (p: string) => Record<string, unknown> | null, c: Case) {
  const got = resolve(c.path)
  const ok =
    c.expect === null
      ? got === null
      : got !== null && got.id === c.expect.id && got.slug === c.expect.slug
  if (!ok) {
    throw new Error(
      `${impl} resolved ${c.path} to ${JSON.stringify(got)}, expected ${JSON.stringify(c.expect)}`,
    )
  }
}

/** Calls `fn(p)` in batches until ~SAMPLE_MS passed; returns calls per second. */
function sample(fn: (p: string) => unknown, p: string, batch: number): number {
  let calls = 0
  let sink = 0
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(SAMPLE_MS) * 1_000_000n
  let now = start
  while (now < deadline) {
    for (let i = 0; i < batch; i++) if (fn(p) !== undefined) sink++
    calls += batch
    now = process.hrtime.bigint()
  }
  if (sink < 0) console.log(sink) // keeps the calls observable so they are not optimised away
  return calls / (Number(now - start) / 1e9)
}

function rate(fn: (p: string) => unknown, p: string): number {
  sample(fn, p, 100) // warm-up: lets the JIT settle on this path
  const results: number[] = []
  for (let i = 0; i < SAMPLES; i++) results.push(sample(fn, p, 100))
  results.sort((a, b) => a - b)
  return results[SAMPLES >> 1] ?? 0
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

const impls = [
  { name: 'reinhardt', resolve: reinhardtResolver() },
  { name: 'find-my-way', resolve: findMyWayResolver() },
]
for (const impl of impls) for (const c of CASES) check(impl.name, impl.resolve, c)

const lines = [
  `resolve-500: ${ROUTES} routes, median of ${SAMPLES} × ${SAMPLE_MS} ms samples`,
  '',
  '| case | reinhardt resolve/s | find-my-way find/s | reinhardt / find-my-way |',
  '| --- | ---: | ---: | ---: |',
]
for (const c of CASES) {
  const [mine, theirs] = impls.map((impl) => rate(impl.resolve, c.path)) as [number, number]
  lines.push(`| ${c.name} | ${format(mine)} | ${format(theirs)} | ${(mine / theirs).toFixed(3)} |`)
}
process.stdout.write(`${lines.join('\n')}\n\n`)
