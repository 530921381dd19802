import { describe, expect, it } from 'vitest'
import { formatDecimal, numberToDecimal, parseDecimal, roundHalfUp } from './decimal.js'

describe('decimal', () => {
  it('parses and expands exponents', () => {
    expect(parseDecimal('1.5e3')).toEqual({ negative: false, int: '1500', frac: '' })
    expect(parseDecimal('-2.5e-3')).toEqual({ negative: true, int: '0', frac: '0025' })
    expect(numberToDecimal(1e-7)).toEqual({ negative: false, int: '0', frac: '0000001' })
    expect(parseDecimal('abc')).toBeNull()
    expect(parseDecimal('.')).toBeNull()
  })
  it('rounds half up with carries', () => {
    expect(formatDecimal(roundHalfUp(parseDecimal('9.995')!, 2))).toBe('10.00')
    expect(formatDecimal(roundHalfUp(parseDecimal('-0.004')!, 2))).toBe('0.00')
    expect(formatDecimal(roundHalfUp(parseDecimal('1234567.5')!, 0), true)).toBe('1,234,568')
  })
})
