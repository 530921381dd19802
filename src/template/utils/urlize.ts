/**
 * `urlize`: turn URLs and e-mail addresses in plain text into links. Words are split on
 * whitespace and quote/angle characters; wrapping brackets and trailing punctuation are
 * trimmed off with running counts (no rescans), candidates longer than MAX_URL_LENGTH are
 * left alone and the URL patterns are anchored without nested quantifiers, so the whole
 * pass stays linear on hostile input.
 */
import { escapeHtml } from '../safe-string.js'
import { unescapeHtml } from './html-truncate.js'
import { pyQuote } from '../../utils/quote.js'

const MAX_URL_LENGTH = 2048
const WORD_SPLIT = /([\s<>"']+)/
const SIMPLE_URL = /^https?:\/\/\[?\w/i
const SIMPLE_URL_2_PREFIX = /^www\./i
const TLD_URL = /\.(?:com|edu|gov|int|mil|net|org)(?:$|\/)/i
const TRAILING = '.,:;!'
const WRAPPING: [string, string][] = [
  ['(', ')'],
  ['[', ']'],
]

function count(s: string, ch: string): number {
  let n = 0
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++
  return n
}

/** Split a word into leading punctuation, the candidate, trailing punctuation. */
export function trimPunctuation(word: string): [string, string, string] {
  let start = 0
  let end = word.length
  const counts = new Map<string, number>()
  for (const [o, c] of WRAPPING) {
    counts.set(o, count(word, o))
    counts.set(c, count(word, c))
  }
  const dec = (ch: string): void => {
    counts.set(ch, (counts.get(ch) ?? 0) - 1)
  }
  let trimmed = true
  while (trimmed && start < end) {
    trimmed = false
    for (const [o, c] of WRAPPING) {
      if (start < end && word[start] === o) {
        start++
        dec(o)
        trimmed = true
      }
      if (start < end && word[end - 1] === c && (counts.get(c) ?? 0) === (counts.get(o) ?? 0) + 1) {
        end--
        dec(c)
        trimmed = true
      }
    }
    while (end > start && TRAILING.includes(word[end - 1] as string)) {
      // A ';' ending a character reference (&amp;) is part of the text, not punctuation.
      if (
        word[end - 1] === ';' &&
        /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*)$/i.test(
          word.slice(Math.max(start, end - 12), end - 1),
        )
      )
        break
      end--
      trimmed = true
    }
  }
  return [word.slice(0, start), word.slice(start, end), word.slice(end)]
}

function isEmailSimple(value: string): boolean {
  if (!value.includes('@') || value.startsWith('@') || value.endsWith('@')) return false
  const parts = value.split('@')
  if (parts.length !== 2) return false
  const domain = parts[1] as string
  return domain.includes('.') && !domain.startsWith('.')
}

/** Quote a URL found in text unless already quoted (Django's smart_urlquote, simplified). */
export function smartUrlquote(url: string): string {
  let unquoted = url
  try {
    unquoted = decodeURI(url)
  } catch {
    // leave malformed escapes as they are
  }
  return pyQuote(unquoted, "!*'();:@&=+$,/?#[]~%")
}

function trimUrl(url: string, limit: number | null): string {
  if (limit === null || url.length <= limit) return url
  return url.slice(0, Math.max(0, limit - 1)) + '…'
}

/**
 * Link URLs and addresses in `text`.
 *
 * @example
 * urlize('Visit www.djangoproject.com', { autoescape: true, safeInput: false })
 * // 'Visit <a href="http://www.djangoproject.com" rel="nofollow">www.djangoproject.com</a>'
 */
export function urlize(
  text: string,
  options: {
    autoescape: boolean
    safeInput: boolean
    trimLimit?: number | null
    nofollow?: boolean
  },
): string {
  const { autoescape, safeInput } = options
  const limit = options.trimLimit ?? null
  const nofollow = options.nofollow ?? true
  const plain = (word: string): string => (safeInput || !autoescape ? word : escapeHtml(word))
  const parts = text.split(WORD_SPLIT)
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i] as string
    if (!(word.includes('.') || word.includes('@') || word.includes(':'))) {
      parts[i] = plain(word)
      continue
    }
    const [lead, middle, trail] = trimPunctuation(word)
    let url: string | null = null
    let attrs = nofollow ? ' rel="nofollow"' : ''
    if (middle.length <= MAX_URL_LENGTH && SIMPLE_URL.test(middle))
      url = smartUrlquote(unescapeHtml(middle))
    else if (
      middle.length <= MAX_URL_LENGTH &&
      (SIMPLE_URL_2_PREFIX.test(middle) ||
        (/^\w/.test(middle) &&
          !/^http/i.test(middle) &&
          !middle.includes('@') &&
          TLD_URL.test(middle)))
    ) {
      url = smartUrlquote(`http://${unescapeHtml(middle)}`)
    } else if (!middle.includes(':') && isEmailSimple(middle)) {
      const at = middle.lastIndexOf('@')
      url = `mailto:${middle.slice(0, at)}@${middle.slice(at + 1)}`
      attrs = ''
    }
    if (url === null) {
      parts[i] = plain(word)
      continue
    }
    let trimmed = trimUrl(middle, limit)
    let l = lead
    let t = trail
    if (autoescape && !safeInput) {
      l = escapeHtml(l)
      t = escapeHtml(t)
      trimmed = escapeHtml(trimmed)
    }
    parts[i] = `${l}<a href="${escapeHtml(url)}"${attrs}>${trimmed}</a>${t}`
  }
  return parts.join('')
}
