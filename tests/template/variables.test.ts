import { describe } from 'vitest'
import { TemplateSyntaxError, VariableDoesNotExist, markSafe } from '../../src/template/index.js'
import { cases } from './harness.js'

class Person {
  constructor(
    readonly first: string,
    readonly last: string,
  ) {}
  fullName(): string {
    return `${this.first} ${this.last}`
  }
  greet(who: string): string {
    return `hi ${who}`
  }
}

const deleteAll = Object.assign(() => 'deleted', { altersData: true })
const factory = Object.assign(() => 'called', { doNotCallInTemplates: true, label: 'factory' })

describe('variables', () => {
  cases({
    'plain variable': { t: '{{ name }}', c: { name: 'Ada' }, out: 'Ada' },
    'missing variable is empty': { t: '[{{ missing }}]', out: '[]' },
    'undefined value counts as missing': { t: '[{{ x }}]', c: { x: undefined }, out: '[]' },
    'null prints None': { t: '{{ x }}', c: { x: null }, out: 'None' },
    'booleans print as Python': {
      t: '{{ a }} {{ b }}',
      c: { a: true, b: false },
      out: 'True False',
    },
    'True/False/None names': { t: '{{ True }} {{ False }} {{ None }}', out: 'True False None' },
    numbers: { t: '{{ n }} {{ f }}', c: { n: 42, f: 1.5 }, out: '42 1.5' },
    'list prints as Python repr': { t: '{{ l }}', c: { l: ['a', 1] }, out: '[&#x27;a&#x27;, 1]' },
    'dotted object lookup': { t: '{{ user.name }}', c: { user: { name: 'Ada' } }, out: 'Ada' },
    'Map lookup': { t: '{{ m.key }}', c: { m: new Map([['key', 'v']]) }, out: 'v' },
    'array index': { t: '{{ items.1 }}', c: { items: ['a', 'b'] }, out: 'b' },
    'string index': { t: '{{ s.0 }}', c: { s: 'xyz' }, out: 'x' },
    nested: { t: '{{ a.b.0.c }}', c: { a: { b: [{ c: 'deep' }] } }, out: 'deep' },
    'method called': {
      t: '{{ p.fullName }}',
      c: { p: new Person('Ada', 'Lovelace') },
      out: 'Ada Lovelace',
    },
    'method with params is invalid': {
      t: '[{{ p.greet }}]',
      c: { p: new Person('a', 'b') },
      out: '[]',
    },
    'top-level function called': { t: '{{ f }}', c: { f: () => 'x' }, out: 'x' },
    'altersData not called': { t: '[{{ obj.deleteAll }}]', c: { obj: { deleteAll } }, out: '[]' },
    'doNotCallInTemplates keeps the function': {
      t: '{{ f.label }}',
      c: { f: factory },
      out: 'factory',
    },
    'constructor is never resolved': { t: '[{{ o.constructor }}]', c: { o: {} }, out: '[]' },
    'toString on plain object not looked up': { t: '[{{ x }}]', c: {}, out: '[]' },
    'dict items on plain object': {
      t: '{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}',
      c: { d: { a: 1, b: 2 } },
      out: 'a=1;b=2;',
    },
    'dict keys on Map': {
      t: '{{ m.keys|join:"," }}',
      c: {
        m: new Map([
          ['x', 1],
          ['y', 2],
        ]),
      },
      out: 'x,y',
    },
    'own key named items wins': { t: '{{ d.items }}', c: { d: { items: 'mine' } }, out: 'mine' },
    'string literal': { t: '{{ "hello" }}', out: 'hello' },
    'single-quoted literal with escape': { t: "{{ 'it\\'s' }}", out: "it's" },
    'escaped quote in literal': { t: '{{ "say \\"hi\\"" }}', out: 'say "hi"' },
    'literal strings are safe': { t: '{{ "<b>" }}', out: '<b>' },
    'number literal': { t: '{{ 3.25 }} {{ -2 }}', out: '3.25 -2' },
    'translation passthrough': { t: '{{ _("Hello") }}', out: 'Hello' },
    'translation in filter arg': { t: '{{ x|default:_("none") }}', out: 'none' },
    'autoescape by default': {
      t: '{{ s }}',
      c: { s: `<a href="x">'&'</a>` },
      out: '&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;',
    },
    'safe string not escaped': { t: '{{ s }}', c: { s: markSafe('<b>x</b>') }, out: '<b>x</b>' },
    '__html__ protocol': {
      t: '{{ s }}',
      c: { s: { __html__: () => '<i>ok</i>' } },
      out: '<i>ok</i>',
    },
    'filter chain': { t: '{{ s|lower|capfirst }}', c: { s: 'HELLO' }, out: 'Hello' },
    'filter with variable argument': {
      t: '{{ s|default:other }}',
      c: { s: '', other: 'x' },
      out: 'x',
    },
    'whitespace around pipes': { t: '{{ s | upper }}', c: { s: 'a' }, out: 'A' },
    'stringIfInvalid replaces missing': {
      t: '[{{ nope }}]',
      opts: { stringIfInvalid: 'INVALID' },
      out: '[INVALID]',
    },
    'stringIfInvalid with %s': {
      t: '[{{ a.b }}]',
      c: { a: {} },
      opts: { stringIfInvalid: 'bad:%s' },
      out: '[bad:a.b]',
    },
    'stringIfInvalid skips filters': {
      t: '[{{ nope|upper }}]',
      opts: { stringIfInvalid: 'inv' },
      out: '[inv]',
    },
    'empty stringIfInvalid runs filters on ""': { t: '[{{ nope|default:"d" }}]', out: '[d]' },
    'missing filter argument variable raises': {
      t: '{{ x|default:nope }}',
      out: VariableDoesNotExist,
    },
    'underscore variable rejected': {
      t: '{{ _private }}',
      out: TemplateSyntaxError,
      msg: 'may not begin with underscores',
    },
    'underscore attribute rejected': { t: '{{ a._b }}', out: TemplateSyntaxError },
    'empty variable tag': { t: '{{ }}', out: TemplateSyntaxError, msg: 'Empty variable tag' },
    'unknown filter': {
      t: '{{ x|nofilter }}',
      out: TemplateSyntaxError,
      msg: "Invalid filter: 'nofilter'",
    },
    'garbage after variable': {
      t: '{{ x y }}',
      out: TemplateSyntaxError,
      msg: 'Could not parse the remainder',
    },
    'filter needs argument': {
      t: '{{ x|cut }}',
      out: TemplateSyntaxError,
      msg: 'requires 2 arguments',
    },
    'filter takes no argument': {
      t: '{{ x|upper:"a" }}',
      out: TemplateSyntaxError,
      msg: 'requires 1 arguments',
    },
    'getter errors propagate': {
      t: '{{ o.boom }}',
      c: {
        o: {
          get boom(): string {
            throw new RangeError('kaput')
          },
        },
      },
      out: RangeError,
    },
    'silentVariableFailure errors are swallowed': {
      t: '[{{ o.boom }}]',
      c: {
        o: {
          boom: () => {
            throw Object.assign(new Error('quiet'), { silentVariableFailure: true })
          },
        },
      },
      out: '[]',
    },
    'comment tag is dropped': { t: 'a{# comment {{ x }} #}b', out: 'ab' },
    'multi-line {# #} is text': { t: '{# a\nb #}', out: '{# a\nb #}' },
    'unclosed {{ is text': { t: 'a {{ b', out: 'a {{ b' },
  })
})
