import { describe } from 'vitest'
import { TemplateSyntaxError } from '../../src/template/index.js'
import { cases } from './harness.js'

describe('{% for %}', () => {
  cases({
    'basic loop': { t: '{% for x in l %}{{ x }},{% endfor %}', c: { l: [1, 2, 3] }, out: '1,2,3,' },
    reversed: {
      t: '{% for x in l reversed %}{{ x }}{% endfor %}',
      c: { l: [1, 2, 3] },
      out: '321',
    },
    'empty clause for empty list': {
      t: '{% for x in l %}{{ x }}{% empty %}none{% endfor %}',
      c: { l: [] },
      out: 'none',
    },
    'empty clause for missing': {
      t: '{% for x in nope %}{{ x }}{% empty %}none{% endfor %}',
      out: 'none',
    },
    'empty clause for None': {
      t: '{% for x in n %}{{ x }}{% empty %}none{% endfor %}',
      c: { n: null },
      out: 'none',
    },
    'forloop counters': {
      t: '{% for x in l %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }} {% endfor %}',
      c: { l: ['a', 'b'] },
      out: '1021 2110 ',
    },
    'first and last': {
      t: '{% for x in l %}{% if forloop.first %}[{% endif %}{{ x }}{% if forloop.last %}]{% else %},{% endif %}{% endfor %}',
      c: { l: [1, 2, 3] },
      out: '[1,2,3]',
    },
    parentloop: {
      t: '{% for a in l %}{% for b in l %}{{ forloop.parentloop.counter }}{{ forloop.counter }} {% endfor %}{% endfor %}',
      c: { l: [1, 2] },
      out: '11 12 21 22 ',
    },
    'outer parentloop is empty': {
      t: '{% for a in l %}[{{ forloop.parentloop }}]{% endfor %}',
      c: { l: [1] },
      out: '[{}]',
    },
    'unpacking pairs': {
      t: '{% for k, v in pairs %}{{ k }}={{ v }} {% endfor %}',
      c: {
        pairs: [
          ['a', 1],
          ['b', 2],
        ],
      },
      out: 'a=1 b=2 ',
    },
    'unpacking without spaces': {
      t: '{% for k,v in pairs %}{{ k }}{{ v }}{% endfor %}',
      c: { pairs: [['a', 1]] },
      out: 'a1',
    },
    'unpacking a Map': {
      t: '{% for k, v in m %}{{ k }}{{ v }}{% endfor %}',
      c: { m: new Map([['x', 1]]) },
      out: 'x1',
    },
    'single var over Map gives keys': {
      t: '{% for k in m %}{{ k }}{% endfor %}',
      c: {
        m: new Map([
          ['x', 1],
          ['y', 2],
        ]),
      },
      out: 'xy',
    },
    'object gives keys': {
      t: '{% for k in o %}{{ k }}{% endfor %}',
      c: { o: { a: 1, b: 2 } },
      out: 'ab',
    },
    'string gives characters': {
      t: '{% for c in s %}{{ c }}.{% endfor %}',
      c: { s: 'ab' },
      out: 'a.b.',
    },
    Set: { t: '{% for c in s %}{{ c }}{% endfor %}', c: { s: new Set([1, 2]) }, out: '12' },
    generator: {
      once: true,
      t: '{% for c in g %}{{ c }}{% endfor %}',
      c: {
        g: (function* () {
          yield 1
          yield 2
        })(),
      },
      out: '12',
    },
    'unpack mismatch': {
      t: '{% for a, b in l %}{% endfor %}',
      c: { l: [[1, 2, 3]] },
      out: TemplateSyntaxError,
      msg: 'Need 2 values to unpack in for loop; got 3.',
    },
    'loop var does not leak': {
      t: '{% for x in l %}{% endfor %}[{{ x }}]',
      c: { l: [1] },
      out: '[]',
    },
    'loop var shadows and restores': {
      t: '{{ x }}{% for x in l %}{{ x }}{% endfor %}{{ x }}',
      c: { x: 'o', l: [1] },
      out: 'o1o',
    },
    'bad syntax': {
      t: '{% for x from l %}{% endfor %}',
      out: TemplateSyntaxError,
      msg: "'for' statements should use the format",
    },
    'too few words': { t: '{% for x in %}{% endfor %}', out: TemplateSyntaxError },
    'invalid loop var': {
      t: '{% for x, in l %}{% endfor %}',
      out: TemplateSyntaxError,
      msg: "'for' tag received an invalid argument",
    },
    'not iterable': {
      t: '{% for x in n %}{% endfor %}',
      c: { n: 5 },
      out: TypeError,
      msg: 'not iterable',
    },
  })
})

