import { describe, expect, it } from 'vitest'
import { JsonResponse, jsonEncoder } from './json-response.js'

describe('JsonResponse', () => {
  it('serialises a plain object with Content-Type application/json', () => {
    const response = new JsonResponse({ id: 1, question: "What's new?", when: new Date(0) })
    expect(response.statusCode).toBe(200)
    expect(response.getHeader('Content-Type')).toBe('application/json')
    expect(response.body).toBe(
      '{"id":1,"question":"What\'s new?","when":"1970-01-01T00:00:00.000Z"}',
    )
    expect(JSON.parse(response.text())).toEqual({
      id: 1,
      question: "What's new?",
      when: '1970-01-01T00:00:00.000Z',
    })
    expect(response.contentLength).toBe(Buffer.byteLength(response.text()))
  })

  it('encodes non-ASCII as UTF-8', () => {
    const response = new JsonResponse({ name: 'Zoë' })
    expect(response.content.equals(Buffer.from('{"name":"Zoë"}', 'utf8'))).toBe(true)
  })

  it('accepts null-prototype objects', () => {
    const data = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    expect(new JsonResponse(data).text()).toBe('{"a":1}')
  })

  it('refuses non-objects unless safe is false, with a hint', () => {
    for (const data of [[1, 2], null, 'text', 3, new Map(), new (class Point {})()]) {
      expect(() => new JsonResponse(data)).toThrow(/pass \{ safe: false \}/)
    }
    expect(new JsonResponse([1, 2], { safe: false }).text()).toBe('[1,2]')
    expect(new JsonResponse(null, { safe: false }).text()).toBe('null')
    expect(new JsonResponse('hi', { safe: false }).text()).toBe('"hi"')
  })

  it('refuses data JSON cannot represent at all', () => {
    expect(() => new JsonResponse(undefined, { safe: false })).toThrow(/produced nothing/)
    expect(() => new JsonResponse(() => 1, { safe: false })).toThrow(TypeError)
  })

  it('explains how to send bigints', () => {
    expect(() => new JsonResponse({ n: 1n })).toThrow(/encoder: jsonEncoder/)
  })

  it('passes space and replacer to JSON.stringify', () => {
    expect(new JsonResponse({ a: 1 }, { space: 2 }).text()).toBe('{\n  "a": 1\n}')
    expect(new JsonResponse({ a: 1, secret: 'x' }, { replacer: ['a'] }).text()).toBe('{"a":1}')
    const upper = (_key: string, value: unknown): unknown =>
      typeof value === 'string' ? value.toUpperCase() : value
    expect(new JsonResponse({ a: 'x' }, { replacer: upper }).text()).toBe('{"a":"X"}')
  })

  it('runs the encoder for bigint, Map, Set, URL and class instances', () => {
    const data = {
      big: 2n ** 64n,
      map: new Map([['k', 1]]),
      set: new Set(['a', 'b']),
      url: new URL('https://example.com/x'),
      nested: [{ n: 5n }],
      date: new Date(0),
    }
    expect(JSON.parse(new JsonResponse(data, { encoder: jsonEncoder }).text())).toEqual({
      big: '18446744073709551616',
      map: { k: 1 },
      set: ['a', 'b'],
      url: 'https://example.com/x',
      nested: [{ n: '5' }],
      date: '1970-01-01T00:00:00.000Z',
    })

    class Money {
      constructor(readonly cents: number) {}
    }
    const encoder = (value: unknown): unknown =>
      value instanceof Money ? `${value.cents / 100} EUR` : jsonEncoder(value)
    expect(new JsonResponse({ price: new Money(250) }, { encoder }).text()).toBe(
      '{"price":"2.5 EUR"}',
    )
  })

  it('combines encoder with a replacer (allow-list or function)', () => {
    const data = { a: 1n, b: 2n, list: [{ a: 3n, c: 4 }] }
    expect(new JsonResponse(data, { encoder: jsonEncoder, replacer: ['a', 'list'] }).text()).toBe(
      '{"a":"1","list":[{"a":"3"}]}',
    )
    const double = (_key: string, value: unknown): unknown =>
      typeof value === 'bigint' ? value * 2n : value
    expect(new JsonResponse({ a: 1n }, { encoder: jsonEncoder, replacer: double }).text()).toBe(
      '{"a":"2"}',
    )
  })

  it('takes status, headers and contentType', () => {
    const response = new JsonResponse(
      { error: 'not found' },
      {
        status: 404,
        headers: { 'Cache-Control': 'no-store' },
        contentType: 'application/problem+json',
      },
    )
    expect(response.statusCode).toBe(404)
    expect(response.getHeader('Cache-Control')).toBe('no-store')
    expect(response.getHeader('Content-Type')).toBe('application/problem+json')
  })
})
