/** The DEBUG technical 404 page, end to end through the test Client and BaseHandler. */
import { describe, expect, it } from 'vitest'
import { Http404 } from '../../src/http/exceptions.js'
import { HttpResponse } from '../../src/http/response.js'
import { include, path, rePath } from '../../src/urls/index.js'
import { View } from '../../src/views/base.js'
import { makeClient } from './helpers.js'

const ok = () => new HttpResponse('ok')

class ArticleDetail extends View {
  get(): never {
    throw new Http404('No article matches <script>the query</script>')
  }
}

const polls = {
  appName: 'polls',
  urlpatterns: [path('', ok, { name: 'index' }), path('<int:id>/', ok, { name: 'detail' })],
}

const urlpatterns = [
  path('', ok, { name: 'home' }),
  path('polls/', include(polls)),
  rePath('^archive/(?<year>[0-9]{4})/$', ok, { name: 'archive' }),
  path('articles/<int:id>/', ArticleDetail.asView(), { name: 'article' }),
  path('plain/', () => {
    throw new Http404('Nothing here')
  }),
]

describe('technical 404 page (DEBUG on)', () => {
  it('lists the patterns tried in order, includes as Django shows them', async () => {
    const response = await makeClient({ urlpatterns }, { DEBUG: true }).get('/polls/nothing/')
    expect(response.statusCode).toBe(404)
    const page = await response.text()
    expect(page).toContain('<title>Page not found at /polls/nothing/</title>')
    const items = [...page.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1])
    expect(items).toEqual([
      '<code> [name=&#x27;home&#x27;]</code>',
      '<code>polls/</code> <code> [name=&#x27;index&#x27;]</code>',
      '<code>polls/</code> <code>&lt;int:id&gt;/ [name=&#x27;detail&#x27;]</code>',
      '<code>^archive/(?&lt;year&gt;[0-9]{4})/$ [name=&#x27;archive&#x27;]</code>',
      '<code>articles/&lt;int:id&gt;/ [name=&#x27;article&#x27;]</code>',
      '<code>plain/</code>',
    ])
    expect(page).toContain(
      'Using the URLconf defined in <code>ROOT_URLCONF (exports: urlpatterns)</code>',
    )
    expect(page).toContain(
      'The current path, <code>polls/nothing/</code>, didn’t match any of these.',
    )
    expect(page).not.toContain('Raised by')
    expect(page).not.toMatch(/<script/)
  })

  it('shows the message and the raising view for an Http404 from a view', async () => {
    const page = await (
      await makeClient({ urlpatterns }, { DEBUG: true }).get('/articles/7/')
    ).text()
    expect(page).toContain(
      '<pre class="exception-value">No article matches &lt;script&gt;the query&lt;/script&gt;</pre>',
    )
    expect(page).toContain('<tr><th>Raised by:</th><td><code>ArticleDetail</code></td></tr>')
    expect(page).toContain('The current path, <code>articles/7/</code>, matched the last one.')
    expect(page).toContain(
      '<code>articles/&lt;int:id&gt;/ [name=&#x27;article&#x27;]</code></li></ol>',
    )
  })

  it('escapes a hostile path and a hostile Host header', async () => {
    const response = await makeClient({ urlpatterns }, { DEBUG: true }).get(
      `/${encodeURIComponent('<img src=x onerror=alert(1)>')}/`,
      undefined,
      { headers: { Host: 'evil"><b>' } },
    )
    const page = await response.text()
    expect(response.statusCode).toBe(404)
    expect(page).toContain('The current path, <code>&lt;img src=x onerror=alert(1)&gt;/</code>')
    expect(page).not.toContain('<img')
    expect(page).not.toContain('<b>')
  })

  it('explains an empty URLconf instead of listing nothing', async () => {
    const page = await (await makeClient({ urlpatterns: [] }, { DEBUG: true }).get('/x/')).text()
    expect(page).toContain('has no URL patterns yet')
  })

  it('shows the plain 404 with DEBUG off', async () => {
    const page = await (await makeClient({ urlpatterns }).get('/articles/7/')).text()
    expect(page).not.toContain('No article matches')
    expect(page).not.toContain('polls/')
    expect(page).toContain('Not Found')
  })
})
