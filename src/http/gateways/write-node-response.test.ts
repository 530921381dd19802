import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { requestFinished } from '../../core/signals.js'
import { FileResponse } from '../file-response.js'
import { HttpResponseNotModified } from '../response-status.js'
import { HttpResponse, HttpResponseBase } from '../response.js'
import { StreamingHttpResponse } from '../streaming-response.js'
import { writeNodeResponse } from './write-node-response.js'
import { setLogSink } from '../../core/log.js'

/** Captures error records of the framework's loggers as calls (message, error). */
function captureErrors() {
  const calls = vi.fn<(message: string, error: unknown) => void>()
  const previous = setLogSink((record) => {
    if (record.level === 'error') calls(record.message, record.error)
  })
  onTestFinished(() => void setLogSink(previous))
  return calls
}

type Respond = (req: IncomingMessage, res: ServerResponse) => HttpResponseBase

interface TestServer {
  port: number
  /** Promises returned by writeNodeResponse, one per request. */
  writes: Promise<void>[]
  close(): Promise<void>
}

let server: TestServer | undefined
let finished: unknown[]
const onFinished = ({ sender }: { sender: unknown }): void => void finished.push(sender)

beforeEach(() => {
  finished = []
  requestFinished.connect(onFinished)
})

afterEach(async () => {
  requestFinished.disconnect(onFinished)
  vi.restoreAllMocks()
  await server?.close()
  server = undefined
})

async function serve(respond: Respond): Promise<TestServer> {
  const writes: Promise<void>[] = []
  const started = await serveRaw((req, res) => {
    writes.push(writeNodeResponse(res, respond(req, res), { method: req.method ?? 'GET' }))
  })
  started.writes = writes
  return started
}

/** Starts a server on an ephemeral port with a raw listener; afterEach closes it. */
async function serveRaw(listener: http.RequestListener): Promise<TestServer> {
  const httpServer = http.createServer(listener)
  httpServer.listen(0, '127.0.0.1')
  await once(httpServer, 'listening')
  server = {
    port: (httpServer.address() as AddressInfo).port,
    writes: [],
    close: () => {
      httpServer.closeAllConnections()
      return new Promise((resolve) => httpServer.close(() => resolve()))
    },
  }
  return server
}

interface Received {
  status: number
  reason: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

function request(port: number, method = 'GET', path = '/'): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error('timed out waiting for a condition')
    await tick(5)
  }
}

