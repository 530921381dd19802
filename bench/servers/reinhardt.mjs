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
import { CommonMiddleware, SecurityMiddleware, XFrameOptionsMiddleware } from 'reinhardt/middleware'
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

// The middleware scenario runs the stack a new Django project lists — seven entries, as
// many as the peers' no-op layers — with the real SecurityMiddleware, CommonMiddleware and
// XFrameOptionsMiddleware in their places (headers, host validation, Content-Length) and
// distinct pass-through factories standing in for the four that reinhardt does not have yet
// (sessions, CSRF, authentication, messages). So reinhardt does real per-request work the
// peers' no-op layers do not: the ratio is, if anything, conservative.
const passThrough = () => (getResponse) => (request) => getResponse(request)
const standardStack = [
  SecurityMiddleware,
  passThrough(), // SessionMiddleware's place
  CommonMiddleware,
  passThrough(), // CsrfViewMiddleware's place
  passThrough(), // AuthenticationMiddleware's place
  passThrough(), // MessageMiddleware's place
  XFrameOptionsMiddleware,
]
if (standardStack.length !== MIDDLEWARE_COUNT) {
  throw new Error(`the middleware stack must have ${MIDDLEWARE_COUNT} layers like the peers'`)
}

const urlpatterns =
  scenario === 'hello'
    ? [path('', () => new HttpResponse(HELLO, { contentType: 'text/plain; charset=utf-8' }))]
    : routeTable()

const handler = new BaseHandler(
  buildSettings({
    ROOT_URLCONF: { urlpatterns },
    MIDDLEWARE: scenario === 'middleware' ? standardStack : [],
    ALLOWED_HOSTS: ['*'],
    DEBUG: false,
  }),
)

createServer(handler).listen(port, host, ready)
