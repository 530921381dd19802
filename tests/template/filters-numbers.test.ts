import { describe } from 'vitest'
import { cases } from './harness.js'

describe('number filters', () => {
  cases({
    add: { t: '{{ v|add:"2" }}', c: { v: 4 }, out: '6' },
    'add strings that are ints': { t: '{{ v|add:"2" }}', c: { v: '4' }, out: '6' },
    'add lists': {
      t: '{{ a|add:b }}',
      c: { a: [1, 2, 3], b: [4, 5, 6] },
      out: '[1, 2, 3, 4, 5, 6]',
    },
    'add strings': { t: '{{ a|add:b }}', c: { a: 'x', b: 'y' }, out: 'xy' },
    'add float truncates like int()': { t: '{{ v|add:2 }}', c: { v: 1.5 }, out: '3' },
    'add incompatible': { t: '[{{ v|add:2 }}]', c: { v: 'x' }, out: '[]' },
    divisibleby: { t: '{{ v|divisibleby:"3" }}', c: { v: 21 }, out: 'True' },
    'divisibleby false': { t: '{{ v|divisibleby:"2" }}', c: { v: 21 }, out: 'False' },
    filesizeformat: { t: '{{ v|filesizeformat }}', c: { v: 123456789 }, out: '117.7\u00a0MB' },
    'filesizeformat bytes': {
      t: '{{ v|filesizeformat }} {{ w|filesizeformat }}',
      c: { v: 1, w: 1023 },
      out: '1\u00a0byte 1023\u00a0bytes',
    },
    'filesizeformat KB and negative': {
      t: '{{ v|filesizeformat }} {{ w|filesizeformat }}',
      c: { v: 1024, w: -2048 },
      out: '1.0\u00a0KB -2.0\u00a0KB',
    },
    'filesizeformat invalid': { t: '{{ v|filesizeformat }}', c: { v: 'x' }, out: '0\u00a0bytes' },
    'floatformat default': {
      t: '{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }}',
      c: { a: 34.23234, b: 34.0, c: 34.26 },
      out: '34.2 34 34.3',
    },
    'floatformat 3': {
      t: '{{ a|floatformat:3 }} {{ b|floatformat:3 }} {{ c|floatformat:3 }}',
      c: { a: 34.23234, b: 34.0, c: 34.26 },
      out: '34.232 34.000 34.260',
    },
    'floatformat "0"': {
      t: '{{ a|floatformat:"0" }} {{ b|floatformat:"0" }} {{ c|floatformat:"0" }}',
      c: { a: 34.23234, b: 34.0, c: 39.56 },
      out: '34 34 40',
    },
    'floatformat "-3"': {
      t: '{{ a|floatformat:"-3" }} {{ b|floatformat:"-3" }} {{ c|floatformat:"-3" }}',
      c: { a: 34.23234, b: 34.0, c: 34.26 },
      out: '34.232 34 34.260',
    },
    'floatformat g': {
      t: '{{ a|floatformat:"2g" }} {{ b|floatformat:"g" }}',
      c: { a: 34232.34, b: 34232.0 },
      out: '34,232.34 34,232',
    },
    'floatformat u': { t: '{{ a|floatformat:"2u" }}', c: { a: 34232.344 }, out: '34232.34' },
    'floatformat gu / ug: unlocalized, so NUMBER_GROUPING 0 groups nothing (Django 4+)': {
      t: '{{ a|floatformat:"2gu" }} {{ a|floatformat:"ug" }} {{ a|floatformat:"-3u" }}',
      c: { a: 34232.344 },
      out: '34232.34 34232.3 34232.344',
    },
    'floatformat with USE_THOUSAND_SEPARATOR': {
      t: '{{ a|floatformat:2 }} {{ a|floatformat:"2u" }} {{ b|floatformat }} {{ c|floatformat:"-2" }}',
      c: { a: 34232.344, b: -1234567.25, c: 1000 },
      opts: { useThousandSeparator: true },
      out: '34,232.34 34232.34 -1,234,567.3 1,000',
    },
    'floatformat with separators and grouping from the options': {
      t: '{{ a|floatformat:2 }} {{ a|floatformat:"2u" }} {{ a|floatformat:"2gu" }} {{ a|floatformat:"3g" }}',
      c: { a: 1234567.8915 },
      opts: { decimalSeparator: ',', thousandSeparator: '.', numberGrouping: [3, 2, 0] },
      out: '1234567,89 1234567,89 12.34.567,89 12.34.567,892',
    },
    'floatformat keeps a negative zero unsigned with a decimal separator': {
      t: '{{ a|floatformat:1 }} {{ b|floatformat:"0g" }}',
      c: { a: -0.01, b: -0.4 },
      opts: { decimalSeparator: ',' },
      out: '0,0 0',
    },
    'floatformat half up on decimal repr': {
      t: '{{ a|floatformat:2 }}',
      c: { a: 2.675 },
      out: '2.68',
    },
    'floatformat string input': { t: '{{ a|floatformat:1 }}', c: { a: '1.25' }, out: '1.3' },
    'floatformat negative zero': { t: '{{ a|floatformat:1 }}', c: { a: -0.01 }, out: '0.0' },
    'floatformat invalid': { t: '[{{ a|floatformat }}]', c: { a: 'abc' }, out: '[]' },
    'floatformat bad arg': { t: '{{ a|floatformat:"x" }}', c: { a: 1.5 }, out: '1.5' },
    'floatformat big exponent': {
      t: '{{ a|floatformat:2 }}',
      c: { a: 1e21 },
      out: '1000000000000000000000.00',
    },
    get_digit: { t: '{{ v|get_digit:"2" }}', c: { v: 123456789 }, out: '8' },
    'get_digit out of range': { t: '{{ v|get_digit:"5" }}', c: { v: 12 }, out: '0' },
    'get_digit invalid': { t: '{{ v|get_digit:"1" }}', c: { v: 'abc' }, out: 'abc' },
    pluralize: {
      t: 'You have {{ n }} message{{ n|pluralize }}.',
      c: { n: 1 },
      out: 'You have 1 message.',
    },
    'pluralize many': { t: '{{ n|pluralize }}', c: { n: 2 }, out: 's' },
    'pluralize es': { t: 'walrus{{ n|pluralize:"es" }}', c: { n: 0 }, out: 'walruses' },
    'pluralize y,ies': {
      t: 'cherr{{ n|pluralize:"y,ies" }} cherr{{ m|pluralize:"y,ies" }}',
      c: { n: 1, m: 2 },
      out: 'cherry cherries',
    },
    'pluralize list length': { t: '{{ l|pluralize }}', c: { l: [1] }, out: '' },
    'pluralize float 1.0': { t: '[{{ n|pluralize }}]', c: { n: '1.0' }, out: '[]' },
    'pluralize bad arg': { t: '[{{ n|pluralize:"a,b,c" }}]', c: { n: 2 }, out: '[]' },
    'pluralize non-number string': { t: '[{{ n|pluralize }}]', c: { n: 'x' }, out: '[]' },
  })
})
