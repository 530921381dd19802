/**
 * `reinhardt serve` as a process: node:cluster workers sharing one port, the DEBUG warning
 * and deployment checks at start, a rolling restart on SIGHUP that fails no request, a
 * killed worker replaced, and SIGTERM draining an in-flight request before exiting 0.
 * The fixture project is tests/cli/fixtures/serve; REINHARDT_FROM_SOURCE=1 makes the bin
 * and the fixture load the same src/ modules whether or not dist/ exists.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { get as httpGet } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, groupAlive, sleep } from './helpers.js'

const repo = new URL('../../', import.meta.url).pathname.replace(/\/$/, '')

let primary: ChildProcess
let base = ''
let output = ''
let exitCode: Promise<number | null>
/** While this file exists, the fixture's URLconf fails to import (see fixtures/serve/urls.ts). */
const brokenMarker = join(mkdtempSync(join(tmpdir(), 'reinhardt-serve-')), 'broken')

/**
 * GET on a new connection each time: the cluster hands out connections, not requests, so
 * a keep-alive client would keep talking to one worker. (An idle keep-alive connection that
 * a draining worker closes can race with a request the client sends on it at that moment;
 * that is HTTP's own race, which clients answer by retrying, and not what is tested here.)
 */
function get(path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(base + path, { agent: false, timeout: 5000 }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`GET ${path} timed out`)))
    request.on('error', reject)
  })
}

async function waitUntilServing(timeoutMs: number): Promise<void> {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await get('/pid/')).status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`serve did not answer within ${timeoutMs} ms. Output:\n${output}`)
}

/** Worker pids seen over `count` requests. */
async function pidsOver(count: number): Promise<Set<string>> {
  const pids = new Set<string>()
  for (let i = 0; i < count; i++) pids.add((await get('/pid/')).text)
  return pids
}

beforeAll(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  primary = spawn(
    process.execPath,
    [
      'bin/reinhardt.mjs',
      'serve',
      `127.0.0.1:${port}`,
      '--workers',
      '2',
      '--settings',
      './tests/cli/fixtures/serve/settings.ts',
    ],
    {
      cwd: repo,
      detached: true,
      env: {
        ...process.env,
        REINHARDT_FROM_SOURCE: '1',
        NO_COLOR: '1',
        SERVE_FIXTURE_BROKEN: brokenMarker,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  primary.stdout!.on('data', (chunk) => (output += String(chunk)))
  primary.stderr!.on('data', (chunk) => (output += String(chunk)))
  exitCode = new Promise((resolve) => primary.once('exit', (code) => resolve(code)))
  await waitUntilServing(30_000)
}, 40_000)

afterAll(async () => {
  const pid = primary?.pid
  if (pid === undefined) return
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL')
  for (let i = 0; i < 40 && groupAlive(pid); i++) await sleep(50)
})

describe('reinhardt serve', { timeout: 60_000 }, () => {
  it('warns about DEBUG and reports the deployment checks at start', () => {
    expect(output).toContain('WARNING: DEBUG is on.')
    expect(output).toContain('security.W009')
    expect(output).toContain('security.W018')
  })

  it('answers from more than one worker process', async () => {
    // The second worker may still be starting when the first one answers: keep asking
    // (new connections are spread over listening workers) for up to 15 s.
    const pids = new Set<string>()
    const start = Date.now()
    while (pids.size < 2 && Date.now() - start < 15_000) {
      for (const pid of await pidsOver(10)) pids.add(pid)
      if (pids.size < 2) await sleep(100)
    }
    expect(pids.size).toBeGreaterThanOrEqual(2)
    expect(pids.has(String(primary.pid))).toBe(false)
  })

  it('restarts every worker on SIGHUP without failing a request', async () => {
    const before = await pidsOver(20)
    let failures = 0
    let answered = 0
    let running = true
    const load = (async () => {
      while (running) {
        try {
          const answer = await get('/pid/')
          if (answer.status === 200) answered++
          else failures++
        } catch {
          failures++
        }
      }
    })()
    process.kill(primary.pid!, 'SIGHUP')
    // Until every pid seen is new (both workers replaced), or 15 s.
    const start = Date.now()
    let after = new Set<string>()
    while (Date.now() - start < 15_000) {
      await sleep(300)
      after = await pidsOver(10)
      if ([...after].every((pid) => !before.has(pid)) && after.size >= 2) break
    }
    running = false
    await load
    expect(output).toContain('SIGHUP: restarting the workers.')
    expect([...after].some((pid) => before.has(pid))).toBe(false)
    expect(failures).toBe(0)
    expect(answered).toBeGreaterThan(0)
  })

  it('keeps the running workers when SIGHUP meets code that cannot start', async () => {
    const before = await pidsOver(20)
    writeFileSync(brokenMarker, '')
    try {
      const seen = output.length
      process.kill(primary.pid!, 'SIGHUP')
      const start = Date.now()
      while (!output.slice(seen).includes('exited before listening')) {
        if (Date.now() - start > 15_000) throw new Error(`no refused restart. Output:\n${output}`)
        await sleep(100)
      }
      expect(output.slice(seen)).toContain('keeping the running workers')
      expect(output.slice(seen)).not.toContain('Restarted')
      await sleep(300) // time for a wrongly forked crash replacement to show up
      const after = await pidsOver(20)
      expect([...after].sort()).toEqual([...before].sort())
    } finally {
      rmSync(brokenMarker, { force: true })
    }
  })

  it('replaces a worker that dies', async () => {
    const victim = Number([...(await pidsOver(10))][0])
    process.kill(victim, 'SIGKILL')
    const start = Date.now()
    let pids = new Set<string>()
    while (Date.now() - start < 15_000) {
      await sleep(300)
      try {
        pids = await pidsOver(10)
      } catch {
        continue
      }
      if (!pids.has(String(victim)) && pids.size >= 2) break
    }
    expect(output).toContain(`Worker ${victim} died`)
    expect(pids.has(String(victim))).toBe(false)
    expect(pids.size).toBeGreaterThanOrEqual(2)
  })

  it('drains an in-flight request on SIGTERM, then exits 0', async () => {
    const slow = get('/slow/')
    await sleep(200)
    process.kill(primary.pid!, 'SIGTERM')
    expect(await slow).toEqual({ status: 200, text: 'slow done' })
    expect(await exitCode).toBe(0)
    for (let i = 0; i < 40 && groupAlive(primary.pid!); i++) await sleep(50)
    expect(groupAlive(primary.pid!)).toBe(false)
  })
})
