import { randomBytes } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compressSequence, compressString } from './gzip.js'

const TEXT = Buffer.from('<p>Hello, reinhardt!</p>\n'.repeat(200))

/** Length of the FNAME field (padding + NUL) of a gzip member, or 0 when the flag is off. */
function fnameLength(gz: Buffer): number {
  if ((gz[3]! & 0x08) === 0) return 0
  return gz.indexOf(0, 10) - 10 + 1
}

async function collect(iterable: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = []
  for await (const chunk of iterable) out.push(chunk)
  return out
}

describe('compressString', () => {
  it('produces gzip that decompresses to the input', () => {
    const gz = compressString(TEXT)
    expect(gz.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    expect(gunzipSync(gz)).toEqual(TEXT)
    expect(gz.length).toBeLessThan(TEXT.length / 10)
  })

  it('adds no padding by default', () => {
    expect(fnameLength(compressString(TEXT))).toBe(0)
  })

  it('pads the header with 0 to maxRandomBytes-1 bytes in the FNAME field (BREACH)', () => {
    const lengths = new Set<number>()
    for (let i = 0; i < 60; i++) {
      const gz = compressString(TEXT, { maxRandomBytes: 100 })
      expect(gunzipSync(gz)).toEqual(TEXT)
      const padding = fnameLength(gz) - 1
      expect(padding).toBeGreaterThanOrEqual(0)
      expect(padding).toBeLessThan(100)
      expect(gz.subarray(10, 10 + padding).every((byte) => byte === 0x61)).toBe(true)
      lengths.add(gz.length)
    }
    // Random padding: 60 draws from 100 values are practically never this alike.
    expect(lengths.size).toBeGreaterThan(10)
  })
})

describe('compressSequence', () => {
  it('compresses a sync iterable, one output chunk per input chunk', async () => {
    const parts = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')]
    const out = await collect(compressSequence(parts, { maxRandomBytes: 100 }))
    expect(gunzipSync(Buffer.concat(out)).toString()).toBe('first second third')
    // Header+first, second, third, then the trailer: flushed per chunk, so a chunk is sent
    // as soon as the source produced it.
    expect(out.length).toBe(4)
    expect(fnameLength(out[0]!)).toBeGreaterThan(0)
  })

  it('compresses an async iterable with large, random chunks', async () => {
    const parts = [randomBytes(70_000), TEXT, Buffer.alloc(0), randomBytes(5)]
    async function* source() {
      for (const part of parts) {
        await new Promise((resolve) => setImmediate(resolve))
        yield part
      }
    }
    const out = await collect(compressSequence(source()))
    expect(gunzipSync(Buffer.concat(out))).toEqual(Buffer.concat(parts))
  })

  it('makes a valid gzip body from an empty source', async () => {
    const out = await collect(compressSequence([], { maxRandomBytes: 10 }))
    expect(gunzipSync(Buffer.concat(out)).length).toBe(0)
  })

  it('pulls the source only as the consumer asks (backpressure)', async () => {
    let produced = 0
    function* source() {
      for (let i = 0; i < 100; i++) {
        produced++
        yield Buffer.from(`chunk ${i}\n`)
      }
    }
    const iterator = compressSequence(source())[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    expect(produced).toBe(2)
    await iterator.return(undefined)
  })

  it('stops the source when the consumer stops early', async () => {
    let finalized = false
    async function* source() {
      try {
        for (;;) yield Buffer.from('tick\n')
      } finally {
        finalized = true
      }
    }
    const iterator = compressSequence(source())[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.return(undefined)
    expect(finalized).toBe(true)
  })

  it('passes on an error of the source', async () => {
    async function* source() {
      yield Buffer.from('ok')
      throw new Error('source broke')
    }
    await expect(collect(compressSequence(source()))).rejects.toThrow('source broke')
  })
})
