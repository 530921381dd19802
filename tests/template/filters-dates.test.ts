import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/template/index.js'
import { cases } from './harness.js'

const d = new Date('2008-01-09T01:23:45Z')

describe('date filters', () => {
  cases({
    date: { t: '{{ v|date:"D d M Y" }}', c: { v: d }, out: 'Wed 09 Jan 2008' },
    'date default format': { t: '{{ v|date }}', c: { v: d }, out: 'Jan. 9, 2008' },
    'date named format': { t: '{{ v|date:"SHORT_DATE_FORMAT" }}', c: { v: d }, out: '01/09/2008' },
    'date escaping backslash': {
      t: '{{ v|date:"jS \\o\\f F" }}',
      c: { v: d },
      out: '9th of January',
    },
    'date all day/month chars': {
      t: '{{ v|date:"d j D l w z N n m M b F E t L" }}',
      c: { v: d },
      out: '09 9 Wed Wednesday 3 9 Jan. 1 01 Jan jan January January 31 True',
    },
    'date time chars': {
      t: '{{ v|date:"a A f g G h H i s u P U" }}',
      c: { v: d },
      out: 'a.m. AM 1:23 1 1 01 01 23 45 000000 1:23 a.m. 1199841825',
    },
    'date iso chars': {
      t: '{{ v|date:"c O Z e T I W o y Y" }}',
      c: { v: d },
      out: '2008-01-09T01:23:45+00:00 +0000 0 UTC UTC 0 2 2008 08 2008',
    },
    'date r': { t: '{{ v|date:"r" }}', c: { v: d }, out: 'Wed, 09 Jan 2008 01:23:45 +0000' },
    'date midnight and noon': {
      t: '{{ a|date:"P" }} {{ b|date:"P" }}',
      c: { a: new Date('2020-01-01T00:00:00Z'), b: new Date('2020-01-01T12:00:00Z') },
      out: 'midnight noon',
    },
    'date ordinal suffixes': {
      t: '{% for x in l %}{{ x|date:"jS" }} {% endfor %}',
      c: { l: [1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map((n) => new Date(Date.UTC(2020, 0, n))) },
      out: '1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd ',
    },
    'date of non-date': { t: '[{{ v|date:"Y" }}]', c: { v: 'x' }, out: '[]' },
    'date of missing': { t: '[{{ v|date:"Y" }}]', out: '[]' },
    time: { t: '{{ v|time:"H:i" }}', c: { v: d }, out: '01:23' },
    'time default format': { t: '{{ v|time }}', c: { v: d }, out: '1:23 a.m.' },
    'time in a time zone': {
      t: '{{ v|time:"H:i T" }}',
      c: { v: d },
      opts: { timeZone: 'America/Chicago' },
      out: '19:23 CST',
    },
    'date in a time zone with DST': {
      t: '{{ v|date:"Y-m-d H:i O I" }}',
      c: { v: new Date('2024-07-01T12:00:00Z') },
      opts: { timeZone: 'America/New_York' },
      out: '2024-07-01 08:00 -0400 1',
    },
    'date crosses midnight in zone': {
      t: '{{ v|date:"D j" }}',
      c: { v: d },
      opts: { timeZone: 'America/Chicago' },
      out: 'Tue 8',
    },
    'variable output localized': { t: '{{ v }}', c: { v: d }, out: 'Jan. 9, 2008, 1:23 a.m.' },
    timesince: {
      t: '{{ a|timesince:b }}',
      c: { a: new Date('2006-06-01T00:00:00Z'), b: new Date('2006-06-01T08:00:00Z') },
      out: '8\u00a0hours',
    },
    'timesince two units': {
      t: '{{ a|timesince:b }}',
      c: { a: new Date('2006-06-01T00:00:00Z'), b: new Date('2006-06-10T03:00:00Z') },
      out: '1\u00a0week, 2\u00a0days',
    },
    'timesince adjacent units only': {
      t: '{{ a|timesince:b }}',
      c: { a: new Date('2006-06-01T00:00:00Z'), b: new Date('2006-06-08T00:05:00Z') },
      out: '1\u00a0week',
    },
    'timesince years and months': {
      t: '{{ a|timesince:b }}',
      c: { a: new Date('2004-01-31T00:00:00Z'), b: new Date('2006-03-01T00:00:00Z') },
      out: '2\u00a0years, 1\u00a0month',
    },
    'timesince future': {
      t: '{{ a|timesince:b }}',
      c: { a: new Date('2007-01-01T00:00:00Z'), b: new Date('2006-01-01T00:00:00Z') },
      out: '0\u00a0minutes',
    },
    timeuntil: {
      t: '{{ a|timeuntil:b }}',
      c: { a: new Date('2006-06-29T00:00:00Z'), b: new Date('2006-06-22T00:00:00Z') },
      out: '1\u00a0week',
    },
    'timeuntil 4 weeks': {
      t: '{{ a|timeuntil:b }}',
      c: { a: new Date('2006-06-29T00:00:00Z'), b: new Date('2006-06-01T00:00:00Z') },
      out: '4\u00a0weeks',
    },
    'timesince invalid': { t: '[{{ a|timesince }}]', c: { a: 'x' }, out: '[]' },
  })

  it('timesince without argument uses now', () => {
    const out = new Engine()
      .fromString('{{ a|timesince }}')
      .render({ a: new Date(Date.now() - 3 * 3600_000 - 60_000) })
    expect(out).toBe('3\u00a0hours, 1\u00a0minute')
  })
})
