/**
 * The language-information part of `{% load i18n %}`: get_language_info,
 * get_language_info_list and the language_name* / language_bidi filters, over Django's
 * language table (with its generic-code and zh-* fallbacks).
 */
import { describe } from 'vitest'
import { TemplateSyntaxError, UnknownLanguageCode } from '../../src/template/index.js'
import { cases } from './harness.js'

const L = '{% load i18n %}'

describe('{% get_language_info %}', () => {
  cases({
    'every field of a code': {
      t: `${L}{% get_language_info for "de" as lang %}{{ lang.code }}|{{ lang.name }}|{{ lang.name_local }}|{{ lang.name_translated }}|{{ lang.bidi }}`,
      out: 'de|German|Deutsch|German|False',
    },
    'a right-to-left language': {
      t: `${L}{% get_language_info for "he" as l %}{{ l.name_local }} {{ l.bidi|yesno:"rtl,ltr" }}`,
      out: 'עברית rtl',
    },
    'the code from a variable': {
      t: `${L}{% get_language_info for code as l %}{{ l.name }}`,
      c: { code: 'pt-br' },
      out: 'Brazilian Portuguese',
    },
    'a regional code without a row falls back to its language': {
      t: `${L}{% get_language_info for "de-at" as l %}{{ l.code }} {{ l.name }}`,
      out: 'de German',
    },
    'zh-* codes answer with the script variant': {
      t: `${L}{% for c in codes %}{% get_language_info for c as l %}{{ l.code }}={{ l.name_local }};{% endfor %}`,
      c: { codes: ['zh-tw', 'zh-cn', 'zh-hk', 'zh-sg', 'zh-hans'] },
      out: 'zh-hant=繁體中文;zh-hans=简体中文;zh-hant=繁體中文;zh-hans=简体中文;zh-hans=简体中文;',
    },
    'languages added in newer Django versions': {
      t: `${L}{% get_language_info for "ckb" as a %}{% get_language_info for "ms" as b %}{% get_language_info for "ug" as c %}{{ a.name }} {{ a.bidi }}|{{ b.name_local }}|{{ c.name }} {{ c.bidi }}`,
      out: 'Central Kurdish (Sorani) True|Bahasa Melayu|Uyghur True',
    },
    'the language current in a language block': {
      t: `${L}{% language "fr" %}{% get_current_language as cur %}{% get_language_info for cur as l %}{{ l.name_local }}{% endlanguage %}`,
      out: 'français',
    },
    'an async code': {
      t: `${L}{% get_language_info for code as l %}{{ l.name }}`,
      c: { code: Promise.resolve('it') },
      out: 'Italian',
    },
    'names print escaped like any string': {
      t: `${L}{% get_language_info for "nb" as l %}{{ l.name_local }}`,
      out: 'norsk (bokmål)',
    },
    'an unknown code fails': {
      t: `${L}{% get_language_info for "xx" as l %}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code xx.',
    },
    'an unknown regional code names both codes': {
      t: `${L}{% get_language_info for "xx-yy" as l %}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code xx-yy and xx.',
    },
    'codes are case-sensitive (lower case, as in LANGUAGES)': {
      t: `${L}{% get_language_info for "DE" as l %}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code DE.',
    },
    'a missing variable is an unknown (empty) code': {
      t: `${L}{% get_language_info for nothing as l %}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code .',
    },
    'needs "for … as …"': {
      t: `${L}{% get_language_info "de" as l %}`,
      out: TemplateSyntaxError,
      msg: `'get_language_info' requires 'for string as variable' (got ['"de"', 'as', 'l'])`,
    },
    'refuses extra words': {
      t: `${L}{% get_language_info for "de" as l x %}`,
      out: TemplateSyntaxError,
      msg: "'get_language_info' requires 'for string as variable'",
    },
    'not there without {% load i18n %}': {
      t: '{% get_language_info for "de" as l %}',
      out: TemplateSyntaxError,
      msg: "Invalid block tag on line 1: 'get_language_info'",
    },
  })
})

