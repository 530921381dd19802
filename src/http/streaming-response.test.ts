import { afterEach, describe, expect, it } from 'vitest'
import { requestFinished } from '../core/signals.js'
import { StreamingHttpResponse } from './streaming-response.js'

describe('StreamingHttpResponse', () => {
  let receiver: (() => void) | undefined
  afterEach(() => {
    if (receiver) requestFinished.disconnect(receiver)
    receiver = undefined
  })

  it('is streaming, with the usual status and header options', () => {
    const response = new StreamingHttpResponse(['a'], {
      status: 201,
      contentType: 'text/csv',
      headers: { 'X-A': '1' },
    })
    expect(response.streaming).toBe(true)
    expect(response.statusCode).toBe(201)
    expect(response.getHeader('Content-Type')).toBe('text/csv')
    expect(response.getHeader('X-A')).toBe('1')
    expect(response.hasHeader('Content-Length')).toBe(false)
  })

  it('streams a sync iterable of strings and bytes as Buffers', async () => {
    const response = new StreamingHttpResponse(['a', Buffer.from('b'), new Uint8Array([99])])
    expect(response.isAsync).toBe(false)
    const chunks: Buffer[] = []
    for await (const chunk of response.streamingContent) chunks.push(chunk)
    expect(chunks.every((chunk) => Buffer.isBuffer(chunk))).toBe(true)
    expect(Buffer.concat(chunks).toString()).toBe('abc')
  })

  it('streams an async generator; text() drains it', async () => {
    async function* rows() {
      yield 'id,name\n'
      await new Promise((resolve) => setTimeout(resolve, 1))
      yield '1,Zoë\n'
    }
    const response = new StreamingHttpResponse(rows())
    expect(response.isAsync).toBe(true)
    expect(await response.text()).toBe('id,name\n1,Zoë\n')
    expect(await response.text()).toBe('') // consumed once, as in Django
  })

  it('encodes strings with the response charset', async () => {
    const response = new StreamingHttpResponse(['café'], {
      contentType: 'text/plain; charset=iso-8859-1',
    })
    const bytes = await response.buffer()
    expect([...bytes]).toEqual([0x63, 0x61, 0x66, 0xe9])
    const latin = new StreamingHttpResponse(['é'], { charset: 'latin1' })
    expect(await latin.text()).toBe('é')
  })

  it('has no content: reading or assigning it throws a clear error', () => {
    const response = new StreamingHttpResponse([])
    expect(() => response.content).toThrow(/streaming.*streamingContent/)
    expect(() => {
      response.content = 'x'
    }).toThrow(/assign `streamingContent`/)
  })

  it('refuses sources that are not iterables of chunks', async () => {
    expect(() => new StreamingHttpResponse('text' as unknown as string[])).toThrow(/\[text\]/)
    expect(() => new StreamingHttpResponse(42 as unknown as string[])).toThrow(TypeError)
    expect(() => new StreamingHttpResponse(null as unknown as string[])).toThrow(TypeError)
    const bad = new StreamingHttpResponse([42 as unknown as string])
    await expect(bad.text()).rejects.toThrow(/strings or bytes, got number/)
  })

  it('lets middleware replace the content, wrapping the old iterator', async () => {
    const response = new StreamingHttpResponse(['a', 'b'])
    async function* upper(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) yield chunk.toString().toUpperCase()
    }
    response.streamingContent = upper(response.streamingContent)
    expect(await response.text()).toBe('AB')
  })

  it('close() stops a started generator (its finally runs) and sends requestFinished', async () => {
    let finallyRan = 0
    let finished = 0
    receiver = () => void finished++
    requestFinished.connect(receiver)
    function* numbers() {
      try {
        for (let i = 0; ; i++) yield String(i)
      } finally {
        finallyRan++
      }
    }
    const response = new StreamingHttpResponse(numbers())
    const iterator = response.streamingContent[Symbol.asyncIterator]()
    expect((await iterator.next()).value?.toString()).toBe('0')
    response.close()
    response.close()
    expect(finallyRan).toBe(1)
    expect(finished).toBe(1)
    expect(response.closed).toBe(true)
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
  })

  it('close() stops an async generator, also one replaced by middleware', async () => {
    const log: string[] = []
    async function* source() {
      try {
        yield 'a'
        yield 'b'
      } finally {
        log.push('source finally')
      }
    }
    async function* wrap(inner: AsyncIterable<Buffer>) {
      try {
        for await (const chunk of inner) yield chunk
      } finally {
        log.push('wrapper finally')
      }
    }
    const response = new StreamingHttpResponse(source())
    response.streamingContent = wrap(response.streamingContent)
    await response.streamingContent.next()
    response.close()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(log.sort()).toEqual(['source finally', 'wrapper finally'])
  })

  it('close() does not start a generator that was never read', () => {
    let started = false
    function* lazy() {
      started = true
      yield 'x'
    }
    const response = new StreamingHttpResponse(lazy())
    response.close()
    expect(started).toBe(false)
  })

  it('close() leaves a finished generator alone', async () => {
    let finallyRan = 0
    function* once() {
      try {
        yield 'x'
      } finally {
        finallyRan++
      }
    }
    const response = new StreamingHttpResponse(once())
    expect(await response.text()).toBe('x')
    response.close()
    expect(finallyRan).toBe(1)
  })

  it('marks the iterator done when the source throws', async () => {
    function* broken() {
      yield 'a'
      throw new Error('boom')
    }
    const response = new StreamingHttpResponse(broken())
    const iterator = response.streamingContent
    await iterator.next()
    await expect(iterator.next()).rejects.toThrow('boom')
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
  })
})
