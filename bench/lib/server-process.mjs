/**
 * Child processes of the bench: starting a server script and waiting for its `ready` line,
 * stopping it, reading its CPU time, and keeping track of every live child so an interrupt
 * can kill them all.
 *
 * A server is spawned with `process.execPath` directly (no shell), so the child's pid is
 * the server's own and /proc/<pid>/stat reports the server's CPU time. Its stderr is kept
 * (last 4 KB) to explain a failed start; stdout is watched for `ready`, then drained.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: servers run from there so `reinhardt/*` self-imports resolve. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')

const READY_TIMEOUT_MS = 30_000

/** Clock ticks per second of /proc/<pid>/stat's CPU times (Linux); null elsewhere. */
const CLOCK_TICKS = (() => {
  if (process.platform !== 'linux') return null
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** Live children, so an interrupt can stop them. */
const children = new Set()

/** Spawns a tracked child running `node <args>` from the repository root. */
export function spawnNode(args, stdio) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio,
    env: { ...process.env, NODE_ENV: 'production' },
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Spawns `framework`'s server for `scenario` on a free port and resolves with `{ child,
 * port, stderr }` once it printed `ready`; rejects with its stderr if it exits or times out.
 */
export async function startServer(framework, scenario) {
  const port = await freePort()
  const child = spawnNode(
    [...framework.args, '--port', String(port), '--scenario', scenario],
    ['ignore', 'pipe', 'pipe'],
  )
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  await new Promise((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      done(new Error(`did not print "ready" within ${READY_TIMEOUT_MS / 1000} s`))
    }, READY_TIMEOUT_MS)
    const onData = (chunk) => {
      stdout += chunk
      if (/^ready$/m.test(stdout)) done()
    }
    const onExit = (code, signal) => {
      done(new Error(`exited (${signal ?? `code ${code}`}) before printing "ready"`))
    }
    const onError = (error) => done(error)
    function done(error) {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      child.off('error', onError)
      if (error) reject(error)
      else resolve()
    }
    child.stdout.on('data', onData)
    child.once('exit', onExit)
    child.once('error', onError)
  }).catch(async (error) => {
    await stopServer(child)
    const tail = stderr.trim() ? `\n--- stderr ---\n${stderr.trim()}\n--------------` : ''
    throw new Error(`${framework.label} server (${scenario}) ${error.message}${tail}`)
  })
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout.resume()
  return { child, port, stderr: () => stderr }
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the child has exited. */
export function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat, or null
 * where that is not available. CPU time per request barely depends on how much CPU the
 * server was given, so it stays comparable when other work on the machine makes req/s swing.
 */
export function cpuSeconds(pid) {
  if (CLOCK_TICKS === null) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** Kills every live child at once (on interrupt or exit). */
export function killChildren() {
  for (const child of children) child.kill('SIGKILL')
}
