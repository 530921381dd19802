/**
 * Baseline: raw node:http with a hand-written router.
 *
 * The router is what someone writes without a framework: one anchored regex per route,
 * tried in declaration order, int captures turned into numbers. The middleware scenario
 * wraps the handler in seven nested pass-through functions.
 */
import http from 'node:http'
import { DECOY_COUNT, HELLO, MIDDLEWARE_COUNT, ready, serverOptions } from './common.mjs'

const { port, host, scenario } = serverOptions()

function sendJson(res, data) {
  const body = JSON.stringify(data)
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 9 })
  res.end('Not Found')
}

const routes = []
for (let i = 0; i < DECOY_COUNT; i++) {
  routes.push({
    re: new RegExp(`^/r${i}/([0-9]+)/items/([-a-zA-Z0-9_]+)/$`),
    handle: (res, m) => sendJson(res, { id: Number(m[1]), slug: m[2] }),
  })
}
routes.push({
  re: /^\/users\/([0-9]+)\/posts\/([0-9]+)\/$/,
  handle: (res, m) => sendJson(res, { userId: Number(m[1]), postId: Number(m[2]) }),
})

function route(req, res) {
  const q = req.url.indexOf('?')
  const pathname = q === -1 ? req.url : req.url.slice(0, q)
  for (const { re, handle } of routes) {
    const m = re.exec(pathname)
    if (m !== null) return handle(res, m)
  }
  notFound(res)
}

function hello(req, res) {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 13 })
  res.end(HELLO)
}

let listener = scenario === 'hello' ? hello : route
if (scenario === 'middleware') {
  for (let i = 0; i < MIDDLEWARE_COUNT; i++) {
    const next = listener
    listener = (req, res) => next(req, res)
  }
}

http.createServer(listener).listen(port, host, ready)
