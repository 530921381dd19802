import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HttpResponseBase } from '../../src/http/response.js'
import { include, path, setUrlconf } from '../../src/urls/index.js'
import { TemplateSyntaxError } from '../../src/template/index.js'
import { cases, engineWith } from './harness.js'

const view = (): HttpResponseBase => {
  throw new Error('not called')
}
const polls = {
  appName: 'polls',
  urlpatterns: [path('', view, { name: 'index' }), path('<int:pk>/', view, { name: 'detail' })],
}

beforeEach(() => {
  setUrlconf({
    urlpatterns: [
      path('', view, { name: 'home' }),
      path('articles/<int:year>/', view, { name: 'year-archive' }),
      path('search/<str:q>/', view, { name: 'search' }),
      path('polls/', include(polls)),
      path('author-polls/', include(polls, { namespace: 'author-polls' })),
    ],
  })
})
afterEach(() => setUrlconf(null))

describe('{% url %}', () => {
  cases({
    'no arguments': { t: '{% url "home" %}', out: '/' },
    'positional argument': { t: '{% url "year-archive" 2024 %}', out: '/articles/2024/' },
    'keyword argument': {
      t: '{% url "year-archive" year=y %}',
      c: { y: 1999 },
      out: '/articles/1999/',
    },
    'variable view name': { t: '{% url name 7 %}', c: { name: 'polls:detail' }, out: '/polls/7/' },
    namespaced: { t: "{% url 'polls:index' %}", out: '/polls/' },
    'current app from request': {
      t: "{% url 'polls:index' %}",
      c: { request: { resolverMatch: { namespace: 'author-polls' } } },
      out: '/author-polls/',
    },
    'output escaped': { t: '{% url "search" q %}', c: { q: 'a&b' }, out: '/search/a&amp;b/' },
    'as var': { t: '{% url "home" as h %}<a href="{{ h }}">', out: '<a href="/">' },
    'as var swallows NoReverseMatch': { t: '{% url "nope" as u %}[{{ u }}]', out: '[]' },
    'no view name': {
      t: '{% url %}',
      out: TemplateSyntaxError,
      msg: 'takes at least one argument',
    },
  })

  it('raises NoReverseMatch without as', async () => {
    const engine = engineWith({ 'x.html': '{% url "nope" %}' })
    expect(() => engine.renderToString('x.html', {})).toThrow(
      expect.objectContaining({ name: 'NoReverseMatch' }),
    )
  })
})
