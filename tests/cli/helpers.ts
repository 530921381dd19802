/** Runs the CLI in-process with captured output, for the tests of tests/cli. */
import { mkdtempSync } from 'node:fs'
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
