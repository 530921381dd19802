/**
 * The newcomer's path, end to end: scaffold a project with the CLI, install it from this
 * checkout, start `npm run dev`, and check the welcome page, the technical 404 and 500
 * pages, and that editing a view is served without a manual restart.
 *
 * Installing: the reinhardt dependency is `file:<this checkout>` (npm links it, with no
 * network). The generated devDependencies (typescript, vitest, @types/node) would need
 * registry metadata that `npm ci` does not cache, so they are dropped before the offline
 * install: the dev server needs only reinhardt (and its tsx).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, groupAlive, sleep, tempDir } from './helpers.js'

const run = promisify(execFile)
const repo = new URL('../../', import.meta.url).pathname.replace(/\/$/, '')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

let server: ChildProcess | undefined
let output = ''

/** Stops the whole process group (npm, sh, the supervisor, its children). */
async function stopServer(): Promise<void> {
  const child = server
  server = undefined
  if (child?.pid === undefined) return
  const pid = child.pid
  if (groupAlive(pid)) process.kill(-pid, 'SIGINT')
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100)
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL')
  for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(50)
}

async function get(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return { status: response.status, text: await response.text() }
  } catch {
    return null
  }
}

/** Polls `url` until `accept` is true; returns the answer and how long it took. */
async function waitFor(
  url: string,
  accept: (answer: { status: number; text: string }) => boolean,
  timeoutMs: number,
): Promise<{ status: number; text: string; ms: number }> {
  const start = performance.now()
  let last: { status: number; text: string } | null = null
  while (performance.now() - start < timeoutMs) {
    last = await get(url)
    if (last !== null && accept(last)) return { ...last, ms: performance.now() - start }
    await sleep(25)
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${url} (last: ${last?.status ?? 'no answer'}).\n` +
      `Server output:\n${output}`,
  )
}

async function waitForOutput(text: string, timeoutMs: number): Promise<void> {
  const start = performance.now()
  while (!output.includes(text)) {
    if (performance.now() - start > timeoutMs) {
      throw new Error(`Timed out waiting for ${JSON.stringify(text)}. Server output:\n${output}`)
    }
    await sleep(25)
  }
}

afterAll(stopServer)

describe('startproject → npm install → npm run dev', () => {
  it(
    'serves the welcome page, technical 404/500 pages, and reloads on edit',
    { timeout: 90_000 },
    async () => {
      const cwd = tempDir('reinhardt-e2e-')
      const project = join(cwd, 'mysite')
      await run(
        process.execPath,
        [
          join(repo, 'bin/reinhardt.mjs'),
          'startproject',
          'mysite',
          '--reinhardt-spec',
          `file:${repo}`,
        ],
        { cwd },
      )

      const pkgFile = join(project, 'package.json')
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
      expect(pkg.dependencies.reinhardt).toBe(`file:${repo}`)
      delete pkg.devDependencies
      writeFileSync(pkgFile, JSON.stringify(pkg, null, 2))
      await run(npm, ['install', '--offline', '--no-audit', '--no-fund'], { cwd: project })

      const port = await freePort()
      const base = `http://127.0.0.1:${port}`
      server = spawn(npm, ['run', 'dev', '--', `127.0.0.1:${port}`], {
        cwd: project,
        detached: true, // its own process group, so the whole tree can be stopped
        env: { ...process.env, NO_COLOR: '1', REINHARDT_SETTINGS_MODULE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))

      // The welcome page.
      const welcome = await waitFor(`${base}/`, (a) => a.status === 200, 30_000)
      expect(welcome.text).toContain('The install worked successfully!')
      expect(output).toContain(`Starting development server at http://127.0.0.1:${port}/`)
      expect(output).toContain('System check identified no issues (0 silenced).')

      // A wrong URL: the technical 404 lists the patterns tried.
      const missing = await get(`${base}/nope/`)
      expect(missing?.status).toBe(404)
      expect(missing?.text).toContain('/nope/')
      expect(missing?.text).toContain('tried these URL patterns')
      expect(missing?.text).toContain('welcome')
      await waitForOutput('"GET /nope/ HTTP/1.1" 404', 2000)

      // A view that throws, and its URL: the technical 500 shows the exception.
      const views = join(project, 'mysite/views.ts')
      const urls = join(project, 'mysite/urls.ts')
      writeFileSync(
        views,
        readFileSync(views, 'utf8') +
          "\nexport function boom(): never {\n  throw new TypeError('kaboom <from> the e2e test')\n}\n",
      )
      writeFileSync(
        urls,
        readFileSync(urls, 'utf8').replace(
          "path('', views.welcome, { name: 'welcome' })",
          "path('', views.welcome, { name: 'welcome' }), path('boom/', views.boom)",
        ),
      )
      const boom = await waitFor(`${base}/boom/`, (a) => a.status === 500, 10_000)
      expect(boom.text).toContain('TypeError')
      expect(boom.text).toContain('kaboom &lt;from&gt; the e2e test')
      expect(boom.text).toContain('views.ts')

      // Edit the welcome view: the next requests show the change without a manual restart.
      const edited = readFileSync(views, 'utf8').replace(
        'The install worked successfully!',
        'Edited by the e2e test!',
      )
      const before = performance.now()
      writeFileSync(views, edited)
      const reloaded = await waitFor(
        `${base}/`,
        (a) => a.text.includes('Edited by the e2e test!'),
        10_000,
      )
      const reloadMs = performance.now() - before
      console.log(`e2e: reload after editing views.ts took ${Math.round(reloadMs)} ms`)
      expect(reloaded.status).toBe(200)
      expect(reloadMs).toBeLessThan(5000)
      expect(output).toContain('mysite/views.ts changed, reloading.')

      // A syntax error is reported and the server waits for the fix.
      writeFileSync(views, `${edited}\nexport const broken = (\n`)
      await waitForOutput('Waiting for file changes before restarting', 10_000)
      expect(output).toMatch(/views\.ts:\d+:\d+: ERROR: Unexpected end of file/)
      writeFileSync(views, edited)
      await waitFor(`${base}/`, (a) => a.text.includes('Edited by the e2e test!'), 10_000)

      // Ctrl-C stops the whole tree: no process of the group is left.
      const pid = server.pid!
      await stopServer()
      expect(groupAlive(pid)).toBe(false)
    },
  )
})
