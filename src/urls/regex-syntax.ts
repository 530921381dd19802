/**
 * Regex helpers for rePath(): translating Django's (Python) regex syntax to JavaScript and
 * finding the literal text a regex must start with (which lets the dispatch index skip it
 * for paths that cannot match).
 *
 * The translation is a small scanner, not a full parser: it walks the source once, keeps
 * escapes and character classes intact, and rewrites only the Python spellings that have a
 * JavaScript twin: `(?P<name>…)` → `(?<name>…)`, `(?P=name)` → `\k<name>`, `\Z` → `$`,
 * `\A` → `^`, and leading inline flags `(?i)` / `(?s)` → RegExp flags.
 */

/** A regex source in JavaScript syntax plus the flags to compile it with. */
export interface TranslatedRegex {
  source: string
  flags: string
}

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/

/** Translate Python regex syntax (as written in Django URLconfs) to JavaScript. */
export function translatePythonRegex(source: string): TranslatedRegex {
  let flags = ''
  const inline = INLINE_FLAGS.exec(source)
  if (inline) {
    const letters = inline[1] ?? ''
    if (letters.includes('i')) flags += 'i'
    if (letters.includes('s')) flags += 's'
    source = source.slice(inline[0].length)
  }
  let out = ''
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\\') {
      const next = source[i + 1] ?? ''
      i++
      if (!inClass && next === 'Z') out += '$'
      else if (!inClass && next === 'A') out += '^'
      else out += ch + next
      continue
    }
    if (inClass) {
      if (ch === ']') inClass = false
      out += ch
      continue
    }
    if (ch === '[') {
      inClass = true
      out += ch
      // A ']' right after '[' or '[^' is a literal in Python; JavaScript needs it escaped.
      if (source[i + 1] === '^') {
        out += '^'
        i++
      }
      if (source[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (ch === '(' && source.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
      continue
    }
    if (ch === '(' && source.startsWith('(?P=', i)) {
      const end = source.indexOf(')', i)
      if (end !== -1) {
        out += `\\k<${source.slice(i + 4, end)}>`
        i = end
        continue
      }
    }
    out += ch
  }
  return { source: out, flags }
}

const META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}'])
const QUANTIFIERS = new Set(['?', '*', '+', '{'])

/**
 * The literal text every match of `^(?:source)` starts with ('' when unknown). Conservative:
 * any alternation anywhere gives '', and a literal followed by a quantifier is dropped.
 */
export function literalPrefix(source: string): string {
  if (source.includes('|')) return ''
  let i = 0
  while (source[i] === '^') i++
  let prefix = ''
  while (i < source.length) {
    const ch = source[i] as string
    let literal: string
    let width = 1
    if (ch === '\\') {
      const next = source[i + 1]
      // Escaped punctuation is literal; escaped letters and digits are classes or assertions.
      if (next === undefined || /[\p{L}\p{N}_]/u.test(next)) break
      literal = next
      width = 2
    } else if (META.has(ch)) {
      break
    } else {
      literal = ch
    }
    if (QUANTIFIERS.has(source[i + width] ?? '')) break
    prefix += literal
    i += width
  }
  return prefix
}

/** `text` with every regex metacharacter escaped (valid with and without the `u` flag). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}
