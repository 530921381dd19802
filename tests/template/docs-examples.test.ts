/** The examples of docs/templates.md, run as written (so the page stays true). */
import { describe, expect, it } from 'vitest'
import {
  Context,
  Engine,
  Library,
  LocmemLoader,
  RequestContext,
  ZonedDate,
  escape,
  markSafe,
  numberFormat,
} from '../../src/template/index.js'

describe('docs/templates.md examples', () => {
  it('custom filters and tags', async () => {
    const lib = new Library()
    lib.filter('double', (value) => Number(value) * 2)
    lib.filter('wrap', (value, arg) => `${arg}${value}${arg}`, { arg: 'required', isSafe: true })
    lib.filter(
      'bold',
      (value, _arg, ctx: Context) => markSafe(`<b>${ctx.autoescape ? escape(value) : value}</b>`),
      {
        needsAutoescape: true,
        arg: 'none',
      },
    )
    lib.simpleTag(
      'greet',
      (name: string, kw?: { punct?: string }) => `Hello, ${name}${kw?.punct ?? '.'}`,
    )
    lib.simpleTag('currentPath', (ctx: Context) => (ctx.get('request') as { path: string }).path, {
      takesContext: true,
    })
    lib.inclusionTag('showResults', 'polls/results.html', (poll: { choices: string[] }) => ({
      choices: poll.choices,
    }))
    const engine = new Engine({
      libraries: { poll_extras: lib },
      loaders: [
        new LocmemLoader({ 'polls/results.html': '{% for c in choices %}[{{ c }}]{% endfor %}' }),
      ],
    })
    const t = engine.fromString(
      '{% load poll_extras %}{{ 21|double }} {% greet user.name punct="!" %} {% greet "you" as g %}{{ g }} {% showResults poll %} {{ "<i>"|bold }} {% currentPath %}',
    )
    expect(
      await t.render({
        user: { name: 'Ada' },
        poll: { choices: ['a', 'b'] },
        request: { path: '/p/' },
      }),
    ).toBe('42 Hello, Ada! Hello, you. [a][b] <b>&lt;i&gt;</b> /p/')
  })

  it('context and request context', async () => {
    const ctx = new Context({ user: 'u' }, { autoescape: true, timeZone: 'UTC' })
    ctx.push({ local: 1 })
    expect(ctx.flatten()).toMatchObject({ user: 'u', local: 1 })
    const engine = new Engine({
      loaders: [new LocmemLoader({ 'home.html': '{{ title }} {{ path }}' })],
    })
    const rctx = new RequestContext({ path: '/home/' }, { title: 'Home' }, [
      (req) => ({ path: (req as { path: string }).path }),
    ])
    expect(await engine.getTemplate('home.html').render(rctx)).toBe('Home /home/')
  })

  it('autoescaping example', () => {
    expect(
      new Engine().fromString('{{ a }} {{ b }}').render({ a: '<b>', b: markSafe('<b>') }),
    ).toBe('&lt;b&gt; <b>')
  })

  it('filter examples', () => {
    const t = new Engine().fromString(
      '{{ 34.26|floatformat }} {{ 34232.34|floatformat:"2g" }} {{ 123456789|filesizeformat }} {{ v|json_script:"data" }}',
    )
    expect(t.render({ v: { a: 1 } })).toBe(
      '34.3 34,232.34 117.7\u00a0MB <script id="data" type="application/json">{"a": 1}</script>',
    )
  })

  it('language information examples', () => {
    const engine = new Engine({
      languages: [
        ['en', 'English'],
        ['de', 'German'],
      ],
    })
    const t = engine.fromString(
      '{% load i18n %}{% get_language_info for "de" as lang %}' +
        '{{ lang.code }} {{ lang.name }} {{ lang.name_local }} {{ lang.name_translated }} {{ lang.bidi }}|' +
        '{% get_available_languages as LANGUAGES %}{% get_language_info_list for LANGUAGES as langs %}' +
        '{% for l in langs %}<a hreflang="{{ l.code }}">{{ l.name_local }}</a>{% endfor %}|' +
        '{{ "pt-br"|language_name }} {{ "pt-br"|language_name_local }} {{ "he"|language_bidi }}',
    )
    expect(t.render()).toBe(
      'de German Deutsch German False|<a hreflang="en">English</a><a hreflang="de">Deutsch</a>|' +
        'Brazilian Portuguese Português Brasileiro True',
    )
  })

  it('l10n and tz examples', () => {
    const d = new Date('2024-07-01T12:30:00Z')
    const engine = new Engine({ timeZone: 'America/New_York' })
    const l10n = engine.fromString(
      '{% load l10n %}{{ 1234567.5|unlocalize }}|{% localize off %}var price = {{ price }};{% endlocalize %}|{{ d|localize }}|{{ d }}',
    )
    expect(l10n.render({ price: 1234.5, d })).toBe(
      '1234567.5|var price = 1234.5;|July 1, 2024, 12:30 p.m.|July 1, 2024, 8:30 a.m.',
    )
    const tz = engine.fromString(
      '{% load tz %}{% timezone "Europe/Paris" %}Paris: {{ meeting.start|date:"H:i" }}{% endtimezone %}|' +
        '{% timezone None %}{{ d|date:"H:i" }}{% endtimezone %}|{% get_current_timezone as TIME_ZONE %}{{ TIME_ZONE }}|' +
        '{{ d|timezone:"Asia/Tokyo"|date:"H:i" }} {{ d|utc|date:"H:i" }} {{ d|localtime }}|' +
        '{% localtime off %}{{ d }} (in UTC){% endlocaltime %}|{{ z|date:"H:i" }}',
    )
    expect(tz.render({ meeting: { start: d }, d, z: new ZonedDate(d, 'Asia/Tokyo') })).toBe(
      'Paris: 14:30|08:30|America/New_York|21:30 12:30 July 1, 2024, 8:30 a.m.|' +
        'July 1, 2024, 12:30 p.m. (in UTC)|21:30',
    )
  })
  it('number formatting examples', () => {
    const grouped = new Engine({ useThousandSeparator: true })
    expect(
      grouped
        .fromString(
          '{{ 1234567 }}|{{ -1234.5 }}|{{ 1234567.891|floatformat:2 }}|{{ 34232.34|floatformat:"2u" }}|' +
            '{% load l10n %}{{ 1234567|unlocalize }}|{% localize off %}{{ 1234567 }}{% endlocalize %}',
        )
        .render(),
    ).toBe('1,234,567|-1,234.5|1,234,567.89|34232.34|1234567|1234567')
    expect(
      new Engine()
        .fromString('{{ 34232.34|floatformat:"2g" }}|{{ 34232.34|floatformat:"2gu" }}')
        .render(),
    ).toBe('34,232.34|34232.34')
    const continental = new Engine({
      thousandSeparator: '.',
      decimalSeparator: ',',
      numberGrouping: 3,
    })
    expect(
      continental.fromString('{{ 1234567.891 }}|{{ 1234567.891|floatformat:"2g" }}').render(),
    ).toBe('1234567,891|1.234.567,89')
    const indian = new Engine({ useThousandSeparator: true, numberGrouping: [3, 2, 0] })
    expect(indian.fromString('{{ 123456789 }}').render()).toBe('12,34,56,789')
    expect(grouped.fromString('{{ n }}').render({ n: 1e21 })).toBe('1,000,000,000,000,000,000,000')
    expect(
      numberFormat(1234567.891, {
        decimalSeparator: ',',
        decimalPos: 2,
        grouping: 3,
        thousandSeparator: '.',
        forceGrouping: true,
      }),
    ).toBe('1.234.567,89')
    expect(
      numberFormat('-1234.50', {
        decimalSeparator: '.',
        grouping: 3,
        thousandSeparator: ',',
        useThousandSeparator: true,
      }),
    ).toBe('-1,234.50')
  })
})
