/**
 * HTML escaping, shared by the framework's own pages and the template engine's
 * autoescaping (which wraps it with SafeString handling).
 */

/** Entity for each character code up to '>' (62) that needs escaping; null for the rest. */
const ENTITY: (string | null)[] = Array.from({ length: 63 }, () => null)
ENTITY[38] = '&amp;'
ENTITY[60] = '&lt;'
ENTITY[62] = '&gt;'
ENTITY[34] = '&quot;'
ENTITY[39] = '&#x27;'

/**
 * Escapes & < > " ' so `text` is safe in element content and quoted attributes. No
 * SafeString check: the template engine's `conditionalEscape` adds that.
 */
export function escapeHtml(text: string): string {
  // One pass with a table lookup (every special character is <= 62, so most characters are
  // skipped by one comparison); text without special characters is returned as is, unsliced.
  const n = text.length
  let out = ''
  let last = 0
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i)
    if (code > 62) continue
    const entity = ENTITY[code] as string | null
    if (entity === null) continue
    out += last === i ? entity : text.slice(last, i) + entity
    last = i + 1
  }
  if (last === 0) return text
  return last < n ? out + text.slice(last) : out
}
