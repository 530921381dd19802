import { describe, expect, it } from 'vitest'
import { Context, MISSING, RenderContext } from './context.js'

describe('Context', () => {
  it('push/pop scopes and lookups', () => {
    const ctx = new Context({ a: 1 })
    expect(ctx.get('a')).toBe(1)
    ctx.push({ a: 2, b: 3 })
    expect(ctx.get('a')).toBe(2)
    ctx.set('c', 4)
    expect(ctx.flatten()).toMatchObject({ a: 2, b: 3, c: 4, True: true })
    ctx.pop()
    expect(ctx.get('a')).toBe(1)
    expect(ctx.has('c')).toBe(false)
    expect(() => ctx.pop()).toThrow(/more times than push/)
  })

  it('does not resolve inherited Object properties', () => {
    const ctx = new Context({})
    expect(ctx.lookup('constructor')).toBe(MISSING)
    expect(ctx.lookup('toString')).toBe(MISSING)
  })

  it('accepts a Map and has True/False/None', () => {
    const ctx = new Context(new Map([['x', 'y']]))
    expect(ctx.get('x')).toBe('y')
    expect(ctx.get('None')).toBe(null)
  })

  it('setUpward updates the nearest scope holding the name', () => {
    const ctx = new Context({ n: 1 })
    ctx.push()
    ctx.setUpward('n', 2)
    ctx.pop()
    expect(ctx.get('n')).toBe(2)
  })

  it('new() shares options and render state; copy() copies scopes', () => {
    const ctx = new Context({ a: 1 }, { autoescape: false, timeZone: 'Europe/Paris' })
    const fresh = ctx.new({ b: 2 })
    expect(fresh.get('a')).toBeUndefined()
    expect(fresh.autoescape).toBe(false)
    expect(fresh.timeZone).toBe('Europe/Paris')
    expect(fresh.renderContext).toBe(ctx.renderContext)
    const copy = ctx.copy()
    copy.set('a', 9)
    expect(ctx.get('a')).toBe(1)
  })
})

describe('RenderContext', () => {
  it('isolated state per template, shared for extends', () => {
    const rc = new RenderContext()
    rc.set('k', 1)
    const t = { name: 't' } as never
    const popIsolated = rc.pushState(t, true)
    expect(rc.get('k')).toBeUndefined()
    popIsolated()
    const popShared = rc.pushState(t, false)
    expect(rc.get('k')).toBe(1)
    popShared()
  })
})
