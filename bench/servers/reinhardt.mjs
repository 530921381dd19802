/**
 * reinhardt: the full lifecycle — node:http gateway, BaseHandler, middleware chain, URL
 * resolver, view — configured the way a project would, with settings built once.
 *
 * Plain JavaScript on purpose: `reinhardt/*` resolves to the tsc-compiled dist/ (package.json's
 * default export condition), as in a deployed project, and no TypeScript loader runs inside the
 * measured process (tsx's loader costs several µs per request at run time). `npm run bench`
 * builds dist/ first.
 */
import { buildSettings } from 'reinhardt/conf'
import { BaseHandler } from 'reinhardt/core'
import { HttpResponse, JsonResponse } from 'reinhardt/http'
import { createServer } from 'reinhardt/http/node'
import { path } from 'reinhardt/urls'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()

function routeTable() {
  const urlpatterns = []
  for (let i = 0; i < DECOY_COUNT; i++) {
    urlpatterns.push(
      path(
        `r${i}/<int:id>/items/<slug:slug>/`,
        (request, { id, slug }) => new JsonResponse({ id, slug }),
      ),
    )
  }
  urlpatterns.push(
    path(
      'users/<int:userId>/posts/<int:postId>/',
      (request, { userId, postId }) => new JsonResponse({ userId, postId }),
    ),
  )
  return urlpatterns
}

// Seven distinct factories, as a project listing seven middlewares would have.
const passThrough = Array.from(
  { length: MIDDLEWARE_COUNT },
  () => (getResponse) => (request) => getResponse(request),
)

const urlpatterns =
  scenario === 'hello'
    ? [path('', () => new HttpResponse(HELLO, { contentType: 'text/plain; charset=utf-8' }))]
    : routeTable()

const handler = new BaseHandler(
  buildSettings({
    ROOT_URLCONF: { urlpatterns },
    MIDDLEWARE: scenario === 'middleware' ? passThrough : [],
    ALLOWED_HOSTS: ['*'],
    DEBUG: false,
  }),
)

createServer(handler).listen(port, host, ready)
