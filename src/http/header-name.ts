/**
 * Lower-cased header names, cached: code asks for the same few names ('Content-Type',
 * 'Content-Length') on every request, and `toLowerCase()` makes a new string each time.
 * The cache is bounded, so names built from client input cannot grow it without limit.
 */
const cache = new Map<string, string>()
const MAX_CACHED = 512

export function lowerHeaderName(name: string): string {
  let lower = cache.get(name)
  if (lower === undefined) {
    lower = name.toLowerCase()
    if (cache.size < MAX_CACHED) cache.set(name, lower)
  }
  return lower
}
