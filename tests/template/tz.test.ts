/**
 * `{% load tz %}`: the localtime / utc / timezone filters, the localtime and timezone block
 * tags and get_current_timezone, and how the date filters and `{{ date }}` follow them.
 */
import { describe, expect, it } from 'vitest'
import {
  Context,
  Engine,
  LocmemLoader,
  TemplateSyntaxError,
  UnknownTimeZoneError,
  ZonedDate,
} from '../../src/template/index.js'
import { cases } from './harness.js'

const T = '{% load tz %}'
// 12:30 UTC: 14:30 in Paris (summer), 21:30 in Tokyo, 08:30 in New York.
const d = new Date('2024-07-01T12:30:00Z')
const paris = { timeZone: 'Europe/Paris' }

describe('tz filters', () => {
  cases({
    'timezone converts to a named zone': {
      t: `${T}{{ d|timezone:"Asia/Tokyo"|date:"Y-m-d H:i O" }}|{{ d|timezone:"Asia/Tokyo" }}`,
      c: { d },
      out: '2024-07-01 21:30 +0900|July 1, 2024, 9:30 p.m.',
    },
    'the zone from a variable': {
      t: `${T}{{ d|timezone:z|time:"H:i" }}`,
      c: { d, z: 'America/New_York' },
      out: '08:30',
    },
    'a converted date keeps its zone in any template zone': {
      t: `${T}{{ d|timezone:"Asia/Tokyo"|date:"H:i" }}`,
      c: { d },
      opts: paris,
      out: '21:30',
    },
    utc: {
      t: `${T}{{ d|utc|date:"H:i e" }}|{{ d|date:"H:i" }}`,
      c: { d },
      opts: paris,
      out: '12:30 UTC|14:30',
    },
    'localtime converts to the current zone': {
      t: `${T}{{ d|localtime|date:"H:i" }}`,
      c: { d },
      opts: paris,
      out: '14:30',
    },
    'zone names are matched without case and printed in canonical form': {
      t: `${T}{{ d|timezone:"europe/paris"|date:"H:i e" }}`,
      c: { d },
      out: '14:30 Europe/Paris',
    },
    'an unknown zone gives an empty string': {
      t: `${T}[{{ d|timezone:"Mars/Olympus" }}][{{ d|timezone:"+02:00" }}][{{ d|timezone:"" }}]`,
      c: { d },
      out: '[][][]',
    },
    'a zone that is not a string gives an empty string': {
      t: `${T}[{{ d|timezone:z }}][{{ d|timezone:n }}]`,
      c: { d, z: null, n: 5 },
      out: '[][]',
    },
    'a value that is not a date gives an empty string': {
      t: `${T}[{{ s|utc }}][{{ s|localtime }}][{{ s|timezone:"UTC" }}][{{ missing|utc }}][{{ bad|utc }}]`,
      c: { s: '2024-07-01', bad: new Date(Number.NaN) },
      out: '[][][][][]',
    },
    'a ZonedDate from the view prints in its zone': {
      t: '{{ z|date:"H:i" }} {{ z }}',
      c: { z: new ZonedDate(d, 'Asia/Kolkata') },
      opts: paris,
      out: '18:00 July 1, 2024, 6 p.m.',
    },
    'converted dates still compare and measure as dates': {
      t: `${T}{{ d|utc|timesince:later }}|{% if d|utc == d %}same{% endif %}`,
      c: { d, later: new Date('2024-07-01T14:30:00Z') },
      out: '2\u00a0hours|same',
    },
    'utc and localtime take no argument': {
      t: `${T}{{ d|utc:"x" }}`,
      out: TemplateSyntaxError,
      msg: 'utc requires 1 arguments, 2 provided',
    },
    'timezone needs its argument': {
      t: `${T}{{ d|timezone }}`,
      out: TemplateSyntaxError,
      msg: 'timezone requires 2 arguments, 1 provided',
    },
    'not there without {% load tz %}': {
      t: '{{ d|utc }}',
      out: TemplateSyntaxError,
      msg: "Invalid filter: 'utc'",
    },
  })
})

describe('{% localtime %}', () => {
  cases({
    'off prints dates in their own zone (UTC for a plain Date)': {
      t: `${T}{% localtime off %}{{ d }}|{{ d|date:"H:i" }}|{{ d|time:"H:i T" }}{% endlocaltime %}|{{ d|date:"H:i" }}`,
      c: { d },
      opts: paris,
      out: 'July 1, 2024, 12:30 p.m.|12:30|12:30 UTC|14:30',
    },
    'off keeps converted dates converted': {
      t: `${T}{% localtime off %}{{ d|localtime|date:"H:i" }} {{ d|timezone:"Asia/Tokyo"|date:"H:i" }}{% endlocaltime %}`,
      c: { d },
      opts: paris,
      out: '14:30 21:30',
    },
    'on (and no argument) converts, nested inside off': {
      t: `${T}{% localtime off %}{% localtime on %}{{ d|date:"H:i" }}{% endlocaltime %}{% localtime %}/{{ d|date:"H:i" }}{% endlocaltime %}/{{ d|date:"H:i" }}{% endlocaltime %}`,
      c: { d },
      opts: paris,
      out: '14:30/14:30/12:30',
    },
    'the setting is restored after an async body': {
      t: `${T}{% localtime off %}{{ p|date:"H:i" }}{% endlocaltime %}|{{ d|date:"H:i" }}`,
      c: { d, p: Promise.resolve(d) },
      opts: paris,
      out: '12:30|14:30',
    },
    'includes inside the block follow it, also with only': {
      t: `${T}{% localtime off %}{% include "inc.html" %}|{% include "inc.html" with d=d only %}{% endlocaltime %}|{% include "inc.html" %}`,
      files: { 'inc.html': '{{ d|date:"H:i" }}' },
      c: { d },
      opts: paris,
      out: '12:30|12:30|14:30',
    },
    '{% now %} stays in the current zone (as Django)': {
      t: `${T}{% localtime off %}{% now "e" %}{% endlocaltime %}`,
      opts: paris,
      out: 'Europe/Paris',
    },
    'a wrong argument': {
      t: `${T}{% localtime maybe %}x{% endlocaltime %}`,
      out: TemplateSyntaxError,
      msg: "'localtime' argument should be 'on' or 'off'",
    },
    'too many arguments': {
      t: `${T}{% localtime on off %}x{% endlocaltime %}`,
      out: TemplateSyntaxError,
      msg: "'localtime' argument should be 'on' or 'off'",
    },
    'an unclosed block': {
      t: `${T}{% localtime off %}x`,
      out: TemplateSyntaxError,
      msg: 'endlocaltime',
    },
  })
})

