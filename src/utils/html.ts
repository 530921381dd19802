/**
 * HTML escaping, shared by the framework's own pages and the template engine's
 * autoescaping (which wraps it with SafeString handling).
 */

const ESCAPE_RE = /[&<>"']/

/**
 * Escapes & < > " ' so `text` is safe in element content and quoted attributes. No
 * SafeString check: the template engine's `conditionalEscape` adds that.
 */
export function escapeHtml(text: string): string {
  // One regex test for the common no-special-character case, then a single slicing pass.
  if (!ESCAPE_RE.test(text)) return text
  let out = ''
  let last = 0
  for (let i = 0; i < text.length; i++) {
    let entity: string
    switch (text.charCodeAt(i)) {
      case 38:
        entity = '&amp;'
        break
      case 60:
        entity = '&lt;'
        break
      case 62:
        entity = '&gt;'
        break
      case 34:
        entity = '&quot;'
        break
      case 39:
        entity = '&#x27;'
        break
      default:
        continue
    }
    if (last !== i) out += text.slice(last, i)
    out += entity
    last = i + 1
  }
  return last === 0 ? out : out + text.slice(last)
}
