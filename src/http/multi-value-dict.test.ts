import { describe, expect, it } from 'vitest'
import { MultiValueDict } from './multi-value-dict.js'

describe('MultiValueDict', () => {
  it('reads the last value and every value', () => {
    const d = new MultiValueDict([
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ])
    expect(d.get('a')).toBe(3)
    expect(d.getlist('a')).toEqual([1, 3])
    expect(d.get('missing')).toBeUndefined()
    expect(d.get('missing', 0)).toBe(0)
    expect(d.getlist('missing')).toEqual([])
    expect(d.getlist('missing', [9])).toEqual([9])
    expect(d.size).toBe(2)
    expect([...d]).toEqual(['a', 'b'])
    expect([...d.items()]).toEqual([
      ['a', 3],
      ['b', 2],
    ])
    expect([...d.values()]).toEqual([3, 2])
    expect([...d.allItems()]).toEqual([
      ['a', 1],
      ['a', 3],
      ['b', 2],
    ])
  })

  it('returns copies of its lists', () => {
    const d = new MultiValueDict([['a', 1]])
    d.getlist('a').push(2)
    for (const [, list] of d.lists()) list.push(3)
    expect(d.getlist('a')).toEqual([1])
  })

  it('treats an empty list as absent for get()', () => {
    const d = new MultiValueDict<string>()
    d.setlist('a', [])
    expect(d.has('a')).toBe(true)
    expect(d.get('a', 'dflt')).toBe('dflt')
  })

  it('mutates when mutable', () => {
    const d = new MultiValueDict<string>()
    d.set('a', '1')
    d.appendlist('a', '2')
    expect(d.setdefault('a', 'x')).toBe('2')
    expect(d.setdefault('b', 'x')).toBe('x')
    expect(d.setlistdefault('c', ['y'])).toEqual(['y'])
    expect(d.pop('a')).toEqual(['1', '2'])
    expect(d.pop('a')).toBeUndefined()
    expect(d.pop('a', [])).toEqual([])
    d.update([['b', 'z']])
    expect(d.getlist('b')).toEqual(['x', 'z'])
    expect(d.delete('b')).toBe(true)
    d.clear()
    expect(d.size).toBe(0)
  })

  it('refuses mutation when immutable', () => {
    const d = new MultiValueDict([['a', 1]], { mutable: false })
    expect(() => d.set('a', 2)).toThrow(/immutable/)
    expect(() => d.appendlist('a', 2)).toThrow(/immutable/)
    expect(() => d.clear()).toThrow(/immutable/)
    expect(d.copy().mutable).toBe(true)
  })

  it('keeps prototype-looking keys as plain keys', () => {
    const d = new MultiValueDict([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ])
    const obj = d.dict()
    expect(Object.getPrototypeOf(obj)).toBeNull()
    expect(obj['__proto__']).toBe('p')
    expect(obj.constructor).toBe('c')
    expect(({} as Record<string, unknown>).p).toBeUndefined()
  })
})
