import { describe, expect, it } from 'vitest'
import { buildSettings } from '../../conf/settings.js'
import { CheckError, CheckWarning, CRITICAL, ERROR, WARNING } from './messages.js'
import { CheckRegistry } from './registry.js'

const settings = buildSettings({ SILENCED_SYSTEM_CHECKS: ['demo.W002'] })

describe('CheckRegistry', () => {
  it('runs checks in order, filters by tag and leaves silenced ids out', async () => {
    const registry = new CheckRegistry()
    registry.register(() => [new CheckError('first', { id: 'demo.E001' })], { tags: ['a'] })
    registry.register(
      () => [
        new CheckWarning('second', { id: 'demo.W001' }),
        new CheckWarning('silenced', { id: 'demo.W002' }),
      ],
      { tags: ['b'] },
    )
    const all = await registry.runChecks({ settings })
    expect(all.map((m) => m.id)).toEqual(['demo.E001', 'demo.W001'])
    const onlyB = await registry.runChecks({ settings, tags: ['b'] })
    expect(onlyB.map((m) => m.id)).toEqual(['demo.W001'])
  })

  it('runs deployment checks only when asked', async () => {
    const registry = new CheckRegistry()
    registry.register(async () => [new CheckWarning('deploy', { id: 'demo.W010' })], {
      tags: ['security'],
      deploy: true,
    })
    expect(await registry.runChecks({ settings })).toEqual([])
    expect(registry.tagsAvailable()).toEqual(new Set())
    const deploy = await registry.runChecks({ settings, includeDeploymentChecks: true })
    expect(deploy.map((m) => m.id)).toEqual(['demo.W010'])
    expect(registry.tagsAvailable(true)).toEqual(new Set(['security']))
  })

  it('passes the settings to each check and refuses a check that returns no list', async () => {
    const registry = new CheckRegistry()
    const seen: boolean[] = []
    registry.register(({ settings: s }) => {
      seen.push(s.APPEND_SLASH)
      return []
    })
    registry.register(function badCheck() {
      return undefined as never
    })
    await expect(registry.runChecks({ settings })).rejects.toThrow(/badCheck did not return/)
    expect(seen).toEqual([true])
  })

  it('registers a function once and can unregister it', async () => {
    const registry = new CheckRegistry()
    const check = () => [new CheckError('x', { id: 'demo.E009' })]
    registry.register(check)
    registry.register(check)
    expect(await registry.runChecks({ settings })).toHaveLength(1)
    registry.unregister(check)
    expect(await registry.runChecks({ settings })).toHaveLength(0)
  })
})

describe('CheckMessage', () => {
  it('formats like Django and knows whether it is serious', () => {
    const error = new CheckError('Bad thing.', {
      id: 'demo.E001',
      obj: 'ROOT_URLCONF',
      hint: 'Fix it.',
    })
    expect(String(error)).toBe('ROOT_URLCONF: (demo.E001) Bad thing.\n\tHINT: Fix it.')
    expect(error.isSerious()).toBe(true)
    expect(error.levelName).toBe('ERROR')
    const warning = new CheckWarning('Careful.', { id: 'demo.W001' })
    expect(String(warning)).toBe('?: (demo.W001) Careful.')
    expect(warning.isSerious()).toBe(false)
    expect(warning.isSerious(WARNING)).toBe(true)
    expect(error.isSerious(CRITICAL)).toBe(false)
    expect(error.level).toBe(ERROR)
  })
})
