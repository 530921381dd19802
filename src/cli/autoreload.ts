/**
 * runserver's autoreloader (Django's autoreload): a supervisor process that never loads
 * the project's code. It runs the server in a child process (this CLI again, with
 * REINHARDT_RUN_MAIN=true), watches the project directory, and on a change kills the child
 * and starts a new one, so every restart imports fresh code.
 *
 * - Restarts are quick because a standby child is always waiting: it has already started
 *   Node, registered TypeScript and loaded the framework, and only imports the project
 *   (fresh, as its module cache never saw it) when told to take over. The old child is
 *   stopped first, so the port is free when the standby listens.
 * - The watch is one recursive fs.watch; node_modules, .git, dist, coverage, dot-directories
 *   and editor temporary files are ignored, and bursts of events (an editor's save) are
 *   coalesced with a short debounce.
 * - A child that fails (syntax error, import error, failing system checks) has printed its
 *   error; the supervisor then waits for the next change instead of exiting. Exit code
 *   EXIT_FATAL (e.g. the port is taken) ends the supervisor too.
 * - SIGINT/SIGTERM stop the child and the supervisor. The child exits by itself when the
 *   supervisor disappears (its IPC channel closes), so no server is left orphaned.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { watch, type FSWatcher } from 'node:fs'
import type { Writable } from 'node:stream'

/** Environment variable telling the child it is the server process (Django's RUN_MAIN). */
export const RUN_MAIN_ENV = 'REINHARDT_RUN_MAIN'

/** Set on the standby child: wait for START before loading the project. */
export const STANDBY_ENV = 'REINHARDT_STANDBY'

/** IPC messages between the supervisor and its children. */
export const START_MESSAGE = { cmd: 'reinhardt:start' } as const
export const READY_MESSAGE = { cmd: 'reinhardt:ready' } as const

/** A child exiting with this code cannot be fixed by editing code: the supervisor stops. */
export const EXIT_FATAL = 4

const IGNORED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '__pycache__'])

/** True for paths (relative to the watched root) whose change should not restart. */
export function isIgnoredPath(path: string): boolean {
  const parts = path.split(/[\\/]/)
  const file = parts[parts.length - 1] ?? ''
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!
    if (IGNORED_DIRECTORIES.has(part) || part.startsWith('.')) return true
  }
  return (
    file.startsWith('.#') ||
    file.endsWith('~') ||
    /\.(?:swp|swx|swo|tmp|log|pid)$/.test(file) ||
    // Databases the running server writes to itself (SQLite and its journal files):
    // restarting on them would restart after every write request.
    /\.(?:sqlite3?|db)(?:-wal|-shm|-journal)?$/.test(file) ||
    file === '4913' || // vim's write probe
    file.startsWith('.') // .DS_Store, .env.swp, editor locks
  )
}

export interface AutoreloaderOptions {
  /** Directory to watch. */
  readonly root: string
  /** Arguments of the child: the bin script and the command line that serves. */
  readonly childArgs: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
  /** Where the supervisor's own messages go (stderr). */
  readonly output: Writable
  /** Quiet period after the last change before restarting, in ms (default 50). */
  readonly debounceMs?: number
}

export class Autoreloader {
  readonly #options: AutoreloaderOptions
  #child: ChildProcess | null = null
  #standby: ChildProcess | null = null
  #standbyTimer: NodeJS.Timeout | null = null
  #watcher: FSWatcher | null = null
  #timer: NodeJS.Timeout | null = null
  #changed = new Set<string>()
  #stopping = false
  #restarting = false
  #done!: (code: number) => void

  constructor(options: AutoreloaderOptions) {
    this.#options = options
  }

  /** Starts watching and serving; resolves with the exit code once stopped. */
  run(): Promise<number> {
    const finished = new Promise<number>((resolve) => (this.#done = resolve))
    this.#watcher = watch(this.#options.root, { recursive: true }, (_event, filename) => {
      if (filename === null || isIgnoredPath(filename)) return
      this.#changed.add(filename)
      if (this.#timer !== null) clearTimeout(this.#timer)
      this.#timer = setTimeout(() => this.#restart(), this.#options.debounceMs ?? 50)
    })
    this.#watcher.on('error', (error) => {
      this.#options.output.write(`Autoreload stopped watching: ${error.message}\n`)
    })
    const onSignal = (): void => void this.stop()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    void finished.then(() => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    })
    this.#spawn()
    return finished
  }

  /** Stops the child and the watcher. */
  async stop(code = 0): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    this.#watcher?.close()
    if (this.#timer !== null) clearTimeout(this.#timer)
    if (this.#standbyTimer !== null) clearTimeout(this.#standbyTimer)
    const standby = this.#standby
    this.#standby = null
    await Promise.all([this.#kill(), standby === null ? undefined : stopChild(standby)])
    this.#done(code)
  }

  #startChild(standby: boolean): ChildProcess {
    return spawn(process.execPath, childExecArgv().concat(this.#options.childArgs), {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: {
        ...this.#options.env,
        [RUN_MAIN_ENV]: 'true',
        ...(standby ? { [STANDBY_ENV]: '1' } : {}),
      },
    })
  }

  /** Makes the standby (or, if there is none, a new child) the serving child. */
  #spawn(): void {
    let child = this.#standby
    this.#standby = null
    if (child !== null && child.connected && child.exitCode === null) {
      child.removeAllListeners('exit')
      child.send(START_MESSAGE)
    } else {
      child = this.#startChild(false)
    }
    this.#child = child
    // Prepare the next standby once this child is up (not competing with its start-up).
    child.on('message', (message: unknown) => {
      if ((message as { cmd?: unknown } | null)?.cmd === READY_MESSAGE.cmd) this.#prepareStandby()
    })
    child.on('exit', (code) => {
      if (this.#child !== child) return
      this.#child = null
      if (this.#stopping || this.#restarting) return
      if (code === EXIT_FATAL) {
        void this.stop(1)
        return
      }
      this.#prepareStandby()
      this.#options.output.write('Waiting for file changes before restarting…\n')
    })
  }

  #prepareStandby(): void {
    if (this.#stopping || this.#standby !== null || this.#standbyTimer !== null) return
    this.#standbyTimer = setTimeout(() => {
      this.#standbyTimer = null
      if (this.#stopping || this.#standby !== null) return
      const standby = this.#startChild(true)
      this.#standby = standby
      standby.on('exit', () => {
        if (this.#standby === standby) this.#standby = null
      })
    }, 100)
  }

  async #restart(): Promise<void> {
    this.#timer = null
    if (this.#stopping) return
    if (this.#restarting) {
      this.#timer = setTimeout(() => this.#restart(), this.#options.debounceMs ?? 50)
      return
    }
    const files = [...this.#changed]
    this.#changed.clear()
    this.#options.output.write(
      `${files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more`} changed, reloading.\n`,
    )
    this.#restarting = true
    await this.#kill()
    this.#restarting = false
    if (!this.#stopping) this.#spawn()
  }

  /** Stops the serving child and waits for it. */
  #kill(): Promise<void> {
    return this.#child === null ? Promise.resolve() : stopChild(this.#child)
  }
}

/** SIGTERM a child and wait for it to exit (SIGKILL after 3 s). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** Node flags worth passing on (not loaders, inspectors, or test-runner flags). */
function childExecArgv(): string[] {
  const keep: string[] = []
  for (const arg of process.execArgv) {
    if (/^--(?:conditions|enable-source-maps|max-old-space-size|stack-size|trace-)/.test(arg)) {
      keep.push(arg)
    }
  }
  return keep
}
