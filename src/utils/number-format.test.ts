/**
 * numberFormat against Django's `numberformat.format`: every expected output in the table
 * below is what Django 3.2 prints for the same value (an int, a float, a Decimal for the
 * strings, a Python int for the bigints) and options.
 */
import { describe, expect, it } from 'vitest'
import {
  checkGrouping,
  groupDigits,
  numberFormat,
  type NumberFormatOptions,
} from './number-format.js'

const DJANGO: ReadonlyArray<[number | bigint | string, NumberFormatOptions, string]> = [
  [
    1234567,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', useThousandSeparator: true },
    '1,234,567',
  ],
  [1234567, { decimalSeparator: '.', grouping: 3, thousandSeparator: ',' }, '1234567'],
  [
    1234567,
    {
      decimalSeparator: '.',
      grouping: 3,
      thousandSeparator: ',',
      useL10n: false,
      useThousandSeparator: true,
    },
    '1234567',
  ],
  [
    1234567,
    {
      decimalSeparator: '.',
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
      useL10n: false,
    },
    '1,234,567',
  ],
  [
    1234567,
    {
      decimalSeparator: '.',
      grouping: 0,
      thousandSeparator: ',',
      forceGrouping: true,
      useThousandSeparator: true,
    },
    '1234567',
  ],
  [
    1234567,
    { decimalSeparator: '.', decimalPos: 2, grouping: 0, thousandSeparator: ',' },
    '1234567.00',
  ],
  [
    -1234567,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '-1,234,567',
  ],
  [123, { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true }, '123'],
  [
    -123,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '-123',
  ],
  [
    1234.5678,
    { decimalSeparator: ',', grouping: 3, thousandSeparator: '.', forceGrouping: true },
    '1.234,5678',
  ],
  [
    1234.5678,
    {
      decimalSeparator: ',',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: '.',
      forceGrouping: true,
    },
    '1.234,56',
  ],
  [
    1234.5,
    {
      decimalSeparator: ',',
      decimalPos: 4,
      grouping: 3,
      thousandSeparator: '.',
      forceGrouping: true,
    },
    '1.234,5000',
  ],
  [
    -1234.5678,
    {
      decimalSeparator: '.',
      decimalPos: 0,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '-1,234',
  ],
  [-0.001, { decimalSeparator: '.', decimalPos: 2, grouping: 0, thousandSeparator: ',' }, '-0.00'],
  [0.5, { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true }, '0.5'],
  [
    1e21,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '1,000,000,000,000,000,000,000',
  ],
  [1e21, { decimalSeparator: '.', grouping: 0, thousandSeparator: ',' }, '1000000000000000000000'],
  [
    -1.5e-7,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '-0.00000015',
  ],
  [
    1e-7,
    {
      decimalSeparator: '.',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '0.00',
  ],
  [
    2 ** 70,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '1,180,591,620,717,411,300,000',
  ],
  [
    1.7976931348623157e308,
    {
      decimalSeparator: '.',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '1.79e+308',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: [3, 2, 0], thousandSeparator: ',', forceGrouping: true },
    '12,34,56,789',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: [3, 2], thousandSeparator: ',', forceGrouping: true },
    '12,34,56,789',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: [3, 0], thousandSeparator: ',', forceGrouping: true },
    '123,456,789',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: [1, 2, 3], thousandSeparator: ',', forceGrouping: true },
    '123,456,78,9',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: 4, thousandSeparator: ' ', forceGrouping: true },
    '1 2345 6789',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: 2, thousandSeparator: '\u00a0', forceGrouping: true },
    '1\u00a023\u00a045\u00a067\u00a089',
  ],
  [
    123456789,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: '--', forceGrouping: true },
    '123--456--789',
  ],
  [
    12345678901234567890n,
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '12,345,678,901,234,567,890',
  ],
  [
    12345678901234567890n,
    { decimalSeparator: '.', grouping: 0, thousandSeparator: ',' },
    '12345678901234567890',
  ],
  [
    -12345678901234567890n,
    {
      decimalSeparator: ',',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: '.',
      forceGrouping: true,
    },
    '-12.345.678.901.234.567.890,00',
  ],
  [
    '1234567.50',
    { decimalSeparator: ',', grouping: 3, thousandSeparator: '.', forceGrouping: true },
    '1.234.567,50',
  ],
  [
    '1234567.50',
    {
      decimalSeparator: '.',
      decimalPos: 1,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '1,234,567.5',
  ],
  [
    '-0.00',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '-0.00',
  ],
  [
    '-0.00',
    {
      decimalSeparator: '.',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '0.00',
  ],
  [
    '-0.001',
    {
      decimalSeparator: '.',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '0.00',
  ],
  [
    '0.05',
    {
      decimalSeparator: '.',
      decimalPos: 0,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '0',
  ],
  [
    '-0.5',
    {
      decimalSeparator: '.',
      decimalPos: 0,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '-0',
  ],
  [
    '1E+3',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '1,000',
  ],
  [
    '1.5E+250',
    {
      decimalSeparator: ',',
      decimalPos: 2,
      grouping: 3,
      thousandSeparator: '.',
      forceGrouping: true,
    },
    '1,50e+250',
  ],
  [
    '-1234E+300',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '-1.234e+303',
  ],
  [
    '1e-251',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '1e-251',
  ],
  [
    '1e-251',
    {
      decimalSeparator: '.',
      decimalPos: 3,
      grouping: 3,
      thousandSeparator: ',',
      forceGrouping: true,
    },
    '0.000',
  ],
  [
    '1' + '0'.repeat(199),
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '10' + ',000'.repeat(66),
  ],
  [
    '1' + '0'.repeat(200),
    { decimalSeparator: '.', grouping: 0, thousandSeparator: ',' },
    '1.' + '0'.repeat(200) + 'e+200',
  ],
  [
    ' 12.5 ',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '12.5',
  ],
  [
    '.5',
    { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true },
    '0.5',
  ],
  ['+7', { decimalSeparator: '.', grouping: 3, thousandSeparator: ',', forceGrouping: true }, '7'],
]

describe('numberFormat (Django numberformat.format)', () => {
  it.each(DJANGO)('%s with %o', (value, options, expected) => {
    expect(numberFormat(value, options)).toBe(expected)
  })

  it('defaults: localized, no thousand separator, no grouping', () => {
    expect(numberFormat(1234567.5, { decimalSeparator: ',' })).toBe('1234567,5')
    expect(
      numberFormat(1234567, { decimalSeparator: ',', grouping: 3, thousandSeparator: '.' }),
    ).toBe('1234567')
    expect(
      numberFormat(1234567, {
        decimalSeparator: ',',
        grouping: 3,
        thousandSeparator: '.',
        useThousandSeparator: true,
      }),
    ).toBe('1.234.567')
  })

  it('prints NaN and the infinities as Python does, without places or groups', () => {
    const opts = { decimalSeparator: ',', decimalPos: 2, grouping: 1, forceGrouping: true }
    expect(numberFormat(Number.NaN, opts)).toBe('nan')
    expect(numberFormat(Number.POSITIVE_INFINITY, opts)).toBe('inf')
    expect(numberFormat(Number.NEGATIVE_INFINITY, opts)).toBe('-inf')
  })

  it('an empty string stays empty (Django returns it unchanged)', () => {
    expect(numberFormat('', { decimalSeparator: '.' })).toBe('')
  })

  it('a huge exponent is written in scientific notation, never expanded', () => {
    expect(numberFormat('1e999999', { decimalSeparator: '.' })).toBe('1e+999999')
    expect(numberFormat('-2.5e-999999', { decimalSeparator: ',', decimalPos: 1 })).toBe('0,0')
  })

  it('rejects what is not a number', () => {
    expect(() => numberFormat('12abc', { decimalSeparator: '.' })).toThrow(
      new TypeError('numberFormat() needs a number, a bigint or a decimal string, got "12abc".'),
    )
    expect(() => numberFormat('NaN', { decimalSeparator: '.' })).toThrow(TypeError)
    expect(() => numberFormat('1e1234567890123456', { decimalSeparator: '.' })).toThrow(TypeError)
    expect(() => numberFormat(null as unknown as number, { decimalSeparator: '.' })).toThrow(
      'got null',
    )
  })

  it('rejects a bad grouping or decimalPos', () => {
    const bad: unknown[] = [-1, 1.5, Number.NaN, '3', [], [0, 3], [3, -1], [3, '2'], true]
    for (const grouping of bad) {
      expect(() =>
        numberFormat(1, { decimalSeparator: '.', grouping: grouping as number }),
      ).toThrow(TypeError)
    }
    expect(() => numberFormat(1, { decimalSeparator: '.', grouping: [0, 3] })).toThrow(
      'grouping must be a number of digits per group (3; 0 for none) or a non-empty list of ' +
        'them starting above 0 ([3, 2, 0] for Indian grouping), got [0, 3].',
    )
    expect(() => numberFormat(1, { decimalSeparator: '.', decimalPos: -1 })).toThrow(
      'decimalPos must be a whole number ≥ 0 or null, got -1.',
    )
    expect(numberFormat(1, { decimalSeparator: '.', decimalPos: null })).toBe('1')
  })
})

describe('checkGrouping and groupDigits', () => {
  it('names the setting in its error', () => {
    expect(() => checkGrouping('3', 'NUMBER_GROUPING')).toThrow(
      /^NUMBER_GROUPING must be .* got "3"\.$/,
    )
    expect(checkGrouping(0, 'x')).toBe(0)
    expect(checkGrouping([3, 2, 0], 'x')).toEqual([3, 2, 0])
  })

  it('groups from the right, the last size repeating', () => {
    expect(groupDigits('1234567', 3, ',')).toBe('1,234,567')
    expect(groupDigits('123', 3, ',')).toBe('123')
    expect(groupDigits('1234567', [3, 2, 0], ',')).toBe('12,34,567')
    expect(groupDigits('1234567', [2, 0, 3], ' ')).toBe('123 45 67') // the 0 keeps 2 for one more group
    expect(groupDigits('1234567', 0, ',')).toBe('1234567')
  })
})
