/**
 * The template benchmark: one page rendered by reinhardt's Django template language, by
 * nunjucks, liquidjs and eta, and by Django's own engine, with ratios measured in one run.
 *
 * The page (templates/<engine>/) extends a base layout and loops over 100 rows, each with five
 * filters (upper, lower, join, length, default) and autoescaped strings full of `<>&"'`
 * (data.mjs). Each engine has the same page written in its own syntax; reinhardt and Django
 * render the very same files (templates/django/*.dtl). Before timing, every engine's output is
 * compared with reinhardt's after normalising whitespace and equivalent entities (`&#x27;`,
 * `&#39;`; `&#34;`, `&quot;`), so nobody is timed rendering a broken page.
 *
 * Timing: every engine loads its templates through its own cached loader (compiled once), is
 * warmed up, then in each round every engine renders the page repeatedly for a fixed time;
 * the engine order rotates each round, so drift of a noisy machine hits everyone alike. The
 * table shows the median renders per second over the rounds and the median of the per-round
 * ratios reinhardt ÷ engine.
 * Django runs in a long-lived python3 worker (django_worker.py) timing its own renders with
 * the same data, so Python start-up and the pipe are not measured.
 *
 * reinhardt is imported from dist/ (`reinhardt/template`, the package's default export
 * condition), as a deployed project would: `npm run bench:template` builds first, so no
 * TypeScript loader runs in the measured process.
 *
 * Environment: TEMPLATE_BENCH_ROUNDS (7), TEMPLATE_BENCH_MS (400, per engine and round),
 * TEMPLATE_BENCH_ENGINES (reinhardt,nunjucks,liquidjs,eta,django).
 */
import { spawn, execFileSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Eta } from 'eta'
import { Liquid } from 'liquidjs'
import nunjucks from 'nunjucks'
import { Engine } from 'reinhardt/template'
import { makeData } from './data.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const templates = (engine) => join(here, 'templates', engine)
const ROUNDS = positive('TEMPLATE_BENCH_ROUNDS', 7)
const SAMPLE_MS = positive('TEMPLATE_BENCH_MS', 400)
const WARMUP_MS = 1000
const data = makeData()

/** In-process engines: `render()` returns the page's HTML (every one synchronously). */
function nodeEngines() {
  const reinhardt = new Engine({ dirs: [templates('django')], debug: false })
  const njk = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates('nunjucks')), {
    autoescape: true,
  })
  const liquid = new Liquid({ root: templates('liquid'), cache: true, outputEscape: 'escape' })
  const eta = new Eta({ views: templates('eta'), cache: true, autoEscape: true })
  return [
    { name: 'reinhardt', render: () => reinhardt.getTemplate('page.dtl').render(data) },
    { name: 'nunjucks', render: () => njk.render('page.njk', data) },
    { name: 'liquidjs', render: () => liquid.renderFileSync('page.liquid', data) },
    { name: 'eta', render: () => eta.render('./page', data) },
  ]
}

/** Django in a python3 worker; null (with a note) when python3-django is not installed. */
async function djangoEngine() {
  const python = ['/usr/bin/python3', 'python3'].find((candidate) => {
    try {
      execFileSync(candidate, ['-c', 'import django'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })
  if (!python) {
    console.error('python3-django is not installed: Django is left out of this run.')
    return null
  }
  const child = spawn(python, [join(here, 'django_worker.py')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const ask = async (command) => {
    child.stdin.write(JSON.stringify(command) + '\n')
    const { value, done } = await lines.next()
    if (done) throw new Error('the Django worker exited')
    return JSON.parse(value)
  }
  const { version } = await ask({ cmd: 'setup', dir: templates('django'), data })
  return {
    name: 'django',
    label: `Django ${version}`,
    html: async () => (await ask({ cmd: 'render' })).html,
    sample: async (ms) => {
      const { count, seconds } = await ask({ cmd: 'run', ms })
      return count / seconds
    },
    close: () => child.stdin.end(),
  }
}

/** Renders per second over about `ms` milliseconds. */
function sampleNode(render, ms) {
  let count = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    render()
    count++
    elapsed = performance.now() - start
  }
  return (count * 1000) / elapsed
}

/** Whitespace and equivalent entities normalised, so equal pages compare equal. */
function normalise(html) {
  return html
    .replace(/&#x27;/g, '&#39;')
    .replace(/&#34;/g, '&quot;')
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .trim()
}

async function main() {
  const wanted = new Set(
    (process.env.TEMPLATE_BENCH_ENGINES ?? 'reinhardt,nunjucks,liquidjs,eta,django').split(','),
  )
  const engines = nodeEngines().map((e) => ({
    name: e.name,
    label: e.name,
    html: async () => e.render(),
    sample: async (ms) => sampleNode(e.render, ms),
    close: () => {},
  }))
  const django = wanted.has('django') ? await djangoEngine() : null
  if (django) engines.push(django)
  const active = engines.filter((e) => wanted.has(e.name) || e.name === 'reinhardt')

  const expected = normalise(await active[0].html())
  if (!expected.includes('<td>100</td>') || !expected.includes('&lt;SCRIPT&gt;')) {
    throw new Error('reinhardt rendered an unexpected page:\n' + expected.slice(0, 500))
  }
  for (const engine of active.slice(1)) {
    const got = normalise(await engine.html())
    if (got !== expected) {
      const at = [...got].findIndex((ch, i) => ch !== expected[i])
      throw new Error(
        `${engine.label} renders a different page than reinhardt (first difference at ${at}):\n` +
          `  reinhardt: …${expected.slice(Math.max(0, at - 60), at + 60)}…\n` +
          `  ${engine.label}: …${got.slice(Math.max(0, at - 60), at + 60)}…`,
      )
    }
  }
  console.error(`outputs match (${expected.length} characters after normalisation)`)

  for (const engine of active) await engine.sample(WARMUP_MS)
  const samples = new Map(active.map((e) => [e.name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const order = active.map((_, i) => active[(i + round) % active.length])
    for (const engine of order) samples.get(engine.name).push(await engine.sample(SAMPLE_MS))
    console.error(
      `round ${round + 1}/${ROUNDS}: ` +
        order.map((e) => `${e.name} ${Math.round(samples.get(e.name).at(-1))}/s`).join(', '),
    )
  }
  for (const engine of active) engine.close()

  // Ratios are taken per round (reinhardt and the other engine measured seconds apart) and
  // their median reported: steadier on a shared machine than the ratio of two medians.
  const ours = samples.get('reinhardt')
  const ratios = new Map(
    active.map((e) => [e.name, median(samples.get(e.name).map((v, i) => ours[i] / v))]),
  )
  console.log(
    `| engine | renders/s (median of ${ROUNDS} rounds) | reinhardt ÷ engine (median of per-round ratios) |`,
  )
  console.log('| --- | ---: | ---: |')
  for (const engine of active) {
    const value = median(samples.get(engine.name))
    console.log(
      `| ${engine.label} | ${Math.round(value).toLocaleString('en-US')} | ${ratios.get(engine.name).toFixed(2)} |`,
    )
  }
  console.log('')
  const targets = [
    ['nunjucks', 3, '>= 3x nunjucks'],
    ['django', 20, '>= 20x Django'],
    ['eta', 0.5, 'within 2x of eta (>= 0.5x)'],
  ]
  for (const [name, min, text] of targets) {
    if (!ratios.has(name)) continue
    const ratio = ratios.get(name)
    console.log(`- ${text}: ${ratio >= min ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`)
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function positive(name, fallback) {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
