import { describe, expect, it } from 'vitest'
import { DisallowedRedirect } from '../core/exceptions.js'
import { BadHeaderError } from './exceptions.js'
import {
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  HttpResponseRedirectBase,
  MAX_URL_REDIRECT_LENGTH,
} from './response-redirect.js'
import { HttpResponse } from './response.js'

describe('HttpResponseRedirect', () => {
  it('is a 302 with Location and an empty body', () => {
    const response = new HttpResponseRedirect('/accounts/login/?next=/polls/')
    expect(response).toBeInstanceOf(HttpResponse)
    expect(response.statusCode).toBe(302)
    expect(response.reasonPhrase).toBe('Found')
    expect(response.getHeader('Location')).toBe('/accounts/login/?next=/polls/')
    expect(response.url).toBe('/accounts/login/?next=/polls/')
    expect(response.contentLength).toBe(0)
  })

  it('accepts http, https, ftp, protocol-relative and relative targets', () => {
    for (const url of [
      'http://example.com/',
      'HTTPS://example.com/a',
      'ftp://files.example.com/x',
      '//example.com/path',
      'other/page',
      '?page=2',
      '#top',
      '/a:b',
    ]) {
      expect(new HttpResponseRedirect(url).url).toBe(url)
    }
  })

  it('refuses unsafe schemes with DisallowedRedirect', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      ' javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'mailto:someone@example.com',
    ]) {
      expect(() => new HttpResponseRedirect(url), url).toThrow(DisallowedRedirect)
    }
    expect(() => new HttpResponseRedirect('javascript:alert(1)')).toThrow(/"javascript"/)
  })

  it('refuses CR/LF (header injection) through the headers object', () => {
    expect(() => new HttpResponseRedirect('/ok\r\nSet-Cookie: x=1')).toThrow(BadHeaderError)
    expect(() => new HttpResponseRedirect('/ok\nX: y')).toThrow(BadHeaderError)
  })

  it('percent-encodes non-ASCII and unsafe characters but keeps existing escapes', () => {
    const response = new HttpResponseRedirect('/café/a b?q="x"&r=%20#frag')
    expect(response.url).toBe('/caf%C3%A9/a%20b?q=%22x%22&r=%20#frag')
  })

  it('refuses targets longer than the limit unless told otherwise', () => {
    const long = '/' + 'a'.repeat(MAX_URL_REDIRECT_LENGTH)
    expect(() => new HttpResponseRedirect(long)).toThrow(DisallowedRedirect)
    expect(new HttpResponseRedirect(long, { maxLength: null }).url).toBe(long)
    expect(() => new HttpResponseRedirect('/abcdef', { maxLength: 5 })).toThrow(/exceeding 5/)
  })

  it('uses 307 with preserveRequest, and takes the usual response options', () => {
    const response = new HttpResponseRedirect('/next/', {
      preserveRequest: true,
      headers: { 'X-Why': 'moved' },
    })
    expect(response.statusCode).toBe(307)
    expect(response.getHeader('X-Why')).toBe('moved')
  })

  it('refuses a non-string target', () => {
    expect(() => new HttpResponseRedirect(42 as unknown as string)).toThrow(TypeError)
  })
})

describe('HttpResponsePermanentRedirect', () => {
  it('is a 301, or 308 with preserveRequest', () => {
    const response = new HttpResponsePermanentRedirect('https://example.com/new/')
    expect(response.statusCode).toBe(301)
    expect(response.reasonPhrase).toBe('Moved Permanently')
    expect(response.url).toBe('https://example.com/new/')
    expect(new HttpResponsePermanentRedirect('/x', { preserveRequest: true }).statusCode).toBe(308)
    expect(() => new HttpResponsePermanentRedirect('data:,x')).toThrow(DisallowedRedirect)
  })
})

describe('HttpResponseRedirectBase', () => {
  it('lets a subclass allow other schemes through the allowedSchemes getter', () => {
    class AppRedirect extends HttpResponseRedirectBase {
      override get allowedSchemes(): readonly string[] {
        return ['myapp']
      }
    }
    const response = new AppRedirect('myapp://open/42')
    expect(response.statusCode).toBe(302)
    expect(response.url).toBe('myapp://open/42')
    expect(() => new AppRedirect('https://example.com/')).toThrow(DisallowedRedirect)
  })

  it('takes an explicit status', () => {
    expect(new HttpResponseRedirectBase('/x', { status: 303 }).statusCode).toBe(303)
  })
})
