/**
 * Number formatting in templates: USE_THOUSAND_SEPARATOR, THOUSAND_SEPARATOR, NUMBER_GROUPING
 * and DECIMAL_SEPARATOR as Engine options and as settings, in `{{ value }}`, floatformat,
 * the l10n filters and `{% localize %}`. Outputs with the `en` defaults plus
 * USE_THOUSAND_SEPARATOR are what Django 3.2 renders (see also the django-diff corpus).
 */
import { describe, expect, it } from 'vitest'
import { buildSettings, configure, overrideSettings } from '../../src/conf/settings.js'
import { ImproperlyConfigured } from '../../src/core/exceptions.js'
import {
  Context,
  DjangoTemplates,
  Engine,
  engines,
  makeNumberFormats,
} from '../../src/template/index.js'
import type { Settings } from '../../src/conf/global-settings.js'
import { cases } from './harness.js'

const numbers = {
  i: 1234567,
  f: 1234567.891,
  neg: -1234.5,
  small: 999,
  big: 12345678901234567890n,
  huge: 1e21,
  tiny: 1e-7,
  t: true,
  s: '1234567',
  n: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
}
const ALL =
  '{{ i }}|{{ f }}|{{ neg }}|{{ small }}|{{ big }}|{{ huge }}|{{ tiny }}|{{ t }}|{{ s }}|{{ n }}|{{ inf }}'
const grouped = { useThousandSeparator: true }
const german = {
  useThousandSeparator: true,
  thousandSeparator: '.',
  decimalSeparator: ',',
  numberGrouping: 3,
}

describe('default formats: output as before', () => {
  cases({
    'numbers print as JS prints them': {
      t: ALL,
      c: numbers,
      out: '1234567|1234567.891|-1234.5|999|12345678901234567890|1e+21|1e-7|True|1234567|NaN|Infinity',
    },
    'floatformat g groups by 3 with a comma (the en formats); gu does not (NUMBER_GROUPING 0)': {
      t: `{{ i|floatformat:"2g" }}|{{ i|floatformat:"g" }}|{{ f|floatformat:"2gu" }}|{{ f|floatformat:"ug" }}|{{ f|floatformat:"-2u" }}`,
      c: numbers,
      out: '1,234,567.00|1,234,567|1234567.89|1234567.9|1234567.89',
    },
    'a separator set without USE_THOUSAND_SEPARATOR only shows with g': {
      t: '{{ i }}|{{ i|floatformat:"g" }}',
      c: numbers,
      opts: { thousandSeparator: ' ' },
      out: '1234567|1 234 567',
    },
  })
})

describe('USE_THOUSAND_SEPARATOR with the other defaults', () => {
  cases({
    'numbers and bigints group by 3; strings, booleans, NaN and infinities do not change': {
      t: ALL,
      c: numbers,
      opts: grouped,
      out: '1,234,567|1,234,567.891|-1,234.5|999|12,345,678,901,234,567,890|1,000,000,000,000,000,000,000|0.0000001|True|1234567|NaN|Infinity',
    },
    'in loops (compiled and generated renders alike) and in tags that print values': {
      t: `{% load i18n %}{% for x in l %}{{ x }};{% endfor %}|{% firstof 0 i %}|{% cycle i f as c %}|{% blocktranslate with n=i %}n={{ n }}{% endblocktranslate %}`,
      c: { ...numbers, l: [1000, -20000.5, 3] },
      opts: grouped,
      out: '1,000;-20,000.5;3;|1,234,567|1,234,567|n=1,234,567',
    },
    'floatformat groups too; u prints the unlocalized formats': {
      t: `{{ f|floatformat:2 }}|{{ f|floatformat }}|{{ neg|floatformat:"-3" }}|{{ f|floatformat:"2u" }}|{{ f|floatformat:"2gu" }}|{{ i|floatformat:"u" }}|{{ -0.001|floatformat:2 }}`,
      c: numbers,
      opts: grouped,
      out: '1,234,567.89|1,234,567.9|-1,234.500|1234567.89|1234567.89|1234567|0.00',
    },
    '{% localize off %} prints numbers plainly; on (also nested) localizes': {
      t: `{% load l10n %}{% localize off %}{{ i }} {{ f }} {{ big }}{% localize on %} {{ i }}{% endlocalize %}{% endlocalize %}|{% localize %}{{ i }}{% endlocalize %}`,
      c: numbers,
      opts: grouped,
      out: '1234567 1234567.891 12345678901234567890 1,234,567|1,234,567',
    },
    'localize always localizes, unlocalize never; floatformat ignores the tag (as Django)': {
      t: `{% load l10n %}{{ i|unlocalize }} {{ big|unlocalize }} {{ f|localize }}|{% localize off %}{{ i|localize }} {{ f|floatformat:1 }}{% endlocalize %}`,
      c: numbers,
      opts: grouped,
      out: '1234567 12345678901234567890 1,234,567.891|1,234,567 1,234,567.9',
    },
    'includes follow {% localize off %}, also with only': {
      t: `{% load l10n %}{% localize off %}{% include "inc.html" only %}{% endlocalize %}|{% include "inc.html" %}`,
      files: { 'inc.html': '{{ 1234567 }}' },
      opts: grouped,
      out: '1234567|1,234,567',
    },
    'async values too': {
      t: '{{ p }}',
      c: { p: Promise.resolve(1234567) },
      opts: grouped,
      out: '1,234,567',
    },
  })
})

