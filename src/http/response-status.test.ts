import { describe, expect, it } from 'vitest'
import {
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseNotModified,
  HttpResponseServerError,
} from './response-status.js'
import { HttpResponse } from './response.js'

describe('fixed-status responses', () => {
  const cases = [
    [HttpResponseBadRequest, 400, 'Bad Request'],
    [HttpResponseForbidden, 403, 'Forbidden'],
    [HttpResponseNotFound, 404, 'Not Found'],
    [HttpResponseGone, 410, 'Gone'],
    [HttpResponseServerError, 500, 'Internal Server Error'],
  ] as const

  for (const [Cls, status, reason] of cases) {
    it(`${Cls.name} is a ${status} ${reason} with a body`, () => {
      const response = new Cls('<h1>oops</h1>', { headers: { 'X-A': '1' } })
      expect(response).toBeInstanceOf(HttpResponse)
      expect(response.statusCode).toBe(status)
      expect(response.reasonPhrase).toBe(reason)
      expect(response.text()).toBe('<h1>oops</h1>')
      expect(response.getHeader('Content-Type')).toBe('text/html; charset=utf-8')
      expect(response.getHeader('X-A')).toBe('1')
      expect(new Cls().contentLength).toBe(0)
    })
  }

  it('keeps options such as contentType and reason', () => {
    const response = new HttpResponseNotFound('nope', { contentType: 'text/plain', reason: 'Nada' })
    expect(response.getHeader('Content-Type')).toBe('text/plain')
    expect(response.reasonPhrase).toBe('Nada')
  })
})

describe('HttpResponseNotAllowed', () => {
  it('is a 405 listing the permitted methods in Allow', () => {
    const response = new HttpResponseNotAllowed(['GET', 'POST'])
    expect(response.statusCode).toBe(405)
    expect(response.reasonPhrase).toBe('Method Not Allowed')
    expect(response.getHeader('Allow')).toBe('GET, POST')
    expect(response.permittedMethods).toEqual(['GET', 'POST'])
    expect(Object.isFrozen(response.permittedMethods)).toBe(true)
  })

  it('takes content and options', () => {
    const response = new HttpResponseNotAllowed(['DELETE'], 'use DELETE', {
      contentType: 'text/plain',
    })
    expect(response.text()).toBe('use DELETE')
    expect(response.getHeader('Allow')).toBe('DELETE')
    expect(response.getHeader('Content-Type')).toBe('text/plain')
  })

  it('sends an empty Allow for no methods', () => {
    expect(new HttpResponseNotAllowed([]).getHeader('Allow')).toBe('')
  })
})

describe('HttpResponseNotModified', () => {
  it('is a 304 without Content-Type or body', () => {
    const response = new HttpResponseNotModified({ headers: { ETag: '"abc"' } })
    expect(response.statusCode).toBe(304)
    expect(response.reasonPhrase).toBe('Not Modified')
    expect(response.hasHeader('Content-Type')).toBe(false)
    expect(response.getHeader('ETag')).toBe('"abc"')
    expect(response.content.length).toBe(0)
  })

  it('refuses content, but accepts an empty value', () => {
    const response = new HttpResponseNotModified()
    expect(() => {
      response.content = 'body'
    }).toThrow(/cannot have content/)
    expect(() => response.write('x')).toThrow(/cannot have content/)
    expect(() => response.writelines(['x'])).toThrow(TypeError)
    response.content = ''
    response.write(Buffer.alloc(0))
    expect(response.content.length).toBe(0)
  })

  it('keeps an explicit contentType', () => {
    const response = new HttpResponseNotModified({ contentType: 'text/css' })
    expect(response.getHeader('Content-Type')).toBe('text/css')
  })
})
