import { describe, expect, it } from 'vitest'
import { DisallowedHost } from '../core/exceptions.js'
import { isSameDomain, splitDomainPort, validateHost } from './host.js'

describe('splitDomainPort', () => {
  it('splits, lower-cases and drops the trailing dot', () => {
    expect(splitDomainPort('Example.COM')).toEqual(['example.com', ''])
    expect(splitDomainPort('example.com.:8080')).toEqual(['example.com', '8080'])
    expect(splitDomainPort('[::1]:8000')).toEqual(['[::1]', '8000'])
    expect(splitDomainPort('[2001:DB8::1]')).toEqual(['[2001:db8::1]', ''])
  })

  it('returns an empty domain for malformed hosts', () => {
    for (const bad of [
      '',
      'exa mple.com',
      'a@b.com',
      'a.com:80:90',
      'a.com,b.com',
      'a/b',
      '[::1',
      '::1',
      'a.com:x',
    ]) {
      expect(splitDomainPort(bad)[0]).toBe('')
    }
  })
})

describe('isSameDomain', () => {
  it('matches leading-dot patterns against the domain and subdomains', () => {
    expect(isSameDomain('example.com', '.example.com')).toBe(true)
    expect(isSameDomain('a.b.example.com', '.Example.com')).toBe(true)
    expect(isSameDomain('badexample.com', '.example.com')).toBe(false)
    expect(isSameDomain('example.com', 'example.com')).toBe(true)
    expect(isSameDomain('www.example.com', 'example.com')).toBe(false)
    expect(isSameDomain('example.com', '')).toBe(false)
  })
})

describe('validateHost', () => {
  const opts = (allowedHosts: string[], debug = false) => ({ allowedHosts, debug })

  it('returns the host as given when allowed', () => {
    expect(validateHost('WWW.Example.com:8000', opts(['.example.com']))).toBe(
      'WWW.Example.com:8000',
    )
    expect(validateHost('example.com.', opts(['example.com']))).toBe('example.com.')
    expect(validateHost('anything.test', opts(['*']))).toBe('anything.test')
    expect(validateHost('[::1]:80', opts(['[::1]']))).toBe('[::1]:80')
  })

  it('suggests the domain to add when not allowed', () => {
    expect(() => validateHost('evil.com:80', opts(['example.com']))).toThrow(DisallowedHost)
    expect(() => validateHost('evil.com:80', opts(['example.com']))).toThrow(
      /You may need to add "evil.com" to ALLOWED_HOSTS/,
    )
  })

  it('rejects malformed hosts even with *', () => {
    expect(() => validateHost('bad host', opts(['*']))).toThrow(/RFC 1034\/1035/)
    expect(() => validateHost('a.com,b.com', opts(['*']))).toThrow(DisallowedHost)
  })

  it('allows the local names with DEBUG and empty ALLOWED_HOSTS only', () => {
    for (const host of [
      'localhost',
      'localhost:8000',
      'app.localhost',
      '127.0.0.1:8000',
      '[::1]',
    ]) {
      expect(validateHost(host, opts([], true))).toBe(host)
      expect(() => validateHost(host, opts([], false))).toThrow(DisallowedHost)
    }
    expect(() => validateHost('example.com', opts([], true))).toThrow(DisallowedHost)
    expect(() => validateHost('localhost', opts(['example.com'], true))).toThrow(DisallowedHost)
  })
})