describe('writeNodeResponse: in-memory bodies', () => {
  it('writes status, reason, headers, Content-Length and body; closes once', async () => {
    let response: HttpResponse | undefined
    const { port, writes } = await serve(() => {
      response = new HttpResponse('<p>Zoë</p>', { status: 201, reason: 'Made It' })
      return response.setHeader('X-Frame-Options', 'DENY')
    })
    const received = await request(port)
    expect(received.status).toBe(201)
    expect(received.reason).toBe('Made It')
    expect(received.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(received.headers['x-frame-options']).toBe('DENY')
    expect(received.headers['content-length']).toBe(String(Buffer.byteLength('<p>Zoë</p>')))
    expect(received.body.toString()).toBe('<p>Zoë</p>')
    await writes[0]
    await until(() => finished.length > 0)
    await tick(20)
    expect(finished).toEqual([response])
    expect(response?.closed).toBe(true)
  })

  it('encodes the body with the response charset', async () => {
    const { port } = await serve(
      () => new HttpResponse('café', { contentType: 'text/plain; charset=iso-8859-1' }),
    )
    const received = await request(port)
    expect([...received.body]).toEqual([0x63, 0x61, 0x66, 0xe9])
    expect(received.headers['content-length']).toBe('4')
  })

  it('keeps a Content-Length the view set', async () => {
    const { port } = await serve(() => new HttpResponse('abc').setHeader('content-length', 3))
    const received = await request(port)
    expect(received.headers['content-length']).toBe('3')
    expect(received.body.toString()).toBe('abc')
  })

  it('answers HEAD with headers, Content-Length included, and no body', async () => {
    const { port } = await serve(() => new HttpResponse('hello world'))
    const received = await request(port, 'HEAD')
    expect(received.status).toBe(200)
    expect(received.headers['content-length']).toBe('11')
    expect(received.body.length).toBe(0)
    await until(() => finished.length === 1)
  })

  it('sends 204 and 304 without body or Content-Length', async () => {
    const responses: Record<string, () => HttpResponseBase> = {
      '/204': () => new HttpResponse('ignored', { status: 204 }).setHeader('Content-Length', 7),
      '/304': () => new HttpResponseNotModified({ headers: { ETag: '"v1"' } }),
    }
    const { port } = await serve((req) => responses[req.url ?? '']!())
    const noContent = await request(port, 'GET', '/204')
    expect(noContent.status).toBe(204)
    expect(noContent.headers['content-length']).toBeUndefined()
    expect(noContent.headers['transfer-encoding']).toBeUndefined()
    expect(noContent.body.length).toBe(0)
    const notModified = await request(port, 'GET', '/304')
    expect(notModified.status).toBe(304)
    expect(notModified.headers.etag).toBe('"v1"')
    expect(notModified.headers['content-length']).toBeUndefined()
    expect(notModified.headers['content-type']).toBeUndefined()
    expect(notModified.body.length).toBe(0)
    await until(() => finished.length === 2)
  })

  it('sends each cookie as its own Set-Cookie header', async () => {
    const { port } = await serve(() =>
      new HttpResponse('ok')
        .setCookie('theme', 'dark', { httpOnly: true })
        .setCookie('lang', 'fr', { maxAge: 60 })
        .deleteCookie('old'),
    )
    const received = await request(port)
    const cookies = received.headers['set-cookie'] ?? []
    expect(cookies).toHaveLength(3)
    expect(cookies[0]).toMatch(/^theme=dark; Path=\/; HttpOnly/)
    expect(cookies[1]).toMatch(/^lang=fr; Max-Age=60; Path=\/; Expires=/)
    expect(cookies[2]).toMatch(/^old=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/)
    const viaFetch = await fetch(`http://127.0.0.1:${port}/`)
    expect(viaFetch.headers.getSetCookie()).toHaveLength(3)
    await viaFetch.arrayBuffer()
  })

  it('answers 500 when writeHead throws, logs it, never rejects, and closes once', async () => {
    const logged = captureErrors()
    let bad: HttpResponse | undefined
    const { port, writes } = await serve(() => {
      bad = new HttpResponse('x').setHeader('X-Bad', 'caf\u20ac') // not Latin-1: Node refuses it
      return bad
    })
    const received = await request(port)
    expect(received.status).toBe(500)
    expect(received.body.toString()).toBe('Internal Server Error')
    await expect(writes[0]).resolves.toBeUndefined()
    expect(logged).toHaveBeenCalledTimes(1)
    expect((logged.mock.calls[0]?.[1] as { code?: string }).code).toBe('ERR_INVALID_CHAR')
    await tick(20)
    expect(finished).toEqual([bad])
  })

  it('answers 500 for a streaming response whose headers Node refuses', async () => {
    captureErrors()
    let started = false
    const { port, writes } = await serve(() => {
      function* body() {
        started = true
        yield 'x'
      }
      return new StreamingHttpResponse(body(), { headers: { 'X-Bad': '\u20ac' } })
    })
    expect((await request(port)).status).toBe(500)
    await writes[0]
    expect(started).toBe(false)
    await until(() => finished.length === 1)
  })

  it('only closes the response when the client left before it was written', async () => {
    const response = new HttpResponse('late')
    const res = { destroyed: true } as unknown as ServerResponse
    await writeNodeResponse(res, response, { method: 'GET' })
    expect(response.closed).toBe(true)
    expect(finished).toEqual([response])
  })

  it('writes a bare HttpResponseBase with an empty body', async () => {
    const { port } = await serve(() => new HttpResponseBase({ status: 202 }))
    const received = await request(port)
    expect(received.status).toBe(202)
    expect(received.headers['content-length']).toBe('0')
    expect(received.body.length).toBe(0)
  })
})

describe('writeNodeResponse: streaming bodies', () => {
  it('writes chunks as they come, chunked, and closes once at the end', async () => {
    let finallyRan = false
    let response: StreamingHttpResponse | undefined
    const { port, writes } = await serve(() => {
      async function* body() {
        try {
          yield 'a,'
          await tick(2)
          yield Buffer.from('b,')
          yield ''
          yield 'ç'
        } finally {
          finallyRan = true
        }
      }
      response = new StreamingHttpResponse(body(), { contentType: 'text/csv' })
      return response
    })
    const received = await request(port)
    expect(received.body.toString()).toBe('a,b,ç')
    expect(received.headers['transfer-encoding']).toBe('chunked')
    expect(received.headers['content-length']).toBeUndefined()
    await writes[0]
    expect(finallyRan).toBe(true)
    expect(finished).toEqual([response])
  })

  it('answers HEAD without starting the generator', async () => {
    let started = false
    const { port, writes } = await serve(() => {
      function* body() {
        started = true
        yield 'never'
      }
      return new StreamingHttpResponse(body())
    })
    const received = await request(port, 'HEAD')
    expect(received.status).toBe(200)
    expect(received.body.length).toBe(0)
    await writes[0]
    await until(() => finished.length === 1)
    expect(started).toBe(false)
  })

  it('sends a FileResponse with its length, and HEAD keeps that length', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reinhardt-node-'))
    try {
      const bytes = Buffer.alloc(300_000, 7)
      await writeFile(join(dir, 'blob.bin'), bytes)
      const files: FileResponse[] = []
      const { port } = await serveRaw(async (req, res) => {
        const file = await FileResponse.open(join(dir, 'blob.bin'), { asAttachment: true })
        files.push(file)
        await writeNodeResponse(res, file, { method: req.method ?? 'GET' })
      })
      const received = await request(port)
      expect(received.body.equals(bytes)).toBe(true)
      expect(received.headers['content-length']).toBe('300000')
      expect(received.headers['content-type']).toBe('application/octet-stream')
      expect(received.headers['content-disposition']).toBe('attachment; filename="blob.bin"')
      const head = await request(port, 'HEAD')
      expect(head.headers['content-length']).toBe('300000')
      expect(head.body.length).toBe(0)
      await until(() => files.length === 2 && files.every((f) => f.fileToStream?.destroyed))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('applies backpressure: a paused client stops the generator being pulled', async () => {
    let pulled = 0
    let finallyRan = false
    const chunk = Buffer.alloc(64 * 1024, 120)
    const total = 4000 // 250 MiB if nothing held it back
    let response: StreamingHttpResponse | undefined
    const { port, writes } = await serve(() => {
      function* big() {
        try {
          for (let i = 0; i < total; i++) {
            pulled++
            yield chunk
          }
        } finally {
          finallyRan = true
        }
      }
      response = new StreamingHttpResponse(big(), { contentType: 'application/octet-stream' })
      return response
    })
    const socket = net.connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.pause() // never read: only the kernel's socket buffers absorb data
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n')
    await until(() => pulled > 0)
    await tick(300)
    const first = pulled
    await tick(300)
    expect(pulled).toBe(first) // stalled on 'drain', not racing ahead
    expect(pulled).toBeLessThan(total / 4) // bounded by socket buffers, not the body size
    expect(finallyRan).toBe(false)

    socket.destroy() // the client gives up: the generator is stopped, close() runs once
    await writes[0]
    expect(finallyRan).toBe(true)
    await tick(20)
    expect(finished.filter((sender) => sender === response)).toHaveLength(1)
  })

  it('stops the generator and closes once when the client disconnects mid-stream', async () => {
    let yielded = 0
    let finallyRan = false
    let response: StreamingHttpResponse | undefined
    const { port, writes } = await serve(() => {
      async function* ticker() {
        try {
          for (;;) {
            yielded++
            yield `tick ${yielded}\n`
            await tick(5)
          }
        } finally {
          finallyRan = true
        }
      }
      response = new StreamingHttpResponse(ticker(), { contentType: 'text/event-stream' })
      return response
    })
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, agent: false }, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', (error) =>
        (error as { code?: string }).code === 'ECONNRESET' ? 0 : reject(error),
      )
    })
    await writes[0]
    await until(() => finallyRan)
    const stoppedAt = yielded
    await tick(50)
    expect(yielded).toBe(stoppedAt)
    expect(finished.filter((sender) => sender === response)).toHaveLength(1)
    expect(response?.closed).toBe(true)
  })

  it('cuts the connection when the iterable throws mid-stream, without crashing', async () => {
    const logged = captureErrors()
    let response: StreamingHttpResponse | undefined
    const { port, writes } = await serve((req) => {
      if (req.url === '/ok') return new HttpResponse('still alive')
      async function* broken() {
        yield 'partial'
        await tick(5)
        throw new Error('database went away')
      }
      response = new StreamingHttpResponse(broken())
      return response
    })
    const outcome = await new Promise<{ complete: boolean; body: string }>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, agent: false }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('error', () => {})
        res.on('close', () => resolve({ complete: res.complete, body }))
      })
      req.on('error', () => resolve({ complete: false, body: '' }))
    })
    expect(outcome.complete).toBe(false)
    expect(outcome.body).toBe('partial')
    await writes[0]
    expect(logged).toHaveBeenCalledTimes(1)
    expect(String(logged.mock.calls[0]?.[1])).toContain('database went away')
    expect(finished.filter((sender) => sender === response)).toHaveLength(1)
    expect((await request(port, 'GET', '/ok')).body.toString()).toBe('still alive')
  })

  it('answers 500 for a streaming response without streamingContent', async () => {
    const logged = captureErrors()
    class Odd extends HttpResponseBase {
      override readonly streaming = true
    }
    const response = new Odd()
    const { port, writes } = await serve(() => response)
    expect((await request(port)).status).toBe(500)
    await writes[0]
    expect(String(logged.mock.calls[0]?.[1])).toMatch(/must have `streamingContent`/)
    expect(response.closed).toBe(true)
  })
})