describe('separators and grouping from the options', () => {
  cases({
    'a dot for thousands, a comma for decimals': {
      t: `{% load l10n %}{{ i }}|{{ f }}|{{ -0.5 }}|{{ f|floatformat:2 }}|{{ f|floatformat:"2u" }}|{{ f|floatformat:"2gu" }}|{{ f|unlocalize }}|{% localize off %}{{ f }}{% endlocalize %}`,
      c: numbers,
      opts: german,
      out: '1.234.567|1.234.567,891|-0,5|1.234.567,89|1234567,89|1.234.567,89|1234567.891|1234567.891',
    },
    'a decimal separator alone changes no grouping': {
      t: `{{ f }}|{{ i }}|{{ f|floatformat:"2g" }}|{{ f|floatformat:2 }}`,
      c: numbers,
      opts: { decimalSeparator: ',', thousandSeparator: ' ' },
      out: '1234567,891|1234567|1 234 567,89|1234567,89',
    },
    'Indian grouping, and a grouping that is a list with g': {
      t: `{{ a }}|{{ b }}|{{ c|floatformat:2 }}|{{ d }}|{{ e }}`,
      c: { a: 123456789, b: -1234567.5, c: 12345.678, d: 100, e: 1000 },
      opts: { useThousandSeparator: true, numberGrouping: [3, 2, 0] },
      out: '12,34,56,789|-12,34,567.5|12,345.68|100|1,000',
    },
    'a list grouping applies to g without USE_THOUSAND_SEPARATOR': {
      t: `{{ a }}|{{ a|floatformat:"2g" }}`,
      c: { a: 123456789 },
      opts: { numberGrouping: [3, 2, 0] },
      out: '123456789|12,34,56,789.00',
    },
    'separators are text: escaped on output (Django marks floatformat safe instead)': {
      t: `{{ i }}|{% autoescape off %}{{ i }}{% endautoescape %}|{{ i|floatformat:"g" }}`,
      c: numbers,
      opts: { useThousandSeparator: true, thousandSeparator: '<' },
      out: '1&lt;234&lt;567|1<234<567|1&lt;234&lt;567',
    },
    'multi-character and non-breaking separators': {
      t: `{{ i }}`,
      c: numbers,
      opts: { useThousandSeparator: true, thousandSeparator: '\u00a0', numberGrouping: 2 },
      out: '1\u00a023\u00a045\u00a067',
    },
  })
})

