/**
 * The bin picks dist/ when the package is built and src/ (through tsx, with the `source`
 * export condition so `reinhardt/*` resolves to src/ too) when it is not. Checked with a
 * copy of the bin in a throw-away package laid out both ways, and with the real bin.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers.js'

const run = promisify(execFile)
const repo = new URL('../../', import.meta.url).pathname
const bin = join(repo, 'bin/reinhardt.mjs')
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  version: string
}

function fakePackage(): string {
  const root = tempDir('reinhardt-bin-')
  mkdirSync(join(root, 'bin'))
  copyFileSync(bin, join(root, 'bin/reinhardt.mjs'))
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'))
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: 'reinhardt',
      type: 'module',
      exports: { './which': { source: './src/which.ts', default: './dist/which.js' } },
    }),
  )
  mkdirSync(join(root, 'src/cli'), { recursive: true })
  mkdirSync(join(root, 'dist/cli'), { recursive: true })
  writeFileSync(join(root, 'src/which.ts'), "export const which: string = 'src'\n")
  writeFileSync(join(root, 'dist/which.js'), "export const which = 'dist'\n")
  const main = (label: string) =>
    `export async function main() {\n` +
    `  const { which } = await import('reinhardt/which')\n` +
    `  console.log('${label} main, reinhardt/* from ' + which + ', args ' + process.argv.slice(2).join(' '))\n` +
    `}\n`
  writeFileSync(join(root, 'src/cli/main.ts'), main('src'))
  writeFileSync(join(root, 'dist/cli/main.js'), main('dist'))
  return root
}

describe('bin/reinhardt.mjs', () => {
  it('runs the built CLI when dist/ exists, else the sources with the source condition', async () => {
    const root = fakePackage()
    const fakeBin = join(root, 'bin/reinhardt.mjs')
    const env = { ...process.env, REINHARDT_FROM_SOURCE: '' }
    const built = await run(process.execPath, [fakeBin, 'check', '--deploy'], { env })
    expect(built.stdout).toBe('dist main, reinhardt/* from dist, args check --deploy\n')
    const forced = await run(process.execPath, [fakeBin, 'x'], {
      env: { ...env, REINHARDT_FROM_SOURCE: '1' },
    })
    expect(forced.stdout).toBe('src main, reinhardt/* from src, args x\n')
    rmSync(join(root, 'dist/cli'), { recursive: true })
    const fromSource = await run(process.execPath, [fakeBin, 'version'], { env })
    expect(fromSource.stdout).toBe('src main, reinhardt/* from src, args version\n')
  })

  it('the real bin prints the version and exits with the command’s code', async () => {
    const { stdout } = await run(process.execPath, [bin, 'version'], { cwd: tempDir() })
    expect(stdout).toBe(`${version}\n`)
    const failed = await run(process.execPath, [bin, 'nope'], { cwd: tempDir() }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(failed).toMatchObject({ code: 2 })
    expect((failed as { stderr: string }).stderr).toContain("Unknown command: 'nope'")
  })
})
