import { describe, expect, it } from 'vitest'
import { TemplateSyntaxError, markSafe } from '../../src/template/index.js'
import { cases, engineWith } from './harness.js'

describe('{% with %}', () => {
  cases({
    'keyword form': {
      t: '{% with total=items|length %}{{ total }}{% endwith %}',
      c: { items: [1, 2] },
      out: '2',
    },
    'several assignments': { t: '{% with a=1 b="x" %}{{ a }}{{ b }}{% endwith %}', out: '1x' },
    'legacy as form': {
      t: '{% with items|length as total %}{{ total }}{% endwith %}',
      c: { items: [1] },
      out: '1',
    },
    'scope ends': { t: '{% with a=1 %}{% endwith %}[{{ a }}]', out: '[]' },
    'no assignment': {
      t: '{% with %}{% endwith %}',
      out: TemplateSyntaxError,
      msg: 'expected at least one variable assignment',
    },
    'junk after assignments': {
      t: '{% with a=1 junk %}{% endwith %}',
      out: TemplateSyntaxError,
      msg: 'received an invalid token',
    },
  })
})

describe('{% autoescape %} / {% spaceless %} / {% filter %}', () => {
  cases({
    'autoescape off': {
      t: '{% autoescape off %}{{ s }}{% endautoescape %}{{ s }}',
      c: { s: '<b>' },
      out: '<b>&lt;b&gt;',
    },
    'autoescape on inside off': {
      t: '{% autoescape off %}{% autoescape on %}{{ s }}{% endautoescape %}{% endautoescape %}',
      c: { s: '<' },
      out: '&lt;',
    },
    'autoescape off still escapes with |escape': {
      t: '{% autoescape off %}{{ s|escape }}{% endautoescape %}',
      c: { s: '<' },
      out: '&lt;',
    },
    'autoescape bad arg': {
      t: '{% autoescape maybe %}{% endautoescape %}',
      out: TemplateSyntaxError,
      msg: "should be 'on' or 'off'",
    },
    'engine autoescape false': {
      t: '{{ s }}',
      c: { s: '<b>' },
      opts: { autoescape: false },
      out: '<b>',
    },
    spaceless: {
      t: '{% spaceless %}<p>\n  <a href="foo/">Foo</a>\n</p>{% endspaceless %}',
      out: '<p><a href="foo/">Foo</a></p>',
    },
    'spaceless keeps text spaces': {
      t: '{% spaceless %}<strong>\n  Hello\n</strong>{% endspaceless %}',
      out: '<strong>\n  Hello\n</strong>',
    },
    'filter tag': {
      t: '{% filter force_escape|lower %}This text will be HTML-escaped, & will appear in all lowercase.{% endfilter %}',
      out: 'this text will be html-escaped, &amp; will appear in all lowercase.',
    },
    'filter tag body already escaped': {
      t: '{% filter upper %}{{ s }}{% endfilter %}',
      c: { s: '<a>' },
      out: '&LT;A&GT;',
    },
    'filter escape not permitted': {
      t: '{% filter escape %}x{% endfilter %}',
      out: TemplateSyntaxError,
      msg: 'not permitted',
    },
  })
})

describe('parsing tags', () => {
  cases({
    'comment block': { t: 'a{% comment "note" %}{{ x }}{% if %}{% endcomment %}b', out: 'ab' },
    'unclosed comment': { t: '{% comment %}x', out: TemplateSyntaxError, msg: 'Unclosed tag' },
    verbatim: {
      t: '{% verbatim %}{{ if dying }}Still alive.{% endif %}{% endverbatim %}',
      out: '{{ if dying }}Still alive.{% endif %}',
    },
    'named verbatim': {
      t: '{% verbatim myblock %}Avoid {% endverbatim %}{% endverbatim myblock %}',
      out: 'Avoid {% endverbatim %}',
    },
    templatetag: {
      t: '{% templatetag openblock %} url {% templatetag closeblock %}{% templatetag openvariable %}{% templatetag openbrace %}{% templatetag opencomment %}',
      out: '{% url %}{{{{#',
    },
    'templatetag bad': {
      t: '{% templatetag nope %}',
      out: TemplateSyntaxError,
      msg: 'Invalid templatetag argument',
    },
    'unknown tag': {
      t: '{% nosuchtag %}',
      out: TemplateSyntaxError,
      msg: "Invalid block tag on line 1: 'nosuchtag'. Did you forget to register or load this tag?",
    },
    'empty block tag': { t: '{% %}', out: TemplateSyntaxError, msg: 'Empty block tag' },
    'load unknown library': {
      t: '{% load nothing %}',
      out: TemplateSyntaxError,
      msg: "'nothing' is not a registered tag library",
    },
  })
})

