import { describe, expect, it } from 'vitest'
import { Signal } from './signal.js'

describe('Signal', () => {
  it('calls receivers in connection order with the sender and arguments', () => {
    const signal = new Signal<{ n: number }, string>()
    const seen: string[] = []
    signal.connect(({ sender, n }) => seen.push(`a:${sender}:${n}`))
    signal.connect(({ sender, n }) => seen.push(`b:${sender}:${n}`))
    const results = signal.send('shop', { n: 7 })
    expect(seen).toEqual(['a:shop:7', 'b:shop:7'])
    expect(results).toEqual([1, 2])
  })

  it('filters by sender and ignores duplicate connections', () => {
    const signal = new Signal<{ n: number }, string>()
    const seen: number[] = []
    const receiver = ({ n }: { n: number }) => seen.push(n)
    signal.connect(receiver, { sender: 'a' })
    signal.connect(receiver, { sender: 'a' })
    signal.send('b', { n: 1 })
    signal.send('a', { n: 2 })
    expect(seen).toEqual([2])
    expect(signal.hasListeners('a')).toBe(true)
  })

  it('keeps one receiver per dispatchUid and disconnects by uid or function', () => {
    const signal = new Signal()
    let calls = 0
    signal.connect(() => calls++, { dispatchUid: 'x' })
    signal.connect(() => calls++, { dispatchUid: 'x' })
    signal.send(null, {})
    expect(calls).toBe(1)
    expect(signal.disconnect({ dispatchUid: 'x' })).toBe(true)
    expect(signal.disconnect({ dispatchUid: 'x' })).toBe(false)
    signal.send(null, {})
    expect(calls).toBe(1)
    expect(signal.hasListeners()).toBe(false)
  })

  it('propagates errors from send but collects them in sendRobust', () => {
    const signal = new Signal()
    signal.connect(() => {
      throw new Error('boom')
    })
    signal.connect(() => 'ok')
    expect(() => signal.send(null, {})).toThrow('boom')
    const results = signal.sendRobust(null, {})
    expect(results[0]).toBeInstanceOf(Error)
    expect(results[1]).toBe('ok')
  })

  it('awaits async receivers in asend', async () => {
    const signal = new Signal()
    signal.connect(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return 'late'
    })
    expect(await signal.asend(null, {})).toEqual(['late'])
  })

  it('does not call a receiver disconnected during a send twice or skip others', () => {
    const signal = new Signal()
    const seen: string[] = []
    const second = () => seen.push('second')
    signal.connect(() => {
      seen.push('first')
      signal.disconnect(second)
    })
    signal.connect(second)
    signal.send(null, {})
    signal.send(null, {})
    expect(seen).toEqual(['first', 'second', 'first'])
  })
})
