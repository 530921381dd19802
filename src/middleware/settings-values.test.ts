import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { compilePatterns, requireHeaderValue } from './settings-values.js'

describe('compilePatterns', () => {
  it('keeps plain RegExps and compiles strings', () => {
    const plain = /^a/
    const [kept, compiled] = compilePatterns('X', [plain, '^b'])
    expect(kept).toBe(plain)
    expect(compiled!.test('bee')).toBe(true)
  })

  it('drops the stateful g and y flags, keeping the others', () => {
    const [pattern] = compilePatterns('X', [/bot/giy])
    expect(pattern!.flags).toBe('i')
    expect([pattern!.test('BOT'), pattern!.test('BOT'), pattern!.test('BOT')]).toEqual([
      true,
      true,
      true,
    ])
  })

  it('treats null as empty and refuses what is not a list of patterns', () => {
    expect(compilePatterns('X', null)).toEqual([])
    expect(() => compilePatterns('X', 'abc' as never)).toThrow(ImproperlyConfigured)
    expect(() => compilePatterns('X', [42 as never])).toThrow(/X\[0\] must be a RegExp/)
    expect(() => compilePatterns('X', ['('])).toThrow(/X\[0\] is not a valid regular expression/)
  })
})

describe('requireHeaderValue', () => {
  it('accepts text and refuses line breaks or non-strings', () => {
    expect(() => requireHeaderValue('X', 'fine value')).not.toThrow()
    expect(() => requireHeaderValue('X', 'a\nb')).toThrow(ImproperlyConfigured)
    expect(() => requireHeaderValue('X', 'a\rb')).toThrow(/cannot contain line breaks/)
    expect(() => requireHeaderValue('X', 5)).toThrow(/must be a string/)
  })
})
