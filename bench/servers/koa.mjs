/**
 * koa 3 with @koa/router 15: routes on one Router, no-op middleware via
 * app.use((ctx, next) => next()) ahead of the router.
 */
import Koa from 'koa'
import Router from '@koa/router'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()
const app = new Koa()

if (scenario === 'hello') {
  app.use((ctx) => {
    ctx.type = 'text/plain'
    ctx.body = HELLO
  })
} else {
  if (scenario === 'middleware') {
    for (let i = 0; i < MIDDLEWARE_COUNT; i++) app.use((ctx, next) => next())
  }
  const router = new Router()
  for (let i = 0; i < DECOY_COUNT; i++) {
    router.get(`/r${i}/:id/items/:slug/`, (ctx) => {
      ctx.body = { id: Number(ctx.params.id), slug: ctx.params.slug }
    })
  }
  router.get('/users/:userId/posts/:postId/', (ctx) => {
    ctx.body = { userId: Number(ctx.params.userId), postId: Number(ctx.params.postId) }
  })
  app.use(router.routes())
}

app.listen(port, host, ready)
