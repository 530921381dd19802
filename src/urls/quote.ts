/**
 * Percent-encoding for reverse(): the path is UTF-8 encoded and every byte outside RFC
 * 3986's unreserved characters, sub-delimiters, '/', ':' and '@' is escaped (so '?', '#',
 * '%' and spaces in values cannot change the URL's structure). Query strings use form
 * encoding (space as '+'), like Python's urlencode.
 */
import { pyQuote, pyQuotePlus } from '../utils/quote.js'

/** What a reversed path keeps unescaped besides letters, digits and `_.-~`. */
const PATH_SAFE = "/:@&+$,;=!*'()"

/** Quote a decoded URL path for use in a URL. */
export function quotePath(path: string): string {
  return pyQuote(path, PATH_SAFE)
}

/** A URL must not start with '//' (a scheme-relative URL pointing at another host). */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url
}

/** Encode a query; list values repeat the key. */
export function encodeQuery(query: Record<string, string | string[]> | URLSearchParams): string {
  const pairs: string[] = []
  const entries: Iterable<[string, string | string[]]> =
    query instanceof URLSearchParams ? query.entries() : Object.entries(query)
  for (const [key, value] of entries) {
    for (const v of Array.isArray(value) ? value : [value]) {
      pairs.push(`${pyQuotePlus(key)}=${pyQuotePlus(String(v))}`)
    }
  }
  return pairs.join('&')
}
