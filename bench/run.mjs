/**
 * The HTTP benchmark: reinhardt against raw node:http and its peers, ratios taken in one run.
 *
 * How it works: for each round, for each scenario, for each framework (the framework order
 * rotates every round, so slow drift of the machine hits everyone alike), it starts that
 * framework's server script as a child process, waits for it to print `ready`, checks that
 * the scenario's URL answers 200 with the exact expected body, warms it up for a second,
 * measures it with autocannon, and stops it. Only one server runs at a time. After all
 * rounds it prints, per scenario and framework, the median req/s and median p99 latency
 * over the rounds and the ratio to node:http measured in the same run, plus the server's
 * CPU time per request (Linux, from /proc) and its ratio, which shifts less when other work
 * on the machine steals CPU. Under the table it says which targets this run met. Then it
 * runs the in-process resolver microbenchmark (bench/resolve.ts), which prints its own table.
 *
 * Progress goes to stderr and the tables to stdout, so `npm run bench > out.md` keeps only
 * the results. Environment:
 *
 *   BENCH_DURATION=5          seconds measured per server (after a 1 s warm-up)
 *   ROUNDS=2                  rounds (BENCH_ROUNDS works too)
 *   BENCH_CONNECTIONS=50      autocannon connections
 *   BENCH_PIPELINING=1        autocannon pipelining
 *   BENCH_SCENARIOS=hello,json-params,middleware,resolve-500
 *   BENCH_FRAMEWORKS=node,reinhardt,fastify,express,koa,hono
 */
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { formatInt, httpTable, targetLines } from './lib/report.mjs'
import {
  cpuSeconds,
  killChildren,
  spawnNode,
  startServer,
  stopServer,
} from './lib/server-process.mjs'
import { SCENARIOS, SCENARIO_BODY, SCENARIO_URL } from './servers/common.mjs'

const here = dirname(fileURLToPath(import.meta.url))
// bench/resolve.ts is TypeScript (tsx compiles it); its `reinhardt/*` imports resolve to the
// tsc-compiled dist/ (package.json's default export condition): `npm run bench` builds first.
const TSX = ['--import', 'tsx']

const FRAMEWORKS = [
  { name: 'node', label: 'node:http', args: [join(here, 'servers/node.mjs')] },
  { name: 'reinhardt', label: 'reinhardt', args: [join(here, 'servers/reinhardt.mjs')] },
  { name: 'fastify', label: 'fastify', args: [join(here, 'servers/fastify.mjs')] },
  { name: 'express', label: 'express', args: [join(here, 'servers/express.mjs')] },
  { name: 'koa', label: 'koa', args: [join(here, 'servers/koa.mjs')] },
  { name: 'hono', label: 'hono', args: [join(here, 'servers/hono.mjs')] },
]
const ALL_SCENARIOS = [...SCENARIOS, 'resolve-500']

const DURATION = positiveNumber('BENCH_DURATION', 5)
const ROUNDS = positiveNumber('ROUNDS', positiveNumber('BENCH_ROUNDS', 2))
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 50)
const PIPELINING = positiveNumber('BENCH_PIPELINING', 1)
const WARMUP = 1

const scenarios = pick('BENCH_SCENARIOS', ALL_SCENARIOS, (s) => s)
const frameworks = pick('BENCH_FRAMEWORKS', FRAMEWORKS, (f) => f.name)
const httpScenarios = scenarios.filter((s) => s !== 'resolve-500')

/** The running autocannon instance, so an interrupt can stop it. */
let currentCannon = null

function positiveNumber(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!(value > 0)) fail(`${name} must be a positive number, got ${JSON.stringify(raw)}`)
  return value
}

function pick(envName, all, nameOf) {
  const raw = process.env[envName]
  if (raw === undefined || raw.trim() === '') return all
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const known = all.map(nameOf)
  const unknown = wanted.filter((w) => !known.includes(w))
  if (unknown.length > 0) {
    fail(`${envName}: unknown ${unknown.join(', ')}; known: ${known.join(', ')}`)
  }
  return all.filter((item) => wanted.includes(nameOf(item)))
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(2)
}

function log(message) {
  process.stderr.write(`${message}\n`)
}

/** One request before measuring: a wrong status or body would make the numbers meaningless. */
async function checkResponse(port, scenario) {
  const url = `http://127.0.0.1:${port}${SCENARIO_URL[scenario]}`
  const response = await fetch(url)
  const body = await response.text()
  if (response.status !== 200 || body !== SCENARIO_BODY[scenario]) {
    throw new Error(
      `GET ${SCENARIO_URL[scenario]} answered ${response.status} ${JSON.stringify(body.slice(0, 200))}, ` +
        `expected 200 ${JSON.stringify(SCENARIO_BODY[scenario])}`,
    )
  }
}