describe('{% get_language_info_list %}', () => {
  cases({
    'a list of codes': {
      t: `${L}{% get_language_info_list for codes as langs %}{% for l in langs %}{{ l.code }}:{{ l.name_local }}:{{ l.bidi }};{% endfor %}`,
      c: { codes: ['en', 'fr', 'ar'] },
      out: 'en:English:False;fr:français:False;ar:العربيّة:True;',
    },
    'a list of [code, name] pairs (LANGUAGES)': {
      t: `${L}{% get_language_info_list for pairs as langs %}{% for l in langs %}{{ l.name }};{% endfor %}`,
      c: {
        pairs: [
          ['es', 'Spanish'],
          ['ja', 'Japanese'],
        ],
      },
      out: 'Spanish;Japanese;',
    },
    'from get_available_languages': {
      t: `${L}{% get_available_languages as LANGS %}{% get_language_info_list for LANGS as langs %}{% for l in langs %}<a lang="{{ l.code }}">{{ l.name_local }}</a>{% endfor %}`,
      opts: {
        languages: [
          ['en', 'English'],
          ['de', 'German'],
          ['pt-br', 'Brazilian Portuguese'],
        ],
      },
      out: '<a lang="en">English</a><a lang="de">Deutsch</a><a lang="pt-br">Português Brasileiro</a>',
    },
    'a Set, a Map or an object (their keys, like a dict)': {
      t: `${L}{% get_language_info_list for s as a %}{% get_language_info_list for m as b %}{% get_language_info_list for o as c %}{{ a.0.name }} {{ a.1.name }}|{{ b.0.name }}|{{ c.0.name }} {{ c.1.name }}`,
      c: {
        s: new Set(['nl', 'sv']),
        m: new Map([['fi', 'Finnish']]),
        o: { ko: 'Korean', 'en-gb': 'British' },
      },
      out: 'Dutch Swedish|Finnish|Korean British English',
    },
    'a missing variable gives an empty list': {
      t: `${L}{% get_language_info_list for nothing as langs %}[{{ langs|length }}]`,
      out: '[0]',
    },
    'an async list': {
      t: `${L}{% get_language_info_list for codes as langs %}{{ langs.0.name }}`,
      c: { codes: Promise.resolve(['pl']) },
      out: 'Polish',
    },
    'a lone string is iterated by character, as in Django': {
      t: `${L}{% get_language_info_list for code as langs %}`,
      c: { code: 'de' },
      out: UnknownLanguageCode,
      msg: 'Unknown language code d.',
    },
    'an unknown code in the list fails': {
      t: `${L}{% get_language_info_list for codes as langs %}`,
      c: { codes: ['en', 'klingon'] },
      out: UnknownLanguageCode,
      msg: 'Unknown language code klingon.',
    },
    'something that is not a list fails clearly': {
      t: `${L}{% get_language_info_list for n as langs %}`,
      c: { n: 5 },
      out: TypeError,
      msg: 'get_language_info_list needs a list of language codes or [code, name] pairs, got 5',
    },
    'needs "for … as …"': {
      t: `${L}{% get_language_info_list for codes %}`,
      out: TemplateSyntaxError,
      msg: "'get_language_info_list' requires 'for sequence as variable' (got ['for', 'codes'])",
    },
  })
})

describe('language filters', () => {
  cases({
    'name, local name, translated name, bidi': {
      t: `${L}{{ "de"|language_name }}|{{ "de"|language_name_local }}|{{ "de"|language_name_translated }}|{{ "de"|language_bidi }}|{{ "fa"|language_bidi }}`,
      out: 'German|Deutsch|German|False|True',
    },
    'with fallbacks': {
      t: `${L}{{ "it-ch"|language_name }}|{{ "zh-mo"|language_name_local }}|{{ c|language_name|upper }}`,
      c: { c: 'ru' },
      out: 'Italian|繁體中文|RUSSIAN',
    },
    'an unknown code fails': {
      t: `${L}{{ "xx"|language_name_local }}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code xx.',
    },
    'None is not a code': {
      t: `${L}{{ None|language_bidi }}`,
      out: UnknownLanguageCode,
      msg: 'Unknown language code None.',
    },
    'they take no argument': {
      t: `${L}{{ "de"|language_name:"fr" }}`,
      out: TemplateSyntaxError,
      msg: 'language_name requires 1 arguments, 2 provided',
    },
    'not there without {% load i18n %}': {
      t: '{{ "de"|language_name }}',
      out: TemplateSyntaxError,
      msg: "Invalid filter: 'language_name'",
    },
  })
})
