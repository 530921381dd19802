/**
 * Host header validation against ALLOWED_HOSTS.
 *
 * A host is first checked for shape (a DNS name made of letters, digits, dots and
 * hyphens, or an IPv6 literal in brackets, optionally followed by `:port`); anything else
 * (spaces, `@`, commas, slashes, a second colon) is refused outright. The domain part is
 * then lower-cased, its trailing dot dropped, and compared with each ALLOWED_HOSTS entry:
 * `*` allows anything, `.example.com` allows `example.com` and every subdomain, any other
 * entry must be equal. With DEBUG on and ALLOWED_HOSTS empty, the local names are allowed
 * so a fresh project works on `localhost`.
 *
 * ```ts
 * validateHost('API.Example.com:8000', { allowedHosts: ['.example.com'], debug: false })
 * // → 'API.Example.com:8000'
 * ```
 */
import { DisallowedHost } from '../core/exceptions.js'

/** What DEBUG with an empty ALLOWED_HOSTS allows. */
export const DEBUG_ALLOWED_HOSTS: readonly string[] = Object.freeze([
  'localhost',
  '.localhost',
  '127.0.0.1',
  '[::1]',
])

const HOST_SHAPE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/

/**
 * Splits a host into its lower-cased domain (trailing dot removed) and port. The domain is
 * '' when the host is not a well-formed DNS name or bracketed IPv6 literal.
 *
 * ```ts
 * splitDomainPort('Example.COM.:80')  // ['example.com', '80']
 * splitDomainPort('[::1]:8000')       // ['[::1]', '8000']
 * splitDomainPort('bad host')         // ['', '']
 * ```
 */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const match = HOST_SHAPE.exec(host.toLowerCase())
  if (match === null) return ['', '']
  let domain = match[1] as string
  if (domain.endsWith('.')) domain = domain.slice(0, -1)
  return [domain, match[2] ?? '']
}

/**
 * Whether `domain` (already lower-cased, no port) matches an ALLOWED_HOSTS `pattern`.
 *
 * ```ts
 * isSameDomain('www.example.com', '.example.com')  // true
 * isSameDomain('example.com', '.example.com')      // true
 * isSameDomain('badexample.com', '.example.com')   // false
 * ```
 */
export function isSameDomain(domain: string, pattern: string): boolean {
  if (pattern === '') return false
  const p = pattern.toLowerCase()
  if (p.startsWith('.')) return domain === p.slice(1) || domain.endsWith(p)
  return domain === p
}

/** Whether `domain` is allowed by any entry of `allowedHosts`. */
export function isAllowedDomain(domain: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((pattern) => pattern === '*' || isSameDomain(domain, pattern))
}

export interface HostValidationOptions {
  allowedHosts: readonly string[]
  debug: boolean
}

/**
 * Returns `host` unchanged when it is well-formed and allowed; otherwise throws
 * DisallowedHost with a message that says what to add to ALLOWED_HOSTS.
 */
export function validateHost(host: string, options: HostValidationOptions): string {
  const allowed =
    options.debug && options.allowedHosts.length === 0 ? DEBUG_ALLOWED_HOSTS : options.allowedHosts
  const [domain] = splitDomainPort(host)
  if (domain !== '' && isAllowedDomain(domain, allowed)) return host
  const shown = JSON.stringify(host.length > 255 ? host.slice(0, 255) + '…' : host)
  if (domain === '') {
    throw new DisallowedHost(
      `Invalid HTTP_HOST header: ${shown}. The domain name provided is not valid according to RFC 1034/1035.`,
    )
  }
  throw new DisallowedHost(
    `Invalid HTTP_HOST header: ${shown}. You may need to add ${JSON.stringify(domain)} to ALLOWED_HOSTS.`,
  )
}
