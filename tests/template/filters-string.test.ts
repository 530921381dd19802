import { describe } from 'vitest'
import { markSafe } from '../../src/template/index.js'
import { cases } from './harness.js'

describe('string filters', () => {
  cases({
    addslashes: {
      t: '{{ v|addslashes }}',
      c: { v: 'I\'m using "Django"' },
      out: 'I\\&#x27;m using \\&quot;Django\\&quot;',
    },
    'addslashes keeps safe input safe': {
      t: '{{ v|addslashes }}',
      c: { v: markSafe("I'm") },
      out: "I\\'m",
    },
    capfirst: { t: '{{ v|capfirst }}', c: { v: 'django' }, out: 'Django' },
    'capfirst empty': { t: '[{{ v|capfirst }}]', c: { v: '' }, out: '[]' },
    center: { t: '"{{ v|center:"15" }}"', c: { v: 'Django' }, out: '"     Django    "' },
    'center odd': { t: '"{{ v|center:"8" }}"', c: { v: 'abc' }, out: '"  abc   "' },
    ljust: { t: '"{{ v|ljust:"10" }}"', c: { v: 'Django' }, out: '"Django    "' },
    rjust: { t: '"{{ v|rjust:"10" }}"', c: { v: 'Django' }, out: '"    Django"' },
    cut: { t: '{{ v|cut:" " }}', c: { v: 'String with spaces' }, out: 'Stringwithspaces' },
    'cut keeps safety': { t: '{{ v|cut:"x" }}', c: { v: markSafe('<b>x</b>') }, out: '<b></b>' },
    'cut of ; loses safety': { t: '{{ v|cut:";" }}', c: { v: markSafe('&amp;') }, out: '&amp;amp' },
    lower: {
      t: '{{ v|lower }}',
      c: { v: 'Totally LOVING this Album!' },
      out: 'totally loving this album!',
    },
    upper: { t: '{{ v|upper }}', c: { v: 'Joel is a slug' }, out: 'JOEL IS A SLUG' },
    'upper of number': { t: '{{ v|upper }}', c: { v: 5 }, out: '5' },
    make_list: {
      t: '{{ v|make_list }}',
      c: { v: 'Joel' },
      out: '[&#x27;J&#x27;, &#x27;o&#x27;, &#x27;e&#x27;, &#x27;l&#x27;]',
    },
    'make_list number': {
      t: '{% for d in v|make_list %}{{ d }}-{% endfor %}',
      c: { v: 123 },
      out: '1-2-3-',
    },
    phone2numeric: { t: '{{ v|phone2numeric }}', c: { v: '800-COLLECT' }, out: '800-2655328' },
    slugify: { t: '{{ v|slugify }}', c: { v: ' Joel is a slug ' }, out: 'joel-is-a-slug' },
    'slugify accents and punctuation': {
      t: '{{ v|slugify }}',
      c: { v: 'Héllo, Wörld -- _x_' },
      out: 'hello-world-_x',
    },
    'stringformat E': { t: '{{ v|stringformat:"E" }}', c: { v: 10 }, out: '1.000000E+01' },
    'stringformat s': { t: '[{{ v|stringformat:"5s" }}]', c: { v: 'ab' }, out: '[   ab]' },
    'stringformat d': { t: '{{ v|stringformat:"03d" }}', c: { v: 7 }, out: '007' },
    'stringformat .2f': { t: '{{ v|stringformat:".2f" }}', c: { v: 3.14159 }, out: '3.14' },
    'stringformat x': { t: '{{ v|stringformat:"#x" }}', c: { v: 255 }, out: '0xff' },
    'stringformat d on string fails': { t: '[{{ v|stringformat:"d" }}]', c: { v: 'a' }, out: '[]' },
    'stringformat r': { t: '{{ v|stringformat:"r" }}', c: { v: 'a' }, out: '&#x27;a&#x27;' },
    title: { t: '{{ v|title }}', c: { v: 'my FIRST post' }, out: 'My First Post' },
    'title apostrophes and digits': {
      t: '{{ v|title }}',
      c: { v: "joel's 1st book" },
      out: 'Joel&#x27;s 1st Book',
    },
    truncatechars: { t: '{{ v|truncatechars:7 }}', c: { v: 'Joel is a slug' }, out: 'Joel i…' },
    'truncatechars not needed': {
      t: '{{ v|truncatechars:20 }}',
      c: { v: 'Joel is a slug' },
      out: 'Joel is a slug',
    },
    'truncatechars bad arg': { t: '{{ v|truncatechars:"x" }}', c: { v: 'abc' }, out: 'abc' },
    'truncatechars 1': { t: '{{ v|truncatechars:1 }}', c: { v: 'abc' }, out: '…' },
    truncatewords: { t: '{{ v|truncatewords:2 }}', c: { v: 'Joel is a slug' }, out: 'Joel is …' },
    'truncatewords collapses whitespace': {
      t: '{{ v|truncatewords:5 }}',
      c: { v: 'a  b\n c' },
      out: 'a b c',
    },
    wordcount: { t: '{{ v|wordcount }}', c: { v: 'Joel is a slug' }, out: '4' },
    wordwrap: { t: '{{ v|wordwrap:5 }}', c: { v: 'Joel is a slug' }, out: 'Joel\nis a\nslug' },
    'wordwrap long word kept': {
      t: '{{ v|wordwrap:3 }}',
      c: { v: 'abcdef gh' },
      out: 'abcdef\ngh',
    },
  })
})
