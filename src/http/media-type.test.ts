import { describe, expect, it } from 'vitest'
import { MediaType, parseAccept, parseHeaderParameters } from './media-type.js'

describe('parseHeaderParameters', () => {
  it('splits the main value and parameters', () => {
    const [type, params] = parseHeaderParameters('Text/HTML; Charset="UTF-8"; foo=bar')
    expect(type).toBe('text/html')
    expect({ ...params }).toEqual({ charset: 'UTF-8', foo: 'bar' })
    expect(Object.getPrototypeOf(params)).toBeNull()
  })

  it('handles quoted semicolons, escapes and junk', () => {
    const [, params] = parseHeaderParameters(
      'multipart/form-data; boundary="a;b\\"c"; ; novalue; =x',
    )
    expect({ ...params }).toEqual({ boundary: 'a;b"c' })
    expect(parseHeaderParameters('')).toEqual(['', {}])
  })

  it('keeps __proto__ as a plain parameter', () => {
    const [, params] = parseHeaderParameters('text/plain; __proto__=x')
    expect(params['__proto__']).toBe('x')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('MediaType', () => {
  it('parses quality and parameters', () => {
    const t = new MediaType('text/html; level=1; q=0.5')
    expect(t.mainType).toBe('text')
    expect(t.subType).toBe('html')
    expect(t.quality).toBe(0.5)
    expect({ ...t.params }).toEqual({ level: '1' })
    expect(String(t)).toBe('text/html; level=1')
    expect(new MediaType('text/html;q=abc').quality).toBe(0)
    expect(new MediaType('text/html;q=2').quality).toBe(0)
  })

  it('matches ranges', () => {
    expect(new MediaType('*/*').match('application/json')).toBe(true)
    expect(new MediaType('text/*').match('text/plain')).toBe(true)
    expect(new MediaType('text/*').match('image/png')).toBe(false)
    expect(new MediaType('text/html').match('text/html; charset=utf-8')).toBe(true)
    expect(new MediaType('text/html; level=1').match('text/html')).toBe(false)
    expect(new MediaType('text/html; level=1').match('text/html; level=1')).toBe(true)
    expect(new MediaType('text/html').match('')).toBe(false)
    expect(new MediaType('text').match('text/html')).toBe(false)
  })
})

describe('parseAccept', () => {
  it('orders by quality then specificity and drops q=0', () => {
    const types = parseAccept('*/*;q=0.8, text/*, text/html, application/json;q=0, image/png;q=0.9')
    expect(types.map(String)).toEqual(['text/html', 'text/*', 'image/png', '*/*'])
  })

  it('defaults to */*', () => {
    expect(parseAccept(undefined).map(String)).toEqual(['*/*'])
    expect(parseAccept('').map(String)).toEqual([])
  })
})
