/**
 * express 5: app.get routes (path-to-regexp, tried in order), no-op middleware via
 * app.use((req, res, next) => next()).
 */
import express from 'express'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()
const app = express()

if (scenario === 'hello') {
  app.get('/', (req, res) => {
    res.type('text/plain').send(HELLO)
  })
} else {
  if (scenario === 'middleware') {
    for (let i = 0; i < MIDDLEWARE_COUNT; i++) app.use((req, res, next) => next())
  }
  for (let i = 0; i < DECOY_COUNT; i++) {
    app.get(`/r${i}/:id/items/:slug/`, (req, res) => {
      res.json({ id: Number(req.params.id), slug: req.params.slug })
    })
  }
  app.get('/users/:userId/posts/:postId/', (req, res) => {
    res.json({ userId: Number(req.params.userId), postId: Number(req.params.postId) })
  })
}

app.listen(port, host, ready)
