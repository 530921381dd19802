/**
 * Loading the template engine must leave String.prototype a fast (non-dictionary) object in
 * V8: `class SafeString extends String` would otherwise slow every string method in the
 * process (see src/template/safe-string.ts). Checked in a child process with V8's natives
 * syntax, since the test runner's own process has long since loaded everything.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const repo = new URL('../../', import.meta.url).pathname

function probe(code: string): string {
  return execFileSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: repo, encoding: 'utf8' },
  ).trim()
}

describe('SafeString and V8 String.prototype', () => {
  it('a bare class extending String leaves String.prototype slow (the effect is real)', () => {
    const out = probe(
      'class S extends String {}; new S("a"); console.log(%HasFastProperties(String.prototype))',
    )
    expect(out).toBe('false')
  })

  it('importing safe-string.ts leaves String.prototype fast', () => {
    const out = probe(
      'await import("./src/template/safe-string.ts"); console.log(%HasFastProperties(String.prototype))',
    )
    expect(out).toBe('true')
  })

  it('so does importing the whole template package and rendering from a string', () => {
    const out = probe(
      'const { Engine } = await import("./src/template/index.ts");' +
        'new Engine().fromString("{{ x }}").render({ x: "<a>" });' +
        'console.log(%HasFastProperties(String.prototype))',
    )
    expect(out).toBe('true')
  })
})