describe('contexts carry the engine formats', () => {
  it('a Context made by hand takes the rendering engine formats', () => {
    const engine = new Engine(grouped)
    const ctx = new Context({ i: 1234567 })
    expect(engine.fromString('{{ i }}').render(ctx)).toBe('1,234,567')
    expect(ctx.numberFormats).toBe(engine.numberFormats)
  })

  it('a Context with its own formats keeps them', () => {
    const engine = new Engine(grouped)
    const ctx = new Context({ i: 1234567 }, { numberFormats: makeNumberFormats(german) })
    expect(engine.fromString('{{ i }}').render(ctx)).toBe('1.234.567')
  })

  it('resolved formats: en grouping while localizing when NUMBER_GROUPING is 0', () => {
    expect(makeNumberFormats({})).toMatchObject({ plain: true, localizedGrouping: 3 })
    expect(makeNumberFormats({ thousandSeparator: ' ' }).plain).toBe(true)
    expect(makeNumberFormats({ decimalSeparator: ',' }).plain).toBe(false)
    expect(makeNumberFormats(grouped)).toMatchObject({ plain: false, numberGrouping: 0 })
    const list = [3, 2, 0]
    const formats = makeNumberFormats({ numberGrouping: list })
    list[0] = 9 // the engine keeps its own frozen copy
    expect(formats.localizedGrouping).toEqual([3, 2, 0])
    expect(Object.isFrozen(formats)).toBe(true)
  })
})

describe('bad values', () => {
  it('Engine options: a TypeError naming the option', () => {
    expect(() => new Engine({ numberGrouping: -1 })).toThrow(TypeError)
    expect(() => new Engine({ numberGrouping: [3, 2.5] })).toThrow(/^numberGrouping must be/)
    expect(() => new Engine({ thousandSeparator: 1 as unknown as string })).toThrow(
      'thousandSeparator must be a string, got 1.',
    )
    expect(() => new Engine({ decimalSeparator: 5 as unknown as string })).toThrow(
      'decimalSeparator must be a string, got 5.',
    )
    expect(() => new Engine({ useThousandSeparator: 'yes' as unknown as boolean })).toThrow(
      'useThousandSeparator must be true or false, got yes.',
    )
  })

  it('settings: ImproperlyConfigured naming the setting, when the backend is built', () => {
    const backend = (overrides: Record<string, unknown>): DjangoTemplates =>
      new DjangoTemplates({
        NAME: 'django',
        DIRS: [],
        APP_DIRS: false,
        OPTIONS: {},
        settings: buildSettings(overrides as Partial<Settings>),
      })
    expect(() => backend({ NUMBER_GROUPING: '3' })).toThrow(ImproperlyConfigured)
    expect(() => backend({ NUMBER_GROUPING: '3' })).toThrow(
      'settings.NUMBER_GROUPING must be a number of digits per group (3; 0 for none) or a ' +
        'non-empty list of them starting above 0 ([3, 2, 0] for Indian grouping), got "3".',
    )
    expect(() => backend({ NUMBER_GROUPING: [] })).toThrow(/NUMBER_GROUPING .* got \[\]\.$/)
    expect(() => backend({ THOUSAND_SEPARATOR: 0 })).toThrow(
      'settings.THOUSAND_SEPARATOR must be a string, got 0.',
    )
    expect(() => backend({ USE_THOUSAND_SEPARATOR: 1 })).toThrow(
      'settings.USE_THOUSAND_SEPARATOR must be true or false, got 1.',
    )
    const ok = backend({ USE_THOUSAND_SEPARATOR: true, NUMBER_GROUPING: [3, 2, 0] })
    expect(ok.fromString('{{ n }}').render({ n: 123456789 })).toBe('12,34,56,789')
  })
})

describe('settings reach the engines', () => {
  it('the backend reads the four settings; overrideSettings rebuilds it', () => {
    configure({ TEMPLATES: [{}] })
    const render = (): string | Promise<string> =>
      engines.get('django').fromString('{{ n }} {{ n|floatformat:2 }}').render({ n: 1234567.5 })
    expect(render()).toBe('1234567.5 1234567.50')
    overrideSettings({ USE_THOUSAND_SEPARATOR: true }, () => {
      expect(render()).toBe('1,234,567.5 1,234,567.50')
    })
    overrideSettings(
      {
        USE_THOUSAND_SEPARATOR: true,
        THOUSAND_SEPARATOR: '\u202f',
        DECIMAL_SEPARATOR: ',',
        NUMBER_GROUPING: 3,
      },
      () => expect(render()).toBe('1\u202f234\u202f567,5 1\u202f234\u202f567,50'),
    )
    expect(render()).toBe('1234567.5 1234567.50')
  })
})
