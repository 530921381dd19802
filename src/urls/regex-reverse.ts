/**
 * Reverse templates for rePath() regexes: the ways a regex can be written out as a URL with
 * placeholders for its groups, following Django's rules for reversing regexes:
 *
 * - a group becomes a placeholder (named groups by name, unnamed ones by position) and its
 *   contents are skipped; lookarounds and `\b`-style assertions vanish;
 * - a quantifier with minimum 0 drops the item, or offers "without" and "with" when the
 *   item holds a group; a minimum above 1 repeats it; `.`, classes and `\d`-style escapes
 *   become one representative character;
 * - `$` ends the template, and alternation (`|`) makes the regex irreversible (no templates).
 *
 * reverse() checks every filled-in template against the pattern itself, so a representative
 * character that does not fit only makes that template fail, never produces a wrong URL.
 */
import type { ReverseParam, ReverseTemplate } from './pattern.js'

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'param'; param: ReverseParam }
  | { kind: 'seq'; nodes: Node[] }
  | { kind: 'optional'; node: Node }

class Irreversible extends Error {}

const CLASS_ESCAPES: Record<string, string> = { d: '0', D: 'x', s: ' ', S: 'x', w: 'x', W: '!' }
const CONTROL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' }

/** Index just past the group (or class) starting at `start` ('(' or '['). */
function skipGroup(source: string, start: number): number {
  let depth = 0
  let inClass = false
  for (let i = start; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\\') i++
    else if (inClass) inClass = ch !== ']'
    else if (ch === '[') inClass = true
    else if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return i + 1
  }
  throw new Irreversible('unbalanced parenthesis')
}

class Parser {
  readonly #src: string
  #i = 0
  #ended = false

  constructor(source: string) {
    this.#src = source
  }

  parse(): Node[] {
    const nodes = this.#sequence()
    if (this.#i < this.#src.length && !this.#ended) throw new Irreversible('stray )')
    return nodes
  }

  #sequence(): Node[] {
    const src = this.#src
    const nodes: Node[] = []
    while (this.#i < src.length && !this.#ended) {
      const ch = src[this.#i] as string
      if (ch === ')') return nodes
      if (ch === '|') throw new Irreversible('alternation')
      if (ch === '$') {
        this.#ended = true
        break
      }
      if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
        if (this.#quantify(nodes)) continue
        nodes.push({ kind: 'text', text: ch })
        this.#i++
        continue
      }
      this.#i++
      if (ch === '^') continue
      if (ch === '.') nodes.push({ kind: 'text', text: '.' })
      else if (ch === '[') {
        const end = skipGroup(src, this.#i - 1)
        const first = src[this.#i] === '^' ? 'x' : (src[this.#i] ?? '')
        nodes.push({ kind: 'text', text: first === '\\' ? (src[this.#i + 1] ?? '') : first })
        this.#i = end
      } else if (ch === '\\') nodes.push(...this.#escape())
      else if (ch === '(') nodes.push(...this.#group())
      else nodes.push({ kind: 'text', text: ch })
    }
    return nodes
  }

  #escape(): Node[] {
    const src = this.#src
    const c = src[this.#i++] ?? ''
    if (c in CLASS_ESCAPES) return [{ kind: 'text', text: CLASS_ESCAPES[c] as string }]
    if (c in CONTROL_ESCAPES) return [{ kind: 'text', text: CONTROL_ESCAPES[c] as string }]
    if (c === 'b' || c === 'B') return []
    if (c === 'k' && src[this.#i] === '<') {
      const end = src.indexOf('>', this.#i)
      const param = src.slice(this.#i + 1, end)
      this.#i = end + 1
      return [{ kind: 'param', param: { param, positional: false } }]
    }
    if (c === 'x' || c === 'u') {
      const len = c === 'x' ? 2 : 4
      const hex = src.slice(this.#i, this.#i + len)
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Irreversible('escape')
      this.#i += len
      return [{ kind: 'text', text: String.fromCharCode(parseInt(hex, 16)) }]
    }
    if (/[\p{L}\p{N}]/u.test(c)) throw new Irreversible(`escape \\${c}`)
    return [{ kind: 'text', text: c }]
  }

  #group(): Node[] {
    const src = this.#src
    const start = this.#i - 1
    if (src[this.#i] !== '?') {
      this.#i = skipGroup(src, start)
      return [{ kind: 'param', param: { param: '', positional: true } }]
    }
    const kind = src[this.#i + 1]
    if (kind === ':') {
      this.#i += 2
      const inner = this.#sequence()
      if (src[this.#i] !== ')') throw new Irreversible('unclosed group')
      this.#i++
      return [{ kind: 'seq', nodes: inner }]
    }
    if (kind === '=' || kind === '!' || (kind === '<' && '=!'.includes(src[this.#i + 2] ?? ''))) {
      this.#i = skipGroup(src, start)
      return []
    }
    if (kind === '<') {
      const end = src.indexOf('>', this.#i)
      const param = src.slice(this.#i + 2, end)
      this.#i = skipGroup(src, start)
      return [{ kind: 'param', param: { param, positional: false } }]
    }
    throw new Irreversible(`group (?${kind ?? ''}`)
  }

  /** Apply the quantifier at the cursor to the last node; false if it is not a quantifier. */
  #quantify(nodes: Node[]): boolean {
    const src = this.#src
    const ch = src[this.#i]
    let min: number
    let width = 1
    if (ch === '{') {
      const q = /^\{(\d*)(,\d*)?\}/.exec(src.slice(this.#i))
      if (q === null || (q[1] === '' && q[2] === undefined)) return false
      min = Number(q[1] || '0')
      width = q[0].length
    } else {
      min = ch === '+' ? 1 : 0
    }
    this.#i += width
    if (src[this.#i] === '?') this.#i++ // lazy quantifier: same minimum
    const last = nodes.pop()
    if (last === undefined) return true
    if (min === 0) {
      if (containsParam(last)) nodes.push({ kind: 'optional', node: last })
    } else {
      for (let k = 0; k < min; k++) nodes.push(last)
    }
    return true
  }
}

function containsParam(node: Node): boolean {
  if (node.kind === 'param') return true
  if (node.kind === 'seq') return node.nodes.some(containsParam)
  if (node.kind === 'optional') return containsParam(node.node)
  return false
}

type Parts = (string | ReverseParam)[]

function expand(nodes: readonly Node[]): Parts[] {
  let results: Parts[] = [[]]
  for (const node of nodes) {
    let options: Parts[]
    if (node.kind === 'text') options = [[node.text]]
    else if (node.kind === 'param') options = [[node.param]]
    else if (node.kind === 'seq') options = expand(node.nodes)
    else options = [[], ...expand([node.node])]
    const next: Parts[] = []
    for (const r of results) for (const o of options) next.push([...r, ...o])
    results = next
  }
  return results
}

/** Merge adjacent literal strings so templates stay short. */
function compact(parts: Parts): Parts {
  const out: Parts = []
  for (const p of parts) {
    const prev = out[out.length - 1]
    if (typeof p === 'string' && typeof prev === 'string') out[out.length - 1] = prev + p
    else if (p !== '') out.push(p)
  }
  return out
}

/** The reverse templates of a JavaScript regex source (empty when it cannot be reversed). */
export function regexReverseTemplates(source: string): ReverseTemplate[] {
  try {
    return expand(new Parser(source).parse()).map((parts) => ({ parts: compact(parts) }))
  } catch (error) {
    if (error instanceof Irreversible) return []
    throw error
  }
}
