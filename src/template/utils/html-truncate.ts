/**
 * HTML-aware truncation (`truncatechars_html`, `truncatewords_html`) in one linear pass.
 * Text between tags is counted (after decoding entities) and re-escaped; start tags are
 * copied as written, end tags normalised; when the limit is reached the marker is added and
 * every still-open element closed. Comments and declarations are dropped, as Django's
 * HTMLParser-based implementation does. A tag that never closes is treated as text, and once
 * that happens no later `<` is searched again, so hostile input stays linear.
 */
import { escapeHtml } from '../safe-string.js'
import { addTruncationText, truncateLength } from './text.js'

export const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  copy: '©',
  reg: '®',
}

/** Decode character references (numeric and common named ones). */
export function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    }
    return NAMED[ref] ?? m
  })
}

type Piece =
  | { kind: 'text'; text: string; end: number }
  | { kind: 'start'; raw: string; name: string; selfClosing: boolean }
  | { kind: 'end'; name: string }
  | { kind: 'skip' }

/** Split HTML into text, start-tag and end-tag pieces (linear). */
function* pieces(html: string): Generator<Piece> {
  let pos = 0
  let textStart = 0
  let noMoreTags = false
  const n = html.length
  while (!noMoreTags && pos < n) {
    const lt = html.indexOf('<', pos)
    if (lt === -1) break
    const next = html[lt + 1] ?? ''
    let end = -1
    let kind: 'start' | 'end' | 'comment' | 'decl' | null = null
    if (/[a-zA-Z]/.test(next)) kind = 'start'
    else if (next === '/' && /[a-zA-Z]/.test(html[lt + 2] ?? '')) kind = 'end'
    else if (html.startsWith('<!--', lt)) kind = 'comment'
    else if (next === '!' || next === '?') kind = 'decl'
    if (kind === null) {
      pos = lt + 1
      continue
    }
    if (kind === 'comment') {
      const close = html.indexOf('-->', lt + 4)
      end = close === -1 ? -1 : close + 3
    } else {
      // Find '>' outside quoted attribute values.
      let quote: string | null = null
      for (let i = lt + 1; i < n; i++) {
        const ch = html[i]
        if (quote) {
          if (ch === quote) quote = null
        } else if (ch === '"' || ch === "'") quote = ch
        else if (ch === '>') {
          end = i + 1
          break
        }
      }
    }
    if (end === -1) {
      noMoreTags = true
      break
    }
    if (lt > textStart) yield { kind: 'text', text: html.slice(textStart, lt), end: lt }
    if (kind === 'start') {
      const raw = html.slice(lt, end)
      const name = (/^<([a-zA-Z][^\s/>]*)/.exec(raw)?.[1] ?? '').toLowerCase()
      yield { kind: 'start', raw, name, selfClosing: raw.endsWith('/>') }
    } else if (kind === 'end') {
      const name = (/^<\/([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, end))?.[1] ?? '').toLowerCase()
      yield { kind: 'end', name }
    } else yield { kind: 'skip' }
    pos = textStart = end
  }
  if (textStart < n) yield { kind: 'text', text: html.slice(textStart), end: n }
}

/**
 * Truncate HTML to `length` characters (`words` false) or words (`words` true) of text.
 *
 * @example
 * truncateHtml('<p>Joel is a slug</p>', 2, true, ' …') // '<p>Joel is …</p>'
 */
export function truncateHtml(html: string, length: number, words: boolean, truncate = '…'): string {
  if (length <= 0) return ''
  let remaining = words ? length : truncateLength(length, truncate)
  let processed = 0
  let output = ''
  const open: string[] = [] // innermost last
  for (const piece of pieces(html)) {
    if (piece.kind === 'start') {
      output += piece.raw
      if (!VOID_ELEMENTS.has(piece.name)) {
        if (piece.selfClosing) output += `</${piece.name}>`
        else open.push(piece.name)
      }
    } else if (piece.kind === 'end') {
      if (!VOID_ELEMENTS.has(piece.name)) {
        output += `</${piece.name}>`
        const i = open.lastIndexOf(piece.name)
        if (i !== -1) open.splice(i, 1)
      }
    } else if (piece.kind === 'text') {
      const data = unescapeHtml(piece.text)
      let units: string[]
      let text: string
      if (words) {
        units = data.split(/(?<=\S)\s+(?=\S)/)
        text = escapeHtml(units.slice(0, remaining).join(' '))
      } else {
        units = [...data]
        processed += units.length
        if (
          processed === length &&
          piece.end === html.length &&
          output.length + piece.text.length === html.length
        ) {
          return output + data
        }
        text = escapeHtml(units.slice(0, remaining).join(''))
      }
      if (remaining < units.length) {
        output += addTruncationText(text, truncate)
        let closing = ''
        for (let i = open.length - 1; i >= 0; i--) closing += `</${open[i]}>`
        return output + closing
      }
      remaining -= units.length
      output += text
    }
  }
  return output
}
