import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { HttpResponseBase } from '../http/response.js'
import {
  getConverter,
  getResolver,
  IntConverter,
  path,
  rePath,
  registerConverter,
  Resolver404,
  reverse,
  type Converter,
} from './index.js'

const view = (): HttpResponseBase => {
  throw new Error('not called')
}
const other = (): HttpResponseBase => {
  throw new Error('not called')
}

function resolveIn(urlpatterns: ReturnType<typeof path>[], p: string) {
  return getResolver({ urlpatterns }).resolve(p)
}

describe('built-in converters', () => {
  it('str matches one segment', () => {
    const urls = [path('s/<str:v>/', view)]
    expect(resolveIn(urls, '/s/héllo wörld/').kwargs).toEqual({ v: 'héllo wörld' })
    expect(() => resolveIn(urls, '/s/a/b/')).toThrow(Resolver404)
    expect(() => resolveIn(urls, '/s//')).toThrow(Resolver404)
  })

  it('a bare <name> is a str', () => {
    expect(resolveIn([path('s/<v>/', view)], '/s/x.y/').kwargs).toEqual({ v: 'x.y' })
  })

  it('int gives a number and rejects non-digits and unsafe integers', () => {
    const urls = [path('i/<int:v>/', view)]
    expect(resolveIn(urls, '/i/0042/').kwargs).toEqual({ v: 42 })
    expect(() => resolveIn(urls, '/i/-1/')).toThrow(Resolver404)
    expect(() => resolveIn(urls, '/i/1.5/')).toThrow(Resolver404)
    expect(() => resolveIn(urls, '/i/99999999999999999999/')).toThrow(Resolver404)
  })

  it('slug accepts ASCII letters, digits, - and _ only', () => {
    const urls = [path('g/<slug:v>/', view)]
    expect(resolveIn(urls, '/g/a-b_C9/').kwargs).toEqual({ v: 'a-b_C9' })
    expect(() => resolveIn(urls, '/g/a.b/')).toThrow(Resolver404)
    expect(() => resolveIn(urls, '/g/é/')).toThrow(Resolver404)
  })

  it('uuid accepts lower-case hex only', () => {
    const urls = [path('u/<uuid:v>/', view)]
    const id = '075194d3-6885-417e-a8a8-6c931e272f00'
    expect(resolveIn(urls, `/u/${id}/`).kwargs).toEqual({ v: id })
    expect(() => resolveIn(urls, `/u/${id.toUpperCase()}/`)).toThrow(Resolver404)
    expect(() => resolveIn(urls, '/u/075194d3-6885-417e-a8a8/')).toThrow(Resolver404)
  })

  it('path takes the rest, slashes included', () => {
    const urls = [path('p/<path:v>', view)]
    expect(resolveIn(urls, '/p/a/b/c.txt').kwargs).toEqual({ v: 'a/b/c.txt' })
    expect(() => resolveIn(urls, '/p/')).toThrow(Resolver404)
  })

  it('reverses each converter with toUrl', () => {
    const urlconf = {
      urlpatterns: [
        path('i/<int:v>/', view, { name: 'int' }),
        path('u/<uuid:v>/', view, { name: 'uuid' }),
        path('p/<path:v>', view, { name: 'path' }),
      ],
    }
    expect(reverse('int', { args: [7], urlconf })).toBe('/i/7/')
    expect(reverse('int', { kwargs: { v: '8' }, urlconf })).toBe('/i/8/')
    expect(() => reverse('int', { kwargs: { v: 'x' }, urlconf })).toThrow(/Reverse for 'int'/)
    expect(reverse('path', { args: ['a/b c'], urlconf })).toBe('/p/a/b%20c')
  })
})

describe('custom converters', () => {
  const evenOnly: Converter<number> = {
    regex: '[0-9]+',
    toJs(value) {
      const n = Number(value)
      if (n % 2 !== 0) throw new Error('odd')
      return n
    },
    toUrl(value) {
      if (value % 2 !== 0) throw new TypeError('odd')
      return String(value)
    },
  }
  registerConverter(evenOnly, 'even')

  it('a converter that rejects a value lets the next pattern match', () => {
    const urls = [path('n/<even:v>/', view), path('n/<int:v>/', other)]
    const even = resolveIn(urls, '/n/4/')
    expect(even.func).toBe(view)
    expect(even.kwargs).toEqual({ v: 4 })
    const odd = resolveIn(urls, '/n/5/')
    expect(odd.func).toBe(other)
  })

  it('toUrl throwing skips the candidate in reverse', () => {
    const urlconf = {
      urlpatterns: [
        path('odd/<int:v>/', other, { name: 'n' }),
        path('even/<even:v>/', view, { name: 'n' }),
      ],
    }
    // The last declared is tried first (Django), but the even converter refuses 3.
    expect(reverse('n', { args: [4], urlconf })).toBe('/even/4/')
    expect(reverse('n', { args: [3], urlconf })).toBe('/odd/3/')
  })

  it('registering a different converter under a taken name fails; the same one is fine', () => {
    expect(() => registerConverter(evenOnly, 'even')).not.toThrow()
    expect(() => registerConverter({ ...IntConverter }, 'int')).toThrow(ImproperlyConfigured)
    expect(() => registerConverter({ ...IntConverter }, 'int')).toThrow(/already registered/)
    expect(getConverter('even')).toBe(evenOnly)
  })

  it('an unknown converter or bad parameter name fails when the path is built', () => {
    expect(() => path('x/<nope:v>/', view)).toThrow(/invalid converter 'nope'/)
    expect(() => path('x/<int:1v>/', view)).toThrow(/isn't a valid identifier/)
    expect(() => path('x/<int: v>/', view)).toThrow(/whitespace/)
    expect(() => path('x/<int:v>/<str:v>/', view)).toThrow(/twice/)
  })

  it('converter regexes with their own groups keep parameters aligned', () => {
    registerConverter({ regex: '(a|b)(c)?', toJs: (v) => v, toUrl: (v) => String(v) }, 'grouped')
    const m = resolveIn([path('<grouped:x>/<int:y>/', view)], '/ac/9/')
    expect(m.kwargs).toEqual({ x: 'ac', y: 9 })
  })
})

describe('parameter names', () => {
  it('refuses __proto__ as a parameter name (params are plain objects)', () => {
    expect(() => path('a/<str:__proto__>/', view)).toThrow(/__proto__/)
    expect(() => rePath('^a/(?<__proto__>[0-9]+)/$', view)).toThrow(/__proto__/)
  })

  it('hands views plain parameter objects with only the captured keys', () => {
    const match = getResolver({ urlpatterns: [path('a/<int:constructor>/', view)] }).resolve(
      '/a/5/',
    )
    expect(match.kwargs).toEqual({ constructor: 5 })
    expect(Object.keys(match.kwargs)).toEqual(['constructor'])
  })
})
