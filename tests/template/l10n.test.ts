/**
 * `{% load l10n %}`: the localize / unlocalize filters and `{% localize on|off %}`, with the
 * English formats and no thousand separator (what Django renders for `en` with
 * USE_THOUSAND_SEPARATOR off), then with a thousand separator and other separators (more in
 * number-format.test.ts).
 */
import { describe } from 'vitest'
import { Library, TemplateSyntaxError, ZonedDate, markSafe } from '../../src/template/index.js'
import type { Context } from '../../src/template/index.js'
import { cases } from './harness.js'

const L = '{% load l10n %}'
const d = new Date('2024-07-01T12:30:00Z')

/** `{% l10n_state %}` prints the context's useL10n, to see the tag's effect. */
const probe = new Library().simpleTag('l10n_state', (ctx: Context) => String(ctx.useL10n), {
  takesContext: true,
})
const withProbe = { libraries: { probe } }

describe('localize / unlocalize filters', () => {
  cases({
    'numbers: no grouping, a dot for decimals': {
      t: `${L}{{ i|localize }}|{{ i|unlocalize }}|{{ f|localize }}|{{ f|unlocalize }}|{{ neg|unlocalize }}|{{ big|localize }}`,
      c: { i: 1234567, f: 1234.25, neg: -0.5, big: 12345678901234567890n },
      out: '1234567|1234567|1234.25|1234.25|-0.5|12345678901234567890',
    },
    'special numbers print as Python prints them': {
      t: `${L}{{ a|localize }} {{ b|unlocalize }} {{ c|localize }}`,
      c: { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY },
      out: 'nan inf -inf',
    },
    'strings pass through and are escaped on output, unless safe': {
      t: `${L}{{ s|localize }}|{{ safe|unlocalize }}|{{ "<lit>"|localize }}`,
      c: { s: '<b>', safe: markSafe('<i>') },
      out: '&lt;b&gt;|<i>|<lit>',
    },
    'other values print as str() does': {
      t: `${L}{{ t|localize }}|{{ n|unlocalize }}|{{ l|localize }}|[{{ missing|localize }}]`,
      c: { t: true, n: null, l: [1, 'a'] },
      out: 'True|None|[1, &#x27;a&#x27;]|[]',
    },
    'dates use DATETIME_FORMAT in their own zone, not the current one (as Django)': {
      t: `${L}{{ d|localize }}|{{ d|unlocalize }}|{{ d }}`,
      c: { d },
      opts: { timeZone: 'Europe/Paris' },
      out: 'July 1, 2024, 12:30 p.m.|July 1, 2024, 12:30 p.m.|July 1, 2024, 2:30 p.m.',
    },
    'a date converted by the tz filters keeps its zone': {
      t: `{% load l10n tz %}{{ d|localtime|localize }}|{{ z|unlocalize }}`,
      c: { d, z: new ZonedDate(d, 'Asia/Tokyo') },
      opts: { timeZone: 'Europe/Paris' },
      out: 'July 1, 2024, 2:30 p.m.|July 1, 2024, 9:30 p.m.',
    },
    'an invalid date': {
      t: `${L}{{ bad|localize }}`,
      c: { bad: new Date(Number.NaN) },
      out: 'Invalid Date',
    },
    'they take no argument': {
      t: `${L}{{ 1|localize:"x" }}`,
      out: TemplateSyntaxError,
      msg: 'localize requires 1 arguments, 2 provided',
    },
    'not there without {% load l10n %}': {
      t: '{{ 1|unlocalize }}',
      out: TemplateSyntaxError,
      msg: "Invalid filter: 'unlocalize'",
    },
  })
})

describe('with number formats', () => {
  cases({
    'localize groups with USE_THOUSAND_SEPARATOR, unlocalize does not': {
      t: `${L}{{ i|localize }}|{{ i|unlocalize }}|{{ f|localize }}|{{ f|unlocalize }}|{{ big|localize }}|{{ t|localize }}|{{ a|localize }}`,
      c: { i: 1234567, f: 1234.25, big: 12345678901234567890n, t: true, a: Number.NaN },
      opts: { useThousandSeparator: true },
      out: '1,234,567|1234567|1,234.25|1234.25|12,345,678,901,234,567,890|True|nan',
    },
    'localize uses the decimal separator even without grouping': {
      t: `${L}{{ f|localize }}|{{ f|unlocalize }}|{{ f }}`,
      c: { f: -1234.25 },
      opts: { decimalSeparator: ',' },
      out: '-1234,25|-1234.25|-1234,25',
    },
    '{% localize off %} plain, {% localize on %} localized': {
      t: `${L}{% localize off %}{{ i }} {{ f }}{% endlocalize %}|{% localize on %}{{ i }} {{ f }}{% endlocalize %}`,
      c: { i: 1234567, f: 1234.25 },
      opts: { useThousandSeparator: true, thousandSeparator: ' ', decimalSeparator: ',' },
      out: '1234567 1234.25|1 234 567 1 234,25',
    },
  })
})

describe('{% localize %}', () => {
  cases({
    'renders its body; English output is the same on and off': {
      t: `${L}{% localize off %}{{ i }} {{ f }} {{ d }}{% endlocalize %}|{% localize on %}{{ f }}{% endlocalize %}|{% localize %}{{ i }}{% endlocalize %}`,
      c: { i: 1234567, f: 1234.25, d },
      out: '1234567 1234.25 July 1, 2024, 12:30 p.m.|1234.25|1234567',
    },
    'sets context.useL10n for its body and restores it': {
      t: `{% load l10n probe %}{% l10n_state %}|{% localize off %}{% l10n_state %}{% localize on %}/{% l10n_state %}{% endlocalize %}/{% l10n_state %}{% endlocalize %}|{% l10n_state %}`,
      opts: withProbe,
      out: 'true|false/true/false|true',
    },
    'includes inside the block follow it, also with only': {
      t: `{% load l10n %}{% localize off %}{% include "inc.html" only %}{% endlocalize %}`,
      files: { 'inc.html': '{% load probe %}{% l10n_state %}' },
      opts: withProbe,
      out: 'false',
    },
    'restored after an async body': {
      t: `{% load l10n probe %}{% localize off %}{{ p }}{% endlocalize %}|{% l10n_state %}`,
      c: { p: Promise.resolve('later') },
      opts: withProbe,
      out: 'later|true',
    },
    'a wrong argument': {
      t: `${L}{% localize yes %}x{% endlocalize %}`,
      out: TemplateSyntaxError,
      msg: "'localize' argument should be 'on' or 'off'",
    },
    'too many arguments': {
      t: `${L}{% localize on on %}x{% endlocalize %}`,
      out: TemplateSyntaxError,
      msg: "'localize' argument should be 'on' or 'off'",
    },
    'an unclosed block': {
      t: `${L}{% localize off %}x`,
      out: TemplateSyntaxError,
      msg: 'endlocalize',
    },
  })
})
