/**
 * Paired CPU comparison of two bench servers, for when whole-run ratios are too noisy.
 *
 * Both servers run at once; the script alternates fixed bursts of requests between them
 * (swapping which goes first each pair) and reads each server's CPU time from /proc for
 * its burst, so both halves of a pair see the same machine. It prints each server's median
 * CPU µs per request and the median per-pair ratio A/B (below 1: A is cheaper). Linux only.
 *
 *   npm run build
 *   node bench/tools/pair-cpu.mjs 14 \
 *     "node bench/servers/node.mjs --port PORT --scenario hello" \
 *     "node bench/servers/reinhardt.mjs --port PORT --scenario hello"
 *
 * PORT is replaced with a free port per server. BENCH_PATH sets the URL path ('/').
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const [pairsArg, commandA, commandB] = process.argv.slice(2)
if (!pairsArg || !commandA || !commandB) {
  console.error('usage: node bench/tools/pair-cpu.mjs PAIRS "command A" "command B"')
  process.exit(2)
}
const BURST = 30_000
const urlPath = process.env.BENCH_PATH ?? '/'
const autocannon = fileURLToPath(new URL('../../node_modules/.bin/autocannon', import.meta.url))

/** User + system CPU time of a process in milliseconds (clock ticks are 10 ms here). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

function load(port, requests) {
  execFileSync(
    autocannon,
    ['-c', '50', '-a', String(requests), `http://127.0.0.1:${port}${urlPath}`],
    {
      stdio: 'ignore',
    },
  )
}

async function start(command) {
  const port = await freePort()
  const [bin, ...args] = command.replaceAll('PORT', String(port)).split(' ')
  const child = spawn(bin, args, { stdio: 'ignore' })
  await new Promise((resolve) => setTimeout(resolve, 1500))
  load(port, 20_000) // warm-up
  return { child, port, samples: [] }
}

const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1]

const a = await start(commandA)
const b = await start(commandB)
const ratios = []
try {
  for (let i = 0; i < Number(pairsArg); i++) {
    const measured = {}
    for (const server of i % 2 ? [b, a] : [a, b]) {
      const before = cpuMs(server.child.pid)
      load(server.port, BURST)
      const us = ((cpuMs(server.child.pid) - before) * 1000) / BURST
      server.samples.push(us)
      measured[server.port] = us
    }
    ratios.push(measured[a.port] / measured[b.port])
  }
} finally {
  a.child.kill()
  b.child.kill()
}
console.log(`A: ${commandA}\nB: ${commandB}`)
console.log(
  `CPU µs/request (median): A ${median(a.samples).toFixed(1)}, B ${median(b.samples).toFixed(1)}; ` +
    `ratio A/B (median of ${ratios.length} pairs) ${median(ratios).toFixed(3)}; ` +
    `pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
)
