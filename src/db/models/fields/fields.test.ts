import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../core/exceptions.js'
import { Q } from '../expressions.js'
import { CheckConstraint } from '../constraints.js'
import {
  CharField,
  createField,
  DecimalField,
  DateTimeField,
  ForeignKey,
  ManyToManyField,
  normalizeDecimal,
  toSnakeCase,
  UUIDField,
  CASCADE,
} from './index.js'

describe('normalizeDecimal', () => {
  it('pads and rounds half away from zero with string arithmetic', () => {
    expect(normalizeDecimal('1.5', 2)).toBe('1.50')
    expect(normalizeDecimal('0.125', 2)).toBe('0.13')
    expect(normalizeDecimal('-0.125', 2)).toBe('-0.13')
    expect(normalizeDecimal('9.995', 2)).toBe('10.00')
    expect(normalizeDecimal('99999999999999999999.5', 0)).toBe('100000000000000000000')
    expect(normalizeDecimal('-0.001', 2)).toBe('0.00')
    expect(normalizeDecimal('.5', 1)).toBe('0.5')
    expect(normalizeDecimal('1e5', 2)).toBe(null)
    expect(normalizeDecimal('', 2)).toBe(null)
  })
})

describe('fields', () => {
  it('deconstructs to JSON options that createField() turns back into an equal field', () => {
    const field = new CharField({ maxLength: 20, null: true, default: 'x', validators: [() => {}] })
    const { type, options } = field.deconstruct()
    expect(type).toBe('CharField')
    expect(options).toEqual({ maxLength: 20, null: true, default: 'x' })
    expect(JSON.parse(JSON.stringify(options))).toEqual(options)
    const copy = createField(type, options)
    expect(copy).toBeInstanceOf(CharField)
    expect(copy.deconstruct()).toEqual({ type, options })
    expect(new DecimalField({ maxDigits: 5, decimalPlaces: 2 }).deconstruct().options).toEqual({
      maxDigits: 5,
      decimalPlaces: 2,
    })
    expect(new DateTimeField({ autoNowAdd: true }).deconstruct().options).toEqual({
      autoNowAdd: true,
    })
    expect(new UUIDField({ default: () => 'x' }).deconstruct().options).toEqual({})
  })

  it('deconstructs relations with a string target and accepts the options form back', () => {
    const fk = new ForeignKey({ to: 'polls.Question', onDelete: CASCADE, relatedName: 'choices' })
    expect(fk.deconstruct()).toEqual({
      type: 'ForeignKey',
      options: { to: 'polls.Question', onDelete: 'CASCADE', relatedName: 'choices' },
    })
    expect(createField('ManyToManyField', { to: 'polls.Tag' }).deconstruct()).toEqual({
      type: 'ManyToManyField',
      options: { to: 'polls.Tag' },
    })
    expect(() => new ForeignKey('polls.Question', { onDelete: 'EXPLODE' as never })).toThrow(
      /onDelete/,
    )
    expect(() => new ForeignKey('polls.Question', { onDelete: 'SET_NULL' })).toThrow(/null: true/)
    expect(new ManyToManyField('polls.Tag').concrete).toBe(false)
    expect(() => createField('NoSuchField', {})).toThrow(/Unknown field type/)
  })

  it('cleans and validates values', () => {
    const field = new CharField({ maxLength: 3, choices: [['abc', 'ABC']] })
    expect(field.clean('abc')).toBe('abc')
    expect(() => field.clean('abcd')).toThrow(ValidationError)
    expect(() => field.clean('xyz')).toThrow(/valid choice/)
    expect(() => field.clean('')).toThrow(/blank/)
    expect(() => new DecimalField({ maxDigits: 3, decimalPlaces: 1 }).clean('123.4')).toThrow(
      /no more than 3 digits/,
    )
    expect(new UUIDField().toJs('{0A3C5C5E3B7D4D7E9B1E2B1F0C9D8E7F}')).toBe(
      '0a3c5c5e-3b7d-4d7e-9b1e-2b1f0c9d8e7f',
    )
  })

  it('turns attribute names into column names', () => {
    expect(toSnakeCase('questionText')).toBe('question_text')
    expect(toSnakeCase('HTMLBody')).toBe('html_body')
    expect(toSnakeCase('pubDate2')).toBe('pub_date2')
  })

  it('round-trips Q objects in check constraints through JSON', () => {
    const check = new CheckConstraint({
      check: Q({ votes__gte: 0 }).or(Q({ votes: null }).not()),
      name: 'c',
    })
    const json = JSON.parse(JSON.stringify(check.deconstruct()))
    expect(new CheckConstraint(json.options).deconstruct()).toEqual(check.deconstruct())
    expect(() => new CheckConstraint({ check: Q(), name: 'bad name' })).toThrow(/invalid/)
  })
})
