/**
 * hono 4 on @hono/node-server: the default SmartRouter, no-op middleware via
 * app.use(async (c, next) => { await next() }).
 */
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()
const app = new Hono()

if (scenario === 'hello') {
  app.get('/', (c) => c.text(HELLO))
} else {
  if (scenario === 'middleware') {
    for (let i = 0; i < MIDDLEWARE_COUNT; i++) {
      app.use(async (c, next) => {
        await next()
      })
    }
  }
  for (let i = 0; i < DECOY_COUNT; i++) {
    app.get(`/r${i}/:id/items/:slug/`, (c) =>
      c.json({ id: Number(c.req.param('id')), slug: c.req.param('slug') }),
    )
  }
  app.get('/users/:userId/posts/:postId/', (c) =>
    c.json({ userId: Number(c.req.param('userId')), postId: Number(c.req.param('postId')) }),
  )
}

serve({ fetch: app.fetch, port, hostname: host }, ready)
