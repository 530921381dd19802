/**
 * Shared by the tests of tests/cli: the CLI run in-process with captured output, temporary
 * directories, and the little process/port utilities of the tests that spawn servers.
 */
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { runCli } from '../../src/cli/main.js'

export class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8')
    callback()
  }
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** A fresh temporary directory (no package.json above it, so no settings are found). */
export function tempDir(prefix = 'reinhardt-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function cli(
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(argv, {
    stdout,
    stderr,
    cwd: options.cwd ?? tempDir(),
    env: options.env ?? {},
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** True while some process of the group `pgid` (a detached child's pid) is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}
