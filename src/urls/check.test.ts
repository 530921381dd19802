import { describe, expect, it } from 'vitest'
import type { HttpResponseBase } from '../http/response.js'
import { checkUrlconf, include, path, rePath, type URLEntry } from './index.js'

const view = (): HttpResponseBase => {
  throw new Error('not called')
}
const ids = (urlpatterns: URLEntry[]) => checkUrlconf({ urlpatterns }).map((m) => m.id)

describe('checkUrlconf', () => {
  it('is quiet for a clean URLconf', () => {
    expect(
      ids([path('a/', view), rePath('^b/$', view), path('c/', include([path('d/', view)]))]),
    ).toEqual([])
  })

  it('warns about routes starting with a slash (urls.W002)', () => {
    expect(ids([path('/a/', view)])).toEqual(['urls.W002'])
    expect(ids([rePath('^/a/$', view)])).toEqual(['urls.W002'])
    const [message] = checkUrlconf({ urlpatterns: [path('x/', include([path('/in/', view)]))] })
    expect(message?.message).toContain("'/in/'")
    expect(message?.level).toBe('warning')
  })

  it('warns about regex syntax in path() routes (2_0.W001)', () => {
    expect(ids([path('^a/', view)])).toEqual(['2_0.W001'])
    expect(ids([path('a/$', view)])).toEqual(['2_0.W001'])
    expect(ids([path('a/(?P<x>[0-9]+)/', view)])).toEqual(['2_0.W001'])
  })

  it('warns about an include() regex ending in $ (urls.W001)', () => {
    expect(ids([rePath('^a/$', include([path('b/', view)]))])).toEqual(['urls.W001'])
  })

  it('warns about instance namespaces used twice (urls.W005)', () => {
    const app = { appName: 'app', urlpatterns: [path('', view, { name: 'i' })] }
    const messages = checkUrlconf({
      urlpatterns: [path('one/', include(app)), path('two/', include(app))],
    })
    expect(messages.map((m) => m.id)).toEqual(['urls.W005'])
    expect(messages[0]?.message).toContain("'app'")
    expect(
      ids([path('one/', include(app)), path('two/', include(app, { namespace: 'b' }))]),
    ).toEqual([])
  })

  it('reports entries that are not patterns (urls.E004)', () => {
    const messages = checkUrlconf({ urlpatterns: ['a/' as unknown as URLEntry] })
    expect(messages.map((m) => [m.id, m.level])).toEqual([['urls.E004', 'error']])
  })
})
