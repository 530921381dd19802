/**
 * Percent-encoding for reverse(): the path is UTF-8 encoded and every byte outside RFC
 * 3986's unreserved characters, sub-delimiters, '/', ':' and '@' is escaped (so '?', '#',
 * '%' and spaces in values cannot change the URL's structure). Query strings use form
 * encoding (space as '+'), like Python's urlencode.
 */

// encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; these are the other
// characters a path segment may carry unescaped.
const PATH_SAFE = /%(?:24|26|2B|2C|3B|3D|2F|3A|40)/g

/** Quote a decoded URL path for use in a URL. */
export function quotePath(path: string): string {
  return encodeURIComponent(path).replace(PATH_SAFE, decodeURIComponent)
}

/** A URL must not start with '//' (a scheme-relative URL pointing at another host). */
export function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url
}

const FORM_EXTRA = /[!'()*]/g

/** Form-encode one key or value: space → '+', everything but A-Z a-z 0-9 - _ . ~ escaped. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(FORM_EXTRA, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** Encode a query; list values repeat the key. */
export function encodeQuery(query: Record<string, string | string[]> | URLSearchParams): string {
  const pairs: string[] = []
  const entries: Iterable<[string, string | string[]]> =
    query instanceof URLSearchParams ? query.entries() : Object.entries(query)
  for (const [key, value] of entries) {
    for (const v of Array.isArray(value) ? value : [value]) {
      pairs.push(`${quotePlus(key)}=${quotePlus(String(v))}`)
    }
  }
  return pairs.join('&')
}
