import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { BadRequest, RequestDataTooBig } from '../core/exceptions.js'
import { forEachChunk, parseContentLength, readBody } from './read-body.js'

const bytes = (n: number, fill = 0x61) => new Uint8Array(n).fill(fill)

/** An async generator of `count` chunks of `size` bytes that records how many it produced. */
function counted(count: number, size: number) {
  const state = { pulled: 0, finished: false }
  async function* gen() {
    try {
      for (let i = 0; i < count; i++) {
        state.pulled++
        yield bytes(size)
      }
    } finally {
      state.finished = true
    }
  }
  return { source: gen(), state }
}

describe('readBody', () => {
  it('reads every source kind', async () => {
    expect(
      (await readBody(Buffer.from('abc'), { limit: null, declaredLength: 3 })).toString(),
    ).toBe('abc')
    expect((await readBody(null, { limit: 10, declaredLength: null })).byteLength).toBe(0)
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('he'))
        c.enqueue(new TextEncoder().encode('llo'))
        c.close()
      },
    })
    expect((await readBody(web, { limit: 10, declaredLength: null })).toString()).toBe('hello')
    const node = Readable.from([Buffer.from('x'), Buffer.from('y')])
    expect((await readBody(node, { limit: 10, declaredLength: 2 })).toString()).toBe('xy')
  })

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const { source, state } = counted(5, 10)
    await expect(readBody(source, { limit: 20, declaredLength: 50 })).rejects.toThrow(
      RequestDataTooBig,
    )
    expect(state.pulled).toBe(0)
  })

  it('counts actual bytes without a Content-Length and stops pulling', async () => {
    const { source, state } = counted(100, 10)
    const error = await readBody(source, { limit: 25, declaredLength: null }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RequestDataTooBig)
    expect((error as RequestDataTooBig).statusCode).toBe(413)
    expect((error as Error).message).toMatch(/DATA_UPLOAD_MAX_MEMORY_SIZE \(25 bytes\)/)
    expect(state.pulled).toBe(3)
    // The iterator was abandoned, not closed: closing a socket stream would kill the 413.
    expect(state.finished).toBe(false)
  })

  it('is not fooled by a lying Content-Length', async () => {
    const { source, state } = counted(100, 10)
    await expect(readBody(source, { limit: 25, declaredLength: 5 })).rejects.toThrow(
      RequestDataTooBig,
    )
    expect(state.pulled).toBe(3)
    await expect(readBody(bytes(30), { limit: 25, declaredLength: 5 })).rejects.toThrow(
      RequestDataTooBig,
    )
  })

  it('turns a source error or short body into BadRequest', async () => {
    async function* broken() {
      yield bytes(3)
      throw new Error('aborted')
    }
    await expect(readBody(broken(), { limit: null, declaredLength: null })).rejects.toThrow(
      /Incomplete request body: aborted/,
    )
    await expect(readBody(bytes(3), { limit: null, declaredLength: 10 })).rejects.toThrow(
      BadRequest,
    )
    await expect(readBody(bytes(3), { limit: null, declaredLength: 10 })).rejects.toThrow(
      /received 3 of 10 bytes/,
    )
  })
})

describe('forEachChunk', () => {
  it('stops quietly when told to', async () => {
    let release!: () => void
    const stop = new Promise<void>((r) => (release = r))
    async function* slow() {
      yield bytes(1)
      await new Promise(() => undefined) // a client that went quiet
    }
    const seen: number[] = []
    const done = forEachChunk(slow(), (c) => void seen.push(c.byteLength), stop)
    setTimeout(release, 10)
    await done
    expect(seen).toEqual([1])
  })
})

describe('parseContentLength', () => {
  it('accepts only decimal integers', () => {
    expect(parseContentLength('42')).toBe(42)
    expect(parseContentLength(' 7 ')).toBe(7)
    expect(parseContentLength(undefined)).toBeNull()
    expect(parseContentLength('-1')).toBeNull()
    expect(parseContentLength('1e3')).toBeNull()
    expect(parseContentLength('99999999999999999999')).toBeNull()
  })
})
