/**
 * Percent-encoding with Python's `urllib.parse.quote` / `quote_plus` rules, which Django's
 * URL reversing and template filters follow (used by reverse() and the template engine): percent-encode UTF-8 bytes of everything
 * except letters, digits, `_.-~` and the characters listed in `safe`. encodeURIComponent
 * is the base; the few characters it leaves alone that Python encodes (`!'()*`) are
 * encoded, and the `safe` ones decoded back.
 */

function decodeSafe(encoded: string, safe: string): string {
  if (!safe) return encoded
  return encoded.replace(/%[0-9A-F]{2}/g, (m) => {
    const ch = String.fromCharCode(parseInt(m.slice(1), 16))
    return safe.includes(ch) ? ch : m
  })
}

/** `quote(text, safe)`; Python's default `safe` is '/'. */
export function pyQuote(text: string, safe = '/'): string {
  let encoded: string
  try {
    encoded = encodeURIComponent(text)
  } catch {
    encoded = encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))
  }
  encoded = encoded.replace(/[!'()*]/g, (c) =>
    safe.includes(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return decodeSafe(encoded, safe)
}

/** `quote_plus(text, safe)`: spaces become '+'. */
export function pyQuotePlus(text: string, safe = ''): string {
  return pyQuote(text, safe + ' ').replace(/ /g, '+')
}

/** Form-encode `[key, value]` pairs like Python's `urlencode(…, doseq=True)`. */
export function pyUrlencode(pairs: Iterable<readonly [string, string]>): string {
  const out: string[] = []
  for (const [k, v] of pairs) out.push(`${pyQuotePlus(k)}=${pyQuotePlus(v)}`)
  return out.join('&')
}