describe('{% firstof %} / {% widthratio %} / {% now %} / {% lorem %}', () => {
  cases({
    firstof: { t: '{% firstof a b c %}', c: { a: 0, b: '', c: 'third' }, out: 'third' },
    'firstof fallback literal': { t: '{% firstof a b "fallback" %}', out: 'fallback' },
    'firstof escapes': { t: '{% firstof a %}', c: { a: '<' }, out: '&lt;' },
    'firstof as var': { t: '{% firstof a "x" as v %}[{{ v }}]', out: '[x]' },
    'firstof nothing': { t: '[{% firstof a b %}]', out: '[]' },
    'firstof no args': { t: '{% firstof %}', out: TemplateSyntaxError },
    widthratio: {
      t: '<img width="{% widthratio this_value max_value max_width %}">',
      c: { this_value: 175, max_value: 200, max_width: 100 },
      out: '<img width="88">',
    },
    'widthratio rounds half to even': { t: '{% widthratio 5 10 5 %}', out: '2' },
    'widthratio zero max': { t: '{% widthratio 5 0 100 %}', out: '0' },
    'widthratio as': { t: '{% widthratio 50 100 10 as w %}[{{ w }}]', out: '[5]' },
    'widthratio non-number value': { t: '[{% widthratio "a" 100 10 %}]', out: '[]' },
    'widthratio bad width': {
      t: '{% widthratio 1 2 "x" %}',
      out: TemplateSyntaxError,
      msg: 'final argument must be a number',
    },
    'lorem words': { t: '{% lorem 3 w %}', out: 'lorem ipsum dolor' },
    'lorem paragraph': {
      t: '{% lorem %}',
      out: 'Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.',
    },
  })

  it('now formats the current time', () => {
    const year = String(new Date().getUTCFullYear())
    expect(engineWith({}).fromString('{% now "Y" %}').render()).toBe(year)
    expect(engineWith({}).fromString('{% now "Y" as y %}[{{ y }}]').render()).toBe(`[${year}]`)
    expect(() => engineWith({}).fromString('{% now %}')).toThrow(TemplateSyntaxError)
  })

  it('lorem random and p', () => {
    const out = engineWith({}).fromString('{% lorem 2 p random %}').render() as string
    expect(out.match(/<p>/g)).toHaveLength(2)
    expect(out).not.toContain('Lorem ipsum dolor sit amet')
  })
})

describe('{% csrf_token %} / {% debug %}', () => {
  cases({
    'csrf token input': {
      t: '{% csrf_token %}',
      c: { csrf_token: 'abc"' },
      out: '<input type="hidden" name="csrfmiddlewaretoken" value="abc&quot;">',
    },
    'csrf token lazy function': {
      t: '{% csrf_token %}',
      c: { csrf_token: () => 'tok' },
      out: '<input type="hidden" name="csrfmiddlewaretoken" value="tok">',
    },
    'csrf token missing': { t: '[{% csrf_token %}]', out: '[]' },
    'csrf NOTPROVIDED': { t: '[{% csrf_token %}]', c: { csrf_token: 'NOTPROVIDED' }, out: '[]' },
    'debug escapes context': {
      t: '{% debug %}',
      c: { a: '<x>' },
      out: '{&#x27;True&#x27;: True, &#x27;False&#x27;: False, &#x27;None&#x27;: None}\n{&#x27;a&#x27;: &#x27;&lt;x&gt;&#x27;}',
    },
  })
})

