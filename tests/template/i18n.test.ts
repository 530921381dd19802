/**
 * The i18n tags without translation catalogs: messages pass through, plural forms are chosen
 * by count, `{% language %}` changes the current language when i18n is on. Parsing errors
 * follow Django's messages.
 */
import { describe } from 'vitest'
import { TemplateSyntaxError, markSafe } from '../../src/template/index.js'
import { cases } from './harness.js'

const L = '{% load i18n %}'

describe('{% translate %} / {% trans %}', () => {
  cases({
    'literal passes through unescaped (literals are safe)': {
      t: `${L}{% translate "<b>Hello</b>" %}|{% trans 'Bye' %}`,
      out: '<b>Hello</b>|Bye',
    },
    'a variable is escaped': { t: `${L}{% translate msg %}`, c: { msg: '<i>' }, out: '&lt;i&gt;' },
    'filters apply': { t: `${L}{% translate "hello"|upper %}`, out: 'HELLO' },
    'noop and context options': {
      t: `${L}{% translate "May" context "month name" %} {% trans "x" noop %}`,
      out: 'May x',
    },
    'as var stores instead of printing, safe when escaped': {
      t: `${L}{% translate msg as greeting %}[{{ greeting }}]`,
      c: { msg: 'a & b' },
      out: '[a &amp; b]',
    },
    'percent signs are kept; noop halves doubled ones (as Django)': {
      t: `${L}{% translate "50%% off" %} {% translate "5%" %} {% translate "50%% off" noop %}`,
      out: '50%% off 5% 50% off',
    },
    'async value': {
      t: `${L}{% translate msg %}`,
      c: { msg: Promise.resolve('later') },
      out: 'later',
    },
    'not available without load': {
      t: '{% translate "x" %}',
      out: TemplateSyntaxError,
      msg: "Invalid block tag on line 1: 'translate'",
    },
    'needs an argument': {
      t: `${L}{% translate %}`,
      out: TemplateSyntaxError,
      msg: "'translate' takes at least one argument",
    },
    'repeated option': {
      t: `${L}{% trans "x" noop noop %}`,
      out: TemplateSyntaxError,
      msg: "The 'noop' option was specified more than once.",
    },
    'context without value': {
      t: `${L}{% trans "x" context %}`,
      out: TemplateSyntaxError,
      msg: "No argument provided to the 'trans' tag for the context option.",
    },
    'context as keyword': {
      t: `${L}{% trans "x" context as %}`,
      out: TemplateSyntaxError,
      msg: "Invalid argument 'as' provided to the 'trans' tag for the context option",
    },
    'as without name': {
      t: `${L}{% trans "x" as %}`,
      out: TemplateSyntaxError,
      msg: "No argument provided to the 'trans' tag for the as option.",
    },
    'unknown option': {
      t: `${L}{% trans "x" bogus %}`,
      out: TemplateSyntaxError,
      msg: "Unknown argument for 'trans' tag: 'bogus'",
    },
  })
})