describe('{% cycle %} / {% resetcycle %}', () => {
  cases({
    'cycle in loop': {
      t: '{% for x in l %}{% cycle "odd" "even" %} {% endfor %}',
      c: { l: [1, 2, 3] },
      out: 'odd even odd ',
    },
    'cycle with variables': {
      t: '{% for x in l %}{% cycle a b %}{% endfor %}',
      c: { l: [1, 2, 3], a: '<', b: '>' },
      out: '&lt;&gt;&lt;',
    },
    'named cycle referenced later': {
      t: '{% for x in l %}<tr class="{% cycle "r1" "r2" as rc %}"><td class="{{ rc }}">{% endfor %}',
      c: { l: [1, 2] },
      out: '<tr class="r1"><td class="r1"><tr class="r2"><td class="r2">',
    },
    'silent cycle': {
      t: '{% for x in l %}{% cycle "a" "b" as c silent %}{{ c }}{% endfor %}',
      c: { l: [1, 2, 3] },
      out: 'aba',
    },
    'cycle by name advances': {
      t: '{% cycle "a" "b" "c" as v %}{% cycle v %}{% cycle v %}{% cycle v %}',
      out: 'abca',
    },
    resetcycle: {
      t: '{% for g in groups %}{% for i in g %}{% cycle "x" "y" %}{% endfor %}{% resetcycle %}|{% endfor %}',
      c: {
        groups: [
          [1, 2, 3],
          [1, 2],
        ],
      },
      out: 'xyx|xy|',
    },
    'resetcycle named': {
      t: '{% for i in l %}{% cycle "1" "2" as n silent %}{% cycle "a" "b" as w silent %}{{ n }}{{ w }}{% resetcycle n %} {% endfor %}',
      c: { l: [1, 2, 3] },
      out: '1a 1b 1a ',
    },
    'cycle without args': {
      t: '{% cycle %}',
      out: TemplateSyntaxError,
      msg: 'requires at least two arguments',
    },
    'unknown named cycle': {
      t: '{% cycle "a" "b" as x %}{% cycle y %}',
      out: TemplateSyntaxError,
      msg: "Named cycle 'y' does not exist",
    },
    'bad silent flag': {
      t: '{% cycle "a" "b" as x loud %}',
      out: TemplateSyntaxError,
      msg: "Only 'silent' flag",
    },
    'resetcycle without cycle': {
      t: '{% resetcycle %}',
      out: TemplateSyntaxError,
      msg: 'No cycles in template.',
    },
  })
})

describe('{% regroup %}', () => {
  const cities = [
    { name: 'Mumbai', population: '19', country: 'India' },
    { name: 'Calcutta', population: '15', country: 'India' },
    { name: 'New York', population: '20', country: 'USA' },
    { name: 'Chicago', population: '7', country: 'USA' },
    { name: 'Tokyo', population: '33', country: 'Japan' },
  ]
  cases({
    'grouper and list': {
      t: '{% regroup cities by country as country_list %}{% for c in country_list %}{{ c.grouper }}:{% for city in c.list %}{{ city.name }},{% endfor %};{% endfor %}',
      c: { cities },
      out: 'India:Mumbai,Calcutta,;USA:New York,Chicago,;Japan:Tokyo,;',
    },
    'unpacking groups': {
      t: '{% regroup cities by country as cl %}{% for country, local in cl %}{{ country }}={{ local|length }} {% endfor %}',
      c: { cities },
      out: 'India=2 USA=2 Japan=1 ',
    },
    'consecutive grouping only': {
      t: '{% regroup l by k as g %}{% for x in g %}{{ x.grouper }}{% endfor %}',
      c: { l: [{ k: 'a' }, { k: 'b' }, { k: 'a' }] },
      out: 'aba',
    },
    'filters on the key': {
      t: '{% regroup l by k|upper as g %}{% for x in g %}{{ x.grouper }}{% endfor %}',
      c: { l: [{ k: 'a' }, { k: 'A' }] },
      out: 'A',
    },
    'missing list gives empty': { t: '{% regroup nope by k as g %}[{{ g|length }}]', out: '[0]' },
    'bad syntax': {
      t: '{% regroup l by k into g %}',
      out: TemplateSyntaxError,
      msg: "must be 'as'",
    },
  })
})
