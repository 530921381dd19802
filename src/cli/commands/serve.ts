/**
 * `reinhardt serve [ADDR:PORT] [--workers N]`: the production server.
 *
 * The primary process loads the settings, runs the system checks including the
 * deployment ones (serious ones stop it; a loud warning if DEBUG is on), then forks N
 * workers (node:cluster) that share the listening port, each running the node:http
 * gateway with its own BaseHandler. It never serves requests itself.
 *
 * - SIGTERM / SIGINT: every worker stops accepting, finishes its in-flight requests (up to
 *   `--grace-period` seconds) and exits; then the primary exits 0.
 * - SIGHUP: rolling restart: each worker is replaced by a fresh one (new code) that is
 *   listening before the old one drains, so no request is refused. If the new code cannot
 *   start, the restart stops and the old workers keep serving.
 * - A worker that dies is replaced, after a delay that doubles with each quick crash
 *   (0.1 s up to 10 s), so a crash loop does not spin the CPU. A worker that fails before
 *   the first one ever listened stops the server: the code cannot start.
 */
import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { getSettings } from '../../conf/settings.js'
import { BaseHandler } from '../../core/handlers/base.js'
import { serve as serveHttp, type RunningServer } from '../../http/gateways/node.js'
import { addressArgument, addressOptions, type AddrPort } from '../addrport.js'
import { runCheckReport } from '../check-report.js'
import { defineCommand, UsageError, type CommandContext, type ParsedArguments } from '../command.js'
import { binPath } from '../package-root.js'
import { createRequestLogger } from '../request-log.js'
import { createStyle, supportsColor, type Style } from '../style.js'

interface ShutdownMessage {
  readonly cmd: 'reinhardt:shutdown'
}

const SHUTDOWN: ShutdownMessage = { cmd: 'reinhardt:shutdown' }

export const serve = defineCommand({
  help: 'Starts the production server: worker processes sharing one port (no autoreload).',
  usage: '[ADDR:PORT | PORT]',
  options: {
    workers: {
      type: 'string',
      short: 'w',
      valueName: 'N',
      help: 'Number of worker processes (default: available parallelism)',
    },
    'grace-period': {
      type: 'string',
      valueName: 'SECONDS',
      help: 'Time in-flight requests get to finish on shutdown/restart (default 10)',
    },
    'access-log': { type: 'boolean', help: 'Log one line per request (reinhardt.server)' },
    ...addressOptions,
  },
  async run(args, context) {
    const address = addressArgument(args)
    const workers = parseCount(args.values.workers, 'workers', availableParallelism() || 1, 1)
    const gracePeriod = parseCount(args.values['grace-period'], 'grace-period', 10, 0) * 1000
    const style = createStyle(
      args.values['no-color'] !== true && supportsColor(context.stderr, context.env),
    )
    if (cluster.isWorker) return runWorker(address, gracePeriod, args, style)
    return runPrimary(address, workers, gracePeriod, args, context, style)
  },
})

function parseCount(
  value: ParsedArguments['values'][string],
  name: string,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback
  const text = String(value)
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`--${name} must be a whole number >= ${min}, not '${text}'.`)
  }
  return Number(text)
}

async function runWorker(
  address: AddrPort,
  gracePeriod: number,
  args: ParsedArguments,
  style: Style,
): Promise<number> {
  // Listen for the stop request before starting: a worker told to stop while it is still
  // loading (a SIGTERM right after a SIGHUP) must not miss it and be killed a grace period
  // later.
  let running: RunningServer | undefined
  let stopRequested = false
  let finish!: (code: number) => void
  const finished = new Promise<number>((resolve) => (finish = resolve))
  const stop = (): void => {
    if (stopRequested) return
    stopRequested = true
    if (running !== undefined) void running.shutdown().then(() => finish(0))
  }
  // The primary coordinates shutdown (Ctrl-C reaches every process of the group).
  process.on('SIGINT', () => {})
  process.on('SIGTERM', stop)
  process.on('message', (message: unknown) => {
    if ((message as ShutdownMessage | null)?.cmd === SHUTDOWN.cmd) stop()
  })
  const handler = new BaseHandler(getSettings())
  running = await serveHttp(handler, {
    host: address.host,
    port: address.port,
    gracePeriod,
    handleSignals: false,
    ...(args.values['access-log'] === true ? { onResponse: createRequestLogger(style) } : {}),
  })
  if (stopRequested) {
    await running.shutdown()
    return 0
  }
  return finished
}

