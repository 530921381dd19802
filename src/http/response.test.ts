import { describe, expect, it } from 'vitest'
import { requestFinished } from '../core/signals.js'
import { BadHeaderError } from './exceptions.js'
import { HttpResponse, HttpResponseBase, isRenderable, nodeEncoding } from './response.js'

describe('HttpResponse', () => {
  it('defaults to 200, text/html; charset=utf-8 and an empty body', () => {
    const response = new HttpResponse()
    expect(response.statusCode).toBe(200)
    expect(response.reasonPhrase).toBe('OK')
    expect(response.getHeader('content-type')).toBe('text/html; charset=utf-8')
    expect(response.content.length).toBe(0)
  })

  it('takes status, reason, content type, charset and headers', () => {
    const response = new HttpResponse('créé', {
      status: 201,
      reason: 'Made It',
      contentType: 'text/plain; charset=latin1',
      headers: { 'X-One': '1' },
    })
    expect(response.statusCode).toBe(201)
    expect(response.reasonPhrase).toBe('Made It')
    expect(response.charset).toBe('latin1')
    expect(response.content).toEqual(Buffer.from('créé', 'latin1'))
    expect(response.contentLength).toBe(4)
    expect(response.getHeader('x-one')).toBe('1')
  })

  it('refuses invalid status codes', () => {
    expect(() => new HttpResponse('', { status: 99 })).toThrow(TypeError)
    expect(() => new HttpResponse('', { status: 600 })).toThrow(TypeError)
  })

  it('measures content length in bytes, not characters', () => {
    expect(new HttpResponse('héllo ✓').contentLength).toBe(Buffer.byteLength('héllo ✓'))
  })

  it('accumulates write() calls', () => {
    const response = new HttpResponse('a')
    response.write('b')
    response.writelines(['c', Buffer.from('d')])
    expect(response.text()).toBe('abcd')
    response.content = 'fresh'
    expect(response.text()).toBe('fresh')
  })

  it('refuses header values with CR or LF, and invalid names', () => {
    const response = new HttpResponse()
    expect(() => response.setHeader('X-Evil', 'a\r\nSet-Cookie: x=1')).toThrow(BadHeaderError)
    expect(() => response.setHeader('X-Evil', 'a\nb')).toThrow(BadHeaderError)
    expect(() => response.setHeader('Bad Name', 'v')).toThrow(BadHeaderError)
    expect(() => new HttpResponse('', { headers: { Location: '/x\r\n' } })).toThrow(BadHeaderError)
    expect(() => {
      response.reasonPhrase = 'OK\r\nX: y'
    }).toThrow(BadHeaderError)
  })

  it('handles headers case-insensitively, sending the casing last set (as Django)', () => {
    const response = new HttpResponse()
    response.setHeader('X-Frame-Options', 'DENY')
    response.setHeader('x-frame-options', 'SAMEORIGIN')
    expect(response.getHeader('X-FRAME-OPTIONS')).toBe('SAMEORIGIN')
    expect(response.headerList()).toContain('x-frame-options')
    expect(response.headerList()).not.toContain('X-Frame-Options')
    expect(response.deleteHeader('X-Frame-Options')).toBe(true)
    expect(response.hasHeader('x-frame-options')).toBe(false)
  })

  it('sets cookies with every attribute', () => {
    const response = new HttpResponse()
    response.setCookie('theme', 'dark mode', {
      maxAge: 60,
      domain: 'example.com',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    })
    const header = response.cookies.get('theme')!
    expect(header).toMatch(/^theme=dark%20mode; /)
    expect(header).toContain('Max-Age=60')
    expect(header).toMatch(/Expires=\w{3}, \d{2} \w{3} \d{4}/)
    expect(header).toContain('Domain=example.com')
    expect(header).toContain('Path=/')
    expect(header).toContain('HttpOnly')
    expect(header).toContain('Secure')
    expect(header).toContain('SameSite=Lax')
    const flat = response.headerList()
    expect(flat.filter((v) => v === 'Set-Cookie')).toHaveLength(1)
  })

  it('deletes cookies with Max-Age=0 and a past Expires, secure for __Host- names', () => {
    const response = new HttpResponse()
    response.deleteCookie('__Host-id')
    const header = response.cookies.get('__Host-id')!
    expect(header).toContain('Max-Age=0')
    expect(header).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT')
    expect(header).toContain('Secure')
  })

  it('refuses invalid cookie names', () => {
    expect(() => new HttpResponse().setCookie('bad name;', 'x')).toThrow(BadHeaderError)
  })

  it('runs closers and sends requestFinished once on close()', () => {
    const response = new HttpResponse()
    let closers = 0
    let finished = 0
    response.addCloser(() => closers++)
    const receiver = () => void finished++
    requestFinished.connect(receiver)
    try {
      response.close()
      response.close()
    } finally {
      requestFinished.disconnect(receiver)
    }
    expect(closers).toBe(1)
    expect(finished).toBe(1)
    expect(response.closed).toBe(true)
  })

  it('recognises the deferred-render protocol', () => {
    class Lazy extends HttpResponseBase {
      isRendered = false
      render() {
        return this
      }
    }
    expect(isRenderable(new Lazy())).toBe(true)
    expect(isRenderable(new HttpResponse())).toBe(false)
  })

  it('refuses unsupported charsets for string bodies', () => {
    expect(nodeEncoding('UTF-8')).toBe('utf8')
    expect(() => nodeEncoding('shift_jis')).toThrow(/not supported/)
  })
})

describe('HttpResponseBase.hasCloseWork', () => {
  it('is false for a plain response nobody observes, true with a closer or a receiver', () => {
    const plain = new HttpResponse('x')
    expect(plain.hasCloseWork()).toBe(false)
    const withCloser = new HttpResponse('x')
    withCloser.addCloser(() => {})
    expect(withCloser.hasCloseWork()).toBe(true)
    const receiver = () => {}
    requestFinished.connect(receiver)
    try {
      expect(new HttpResponse('x').hasCloseWork()).toBe(true)
    } finally {
      requestFinished.disconnect(receiver)
    }
  })

  it('is true for subclasses with their own close()', () => {
    class Tracked extends HttpResponse {
      override close() {
        super.close()
      }
    }
    expect(new Tracked('x').hasCloseWork()).toBe(true)
  })
})
