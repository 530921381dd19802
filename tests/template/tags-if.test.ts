import { describe } from 'vitest'
import { TemplateSyntaxError } from '../../src/template/index.js'
import { cases } from './harness.js'

describe('{% if %}', () => {
  cases({
    'true branch': { t: '{% if x %}yes{% endif %}', c: { x: 1 }, out: 'yes' },
    'false branch': { t: '{% if x %}yes{% else %}no{% endif %}', c: { x: 0 }, out: 'no' },
    'missing is false': { t: '{% if nope %}yes{% else %}no{% endif %}', out: 'no' },
    'empty list is false': { t: '{% if l %}yes{% else %}no{% endif %}', c: { l: [] }, out: 'no' },
    'empty object is false': { t: '{% if o %}yes{% else %}no{% endif %}', c: { o: {} }, out: 'no' },
    'empty Map is false': {
      t: '{% if m %}yes{% else %}no{% endif %}',
      c: { m: new Map() },
      out: 'no',
    },
    'elif chain': {
      t: '{% if athlete_list %}A{% elif athlete_in_locker_room_list %}L{% else %}N{% endif %}',
      c: { athlete_list: [], athlete_in_locker_room_list: ['x'] },
      out: 'L',
    },
    and: { t: '{% if a and b %}y{% else %}n{% endif %}', c: { a: 1, b: 0 }, out: 'n' },
    or: { t: '{% if a or b %}y{% else %}n{% endif %}', c: { a: 0, b: 1 }, out: 'y' },
    not: { t: '{% if not a %}y{% endif %}', c: { a: 0 }, out: 'y' },
    'and binds tighter than or': {
      // (a and b) or c
      t: '{% if a and b or c %}y{% else %}n{% endif %}',
      c: { a: 0, b: 1, c: 1 },
      out: 'y',
    },
    'not binds tighter than and': {
      t: '{% if not a and b %}y{% else %}n{% endif %}',
      c: { a: 0, b: 1 },
      out: 'y',
    },
    '== numbers': { t: '{% if n == 1 %}y{% endif %}', c: { n: 1 }, out: 'y' },
    '== string literal': { t: '{% if s == "hi" %}y{% endif %}', c: { s: 'hi' }, out: 'y' },
    '!=': { t: '{% if a != b %}y{% endif %}', c: { a: 1, b: 2 }, out: 'y' },
    '< > <= >=': { t: '{% if 1 < 2 and 2 > 1 and 2 <= 2 and 3 >= 2 %}y{% endif %}', out: 'y' },
    'string comparison': { t: '{% if "a" < "b" %}y{% endif %}', out: 'y' },
    'number vs string comparison is false': {
      t: '{% if 1 < "2" %}y{% else %}n{% endif %}',
      out: 'n',
    },
    'comparison with None is false': {
      t: '{% if x > 1 %}y{% else %}n{% endif %}',
      c: { x: null },
      out: 'n',
    },
    'in list': { t: '{% if "b" in l %}y{% endif %}', c: { l: ['a', 'b'] }, out: 'y' },
    'in string': { t: '{% if "ell" in s %}y{% endif %}', c: { s: 'hello' }, out: 'y' },
    'in object keys': { t: '{% if "k" in d %}y{% endif %}', c: { d: { k: 1 } }, out: 'y' },
    'not in': { t: '{% if "z" not in l %}y{% endif %}', c: { l: ['a'] }, out: 'y' },
    'in on missing is false': { t: '{% if "a" in nope %}y{% else %}n{% endif %}', out: 'n' },
    'is None': { t: '{% if x is None %}y{% endif %}', c: { x: null }, out: 'y' },
    'missing is None': { t: '{% if x is None %}y{% endif %}', out: 'y' },
    'is not None': { t: '{% if x is not None %}y{% endif %}', c: { x: 0 }, out: 'y' },
    'is True': { t: '{% if x is True %}y{% else %}n{% endif %}', c: { x: 1 }, out: 'n' },
    'filters in condition': { t: '{% if l|length >= 2 %}y{% endif %}', c: { l: [1, 2] }, out: 'y' },
    'safe string equals string': { t: '{% if s == "x" %}y{% endif %}', c: { s: 'x' }, out: 'y' },
    'list equality': { t: '{% if a == b %}y{% endif %}', c: { a: [1, 2], b: [1, 2] }, out: 'y' },
    'variable named like operator part': {
      t: '{% if notice %}y{% endif %}',
      c: { notice: 1 },
      out: 'y',
    },
    'nested if': {
      t: '{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}',
      c: { a: 1 },
      out: 'a',
    },
    'no expression': {
      t: '{% if %}x{% endif %}',
      out: TemplateSyntaxError,
      msg: 'requires an expression',
    },
    'unused token': { t: '{% if a b %}x{% endif %}', out: TemplateSyntaxError, msg: "Unused 'b'" },
    'dangling operator': {
      t: '{% if a and %}x{% endif %}',
      out: TemplateSyntaxError,
      msg: 'Unexpected end of expression',
    },
    'operator in operand position': {
      t: '{% if == a %}x{% endif %}',
      out: TemplateSyntaxError,
      msg: "Not expecting '=='",
    },
    'unclosed if': {
      t: '{% if a %}x',
      out: TemplateSyntaxError,
      msg: "Unclosed tag on line 1: 'if'",
    },
    'wrong end tag': {
      t: '{% if a %}x{% endfor %}',
      out: TemplateSyntaxError,
      msg: "expected 'elif', 'else' or 'endif'",
    },
  })
})

describe('{% ifchanged %}', () => {
  cases({
    'content comparison': {
      t: '{% for d in days %}{% ifchanged %}{{ d.m }}{% endifchanged %}{{ d.d }} {% endfor %}',
      c: {
        days: [
          { m: 'Jan', d: 1 },
          { m: 'Jan', d: 2 },
          { m: 'Feb', d: 1 },
        ],
      },
      out: 'Jan1 2 Feb1 ',
    },
    'variable comparison with else': {
      t: '{% for n in nums %}{% ifchanged n %}{{ n }}{% else %}-{% endifchanged %}{% endfor %}',
      c: { nums: [1, 1, 2, 2, 2, 3] },
      out: '1-2--3',
    },
    'state resets per inner loop': {
      t: '{% for o in outer %}{% for i in o %}{% ifchanged %}{{ i }}{% endifchanged %}{% endfor %}|{% endfor %}',
      c: {
        outer: [
          [1, 1],
          [1, 2],
        ],
      },
      out: '1|12|',
    },
  })
})
