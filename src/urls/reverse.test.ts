import { afterEach, describe, expect, it } from 'vitest'
import type { HttpResponseBase } from '../http/response.js'
import {
  getScriptPrefix,
  include,
  NoReverseMatch,
  path,
  rePath,
  reverse,
  setScriptPrefix,
  setUrlconf,
} from './index.js'

function makeView(label: string) {
  const v = (): HttpResponseBase => {
    throw new Error(`${label} not called`)
  }
  Object.defineProperty(v, 'name', { value: label })
  return v
}
const index = makeView('index')
const detail = makeView('detail')
const archive = makeView('archive')
const unnamed = makeView('unnamed')

const polls = {
  appName: 'polls',
  urlpatterns: [path('', index, { name: 'index' }), path('<int:pk>/', detail, { name: 'detail' })],
}
const nested = {
  appName: 'outer',
  urlpatterns: [
    path(
      'in/',
      include({ appName: 'inner', urlpatterns: [path('<slug:s>/', detail, { name: 'leaf' })] }),
    ),
  ],
}
const urlconf = {
  urlpatterns: [
    path('articles/<int:year>/', archive, { name: 'year-archive' }),
    path('files/<path:p>', archive, { name: 'file' }),
    path('s/<str:q>/', archive, { name: 'str' }),
    path('author-polls/', include(polls, { namespace: 'author-polls' })),
    path('publisher-polls/', include(polls, { namespace: 'publisher-polls' })),
    path('n/', include(nested)),
    path(
      'plain/',
      include([path('x/', unnamed), path('k/', index, { name: 'k', kwargs: { mode: 'a' } })]),
    ),
    path('dup/old/', index, { name: 'dup' }),
    path('dup/new/', index, { name: 'dup' }),
  ],
}

afterEach(() => {
  setScriptPrefix('/')
  setUrlconf(null)
})

describe('reverse by name and view', () => {
  it('reverses a named route, by kwargs or args', () => {
    expect(reverse('year-archive', { kwargs: { year: 2024 }, urlconf })).toBe('/articles/2024/')
    expect(reverse('year-archive', { args: [1999], urlconf })).toBe('/articles/1999/')
  })

  it('reverses by view function through non-namespaced includes', () => {
    expect(reverse(unnamed, { urlconf })).toBe('/plain/x/')
  })

  it('picks the pattern declared last when names clash (Django)', () => {
    expect(reverse('dup', { urlconf })).toBe('/dup/new/')
  })

  it('uses the default URLconf', () => {
    setUrlconf(urlconf)
    expect(reverse('year-archive', { args: [1] })).toBe('/articles/1/')
  })

  it('requires extra kwargs passed to reverse() to equal the pattern’s', () => {
    expect(reverse('k', { urlconf })).toBe('/plain/k/')
    expect(reverse('k', { kwargs: { mode: 'a' }, urlconf })).toBe('/plain/k/')
    expect(() => reverse('k', { kwargs: { mode: 'b' }, urlconf })).toThrow(NoReverseMatch)
  })

  it('refuses args and kwargs together', () => {
    expect(() => reverse('year-archive', { args: [1], kwargs: { year: 1 }, urlconf })).toThrow(
      /Don't mix/,
    )
  })
})

describe('namespaces', () => {
  it('reverses in an instance namespace', () => {
    expect(reverse('author-polls:detail', { args: [3], urlconf })).toBe('/author-polls/3/')
    expect(reverse('publisher-polls:index', { urlconf })).toBe('/publisher-polls/')
  })

  it('resolves an application namespace through currentApp', () => {
    const opts = { args: [3], urlconf }
    expect(reverse('polls:detail', { ...opts, currentApp: 'author-polls' })).toBe(
      '/author-polls/3/',
    )
    expect(reverse('polls:detail', { ...opts, currentApp: 'publisher-polls' })).toBe(
      '/publisher-polls/3/',
    )
  })

  it('defaults to the last deployed instance, or to the instance named like the app', () => {
    expect(reverse('polls:detail', { args: [3], urlconf })).toBe('/publisher-polls/3/')
    expect(reverse('polls:detail', { args: [3], currentApp: 'unknown', urlconf })).toBe(
      '/publisher-polls/3/',
    )
    const withDefault = {
      urlpatterns: [
        path('p/', include(polls)),
        path('other/', include(polls, { namespace: 'other' })),
      ],
    }
    expect(reverse('polls:index', { urlconf: withDefault })).toBe('/p/')
  })

  it('reverses nested namespaces', () => {
    expect(reverse('outer:inner:leaf', { args: ['x'], urlconf })).toBe('/n/in/x/')
  })

  it('explains unknown namespaces', () => {
    expect(() => reverse('nope:detail', { urlconf })).toThrow(
      "'nope' is not a registered namespace",
    )
    expect(() => reverse('outer:nope:leaf', { urlconf })).toThrow(
      "'nope' is not a registered namespace inside 'outer'",
    )
  })
})

