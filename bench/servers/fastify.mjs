/**
 * fastify 5: routes on its find-my-way radix tree, no-op middleware as onRequest hooks.
 * Params arrive as strings and are converted in the handler, as a fastify user would
 * without a JSON schema.
 */
import Fastify from 'fastify'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()
const app = Fastify({ logger: false })

if (scenario === 'hello') {
  app.get('/', (request, reply) => {
    reply.type('text/plain; charset=utf-8').send(HELLO)
  })
} else {
  if (scenario === 'middleware') {
    for (let i = 0; i < MIDDLEWARE_COUNT; i++) {
      app.addHook('onRequest', (request, reply, done) => done())
    }
  }
  for (let i = 0; i < DECOY_COUNT; i++) {
    app.get(`/r${i}/:id/items/:slug/`, (request) => ({
      id: Number(request.params.id),
      slug: request.params.slug,
    }))
  }
  app.get('/users/:userId/posts/:postId/', (request) => ({
    userId: Number(request.params.userId),
    postId: Number(request.params.postId),
  }))
}

await app.listen({ port, host })
ready()