async function runPrimary(
  address: AddrPort,
  count: number,
  gracePeriod: number,
  args: ParsedArguments,
  context: CommandContext,
  style: Style,
): Promise<number> {
  const settings = getSettings()
  if (args.values['skip-checks'] !== true) {
    const report = await runCheckReport({
      settings,
      includeDeploymentChecks: true,
      summary: false,
      style,
    })
    if (report.text !== '') context.stderr.write(report.text)
    if (report.failed) return 1
  }
  if (settings.DEBUG) {
    context.stderr.write(
      style.error(
        '\nWARNING: DEBUG is on. Technical error pages show your code, settings and request ' +
          'data to anyone who triggers an error. Turn DEBUG off in production ' +
          '(REINHARDT_DEBUG=0 in a generated project).',
      ) + '\n\n',
    )
  }
  const childArgs = [
    'serve',
    `${address.displayHost}:${address.port}`,
    '--grace-period',
    String(gracePeriod / 1000),
    ...(context.settingsModule === undefined ? [] : ['--settings', context.settingsModule]),
    ...(args.values['access-log'] === true ? ['--access-log'] : []),
    ...(args.values['no-color'] === true ? ['--no-color'] : []),
    '--skip-checks',
  ]
  cluster.setupPrimary({ exec: binPath(), args: childArgs, execArgv: [] })
  const supervisor = new WorkerSupervisor(count, gracePeriod, context, style)
  return supervisor.run(address)
}

/** Keeps `count` workers alive, restarts them on SIGHUP and drains them on SIGTERM/SIGINT. */
class WorkerSupervisor {
  readonly #workers = new Set<Worker>()
  /** Workers being replaced or stopped on purpose: their exit is not a crash. */
  readonly #retiring = new WeakSet<Worker>()
  /** Replacements forked by a restart that are not listening yet: the restart handles them. */
  readonly #probation = new WeakSet<Worker>()
  readonly #timers = new Set<NodeJS.Timeout>()
  #everListened = false
  #stopping = false
  #quickCrashes = 0
  #exitCode = 0
  #restarting = false
  #restartQueued = false
  #done!: (code: number) => void

  constructor(
    readonly count: number,
    readonly gracePeriod: number,
    readonly context: CommandContext,
    readonly style: Style,
  ) {}