describe('quoting, query and fragment', () => {
  it('percent-encodes values as UTF-8, keeping RFC 3986 path characters', () => {
    expect(reverse('str', { args: ['café au lait'], urlconf })).toBe('/s/caf%C3%A9%20au%20lait/')
    expect(reverse('str', { args: ['a?b#c%d'], urlconf })).toBe('/s/a%3Fb%23c%25d/')
    expect(reverse('str', { args: ["-._~!$&'()*+,;=:@"], urlconf })).toBe("/s/-._~!$&'()*+,;=:@/")
    expect(reverse('file', { args: ['a/b c/d'], urlconf })).toBe('/files/a/b%20c/d')
    expect(reverse('str', { args: ['日本'], urlconf })).toBe('/s/%E6%97%A5%E6%9C%AC/')
  })

  it('does not produce a scheme-relative URL', () => {
    const conf = { urlpatterns: [path('<path:p>', archive, { name: 'any' })] }
    expect(reverse('any', { args: ['/evil.com'], urlconf: conf })).toBe('/%2Fevil.com')
  })

  it('appends a form-encoded query and a fragment', () => {
    const url = reverse('year-archive', {
      args: [1],
      urlconf,
      query: { q: 'a b&c', tag: ['x', 'y'] },
      fragment: 'top',
    })
    expect(url).toBe('/articles/1/?q=a+b%26c&tag=x&tag=y#top')
    const params = new URLSearchParams([['k', '~*']])
    expect(reverse('year-archive', { args: [1], urlconf, query: params })).toBe(
      '/articles/1/?k=~%2A',
    )
    expect(reverse('year-archive', { args: [1], urlconf, query: {} })).toBe('/articles/1/')
  })
})

describe('script prefix', () => {
  it('is prepended by reverse and always ends with a slash', () => {
    expect(getScriptPrefix()).toBe('/')
    setScriptPrefix('/mount')
    expect(getScriptPrefix()).toBe('/mount/')
    expect(reverse('year-archive', { args: [5], urlconf })).toBe('/mount/articles/5/')
    setScriptPrefix('/café/')
    expect(reverse('polls:index', { urlconf })).toBe('/caf%C3%A9/publisher-polls/')
  })
})

describe('NoReverseMatch messages', () => {
  it('names the view, the arguments and the patterns tried', () => {
    expect(() => reverse('year-archive', { kwargs: { year: 'x' }, urlconf })).toThrow(
      `Reverse for 'year-archive' with keyword arguments {"year":"x"} not found. ` +
        `1 pattern(s) tried: ['articles/<int:year>/']`,
    )
    expect(() => reverse('dup', { args: [1], urlconf })).toThrow(
      `Reverse for 'dup' with arguments [1] not found. 2 pattern(s) tried: ['dup/new/', 'dup/old/']`,
    )
    expect(() => reverse('author-polls:detail', { urlconf })).toThrow(
      `Reverse for 'author-polls:detail' with no arguments not found. 1 pattern(s) tried: ['author-polls/<int:pk>/']`,
    )
  })

  it('says when the name is not a registered view or pattern name', () => {
    expect(() => reverse('missing', { urlconf })).toThrow(
      "Reverse for 'missing' not found. 'missing' is not a valid view function or pattern name.",
    )
    const stray = makeView('stray')
    expect(() => reverse(stray, { urlconf })).toThrow("Reverse for 'stray' not found.")
  })

  it('lists regex patterns as written', () => {
    const conf = { urlpatterns: [rePath('^r/(?P<n>[0-9]+)/$', archive, { name: 'r' })] }
    expect(() => reverse('r', { urlconf: conf })).toThrow(
      "1 pattern(s) tried: ['^r/(?P<n>[0-9]+)/$']",
    )
  })
})
