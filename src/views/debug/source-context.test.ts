import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SourceReader } from './source-context.js'
import type { StackFrame } from './stack-frames.js'

const dir = mkdtempSync(join(tmpdir(), 'reinhardt-src-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function frame(
  file: string,
  line: number,
  column = 1,
  kind: StackFrame['kind'] = 'user',
): StackFrame {
  return { functionName: 'f', file, line, column, isAsync: false, kind, raw: `f (${file}:${line})` }
}

// A one-to-one source map: generated line N, column 0 ↔ original line N + 2 of views.ts.
function identityMap(lines: number, offset: number, sourcesContent?: string[]) {
  // VLQ: each line's segment is [0, 0, delta line, 0]; 'AAEA' moves the original line by +2
  // for the first line, 'AACA' by +1 after that.
  const segments = ['AA' + (offset === 2 ? 'E' : 'A') + 'A']
  for (let i = 1; i < lines; i++) segments.push('AACA')
  return {
    version: 3,
    file: 'views.js',
    sources: ['../src/views.ts'],
    names: [],
    mappings: segments.join(';'),
    ...(sourcesContent ? { sourcesContent } : {}),
  }
}

const tsSource = Array.from({ length: 30 }, (_, i) => `ts line ${i + 1}`).join('\n')

describe('SourceReader', () => {
  it('shows ±5 lines around a TypeScript frame read from disk (path or file: URL)', () => {
    const file = join(dir, 'direct.ts')
    writeFileSync(file, tsSource)
    const reader = new SourceReader()
    const context = reader.contextFor(frame(file, 10))!
    expect(context).toMatchObject({ file, firstLine: 5, line: 10 })
    expect(context.lines).toEqual(
      ['5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'].map((n) => `ts line ${n}`),
    )
    expect(reader.contextFor(frame(pathToFileURL(file).href, 1))!.lines[0]).toBe('ts line 1')
    expect(reader.contextFor(frame(file, 30))!.lines.at(-1)).toBe('ts line 30')
  })

  it('maps a compiled .js frame through its sibling .map file to the .ts source', () => {
    const src = join(dir, 'src')
    const out = join(dir, 'out')
    mkdirSync(src)
    mkdirSync(out)
    writeFileSync(join(src, 'views.ts'), tsSource)
    const js = Array.from({ length: 20 }, (_, i) => `js line ${i + 1}`).join('\n')
    writeFileSync(join(out, 'views.js'), js + '\n//# sourceMappingURL=views.js.map\n')
    writeFileSync(join(out, 'views.js.map'), JSON.stringify(identityMap(21, 2)))
    const context = new SourceReader().contextFor(frame(join(out, 'views.js'), 4))!
    expect(context.file).toBe(join(src, 'views.ts'))
    expect(context.line).toBe(6)
    expect(context.lines[context.line - context.firstLine]).toBe('ts line 6')
    expect(context.mappedFrom).toBe(`${join(out, 'views.js')}:4`)
  })

  it('uses an inline data: map and its sourcesContent when the source is not on disk', () => {
    const map = identityMap(11, 2, ['embedded 1\nembedded 2\nembedded 3\nembedded 4'])
    const inline = Buffer.from(JSON.stringify(map)).toString('base64')
    const file = join(dir, 'inline.js')
    writeFileSync(file, `a\nb\n//# sourceMappingURL=data:application/json;base64,${inline}\n`)
    const context = new SourceReader().contextFor(frame(file, 2))!
    expect(context.line).toBe(4)
    expect(context.lines.at(-1)).toBe('embedded 4')
  })

  it('answers null for missing files, lines past the end, internals and bad maps', () => {
    const reader = new SourceReader()
    expect(reader.contextFor(frame(join(dir, 'missing.ts'), 3))).toBeNull()
    const file = join(dir, 'short.ts')
    writeFileSync(file, 'one line')
    expect(reader.contextFor(frame(file, 99))).toBeNull()
    expect(reader.contextFor(frame('node:internal/x', 3, 1, 'internal'))).toBeNull()
    expect(reader.contextFor({ ...frame(file, 1), file: null })).toBeNull()
    const broken = join(dir, 'broken.js')
    writeFileSync(broken, 'x\n//# sourceMappingURL=nope.map\n')
    expect(reader.contextFor(frame(broken, 1))!.lines[0]).toBe('x') // falls back to the .js
  })

  it('cuts very long lines (minified code)', () => {
    const file = join(dir, 'min.js')
    writeFileSync(file, 'x'.repeat(5000))
    const line = new SourceReader().contextFor(frame(file, 1))!.lines[0]!
    expect(line.length).toBe(301)
    expect(line.endsWith('…')).toBe(true)
  })
})
