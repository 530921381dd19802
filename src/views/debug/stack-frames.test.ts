import { describe, expect, it } from 'vitest'
import { classifyFile, parseStack } from './stack-frames.js'

describe('parseStack', () => {
  it('reads function, file, line and column of each V8 frame', () => {
    const frames = parseStack(
      [
        'TypeError: bad',
        '  second line of the message: at nothing',
        '    at thrower (/app/views.ts:3:9)',
        '    at async Promise.all (index 0)',
        '    at async handle (file:///app/node_modules/lib/x.js:10:2)',
        '    at new Foo (/app/a (1).ts:5:7)',
        '    at /app/top.ts:1:1',
        '    at node:internal/process/task_queues:95:5',
        '    at Array.map (<anonymous>)',
        '    at eval (eval at run (/app/run.ts:4:3), <anonymous>:1:1)',
      ].join('\n'),
    )
    expect(
      frames.map((f) => [f.functionName, f.file, f.line, f.column, f.kind, f.isAsync]),
    ).toEqual([
      ['thrower', '/app/views.ts', 3, 9, 'user', false],
      ['Promise.all', null, null, null, 'internal', true],
      ['handle', 'file:///app/node_modules/lib/x.js', 10, 2, 'library', true],
      ['new Foo', '/app/a (1).ts', 5, 7, 'user', false],
      [null, '/app/top.ts', 1, 1, 'user', false],
      [null, 'node:internal/process/task_queues', 95, 5, 'internal', false],
      ['Array.map', null, null, null, 'internal', false],
      ['eval', '/app/run.ts', 4, 3, 'user', false],
    ])
  })

  it('stops after 100 frames and survives text with no frames', () => {
    const stack = 'RangeError\n' + '    at f (/a.ts:1:1)\n'.repeat(500)
    expect(parseStack(stack)).toHaveLength(100)
    expect(parseStack('')).toEqual([])
    expect(parseStack('just a message')).toEqual([])
  })

  it('classes Windows paths too', () => {
    expect(classifyFile('C:\\app\\node_modules\\x\\y.js')).toBe('library')
    expect(classifyFile('C:\\app\\src\\y.ts')).toBe('user')
  })
})