describe('{% timezone %}', () => {
  cases({
    'dates print in the zone inside the block': {
      t: `${T}{% timezone "Asia/Tokyo" %}{{ d }}|{{ d|date:"H:i" }}|{{ d|localtime|date:"H:i" }}{% endtimezone %}|{{ d|date:"H:i" }}`,
      c: { d },
      out: 'July 1, 2024, 9:30 p.m.|21:30|21:30|12:30',
    },
    'nested blocks, None meaning the default zone': {
      t: `${T}{% timezone "America/Chicago" %}{{ d|date:"H:i" }}/{% timezone None %}{{ d|date:"H:i" }}{% endtimezone %}/{{ d|date:"H:i" }}{% endtimezone %}`,
      c: { d },
      opts: paris,
      out: '07:30/14:30/07:30',
    },
    'the zone from a variable, also async': {
      t: `${T}{% timezone z %}{{ d|date:"H:i" }}{% endtimezone %}|{% timezone p %}{{ d|date:"H:i" }}{% endtimezone %}|{{ d|date:"H:i" }}`,
      c: { d, z: 'Asia/Kolkata', p: Promise.resolve('America/New_York') },
      out: '18:00|08:30|12:30',
    },
    get_current_timezone: {
      t: `${T}{% get_current_timezone as TZ %}{{ TZ }}|{% timezone "Asia/Tokyo" %}{% get_current_timezone as TZ %}{{ TZ }}{% endtimezone %}|{% get_current_timezone   as   X %}{{ X }}`,
      opts: paris,
      out: 'Europe/Paris|Asia/Tokyo|Europe/Paris',
    },
    'an alias keeps the name it was given': {
      t: `${T}{% timezone "GMT" %}{% get_current_timezone as TZ %}{{ TZ }} {{ d|date:"H:i" }}{% endtimezone %}`,
      c: { d },
      out: 'GMT 12:30',
    },
    '{% now %} follows the block': {
      t: `${T}{% timezone "Asia/Tokyo" %}{% now "e" %}{% endtimezone %}`,
      out: 'Asia/Tokyo',
    },
    'includes inside the block see the zone': {
      t: `${T}{% timezone "Asia/Tokyo" %}{% include "inc.html" with d=d only %}{% endtimezone %}`,
      files: { 'inc.html': '{{ d|date:"H:i" }}' },
      c: { d },
      out: '21:30',
    },
    'the zone is restored after an async body': {
      t: `${T}{% timezone "Asia/Tokyo" %}{{ p|date:"H:i" }}{% endtimezone %}|{{ d|date:"H:i" }}`,
      c: { d, p: Promise.resolve(d) },
      out: '21:30|12:30',
    },
    'an unknown zone fails': {
      t: `${T}{% timezone "Mars/Olympus" %}x{% endtimezone %}`,
      out: UnknownTimeZoneError,
      msg: "Unknown time zone 'Mars/Olympus'",
    },
    'a missing variable is an unknown (empty) zone': {
      t: `${T}{% timezone nothing %}x{% endtimezone %}`,
      out: UnknownTimeZoneError,
      msg: "Unknown time zone ''",
    },
    'a zone that is not a string fails': {
      t: `${T}{% timezone n %}x{% endtimezone %}`,
      c: { n: 5 },
      out: TypeError,
      msg: 'Invalid timezone: 5.',
    },
    'takes one argument': {
      t: `${T}{% timezone %}x{% endtimezone %}`,
      out: TemplateSyntaxError,
      msg: "'timezone' takes one argument (timezone)",
    },
    'get_current_timezone needs as': {
      t: `${T}{% get_current_timezone TZ %}`,
      out: TemplateSyntaxError,
      msg: "'get_current_timezone' requires 'as variable' (got ['get_current_timezone', 'TZ'])",
    },
    'not there without {% load tz %}': {
      t: '{% timezone "UTC" %}x{% endtimezone %}',
      out: TemplateSyntaxError,
      msg: "Invalid block tag on line 1: 'timezone'",
    },
  })

  it('restores the zone when the body throws', async () => {
    const engine = new Engine({
      loaders: [
        new LocmemLoader({
          'main.html': `${T}{% timezone "Asia/Tokyo" %}{{ x.boom }}{% endtimezone %}`,
        }),
      ],
    })
    const x = {
      get boom(): string {
        throw new Error('boom')
      },
    }
    const ctx = new Context({ x })
    expect(() => engine.getTemplate('main.html').render(ctx)).toThrow('boom')
    expect(ctx.timeZone).toBe('UTC')
  })
})
