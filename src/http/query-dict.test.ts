import { describe, expect, it } from 'vitest'
import { BadRequest, TooManyFieldsSent } from '../core/exceptions.js'
import { parseQueryString, percentEncode, QueryDict } from './query-dict.js'

describe('QueryDict parsing', () => {
  it('keeps repeated and blank values, + is a space', () => {
    const q = new QueryDict('a=1&a=2&b&c=&d=x+y%20z&&e=%3D%26')
    expect(q.get('a')).toBe('2')
    expect(q.getlist('a')).toEqual(['1', '2'])
    expect(q.get('b')).toBe('')
    expect(q.get('c')).toBe('')
    expect(q.get('d')).toBe('x y z')
    expect(q.get('e')).toBe('=&')
    expect([...q.keys()]).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('decodes UTF-8 and other charsets', () => {
    expect(new QueryDict('n=%C3%A9t%C3%A9').get('n')).toBe('été')
    expect(new QueryDict('n=%E9t%E9', { encoding: 'latin1' }).get('n')).toBe('été')
  })

  it('is empty for an empty or missing string', () => {
    expect(new QueryDict('').size).toBe(0)
    expect(new QueryDict().size).toBe(0)
    expect(new QueryDict(null).size).toBe(0)
  })

  it('refuses malformed percent-encoding with BadRequest', () => {
    expect(() => new QueryDict('a=%zz')).toThrow(BadRequest)
    expect(() => new QueryDict('a=%E9')).toThrow(/Malformed form data/)
    expect(() => new QueryDict('%zz=1')).toThrow(BadRequest)
    expect(() => new QueryDict('a=%8', { encoding: 'latin1' })).toThrow(BadRequest)
  })

  it('counts fields before decoding', () => {
    expect(() => parseQueryString('a=1&b=2&c=3', 'utf-8', 2)).toThrow(TooManyFieldsSent)
    expect(parseQueryString('a=1&b=2', 'utf-8', 2)).toHaveLength(2)
    // The count happens first, so the malformed value is never reached.
    expect(() => new QueryDict('a=%zz&b&c', { maxNumFields: 2 })).toThrow(TooManyFieldsSent)
    expect(() => new QueryDict('&'.repeat(100_000), { maxNumFields: 1000 })).toThrow(
      /DATA_UPLOAD_MAX_NUMBER_FIELDS/,
    )
  })

  it('treats prototype names as plain keys', () => {
    const q = new QueryDict(
      '__proto__=1&constructor=2&prototype=3&__proto__[x]=1&constructor[prototype][x]=1',
    )
    expect(q.get('__proto__')).toBe('1')
    expect(q.get('constructor')).toBe('2')
    expect(q.get('prototype')).toBe('3')
    expect(q.get('__proto__[x]')).toBe('1')
    const d = q.dict()
    expect(Object.getPrototypeOf(d)).toBeNull()
    expect(d['__proto__']).toBe('1')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('x')
  })
})

describe('QueryDict mutability', () => {
  it('is immutable by default with a helpful message', () => {
    const q = new QueryDict('a=1')
    const message = 'This QueryDict instance is immutable; call .copy() to get a mutable one.'
    expect(() => q.set('a', '2')).toThrow(message)
    expect(() => q.setlist('a', [])).toThrow(message)
    expect(() => q.appendlist('a', '2')).toThrow(message)
    expect(() => q.setdefault('b', '')).toThrow(message)
    expect(() => q.pop('a')).toThrow(message)
    expect(q.mutable).toBe(false)
  })

  it('copy() is mutable and independent', () => {
    const q = new QueryDict('a=1&a=2')
    const c = q.copy()
    expect(c).toBeInstanceOf(QueryDict)
    c.appendlist('a', '3')
    c.set('b', 'x')
    expect(c.getlist('a')).toEqual(['1', '2', '3'])
    expect(q.getlist('a')).toEqual(['1', '2'])
    expect(q.has('b')).toBe(false)
    expect(c.pop('a')).toEqual(['1', '2', '3'])
  })

  it('can be created mutable', () => {
    const q = new QueryDict('', { mutable: true })
    q.set('x', '1')
    expect(q.get('x')).toBe('1')
  })
})

describe('QueryDict helpers', () => {
  it('fromKeys and fromItems', () => {
    const q = QueryDict.fromKeys(['a', 'a', 'b'], 'v')
    expect(q.getlist('a')).toEqual(['v', 'v'])
    expect(q.mutable).toBe(false)
    expect(QueryDict.fromKeys(['a']).get('a')).toBe('')
    expect(QueryDict.fromKeys(['a'], 'v', { mutable: true }).mutable).toBe(true)
    const r = QueryDict.fromItems([
      ['x', '1'],
      ['x', '2'],
    ])
    expect(r.getlist('x')).toEqual(['1', '2'])
    expect(r.mutable).toBe(false)
  })

  it('urlencode with and without safe characters', () => {
    const q = new QueryDict('', { mutable: true })
    q.setlist('a', ['1', 'x y'])
    q.set('next', '/a/b?c=d')
    q.set('é', "it's")
    expect(q.urlencode()).toBe('a=1&a=x+y&next=%2Fa%2Fb%3Fc%3Dd&%C3%A9=it%27s')
    expect(q.urlencode('/')).toBe('a=1&a=x%20y&next=/a/b%3Fc%3Dd&%C3%A9=it%27s')
    expect(String(q)).toBe(q.urlencode())
    expect(new QueryDict(q.urlencode()).lists().next().value).toEqual(['a', ['1', 'x y']])
  })

  it('dict() holds last values in a null-prototype object', () => {
    const d = new QueryDict('a=1&a=2&b=3').dict()
    expect(Object.getPrototypeOf(d)).toBeNull()
    expect({ ...d }).toEqual({ a: '2', b: '3' })
  })

  it('iterates over keys', () => {
    expect([...new QueryDict('a=1&b=2&a=3')]).toEqual(['a', 'b'])
    expect([...new QueryDict('a=1&b=2&a=3').items()]).toEqual([
      ['a', '3'],
      ['b', '2'],
    ])
  })
})

describe('percentEncode', () => {
  it('encodes UTF-8 and keeps safe characters', () => {
    expect(percentEncode('a b/é~')).toBe('a%20b%2F%C3%A9~')
    expect(percentEncode('a b', '', true)).toBe('a+b')
    expect(percentEncode('a/b', '/')).toBe('a/b')
    expect(percentEncode('😀')).toBe('%F0%9F%98%80')
  })

  it('keeps valid escapes and repairs stray % when % is safe', () => {
    expect(percentEncode('/a%20b%zz%', '/%')).toBe('/a%20b%25zz%25')
  })
})