describe('{% querystring %}', () => {
  const request = { GET: new URLSearchParams('color=red&size=S&tag=a&tag=b') }
  cases({
    'keeps current params': {
      t: '{% querystring %}',
      c: { request },
      out: '?color=red&amp;size=S&amp;tag=a&amp;tag=b',
    },
    'replaces a value': {
      t: '{% querystring color="blue" %}',
      c: { request },
      out: '?color=blue&amp;size=S&amp;tag=a&amp;tag=b',
    },
    'None removes': { t: '{% querystring color=None tag=None %}', c: { request }, out: '?size=S' },
    'list sets several': {
      t: '{% querystring tag=tags %}',
      c: { request, tags: ['x', 'y z'] },
      out: '?color=red&amp;size=S&amp;tag=x&amp;tag=y+z',
    },
    'adds new key': {
      t: '{% querystring page=2 %}',
      c: { request: { GET: new URLSearchParams() } },
      out: '?page=2',
    },
    'empty gives ?': {
      t: '{% querystring %}',
      c: { request: { GET: new URLSearchParams() } },
      out: '?',
    },
    'positional mapping': {
      t: '{% querystring params page=3 %}',
      c: { params: { q: 'a&b' } },
      out: '?q=a%26b&amp;page=3',
    },
    'as variable': {
      t: '{% querystring page=2 as next %}<a href="{{ next }}">',
      c: { request: { GET: new URLSearchParams('a=1') } },
      out: '<a href="?a=1&amp;page=2">',
    },
    'no request': { t: '{% querystring a=1 %}', out: '?a=1' },
    'autoescape off': {
      t: '{% autoescape off %}{% querystring a=1 b=2 %}{% endautoescape %}',
      out: '?a=1&b=2',
    },
    'non-mapping positional': {
      t: '{% querystring 5 %}',
      out: TemplateSyntaxError,
      msg: 'requires mappings',
    },
  })
})

describe('{% partialdef %} / {% partial %}', () => {
  cases({
    'define and render': {
      t: '{% partialdef card %}<b>{{ x }}</b>{% endpartialdef %}[{% partial card %}]',
      c: { x: 1 },
      out: '[<b>1</b>]',
    },
    'inline renders in place too': {
      t: '{% partialdef card inline %}C{% endpartialdef %}-{% partial card %}',
      out: 'C-C',
    },
    'end tag with name': { t: '{% partialdef p %}P{% endpartialdef p %}{% partial p %}', out: 'P' },
    'used before defined': { t: '{% partial p %}{% partialdef p %}P{% endpartialdef %}', out: 'P' },
    'uses loop context': {
      t: '{% partialdef item %}<li>{{ i }}</li>{% endpartialdef %}{% for i in l %}{% partial item %}{% endfor %}',
      c: { l: [1, 2] },
      out: '<li>1</li><li>2</li>',
    },
    'undefined partial': {
      t: '{% partial nope %}',
      out: TemplateSyntaxError,
      msg: "Partial 'nope' is not defined",
    },
    'mismatched end name': {
      t: '{% partialdef a %}{% endpartialdef b %}',
      out: TemplateSyntaxError,
    },
    'duplicate partial': {
      t: '{% partialdef a %}{% endpartialdef %}{% partialdef a %}{% endpartialdef %}',
      out: TemplateSyntaxError,
      msg: 'already defined',
    },
  })

  it('loads a partial by name with #', async () => {
    const engine = engineWith({
      'page.html': 'page{% partialdef row %}<tr>{{ v }}</tr>{% endpartialdef %}',
    })
    expect(engine.getTemplate('page.html#row').render({ v: markSafe('<td>') })).toBe(
      '<tr><td></tr>',
    )
    expect(() => engine.getTemplate('page.html#nope')).toThrow(/No partial named 'nope'/)
  })
})
