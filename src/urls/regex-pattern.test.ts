import { describe, expect, it } from 'vitest'
import type { HttpResponseBase } from '../http/response.js'
import {
  getResolver,
  include,
  NoReverseMatch,
  path,
  rePath,
  Resolver404,
  reverse,
  type URLEntry,
} from './index.js'
import { RegexPattern } from './regex-pattern.js'
import { regexReverseTemplates } from './regex-reverse.js'
import { literalPrefix, translatePythonRegex } from './regex-syntax.js'

const view = (): HttpResponseBase => {
  throw new Error('not called')
}
const resolveIn = (urlpatterns: URLEntry[], p: string) => getResolver({ urlpatterns }).resolve(p)

describe('Python regex translation', () => {
  it('rewrites (?P<name>), (?P=name), \\Z, \\A and leading inline flags', () => {
    expect(translatePythonRegex('^(?P<y>[0-9]{4})/(?P=y)\\Z')).toEqual({
      source: '^(?<y>[0-9]{4})/\\k<y>$',
      flags: '',
    })
    expect(translatePythonRegex('(?i)\\Aabc').flags).toBe('i')
    expect(translatePythonRegex('(?i)\\Aabc').source).toBe('^abc')
    // Escaped backslashes and character classes are left alone.
    expect(translatePythonRegex('a\\\\Z[\\Z]').source).toBe('a\\\\Z[\\Z]')
    expect(translatePythonRegex('[]a]').source).toBe('[\\]a]')
  })

  it('finds the literal prefix conservatively', () => {
    expect(literalPrefix('^articles/(?<y>[0-9]+)/$')).toBe('articles/')
    expect(literalPrefix('^a\\.b/c')).toBe('a.b/c')
    expect(literalPrefix('^abc?/')).toBe('ab')
    expect(literalPrefix('^a/b|c/')).toBe('')
    expect(literalPrefix('^\\d+/')).toBe('')
  })
})

describe('rePath()', () => {
  it('passes named groups as string kwargs, accepting Python and JS syntax', () => {
    const m = resolveIn(
      [rePath('^articles/(?P<year>[0-9]{4})/(?<slug>[-\\w]+)/$', view)],
      '/articles/2024/hi/',
    )
    expect(m.kwargs).toEqual({ year: '2024', slug: 'hi' })
    expect(m.args).toEqual([])
    expect(m.route).toBe('^articles/(?P<year>[0-9]{4})/(?<slug>[-\\w]+)/$')
  })

  it('passes unnamed groups as args only when there are no named groups', () => {
    expect(resolveIn([rePath('^a/([0-9]+)/([a-z]+)/$', view)], '/a/12/xy/').args).toEqual([
      '12',
      'xy',
    ])
    const mixed = resolveIn([rePath('^b/([0-9]+)/(?P<s>[a-z]+)/$', view)], '/b/12/xy/')
    expect(mixed.args).toEqual([])
    expect(mixed.kwargs).toEqual({ s: 'xy' })
  })

  it('leaves unmatched optional named groups out', () => {
    const urls = [rePath('^p/(?:page-(?P<page>[0-9]+)/)?$', view)]
    expect(resolveIn(urls, '/p/').kwargs).toEqual({})
    expect(resolveIn(urls, '/p/page-3/').kwargs).toEqual({ page: '3' })
  })

  it('anchors at the start of the remaining path, with or without ^', () => {
    const urls = [rePath('abc/$', view)]
    expect(resolveIn(urls, '/abc/').func).toBe(view)
    expect(() => resolveIn(urls, '/xabc/')).toThrow(Resolver404)
  })

  it('treats \\Z as $ and needs a full match for endpoints ending in $', () => {
    expect(() => resolveIn([rePath('^a/\\Z', view)], '/a/b')).toThrow(Resolver404)
    expect(resolveIn([rePath('^a/\\Z', view)], '/a/').func).toBe(view)
    // Alternation cannot stop early: Python's fullmatch semantics.
    expect(resolveIn([rePath('^(?:a|ab)$', view)], '/ab').func).toBe(view)
    // Without $ the regex only has to match a prefix.
    expect(resolveIn([rePath('^a/', view)], '/a/anything').func).toBe(view)
  })

  it('keeps RegExp flags (case-insensitive) and rejects invalid regexes', () => {
    expect(resolveIn([rePath(/^Hello\/$/i, view)], '/hello/').func).toBe(view)
    expect(() => rePath('^(unclosed', view)).toThrow(/not a valid regular expression/)
  })

  it('includes under a regex prefix, merging captured kwargs', () => {
    const inner = [path('<int:id>/', view, { name: 'item' })]
    const m = resolveIn([rePath('^(?P<lang>[a-z]{2})/', include(inner))], '/en/5/')
    expect(m.kwargs).toEqual({ lang: 'en', id: 5 })
    expect(m.route).toBe('^(?P<lang>[a-z]{2})/<int:id>/')
    const urlconf = { urlpatterns: [rePath('^(?P<lang>[a-z]{2})/', include(inner))] }
    expect(reverse('item', { kwargs: { lang: 'fr', id: 3 }, urlconf })).toBe('/fr/3/')
  })

  it('passes a prefix regex unnamed groups on when nothing is named', () => {
    const inner = [rePath('^([0-9]+)/$', view)]
    expect(resolveIn([rePath('^([a-z]+)/', include(inner))], '/ab/12/').args).toEqual(['ab', '12'])
  })
})

describe('reversing regexes', () => {
  it('builds templates for optional groups and quantifiers', () => {
    const t = regexReverseTemplates(
      new RegexPattern('^p/(?:page-(?P<n>\\d+)/)?x{2}$', { isEndpoint: true }).source,
    )
    expect(t.map((x) => x.parts)).toEqual([
      ['p/xx'],
      ['p/page-', { param: 'n', positional: false }, '/xx'],
    ])
    expect(regexReverseTemplates('^a|b$')).toEqual([])
    expect(regexReverseTemplates('^a/(?=b)c\\bd\\.e/([0-9]+)/$')).toEqual([
      { parts: ['a/cd.e/', { param: '', positional: true }, '/'] },
    ])
  })

  it('reverses named and positional groups, checking values against the regex', () => {
    const urlconf = {
      urlpatterns: [
        rePath('^y/(?P<year>[0-9]{4})/$', view, { name: 'year' }),
        rePath('^pos/([0-9]+)/([a-z]+)/$', view, { name: 'pos' }),
        rePath('^opt/(?:(?P<n>[0-9]+)/)?$', view, { name: 'opt' }),
        rePath('^alt/(a|b)/$', view, { name: 'alt' }),
        rePath('^top/(?:a|b)/$', view, { name: 'top' }),
      ],
    }
    expect(reverse('year', { kwargs: { year: 2024 }, urlconf })).toBe('/y/2024/')
    expect(() => reverse('year', { kwargs: { year: 24 }, urlconf })).toThrow(/Reverse for 'year'/)
    expect(reverse('pos', { args: [3, 'ab'], urlconf })).toBe('/pos/3/ab/')
    expect(reverse('opt', { urlconf })).toBe('/opt/')
    expect(reverse('opt', { kwargs: { n: 9 }, urlconf })).toBe('/opt/9/')
    // Alternation inside a capturing group is skipped with the group; elsewhere it is irreversible.
    expect(reverse('alt', { args: ['b'], urlconf })).toBe('/alt/b/')
    expect(() => reverse('alt', { args: ['c'], urlconf })).toThrow(NoReverseMatch)
    expect(() => reverse('top', { urlconf })).toThrow(/1 pattern\(s\) tried: \['\^top/)
  })
})