describe('{% blocktranslate %} / {% blocktrans %}', () => {
  cases({
    'text and placeholders': {
      t: `${L}{% blocktranslate %}Hi {{ name }}, 100% <b>{{ name }}</b>{% endblocktranslate %}`,
      c: { name: '<Ada>' },
      out: 'Hi &lt;Ada&gt;, 100% <b>&lt;Ada&gt;</b>',
    },
    'with, keyword and legacy forms; scope ends': {
      t: `${L}{% blocktrans with a=x|upper b=y %}{{ a }}-{{ b }}{% endblocktrans %}{% blocktrans with x as c %}{{ c }}{% endblocktrans %}[{{ a }}]`,
      c: { x: 'p', y: 'q' },
      out: 'P-qp[]',
    },
    'count picks singular for 1, plural otherwise': {
      t: `${L}{% for n in ns %}{% blocktranslate count counter=n %}{{ counter }} apple{% plural %}{{ counter }} apples{% endblocktranslate %};{% endfor %}`,
      c: { ns: [0, 1, 2, 1.0] },
      out: '0 apples;1 apple;2 apples;1 apple;',
    },
    'count from a filter, with another variable': {
      t: `${L}{% blocktrans count n=items|length with kind=k %}one {{ kind }}{% plural %}{{ n }} {{ kind }}s{% endblocktrans %}`,
      c: { items: [1, 2, 3], k: 'box' },
      out: '3 boxs',
    },
    'trimmed collapses line breaks and strips': {
      t: `${L}{% blocktranslate trimmed %}\n  First line\n  second {{ v }}\n{% endblocktranslate %}`,
      c: { v: 'end' },
      out: 'First line second end',
    },
    'asvar stores a safe string': {
      t: `${L}{% blocktranslate asvar msg %}x {{ v }}{% endblocktranslate %}[{{ msg }}]`,
      c: { v: '<' },
      out: '[x &lt;]',
    },
    'missing placeholder uses stringIfInvalid': {
      t: `${L}{% blocktrans %}a{{ nope }}b{% endblocktrans %}`,
      opts: { stringIfInvalid: '?%s?' },
      out: 'a?nope?b',
    },
    'attribute lookups are not allowed in placeholders (they count as missing)': {
      t: `${L}{% blocktrans %}[{{ u.name }}]{% endblocktrans %}`,
      c: { u: { name: 'x' } },
      out: '[]',
    },
    'async placeholder values': {
      t: `${L}{% blocktrans with v=later %}{{ v }}!{% endblocktrans %}`,
      c: { later: Promise.resolve('done') },
      out: 'done!',
    },
    'context option is accepted': {
      t: `${L}{% blocktrans context "greeting" %}Hi{% endblocktrans %}`,
      out: 'Hi',
    },
    'count must be a number': {
      t: `${L}{% blocktrans count n=s %}a{% plural %}b{% endblocktrans %}`,
      c: { s: '3' },
      out: TemplateSyntaxError,
      msg: "'n' argument to 'blocktrans' tag must be a number.",
    },
    'tags inside are refused': {
      t: `${L}{% blocktrans %}{% if x %}{% endif %}{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: "'blocktrans' doesn't allow other block tags (seen 'if x') inside it",
    },
    'count needs plural': {
      t: `${L}{% blocktrans count n=1 %}a{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: "'blocktrans' doesn't allow other block tags inside it",
    },
    unclosed: {
      t: `${L}{% blocktranslate %}abc`,
      out: TemplateSyntaxError,
      msg: "Unclosed tag on line 1: 'blocktranslate'",
    },
    'with needs keywords': {
      t: `${L}{% blocktrans with %}{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: '"with" in \'blocktrans\' tag needs at least one keyword argument.',
    },
    'count needs exactly one': {
      t: `${L}{% blocktrans count a=1 b=2 %}{% plural %}{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: '"count" in \'blocktrans\' tag expected exactly one keyword argument.',
    },
    'unknown option': {
      t: `${L}{% blocktrans bogus %}{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: "Unknown argument for 'blocktrans' tag: 'bogus'.",
    },
    'repeated option': {
      t: `${L}{% blocktrans trimmed trimmed %}{% endblocktrans %}`,
      out: TemplateSyntaxError,
      msg: "The 'trimmed' option was specified more than once.",
    },
  })
})

describe('language tags', () => {
  cases({
    'current language is LANGUAGE_CODE': {
      t: `${L}{% get_current_language as LANG %}{{ LANG }}`,
      opts: { languageCode: 'fr' },
      out: 'fr',
    },
    'language block activates a language (USE_I18N on)': {
      t: `${L}{% language "de" %}{% get_current_language as L1 %}{{ L1 }}{% endlanguage %}{% get_current_language as L2 %} {{ L2 }}`,
      out: 'de en-us',
    },
    'language block changes nothing with USE_I18N off': {
      t: `${L}{% language "de" %}{% get_current_language as L1 %}{{ L1 }}{% endlanguage %}`,
      opts: { useI18n: false },
      out: 'en-us',
    },
    bidi: {
      t: `${L}{% language "ar" %}{% get_current_language_bidi as b %}{{ b }}{% endlanguage %} {% get_current_language_bidi as b %}{{ b }}`,
      out: 'True False',
    },
    'available languages unpack as pairs': {
      t: `${L}{% get_available_languages as langs %}{% for code, name in langs %}{{ code }}={{ name }};{% endfor %}`,
      opts: {
        languages: [
          ['en', 'English'],
          ['de', 'German'],
        ],
      },
      out: 'en=English;de=German;',
    },
    'as variable required': {
      t: `${L}{% get_current_language %}`,
      out: TemplateSyntaxError,
      msg: "'get_current_language' requires 'as variable' (got ['get_current_language'])",
    },
    'language needs one argument': {
      t: `${L}{% language %}{% endlanguage %}`,
      out: TemplateSyntaxError,
      msg: "'language' takes one argument (language)",
    },
    'safe literal in translate stays safe as var': {
      t: `${L}{% autoescape off %}{% translate v as x %}{% endautoescape %}{{ x }}`,
      c: { v: markSafe('<b>') },
      out: '<b>',
    },
  })
})
