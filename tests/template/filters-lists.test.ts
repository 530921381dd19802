import { describe } from 'vitest'
import { markSafe } from '../../src/template/index.js'
import { cases } from './harness.js'

const people = [
  { name: 'zed', age: 19 },
  { name: 'amy', age: 22 },
  { name: 'joe', age: 31 },
]
const books = [
  { title: '1984', author: { name: 'George', age: 45 } },
  { title: 'Timequake', author: { name: 'Kurt', age: 75 } },
  { title: 'Alice', author: { name: 'Lewis', age: 33 } },
]

describe('list filters', () => {
  cases({
    dictsort: {
      t: '{% for p in l|dictsort:"name" %}{{ p.name }} {% endfor %}',
      c: { l: people },
      out: 'amy joe zed ',
    },
    dictsortreversed: {
      t: '{% for p in l|dictsortreversed:"age" %}{{ p.age }} {% endfor %}',
      c: { l: people },
      out: '31 22 19 ',
    },
    'dictsort dotted': {
      t: '{% for b in l|dictsort:"author.age" %}{{ b.title }} {% endfor %}',
      c: { l: books },
      out: 'Alice 1984 Timequake ',
    },
    'dictsort by index': {
      t: '{% for r in l|dictsort:0 %}{{ r.1 }}{% endfor %}',
      c: {
        l: [
          ['b', 2],
          ['a', 1],
          ['c', 3],
        ],
      },
      out: '123',
    },
    'dictsort unorderable': {
      t: '[{{ l|dictsort:"a" }}]',
      c: { l: [{ a: 1 }, { a: 'x' }] },
      out: '[]',
    },
    'dictsort private refused': { t: '[{{ l|dictsort:"_x" }}]', c: { l: [{ _x: 1 }] }, out: '[]' },
    'dictsort not a list': { t: '[{{ l|dictsort:"a" }}]', c: { l: 5 }, out: '[]' },
    first: { t: '{{ l|first }}', c: { l: ['a', 'b', 'c'] }, out: 'a' },
    'first empty': { t: '[{{ l|first }}]', c: { l: [] }, out: '[]' },
    last: { t: '{{ l|last }}', c: { l: ['a', 'b', 'c', 'd'] }, out: 'd' },
    'last of string': { t: '{{ s|last }}', c: { s: 'xyz' }, out: 'z' },
    join: { t: '{{ l|join:" // " }}', c: { l: ['a', 'b', 'c'] }, out: 'a // b // c' },
    'join with variable separator escaped': {
      t: '{{ l|join:sep }}',
      c: { l: ['a', 'b'], sep: '<br>' },
      out: 'a&lt;br&gt;b',
    },
    'join not a list': { t: '{{ v|join:"," }}', c: { v: 5 }, out: '5' },
    'join autoescape off': {
      t: '{% autoescape off %}{{ l|join:"<br>" }}{% endautoescape %}',
      c: { l: ['<a>', 'b'] },
      out: '<a><br>b',
    },
    length: {
      t: '{{ l|length }} {{ s|length }} {{ m|length }}',
      c: { l: ['a', 'b', 'c', 'd'], s: 'abc', m: new Map([[1, 2]]) },
      out: '4 3 1',
    },
    'length of missing/None': { t: '{{ n|length }} {{ x|length }}', c: { n: null }, out: '0 0' },
    'length of safe string': { t: '{{ s|length }}', c: { s: markSafe('<b>') }, out: '3' },
    random: { t: '{{ l|random }}', c: { l: ['only'] }, out: 'only' },
    slice: {
      t: '{{ l|slice:":2" }}',
      c: { l: ['a', 'b', 'c'] },
      out: '[&#x27;a&#x27;, &#x27;b&#x27;]',
    },
    'slice string': { t: '{{ s|slice:"1:3" }}', c: { s: 'abcdef' }, out: 'bc' },
    'slice negative and step': {
      t: '{{ l|slice:"::-1"|join:"" }} {{ l|slice:"-2:"|join:"" }} {{ l|slice:"::2"|join:"" }}',
      c: { l: ['a', 'b', 'c', 'd'] },
      out: 'dcba cd ac',
    },
    'slice single index is stop': {
      t: '{{ l|slice:"2"|join:"" }}',
      c: { l: ['a', 'b', 'c'] },
      out: 'ab',
    },
    'slice invalid': { t: '{{ s|slice:"x" }}', c: { s: 'abc' }, out: 'abc' },
    pprint: {
      t: '{{ v|pprint }}',
      c: { v: { a: [1, 'x', null, true] } },
      out: '{&#x27;a&#x27;: [1, &#x27;x&#x27;, None, True]}',
    },
    default: { t: '{{ v|default:"nothing" }}', c: { v: '' }, out: 'nothing' },
    'default keeps truthy': { t: '{{ v|default:"nothing" }}', c: { v: 'x' }, out: 'x' },
    'default on zero and empty list': {
      t: '{{ a|default:"z" }}{{ b|default:"e" }}',
      c: { a: 0, b: [] },
      out: 'ze',
    },
    default_if_none: { t: '{{ v|default_if_none:"nothing" }}', c: { v: null }, out: 'nothing' },
    'default_if_none keeps empty string': {
      t: '[{{ v|default_if_none:"nothing" }}]',
      c: { v: '' },
      out: '[]',
    },
    yesno: {
      t: '{{ a|yesno:"yeah,no,maybe" }} {{ b|yesno:"yeah,no,maybe" }} {{ c|yesno:"yeah,no,maybe" }}',
      c: { a: true, b: false, c: null },
      out: 'yeah no maybe',
    },
    'yesno two choices': { t: '{{ c|yesno:"yeah,no" }}', c: { c: null }, out: 'no' },
    'yesno default': { t: '{{ a|yesno }}', c: { a: 1 }, out: 'yes' },
    'yesno invalid arg': { t: '{{ a|yesno:"x" }}', c: { a: 1 }, out: '1' },
  })
})
