/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) as the functions with the most self
 * time, with file:line, so a hotspot can be found without opening DevTools.
 *
 * Self time of a profile node is the sum of the time deltas of the samples that landed in
 * it; nodes for the same function (same name, file, line) are merged across call paths.
 * Line numbers in the profile are 0-based and are printed 1-based.
 *
 * TypeScript files ran through tsx, which minifies whitespace, so the profile's positions
 * point into one long generated line. Run this tool under tsx too and it maps them back:
 * it imports each profiled src/*.ts module (library modules, harmless to load) so that
 * node's module.findSourceMap hands back exactly the map tsx produced, then translates
 * line and column through it. Files it cannot map are marked `(generated)`.
 *
 * Usage:
 *   node --import tsx --conditions=source bench/tools/cpuprofile-top.mjs \
 *     <file.cpuprofile | dir> [--top 25] [--filter src/]
 * With a directory, the newest main-thread .cpuprofile in it is read (tsx's loader runs in
 * a worker thread that gets a profile of its own, named with a thread id other than 0). Percentages are of busy time (the
 * `(idle)` pseudo-function left out), since under a load generator sharing the machine a
 * server idles a lot. `--filter` keeps only rows whose file contains the string (e.g.
 * `src/` for reinhardt's own code); percentages stay relative to all busy time.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { findSourceMap } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, filter: { type: 'string' } },
})
const target = positionals[0]
if (!target) {
  process.stderr.write('usage: cpuprofile-top.mjs <file.cpuprofile | dir> [--top N] [--filter S]\n')
  process.exit(2)
}

function newestProfile(dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`)
  // Names are CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile.
  return files.find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0]
}

const file = statSync(target).isDirectory() ? newestProfile(target) : target
const profile = JSON.parse(readFileSync(file, 'utf8'))

const nodeById = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map() // node id → microseconds
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}

const maps = new Map() // url → SourceMap | null

/** Loads the module (src/ only) so findSourceMap knows tsx's map for it. */
async function loadMap(url) {
  if (maps.has(url)) return
  let map = null
  if (url.startsWith('file://') && /\/src\/.*\.ts$/.test(url)) {
    try {
      await import(url)
      map = findSourceMap(url) ?? findSourceMap(fileURLToPath(url)) ?? null
    } catch {
      map = null
    }
  }
  maps.set(url, map)
}

function where(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame
  if (!url) return ''
  let shown = url
  if (url.startsWith('file://')) shown = relative(process.cwd(), fileURLToPath(url))
  if (lineNumber < 0) return shown
  if (url.endsWith('.ts')) {
    const entry = maps.get(url)?.findEntry(lineNumber, columnNumber)
    if (entry && entry.originalLine !== undefined) return `${shown}:${entry.originalLine + 1}`
    return `${shown}:${lineNumber + 1}:${columnNumber + 1} (generated)`
  }
  return `${shown}:${lineNumber + 1}`
}

for (const id of selfUs.keys()) {
  const { url } = nodeById.get(id).callFrame
  if (url.endsWith('.ts')) await loadMap(url)
}

const byFunction = new Map()
let total = 0
let idle = 0
for (const [id, us] of selfUs) {
  const { callFrame } = nodeById.get(id)
  if (callFrame.functionName === '(idle)') {
    idle += us
    continue
  }
  total += us
  const name = callFrame.functionName || '(anonymous)'
  const loc = where(callFrame)
  const key = `${name}\u0000${loc}`
  const row = byFunction.get(key) ?? { name, loc, us: 0 }
  row.us += us
  byFunction.set(key, row)
}

const rows = [...byFunction.values()]
  .filter((r) => values.filter === undefined || r.loc.includes(values.filter))
  .sort((a, b) => b.us - a.us)
  .slice(0, Number(values.top))

const seconds = (us) => (us / 1e6).toFixed(2)
process.stdout.write(`${file}: ${seconds(total)} s busy, ${seconds(idle)} s idle\n\n`)
process.stdout.write('| self ms | % of busy | function | where |\n| ---: | ---: | --- | --- |\n')
for (const r of rows) {
  const pct = ((100 * r.us) / total).toFixed(1)
  process.stdout.write(`| ${(r.us / 1000).toFixed(0)} | ${pct} | ${r.name} | ${r.loc} |\n`)
}
