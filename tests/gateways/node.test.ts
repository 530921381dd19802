/** The node:http gateway over a real socket, including malformed and hostile requests. */
import http from 'node:http'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { requestFinished, requestStarted } from '../../src/core/signals.js'
import { serve, type RunningServer } from '../../src/http/gateways/node.js'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse } from '../../src/http/response.js'
import { StreamingHttpResponse } from '../../src/http/streaming-response.js'
import { JsonResponse } from '../../src/http/json-response.js'
import { path } from '../../src/urls/index.js'

let release: (() => void) | undefined
const urlpatterns = [
  path('', () => new HttpResponse('Hello, world!', { contentType: 'text/plain' })),
  path('items/<int:id>/', (_request, { id }) => new JsonResponse({ id, type: typeof id })),
  path(
    'echo/',
    async (request: HttpRequest) => new HttpResponse((await request.read()).toString('utf8')),
  ),
  path(
    'form/',
    (request: HttpRequest) => new JsonResponse({ name: request.POST.get('name') ?? null }),
  ),
  path('boom/', () => {
    throw new Error('view failed')
  }),
  path(
    'stream/',
    () =>
      new StreamingHttpResponse(
        (function* () {
          yield 'one,'
          yield 'two,'
          yield 'three'
        })(),
      ),
  ),
  path('slow/', async () => {
    await new Promise<void>((resolve) => (release = resolve))
    return new HttpResponse('finished slowly')
  }),
]

let running: RunningServer

beforeAll(async () => {
  const settings = buildSettings({
    ROOT_URLCONF: { urlpatterns },
    ALLOWED_HOSTS: ['*'],
    DATA_UPLOAD_MAX_MEMORY_SIZE: 1024,
  })
  running = await serve(new BaseHandler(settings, { installGlobals: false }), {
    port: 0,
    handleSignals: false,
    maxHeaderSize: 4096,
    gracePeriod: 2000,
  })
})

afterAll(async () => {
  await running?.shutdown()
})

/** Sends raw bytes and returns everything the server answers until it closes (or timeout). */
function rawExchange(payload: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(running.address.port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(Buffer.concat(chunks).toString('latin1'))
    }, timeoutMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('latin1'))
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      if (chunks.length) resolve(Buffer.concat(chunks).toString('latin1'))
      else reject(error)
    })
    socket.write(payload)
  })
}

describe('node gateway', () => {
  it('serves a plain response with length and type', async () => {
    const response = await fetch(`${running.url}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(response.headers.get('content-length')).toBe('13')
    expect(await response.text()).toBe('Hello, world!')
  })

  it('converts path parameters', async () => {
    const response = await fetch(`${running.url}/items/42/`)
    expect(await response.json()).toEqual({ id: 42, type: 'number' })
  })

  it('reuses keep-alive connections', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ports = new Set<number>()
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${running.url}/`, { agent }, (res) => {
            ports.add(res.socket.localPort!)
            res.resume()
            res.on('end', resolve)
          })
          .on('error', reject)
      })
    }
    agent.destroy()
    expect(ports.size).toBe(1)
  })

  it('reads request bodies', async () => {
    const response = await fetch(`${running.url}/echo/`, { method: 'POST', body: 'ping' })
    expect(await response.text()).toBe('ping')
  })

  it('parses form bodies before the view', async () => {
    const response = await fetch(`${running.url}/form/`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Ada' }),
    })
    expect(await response.json()).toEqual({ name: 'Ada' })
  })

  it('answers 413 to a body over DATA_UPLOAD_MAX_MEMORY_SIZE, declared or chunked', async () => {
    const declared = await fetch(`${running.url}/echo/`, { method: 'POST', body: 'x'.repeat(5000) })
    expect(declared.status).toBe(413)
    const chunked = await rawExchange(
      'POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
        `800\r\n${'y'.repeat(0x800)}\r\n0\r\n\r\n`,
    )
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /)
  })

  it('answers 500 for a failing view and keeps serving', async () => {
    const failed = await fetch(`${running.url}/boom/`)
    expect(failed.status).toBe(500)
    expect((await fetch(`${running.url}/`)).status).toBe(200)
  })

  it('streams a StreamingHttpResponse', async () => {
    const response = await fetch(`${running.url}/stream/`)
    expect(response.headers.get('content-length')).toBeNull()
    expect(await response.text()).toBe('one,two,three')
  })

  it('answers HEAD without a body', async () => {
    const response = await rawExchange('HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(response).toContain('Content-Length: 13')
    expect(response.endsWith('\r\n\r\n')).toBe(true)
  })

  it('answers 400 to a malformed request line', async () => {
    expect(await rawExchange('BLAH\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /)
  })

  it('answers 431 to oversized headers', async () => {
    const response = await rawExchange(
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`,
    )
    expect(response).toMatch(/^HTTP\/1\.1 431 /)
  })

  it('answers 400 to malformed percent-encoding in the path', async () => {
    const response = await rawExchange(
      'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    )
    expect(response).toMatch(/^HTTP\/1\.1 400 /)
  })

  it('answers 404 to an unknown path', async () => {
    expect((await fetch(`${running.url}/no/such/page/`)).status).toBe(404)
  })

  it('sends requestStarted and requestFinished once per request', async () => {
    let started = 0
    let finished = 0
    const onStart = () => void started++
    const onFinish = () => void finished++
    requestStarted.connect(onStart)
    requestFinished.connect(onFinish)
    try {
      await (await fetch(`${running.url}/`)).text()
      await (await fetch(`${running.url}/stream/`)).text()
      await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      requestStarted.disconnect(onStart)
      requestFinished.disconnect(onFinish)
    }
    expect(started).toBe(2)
    expect(finished).toBe(2)
  })
})

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then stops accepting', async () => {
    const settings = buildSettings({ ROOT_URLCONF: { urlpatterns }, ALLOWED_HOSTS: ['*'] })
    const server = await serve(new BaseHandler(settings, { installGlobals: false }), {
      port: 0,
      handleSignals: false,
      gracePeriod: 5000,
    })
    const inFlight = fetch(`${server.url}/slow/`).then((r) => r.text())
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closed = server.shutdown()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(fetch(`${server.url}/`)).rejects.toThrow()
    release?.()
    expect(await inFlight).toBe('finished slowly')
    await closed
    expect(server.server.listening).toBe(false)
  })
})
