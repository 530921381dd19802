/**
 * The results table and the target check, from the samples the rounds collected.
 *
 * Samples are keyed `${scenario}|${framework name}`, each a list (one per round) of
 * `{ rps, p99, cpuUs }`. Every figure is the median over rounds; ratios divide by
 * node:http's median in the same scenario of the same run.
 */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function medianCpu(samples) {
  const known = samples.map((s) => s.cpuUs).filter((c) => c !== null)
  return known.length === 0 ? null : median(known)
}

export function formatInt(n) {
  return Math.round(n).toLocaleString('en-US')
}

/**
 * The markdown table (scenario | framework | req/s | p99 ms | ratio to node:http | server CPU
 * µs/req | CPU ratio) and the req/s ratios by key, for targetLines().
 */
export function httpTable({ samples, failures }, httpScenarios, frameworks) {
  const lines = [
    '| scenario | framework | req/s | p99 ms | ratio to node:http | server CPU µs/req | CPU ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  const ratios = new Map()
  for (const scenario of httpScenarios) {
    const base = samples.get(`${scenario}|node`)
    const baseRps = base ? median(base.map((s) => s.rps)) : undefined
    const baseCpu = base ? medianCpu(base) : null
    for (const framework of frameworks) {
      const key = `${scenario}|${framework.name}`
      const got = samples.get(key)
      if (!got) {
        const why = failures.get(key)?.split('\n')[0] ?? 'not run'
        lines.push(`| ${scenario} | ${framework.label} | failed | | ${why} | | |`)
        continue
      }
      const rps = median(got.map((s) => s.rps))
      const p99 = median(got.map((s) => s.p99))
      const ratio = baseRps ? rps / baseRps : undefined
      if (ratio !== undefined) ratios.set(key, ratio)
      const cpu = medianCpu(got)
      // CPU ratio reads like the req/s ratio: node's cost over this framework's, higher is better.
      const cpuRatio = cpu === null || baseCpu === null ? 'n/a' : (baseCpu / cpu).toFixed(2)
      lines.push(
        `| ${scenario} | ${framework.label} | ${formatInt(rps)} | ${p99.toFixed(1)} | ${ratio === undefined ? 'n/a' : ratio.toFixed(2)} | ${cpu === null ? 'n/a' : cpu.toFixed(1)} | ${cpuRatio} |`,
      )
    }
  }
  return { table: lines.join('\n'), ratios }
}

/** The targets from docs/performance.md, checked against this run's ratios. */
export function targetLines(ratios, httpScenarios) {
  const r = (scenario, name) => ratios.get(`${scenario}|${name}`)
  const lines = []
  const check = (label, ok, detail) => {
    lines.push(`- ${ok === undefined ? 'n/a ' : ok ? 'met ' : 'MISS'} ${label}: ${detail}`)
  }
  const fmt = (x) => (x === undefined ? 'n/a' : x.toFixed(2))
  const hello = r('hello', 'reinhardt')
  if (httpScenarios.includes('hello')) {
    check('hello ≥ 0.90 of node:http', hello === undefined ? undefined : hello >= 0.9, fmt(hello))
  }
  if (httpScenarios.includes('json-params')) {
    const mine = r('json-params', 'reinhardt')
    const theirs = r('json-params', 'fastify')
    const ok = mine === undefined || theirs === undefined ? undefined : mine >= theirs
    check('json-params ratio ≥ fastify', ok, `reinhardt ${fmt(mine)} vs fastify ${fmt(theirs)}`)
  }
  if (httpScenarios.includes('middleware')) {
    const mw = r('middleware', 'reinhardt')
    check('middleware ≥ 0.70 of node:http', mw === undefined ? undefined : mw >= 0.7, fmt(mw))
  }
  return lines.join('\n')
}
