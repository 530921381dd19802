import { describe, expect, it } from 'vitest'
import { markSafe } from '../safe-string.js'
import { isTruthy, pyCompare, pyContains, pyEquals, pyFloat, pyInt, pyRepr, toStr } from './py.js'

describe('python semantics', () => {
  it('str()', () => {
    expect([null, true, false, 1.5, 'x', [1, 'a'], { k: null }].map(toStr)).toEqual([
      'None',
      'True',
      'False',
      '1.5',
      'x',
      "[1, 'a']",
      "{'k': None}",
    ])
    expect(pyRepr("it's")).toBe(`"it's"`)
  })
  it('truthiness', () => {
    expect([0, '', [], {}, new Map(), null, undefined, markSafe('')].some(isTruthy)).toBe(false)
    expect([1, 'a', [0], { a: 1 }, new Date()].every(isTruthy)).toBe(true)
  })
  it('equality, ordering and membership', () => {
    expect(pyEquals(markSafe('a'), 'a')).toBe(true)
    expect(pyEquals(1, true)).toBe(true)
    expect(pyEquals(null, undefined)).toBe(true)
    expect(pyCompare(1, 'a')).toBeUndefined()
    expect(pyCompare([1, 2], [1, 3])).toBeLessThan(0)
    expect(pyContains('abc', 'b')).toBe(true)
    expect(pyContains(5, 1)).toBeUndefined()
  })
  it('int() and float()', () => {
    expect(pyInt(' 42 ')).toBe(42)
    expect(pyInt('4.2')).toBeUndefined()
    expect(pyInt(4.9)).toBe(4)
    expect(pyFloat('1e3')).toBe(1000)
    expect(pyFloat('x')).toBeUndefined()
  })
})