  run(address: AddrPort): Promise<number> {
    const finished = new Promise<number>((resolve) => (this.#done = resolve))
    const onStop = (): void => void this.stop(0)
    const onReload = (): void => void this.restartAll()
    process.on('SIGINT', onStop)
    process.on('SIGTERM', onStop)
    process.on('SIGHUP', onReload)
    void finished.then(() => {
      process.off('SIGINT', onStop)
      process.off('SIGTERM', onStop)
      process.off('SIGHUP', onReload)
    })
    const started = Array.from({ length: this.count }, () => this.#fork())
    void Promise.all(started.map(listening)).then(
      (addresses) => {
        if (this.#stopping) return
        const port = addresses[0]?.port ?? address.port
        this.context.stdout.write(
          `Serving on http://${address.displayHost}:${port}/ with ${this.count} worker` +
            `${this.count === 1 ? '' : 's'} (primary pid ${process.pid}). ` +
            'SIGHUP restarts the workers, SIGTERM or CONTROL-C stops.\n',
        )
      },
      () => undefined,
    )
    return finished
  }

  #fork(options: { probation?: boolean } = {}): Worker {
    const worker = cluster.fork()
    const startedAt = Date.now()
    this.#workers.add(worker)
    if (options.probation === true) this.#probation.add(worker)
    worker.once('listening', () => {
      this.#everListened = true
      this.#probation.delete(worker)
    })
    worker.once('exit', (code, signal) => {
      this.#workers.delete(worker)
      if (this.#stopping) {
        if (this.#workers.size === 0) this.#done(this.#exitCode)
        return
      }
      if (this.#retiring.has(worker) || this.#probation.has(worker)) return
      if (!this.#everListened) {
        this.context.stderr.write(
          this.style.error('A worker exited before the server could start; stopping.') + '\n',
        )
        void this.stop(1)
        return
      }
      this.#quickCrashes = Date.now() - startedAt < 10_000 ? this.#quickCrashes + 1 : 0
      const delay = Math.min(100 * 2 ** Math.max(this.#quickCrashes - 1, 0), 10_000)
      this.context.stderr.write(
        `Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); replacing it in ` +
          `${delay} ms.\n`,
      )
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        if (!this.#stopping) this.#fork()
      }, delay)
      this.#timers.add(timer)
    })
    return worker
  }

  /**
   * Rolling restart: a new worker listens before each old one drains. A SIGHUP during a
   * restart queues one more restart (the code may have changed again) instead of running
   * two at once. If a new worker exits before listening (the new code is broken), the
   * restart stops there and the running workers are kept: a bad deploy does not take the
   * site down.
   */
  async restartAll(): Promise<void> {
    if (this.#stopping) return
    if (this.#restarting) {
      this.#restartQueued = true
      this.context.stderr.write('SIGHUP: a restart is running; another one will follow it.\n')
      return
    }
    this.#restarting = true
    try {
      do {
        this.#restartQueued = false
        await this.#rollingRestart()
      } while (this.#restartQueued && !this.#stopping)
    } finally {
      this.#restarting = false
    }
  }

  async #rollingRestart(): Promise<void> {
    this.context.stderr.write('SIGHUP: restarting the workers.\n')
    let replaced = 0
    for (const old of [...this.#workers]) {
      if (this.#stopping) return
      // A worker that died meanwhile is being replaced already (with the new code).
      if (old.isDead() || !this.#workers.has(old) || this.#retiring.has(old)) continue
      const replacement = this.#fork({ probation: true })
      try {
        await listening(replacement)
      } catch {
        if (this.#stopping) return
        this.context.stderr.write(
          this.style.error(
            `A new worker (pid ${replacement.process.pid}) exited before listening; keeping ` +
              'the running workers. Fix the error above and send SIGHUP again.',
          ) + '\n',
        )
        return
      }
      this.#retiring.add(old)
      await this.#drain(old)
      replaced++
    }
    if (!this.#stopping) {
      this.context.stderr.write(`Restarted ${replaced} worker${replaced === 1 ? '' : 's'}.\n`)
    }
  }

  /** Stops every worker gracefully, then resolves run() with `code`. */
  async stop(code: number): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    this.#exitCode = code
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    if (this.#workers.size === 0) {
      this.#done(code)
      return
    }
    await Promise.all([...this.#workers].map((worker) => this.#drain(worker)))
    this.#done(code)
  }

  /** Asks a worker to finish its requests and exit; kills it a second after the grace period. */
  #drain(worker: Worker): Promise<void> {
    if (worker.isDead()) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), this.gracePeriod + 1000)
      worker.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      if (worker.isConnected()) worker.send(SHUTDOWN)
      else worker.process.kill('SIGTERM')
    })
  }
}

function listening(worker: Worker): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    worker.once('listening', (address) => resolve({ port: address.port }))
    worker.once('exit', () => reject(new Error('worker exited')))
  })
}
