/**
 * Text helpers behind the string filters, with Django's rules: Python's `str.title()` and
 * `str.center()`, character and word truncation, word wrapping, paragraphs for
 * `linebreaks`, slugs.
 */
import { escapeHtml } from '../safe-string.js'

const COMBINING = /\p{M}/u
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/

/** Text appended when truncating (`…` unless given); `%(truncated_text)s` is a template. */
export function addTruncationText(text: string, truncate = '…'): string {
  if (truncate.includes('%(truncated_text)s')) return truncate.replace('%(truncated_text)s', text)
  if (text.endsWith(truncate)) return text
  return text + truncate
}

/** Length left for text once the truncation marker is counted. */
export function truncateLength(length: number, truncate = '…'): number {
  let len = length
  for (const ch of addTruncationText('', truncate)) {
    if (!COMBINING.test(ch)) {
      len--
      if (len === 0) break
    }
  }
  return len
}

/** At most `length` characters including the marker (Truncator.chars). */
export function truncateChars(value: string, length: number, truncate = '…'): string {
  if (length <= 0) return ''
  if (ASCII.test(value)) {
    // No combining characters and one code unit per character: plain slicing is exact.
    if (value.length <= length) return value
    return addTruncationText(value.slice(0, truncateLength(length, truncate)), truncate)
  }
  const text = value.normalize('NFC')
  const keep = truncateLength(length, truncate)
  let count = 0
  let endIndex: number | null = null
  const chars = [...text]
  for (let i = 0; i < chars.length; i++) {
    if (COMBINING.test(chars[i] as string)) continue
    count++
    if (endIndex === null && count > keep) endIndex = i
    if (count > length) return addTruncationText(chars.slice(0, endIndex ?? 0).join(''), truncate)
  }
  return text
}

/** The first `length` words (Truncator.words); whitespace runs collapse to one space. */
export function truncateWords(value: string, length: number, truncate = '…'): string {
  if (length <= 0) return ''
  const words = value.split(/\s+/).filter(Boolean)
  if (words.length > length) return addTruncationText(words.slice(0, length).join(' '), truncate)
  return words.join(' ')
}

/** Python's str.title(): each run of letters capitalised, the rest lower-cased. */
export function pyTitle(value: string): string {
  let out = ''
  let prevCased = false
  for (const ch of value) {
    const lower = ch.toLowerCase()
    const upper = ch.toUpperCase()
    const cased = lower !== upper
    out += cased ? (prevCased ? lower : upper) : ch
    prevCased = cased
  }
  return out
}

/** Python's str.center(width). */
export function pyCenter(value: string, width: number): string {
  const len = value.length
  if (width <= len) return value
  const pad = width - len
  const left = Math.floor(pad / 2) + (pad & width & 1)
  return ' '.repeat(left) + value + ' '.repeat(pad - left)
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g

/** Python's str.splitlines(keepends=True). */
function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = []
  let last = 0
  for (const m of text.matchAll(LINE_BREAK)) {
    const end = (m.index as number) + m[0].length
    lines.push(text.slice(last, end))
    last = end
  }
  if (last < text.length) lines.push(text.slice(last))
  return lines
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line
  let out = ''
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch
  return out
}

/** Python's textwrap with break_long_words=False and break_on_hyphens=False, for one line. */
function wrapLine(line: string, width: number): string[] {
  const chunks = expandTabs(line)
    .replace(/[\t\n\r\v\f ]/g, ' ')
    .split(/( +)/)
    .filter((c) => c !== '')
    .reverse()
  const lines: string[] = []
  const blank = (c: string | undefined): boolean => c !== undefined && c.trim() === ''
  while (chunks.length) {
    const cur: string[] = []
    let len = 0
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop()
    while (chunks.length) {
      const next = chunks[chunks.length - 1] as string
      if (len + next.length > width) break
      cur.push(chunks.pop() as string)
      len += next.length
    }
    if (chunks.length && (chunks[chunks.length - 1] as string).length > width && cur.length === 0) {
      cur.push(chunks.pop() as string)
    }
    if (blank(cur[cur.length - 1])) cur.pop()
    if (cur.length) lines.push(cur.join(''))
  }
  return lines
}

/**
 * Wrap at `width` characters on spaces; words longer than `width` are not broken and
 * whitespace-only lines disappear (Django's wrap, built on Python's textwrap).
 */
export function wrap(text: string, width: number): string {
  if (width <= 0) return text
  const out: string[] = []
  for (const line of splitLinesKeepEnds(text)) out.push(...wrapLine(line, width))
  return out.join('\n')
}

/** `<p>` paragraphs and `<br>` line breaks from plain text (utils.html.linebreaks). */
export function linebreaks(value: string, autoescape: boolean): string {
  const text = value.replace(/\r\n|\r/g, '\n')
  const paras = text.split(/\n{2,}/)
  return paras
    .map((p) => `<p>${(autoescape ? escapeHtml(p) : p).replace(/\n/g, '<br>')}</p>`)
    .join('\n\n')
}

/** Django's slugify: ASCII only, lower case, hyphens for spaces. */
export function slugify(value: string, allowUnicode = false): string {
  let s = value
  if (allowUnicode) s = s.normalize('NFKC')
  else s = s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '')
  s = s.toLowerCase().replace(allowUnicode ? /[^\p{L}\p{N}_\s-]/gu : /[^\w\s-]/g, '')
  return s.replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '')
}

const PHONE: Record<string, string> = {}
for (const [digit, letters] of Object.entries({
  2: 'abc',
  3: 'def',
  4: 'ghi',
  5: 'jkl',
  6: 'mno',
  7: 'pqrs',
  8: 'tuv',
  9: 'wxyz',
})) {
  for (const l of letters) PHONE[l] = digit
}

/** Letters on a phone keypad become digits. */
export function phone2numeric(value: string): string {
  return value.replace(/[a-z]/gi, (c) => PHONE[c.toLowerCase()] ?? c)
}
