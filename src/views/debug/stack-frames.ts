/**
 * Parses V8's `error.stack` text into frames. The text is what source-map support (tsx,
 * `--enable-source-maps`, vitest) has already rewritten, so a frame of the user's
 * TypeScript names its .ts file when the code runs that way; source-context.ts maps the
 * rest. Each frame is classed as the user's code, a library's (node_modules) or the
 * runtime's (node: internals, native code), so the page can fold away what the user did
 * not write.
 */

/** Where a frame's code lives: the page opens the user's frames and folds the others. */
export type FrameKind = 'user' | 'library' | 'internal'

export interface StackFrame {
  /** The function as V8 names it (`thrower`, `Object.<anonymous>`, `new Foo`), or null. */
  functionName: string | null
  /** File path or URL as the stack gives it; null for native code. */
  file: string | null
  /** 1-based line and column, when the stack has them. */
  line: number | null
  column: number | null
  isAsync: boolean
  kind: FrameKind
  /** The stack line as written, without the leading `at `. */
  raw: string
}

/** The most frames read from one stack (a runaway recursion has thousands). */
export const MAX_FRAMES = 100

const LOCATION = /^(.*):(\d+):(\d+)$/

/**
 * The frames of `stack`, innermost first (the order V8 writes them). Lines that are not
 * frames (the message, which may span lines) are skipped.
 *
 * ```ts
 * parseStack('Error: x\n    at thrower (/app/views.ts:3:9)')[0]
 * // { functionName: 'thrower', file: '/app/views.ts', line: 3, column: 9, kind: 'user', … }
 * ```
 */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = []
  for (const text of stack.split('\n')) {
    const trimmed = text.trim()
    if (!trimmed.startsWith('at ')) continue
    frames.push(parseFrame(trimmed.slice(3)))
    if (frames.length >= MAX_FRAMES) break
  }
  return frames
}

function parseFrame(raw: string): StackFrame {
  let rest = raw
  const isAsync = rest.startsWith('async ')
  if (isAsync) rest = rest.slice(6)
  let functionName: string | null = null
  let location = rest
  // `name (location)`; the location itself may contain parentheses (`eval at …`), so take
  // the text after the first ` (` and drop the final `)`.
  if (rest.endsWith(')')) {
    const open = rest.indexOf(' (')
    if (open !== -1) {
      functionName = rest.slice(0, open)
      location = rest.slice(open + 2, -1)
    }
  }
  // An eval frame: `eval at outer (file:1:2), <anonymous>:1:1`: point at the outer site.
  const evalSite = /^eval at [^(]*\((.*?)\)/.exec(location)
  if (evalSite) location = evalSite[1]!
  const m = LOCATION.exec(location)
  const file = m ? m[1]! : null
  return {
    functionName,
    file,
    line: m ? Number(m[2]) : null,
    column: m ? Number(m[3]) : null,
    isAsync,
    kind: classifyFile(file ?? location),
    raw,
  }
}

/** 'internal' for node: and native frames, 'library' under node_modules, else 'user'. */
export function classifyFile(file: string): FrameKind {
  if (
    file.startsWith('node:') ||
    file.startsWith('internal/') ||
    file === 'native' ||
    file === '<anonymous>' ||
    !(file.includes('/') || file.includes('\\'))
  ) {
    return 'internal'
  }
  if (/[\\/]node_modules[\\/]/.test(file)) return 'library'
  return 'user'
}
