import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requestFinished } from '../../core/signals.js'
import { JsonResponse } from '../json-response.js'
import { HttpResponseRedirect } from '../response-redirect.js'
import { HttpResponseNotModified } from '../response-status.js'
import { HttpResponse, HttpResponseBase } from '../response.js'
import { StreamingHttpResponse } from '../streaming-response.js'
import { toWebResponse } from './to-web-response.js'

let finished: unknown[]
const onFinished = ({ sender }: { sender: unknown }): void => void finished.push(sender)

beforeEach(() => {
  finished = []
  requestFinished.connect(onFinished)
})

afterEach(() => {
  requestFinished.disconnect(onFinished)
})

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('toWebResponse: in-memory bodies', () => {
  it('copies status, reason, headers and body, and closes at once', async () => {
    const response = new HttpResponse('<p>Zoë</p>', { status: 201, reason: 'Made It' })
    response.setHeader('X-Frame-Options', 'DENY')
    const web = toWebResponse(response, { method: 'GET' })
    expect(finished).toEqual([response])
    expect(web.status).toBe(201)
    expect(web.statusText).toBe('Made It')
    expect(web.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(web.headers.get('x-frame-options')).toBe('DENY')
    expect(web.headers.get('content-length')).toBe(String(Buffer.byteLength('<p>Zoë</p>')))
    expect(await web.text()).toBe('<p>Zoë</p>')
  })

  it('sends bytes and non-UTF-8 text as bytes', async () => {
    const latin = toWebResponse(
      new HttpResponse('café', { contentType: 'text/plain; charset=iso-8859-1' }),
      { method: 'GET' },
    )
    expect([...new Uint8Array(await latin.arrayBuffer())]).toEqual([0x63, 0x61, 0x66, 0xe9])
    const bytes = toWebResponse(new HttpResponse(Buffer.from([1, 2, 3])), { method: 'GET' })
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3])
  })

  it('serves JSON and redirects', async () => {
    const json = toWebResponse(new JsonResponse({ ok: true }), { method: 'GET' })
    expect(json.headers.get('content-type')).toBe('application/json')
    expect(await json.json()).toEqual({ ok: true })
    const redirect = toWebResponse(new HttpResponseRedirect('/login/'), { method: 'POST' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe('/login/')
  })

  it('appends each cookie as its own Set-Cookie line', () => {
    const response = new HttpResponse('ok').setCookie('a', '1').setCookie('b', '2')
    const web = toWebResponse(response, { method: 'GET' })
    expect(web.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  })

  it('gives HEAD a null body but keeps Content-Length', async () => {
    const web = toWebResponse(new HttpResponse('hello'), { method: 'HEAD' })
    expect(web.body).toBeNull()
    expect(web.headers.get('content-length')).toBe('5')
  })

  it('gives 204 and 304 a null body and no Content-Length', () => {
    const noContent = toWebResponse(
      new HttpResponse('x', { status: 204 }).setHeader('Content-Length', 1),
      { method: 'GET' },
    )
    expect(noContent.status).toBe(204)
    expect(noContent.body).toBeNull()
    expect(noContent.headers.has('content-length')).toBe(false)
    const notModified = toWebResponse(new HttpResponseNotModified(), { method: 'GET' })
    expect(notModified.status).toBe(304)
    expect(notModified.body).toBeNull()
    expect(notModified.headers.has('content-length')).toBe(false)
    expect(notModified.headers.has('content-type')).toBe(false)
  })

  it('closes the response even when Response refuses it (status below 200)', () => {
    const response = new HttpResponse('', { status: 101 })
    expect(() => toWebResponse(response, { method: 'GET' })).toThrow(RangeError)
    expect(response.closed).toBe(true)
  })

  it('converts a bare HttpResponseBase to an empty body', async () => {
    const web = toWebResponse(new HttpResponseBase({ status: 202 }), { method: 'GET' })
    expect(web.status).toBe(202)
    expect(await web.text()).toBe('')
  })
})

describe('toWebResponse: streaming bodies', () => {
  it('streams chunks on demand and closes when the stream ends', async () => {
    let pulled = 0
    async function* body() {
      for (const part of ['a', 'b', 'ç']) {
        pulled++
        yield part
      }
    }
    const response = new StreamingHttpResponse(body(), { contentType: 'text/plain' })
    const web = toWebResponse(response, { method: 'GET' })
    await tick(5)
    expect(pulled).toBe(0) // nothing is produced before someone reads
    expect(finished).toEqual([])
    expect(await web.text()).toBe('abç')
    expect(finished).toEqual([response])
  })

  it('stops the generator when the body is cancelled', async () => {
    let finallyRan = false
    let yielded = 0
    async function* endless() {
      try {
        for (;;) {
          yielded++
          yield `line ${yielded}\n`
        }
      } finally {
        finallyRan = true
      }
    }
    const response = new StreamingHttpResponse(endless())
    const web = toWebResponse(response, { method: 'GET' })
    const reader = web.body!.getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value!).toString()).toBe('line 1\n')
    await reader.cancel()
    expect(finallyRan).toBe(true)
    expect(finished).toEqual([response])
    const stoppedAt = yielded
    await tick(5)
    expect(yielded).toBe(stoppedAt)
  })

  it('cancel() through res.body.cancel() also works before any read', async () => {
    let started = false
    function* lazy() {
      started = true
      yield 'x'
    }
    const response = new StreamingHttpResponse(lazy())
    const web = toWebResponse(response, { method: 'GET' })
    await web.body!.cancel()
    expect(started).toBe(false)
    expect(response.closed).toBe(true)
  })

  it('errors the stream when the source throws, and closes', async () => {
    async function* broken() {
      yield 'a'
      throw new Error('boom')
    }
    const response = new StreamingHttpResponse(broken())
    const web = toWebResponse(response, { method: 'GET' })
    await expect(web.text()).rejects.toThrow('boom')
    expect(finished).toEqual([response])
  })

  it('gives HEAD a null body without starting the source, and closes at once', () => {
    let started = false
    function* lazy() {
      started = true
      yield 'x'
    }
    const response = new StreamingHttpResponse(lazy(), { headers: { 'Content-Length': '1' } })
    const web = toWebResponse(response, { method: 'HEAD' })
    expect(web.body).toBeNull()
    expect(web.headers.get('content-length')).toBe('1')
    expect(started).toBe(false)
    expect(finished).toEqual([response])
  })

  it('refuses a streaming response without streamingContent, closing it', () => {
    class Odd extends HttpResponseBase {
      override readonly streaming = true
    }
    const response = new Odd()
    expect(() => toWebResponse(response, { method: 'GET' })).toThrow(/streamingContent/)
    expect(response.closed).toBe(true)
  })
})
