/**
 * Throwaway micro-measurement of the URL resolver (not the bench suite): 500 patterns,
 * resolutions per second for a hit at the first, middle and last pattern and for a miss,
 * plus reverse(). Run: npx tsx --conditions=source bench/resolve-micro.ts
 */
import type { HttpResponseBase } from '../src/http/response.js'
import { getResolver, path, Resolver404, reverse, type URLEntry } from '../src/urls/index.js'

const N = 500
const view = (): HttpResponseBase => {
  throw new Error('not called')
}

function measure(label: string, fn: () => unknown): void {
  for (let i = 0; i < 20_000; i++) fn() // warm-up
  let n = 0
  const start = process.hrtime.bigint()
  const budget = 300_000_000n // 0.3 s
  let elapsed = 0n
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) fn()
    n += 1000
    elapsed = process.hrtime.bigint() - start
  }
  const perSec = (n / Number(elapsed)) * 1e9
  console.log(`${label.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} /s`)
}

function run(title: string, urlpatterns: URLEntry[], paths: Record<string, string>): void {
  console.log(`\n${title}`)
  const resolver = getResolver({ urlpatterns })
  for (const [label, p] of Object.entries(paths)) {
    measure(label, () => {
      try {
        return resolver.resolve(p)
      } catch (error) {
        if (error instanceof Resolver404) return null
        throw error
      }
    })
  }
}

// Keyed: every route starts with its own literal segment.
const keyed = Array.from({ length: N }, (_, i) =>
  path(`r${i}/<int:id>/items/<slug:slug>/`, view, { name: `r${i}` }),
)
run('500 routes r<i>/<int:id>/items/<slug:slug>/', keyed, {
  'hit first': '/r0/33/items/a-slug/',
  'hit middle': `/r${N / 2}/33/items/a-slug/`,
  'hit last': `/r${N - 1}/33/items/a-slug/`,
  miss: '/nowhere/44/items/missing/',
})

// Static: fully literal routes (string comparison only).
const statics = Array.from({ length: N }, (_, i) => path(`page${i}/about/`, view))
run('500 static routes page<i>/about/', statics, {
  'hit first': '/page0/about/',
  'hit middle': `/page${N / 2}/about/`,
  'hit last': `/page${N - 1}/about/`,
  miss: '/page9999/about/',
})

// Worst case for the index: one shared first segment, so every route is a candidate.
const shared = Array.from({ length: N }, (_, i) => path(`api/r${i}/<int:id>/`, view))
run('500 routes api/r<i>/<int:id>/ (one shared first segment)', shared, {
  'hit first': '/api/r0/1/',
  'hit middle': `/api/r${N / 2}/1/`,
  'hit last': `/api/r${N - 1}/1/`,
  miss: '/api/none/1/',
})

// For scale: a linear scan testing every pattern in order (what the index avoids).
console.log('\nlinear scan, no index (500 keyed routes)')
for (const [label, p] of [
  ['hit last', `r${N - 1}/33/items/a-slug/`],
  ['miss', 'nowhere/44/items/missing/'],
] as const) {
  measure(label, () => {
    for (const entry of keyed) if (entry.pattern.match(p) !== null) return entry
    return null
  })
}

console.log('\nreverse()')
const urlconf = { urlpatterns: keyed }
measure('reverse last by name (kwargs)', () =>
  reverse(`r${N - 1}`, { kwargs: { id: 33, slug: 'a-slug' }, urlconf }),
)