function cannon(port, scenario, duration) {
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${SCENARIO_URL[scenario]}`,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration,
  })
  currentCannon = instance
  return instance.then(
    (result) => {
      currentCannon = null
      return result
    },
    (error) => {
      currentCannon = null
      throw error
    },
  )
}

async function measure(framework, scenario) {
  const server = await startServer(framework, scenario)
  try {
    await checkResponse(server.port, scenario)
    await cannon(server.port, scenario, WARMUP)
    const cpuBefore = cpuSeconds(server.child.pid)
    const result = await cannon(server.port, scenario, DURATION)
    const cpuAfter = cpuSeconds(server.child.pid)
    const bad = result.errors + result.timeouts + result.non2xx
    if (bad > 0) {
      log(`  warning: ${bad} errors/timeouts/non-2xx responses for ${framework.label} ${scenario}`)
    }
    if (server.child.exitCode !== null) {
      throw new Error(
        `${framework.label} server (${scenario}) died during the run:\n${server.stderr()}`,
      )
    }
    const cpuUs =
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total
    return { rps: result.requests.average, p99: result.latency.p99, cpuUs }
  } finally {
    await stopServer(server.child)
  }
}

function rotate(list, by) {
  const k = list.length === 0 ? 0 : by % list.length
  return [...list.slice(k), ...list.slice(0, k)]
}

async function runHttp() {
  const samples = new Map() // `${scenario}|${name}` → [{ rps, p99 }]
  const failures = new Map() // `${scenario}|${name}` → message
  // Spread the starting framework over the rounds: with 6 frameworks and 2 rounds, round 2
  // starts half-way down the list, so no framework is always measured first or last.
  const step = Math.max(1, Math.floor(frameworks.length / ROUNDS))
  for (let round = 0; round < ROUNDS; round++) {
    const order = rotate(frameworks, round * step)
    log(`round ${round + 1}/${ROUNDS}: ${order.map((f) => f.name).join(', ')}`)
    for (const scenario of httpScenarios) {
      for (const framework of order) {
        const key = `${scenario}|${framework.name}`
        if (failures.has(key)) continue
        try {
          const sample = await measure(framework, scenario)
          if (!samples.has(key)) samples.set(key, [])
          samples.get(key).push(sample)
          const cpu = sample.cpuUs === null ? '' : `  cpu ${sample.cpuUs.toFixed(1)} µs/req`
          log(
            `  ${scenario.padEnd(12)} ${framework.label.padEnd(10)} ${formatInt(sample.rps).padStart(8)} req/s  p99 ${sample.p99} ms${cpu}`,
          )
        } catch (error) {
          failures.set(key, error.message)
          log(`  ${scenario.padEnd(12)} ${framework.label.padEnd(10)} FAILED: ${error.message}`)
        }
      }
    }
  }
  return { samples, failures }
}

function runResolve() {
  return new Promise((resolve, reject) => {
    const child = spawnNode([...TSX, join(here, 'resolve.ts')], ['ignore', 'inherit', 'inherit'])
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`bench/resolve.ts exited with ${signal ?? `code ${code}`}`))
    })
  })
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`\nbench: ${signal}, stopping servers`)
    currentCannon?.stop()
    killChildren()
    process.exit(130)
  })
}
process.on('exit', killChildren)

async function main() {
  const cpus = os.cpus()
  const header = [
    `reinhardt bench, ${new Date().toISOString()}`,
    `node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    `autocannon: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${WARMUP} s warm-up + ${DURATION} s, ${ROUNDS} rounds (median)`,
  ]
  log(header.join('\n'))
  let exitCode = 0
  if (httpScenarios.length > 0 && frameworks.length > 0) {
    const results = await runHttp()
    const { table, ratios } = httpTable(results, httpScenarios, frameworks)
    process.stdout.write(`\n${header.map((h) => `<!-- ${h} -->`).join('\n')}\n\n${table}\n\n`)
    const targets = targetLines(ratios, httpScenarios)
    if (targets) process.stdout.write(`Targets:\n${targets}\n\n`)
    if (results.failures.size > 0) exitCode = 1
  }
  if (scenarios.includes('resolve-500')) {
    log('resolve-500: in-process resolver microbenchmark')
    try {
      await runResolve()
    } catch (error) {
      log(`resolve-500 FAILED: ${error.message}`)
      exitCode = 1
    }
  }
  process.exitCode = exitCode
}

await main()
