import { afterEach, describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { Http404 } from '../http/exceptions.js'
import type { HttpResponseBase } from '../http/response.js'
import {
  getResolver,
  getUrlconf,
  include,
  path,
  rePath,
  resolve,
  Resolver404,
  setUrlconf,
  URLPattern,
  URLResolver,
  type URLEntry,
} from './index.js'

function makeView(label: string) {
  const v = (): HttpResponseBase => {
    throw new Error(`${label} not called`)
  }
  Object.defineProperty(v, 'name', { value: label })
  return v
}
const a = makeView('a')
const b = makeView('b')
const c = makeView('c')
const resolveIn = (urlpatterns: URLEntry[], p: string) => getResolver({ urlpatterns }).resolve(p)
const show = (chains: readonly (readonly unknown[])[] | undefined) =>
  (chains ?? []).map((chain) => chain.map((e) => String((e as URLEntry).pattern)).join(' > '))

afterEach(() => setUrlconf(null))

describe('includes', () => {
  const leaf = {
    appName: 'leaf',
    urlpatterns: [path('<slug:s>/', c, { name: 'leaf', kwargs: { deep: 1 } })],
  }
  const middle = [path('m/<int:n>/', include(leaf)), path('', a, { name: 'middle-index' })]
  const urlconf = {
    urlpatterns: [path('top/', include(middle), { kwargs: { area: 'top' } }), path('', b)],
  }

  it('joins routes and merges captured values with extra kwargs, inner last', () => {
    const m = getResolver(urlconf).resolve('/top/m/3/x-y/')
    expect(m.func).toBe(c)
    expect(m.route).toBe('top/m/<int:n>/<slug:s>/')
    expect(m.kwargs).toEqual({ area: 'top', n: 3, deep: 1, s: 'x-y' })
    expect(m.captured).toEqual({ n: 3, s: 'x-y' })
    expect(m.urlName).toBe('leaf')
    expect(m.appNames).toEqual(['leaf'])
    expect(m.namespaces).toEqual(['leaf'])
    expect(m.viewName).toBe('leaf:leaf')
  })

  it("matches an include's empty route and the root ''", () => {
    expect(getResolver(urlconf).resolve('/top/').func).toBe(a)
    expect(getResolver(urlconf).resolve('/').func).toBe(b)
  })

  it('lets extra kwargs override captured values (Django order)', () => {
    const m = resolveIn([path('x/<int:id>/', a, { kwargs: { id: 'fixed' } })], '/x/4/')
    expect(m.kwargs).toEqual({ id: 'fixed' })
    expect(m.captured).toEqual({ id: 4 })
  })

  it('mounts an include under a prefix without a trailing slash', () => {
    const m = resolveIn([path('api', include([path('/v1', a)]))], '/api/v1')
    expect(m.func).toBe(a)
    expect(m.route).toBe('api/v1')
  })

  it('reads urlpatterns lazily, when first resolving', () => {
    const late: { urlpatterns: URLEntry[] } = { urlpatterns: undefined as unknown as URLEntry[] }
    const entry = path('late/', include(late))
    late.urlpatterns = [path('x/', a)]
    expect(resolveIn([entry], '/late/x/').func).toBe(a)
  })

  it('reports an included URLconf without patterns, and non-pattern entries', () => {
    const broken = path('b/', include({ urlpatterns: 'nope' as unknown as URLEntry[] }))
    expect(() => resolveIn([broken], '/b/x/')).toThrow(/does not appear to have any patterns/)
    expect(() => resolveIn(['oops' as unknown as URLEntry], '/x/')).toThrow(ImproperlyConfigured)
  })

  it('checks include() arguments and namespace rules', () => {
    expect(() => include(42 as never)).toThrow(ImproperlyConfigured)
    expect(() => include([path('x/', a)], { namespace: 'ns' })).toThrow(/appName/)
    const byTuple = path('t/', include([[path('x/', a)], 'app'], { namespace: 'inst' }))
    expect(byTuple).toBeInstanceOf(URLResolver)
    expect((byTuple as URLResolver).appName).toBe('app')
    expect((byTuple as URLResolver).namespace).toBe('inst')
    const defaulted = path('d/', include({ appName: 'app', urlpatterns: [] }))
    expect(defaulted.namespace).toBe('app')
    expect(() => path('x/', 'view' as never)).toThrow(TypeError)
  })
})

describe('Resolver404', () => {
  const inner = [path('one/', a), path('two/<int:n>/', b)]
  const urlconf = {
    urlpatterns: [
      path('x/', a),
      path('in/', include(inner)),
      rePath('^r/$', c),
      path('', include([])),
    ],
  }

  it('is an Http404 carrying the remaining path and every chain tried', () => {
    const error = (() => {
      try {
        getResolver(urlconf).resolve('/in/three/')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(Resolver404)
    expect(error).toBeInstanceOf(Http404)
    const r404 = error as Resolver404
    expect(r404.path).toBe('in/three/')
    expect(show(r404.tried)).toEqual(['x/', 'in/ > one/', 'in/ > two/<int:n>/', '^r/$'])
    expect(r404.message).toContain('in/three/')
  })

  it('lists an include whose prefix did not match as one chain', () => {
    try {
      getResolver(urlconf).resolve('/zzz/')
      expect.unreachable()
    } catch (e) {
      expect(show((e as Resolver404).tried)).toEqual(['x/', 'in/', '^r/$'])
    }
  })

  it('rejects a path without the leading slash', () => {
    expect(() => getResolver(urlconf).resolve('x/')).toThrow(Resolver404)
  })

  it('ResolverMatch.tried lists the chains up to and including the match', () => {
    const m = getResolver(urlconf).resolve('/in/two/5/')
    expect(show(m.tried)).toEqual(['x/', 'in/ > one/', 'in/ > two/<int:n>/'])
  })
})

describe('first-match ordering across the index', () => {
  it('a dynamic pattern declared before a static one wins when both match', () => {
    const urls = [path('<slug:s>/', a), path('about/', b)]
    expect(resolveIn(urls, '/about/').func).toBe(a)
  })

  it('a static pattern declared first wins over a later dynamic one', () => {
    const urls = [path('about/', b), path('<slug:s>/', a)]
    expect(resolveIn(urls, '/about/').func).toBe(b)
    expect(resolveIn(urls, '/other/').func).toBe(a)
  })

  it('interleaves keyed and unkeyed entries in declaration order', () => {
    const urls = [
      path('k/1/', a),
      rePath('^k/(?P<n>[0-9])/$', b), // keyed 'k' through its literal prefix
      path('', include([path('k/<int:n>/', c)])), // unkeyed include
      path('k/<int:n>/', a),
    ]
    expect(resolveIn(urls, '/k/1/').func).toBe(a)
    expect(resolveIn(urls, '/k/2/').func).toBe(b)
    expect(resolveIn(urls, '/k/22/').func).toBe(c)
  })
})

describe('getResolver, resolve and the default URLconf', () => {
  it('caches one resolver per URLconf object', () => {
    const conf = { urlpatterns: [path('x/', a)] }
    expect(getResolver(conf)).toBe(getResolver(conf))
    expect(getResolver(conf)).not.toBe(getResolver({ urlpatterns: [] }))
  })

  it('uses the URLconf set with setUrlconf(), and says ROOT_URLCONF when none is', () => {
    expect(getUrlconf()).toBeNull()
    expect(() => resolve('/x/')).toThrow(ImproperlyConfigured)
    expect(() => resolve('/x/')).toThrow(/ROOT_URLCONF/)
    const conf = { urlpatterns: [path('x/', a)] }
    setUrlconf(conf)
    expect(getUrlconf()).toBe(conf)
    expect(resolve('/x/').func).toBe(a)
    expect(resolve('/x/', { urlpatterns: [path('x/', b)] }).func).toBe(b)
  })

  it('finds the root error handlers', () => {
    const handler404 = () => null as unknown as HttpResponseBase
    const resolver = getResolver({ urlpatterns: [], handler404 })
    expect(resolver.resolveErrorHandler(404)).toBe(handler404)
    expect(resolver.resolveErrorHandler(500)).toBeUndefined()
  })

  it('URLPattern.resolve matches one entry alone', () => {
    const entry = path('n/<int:n>/', a, { name: 'n' })
    expect(entry).toBeInstanceOf(URLPattern)
    expect(entry.resolve('n/4/')?.kwargs).toEqual({ n: 4 })
    expect(entry.resolve('n/x/')).toBeNull()
    expect(String(entry)).toBe("<URLPattern 'n/<int:n>/' [name='n']>")
  })
})
