import { afterEach, describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { settingChanged } from '../core/signals.js'
import { configure, defineSettings, overrideSettings, resetSettings, settings } from './settings.js'

afterEach(() => resetSettings())

describe('defineSettings', () => {
  it('merges over the defaults and freezes the result', () => {
    const defined = defineSettings({ DEBUG: true, TIME_ZONE: 'Europe/Paris' })
    expect(defined.DEBUG).toBe(true)
    expect(defined.TIME_ZONE).toBe('Europe/Paris')
    expect(defined.X_FRAME_OPTIONS).toBe('DENY')
    expect(Object.isFrozen(defined)).toBe(true)
  })

  it('refuses names that are not UPPER_CASE and suggests the setting', () => {
    expect(() => defineSettings({ allowedHosts: ['x'] } as never)).toThrow(ImproperlyConfigured)
    expect(() => defineSettings({ allowedHosts: ['x'] } as never)).toThrow(/ALLOWED_HOSTS/)
  })

  it('accepts a project-specific upper-case setting', () => {
    const defined = defineSettings({ MY_FEATURE_FLAG: true } as never)
    expect((defined as unknown as Record<string, unknown>).MY_FEATURE_FLAG).toBe(true)
  })
})

describe('overrideSettings', () => {
  it('applies overrides inside the function and restores afterwards', () => {
    configure({ DEBUG: false, ALLOWED_HOSTS: ['a.test'] })
    const seen = overrideSettings({ DEBUG: true }, () => [settings.DEBUG, settings.ALLOWED_HOSTS])
    expect(seen).toEqual([true, ['a.test']])
    expect(settings.DEBUG).toBe(false)
  })

  it('restores when the function throws', () => {
    configure({ DEBUG: false })
    expect(() =>
      overrideSettings({ DEBUG: true }, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(settings.DEBUG).toBe(false)
  })

  it('waits for an async function and restores after it settles, also on rejection', async () => {
    configure({ APPEND_SLASH: true })
    const result = await overrideSettings({ APPEND_SLASH: false }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return settings.APPEND_SLASH
    })
    expect(result).toBe(false)
    expect(settings.APPEND_SLASH).toBe(true)
    await expect(
      overrideSettings({ APPEND_SLASH: false }, async () => {
        throw new Error('async boom')
      }),
    ).rejects.toThrow('async boom')
    expect(settings.APPEND_SLASH).toBe(true)
  })

  it('returns a restore function when no function is given (restoring twice is harmless)', () => {
    configure({ DEBUG: false })
    const restore = overrideSettings({ DEBUG: true })
    expect(settings.DEBUG).toBe(true)
    restore()
    restore()
    expect(settings.DEBUG).toBe(false)
  })

  it('sends settingChanged on entry and on restore', () => {
    configure({ DEBUG: false })
    const events: [string, unknown, boolean][] = []
    const receiver = ({
      setting,
      value,
      enter,
    }: {
      setting: string
      value: unknown
      enter: boolean
    }) => {
      events.push([setting, value, enter])
    }
    settingChanged.connect(receiver)
    try {
      overrideSettings({ DEBUG: true }, () => undefined)
    } finally {
      settingChanged.disconnect(receiver)
    }
    expect(events).toEqual([
      ['DEBUG', true, true],
      ['DEBUG', false, false],
    ])
  })

  it('needs configured settings and refuses bad names', () => {
    expect(() => overrideSettings({ DEBUG: true })).toThrow(ImproperlyConfigured)
    configure({})
    expect(() => overrideSettings({ debug: true } as never)).toThrow(/not a setting name/)
  })
})
