import { afterEach, describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { globalSettings } from './global-settings.js'
import {
  buildSettings,
  configure,
  getSettings,
  isConfigured,
  resetSettings,
  settings,
} from './settings.js'

afterEach(() => resetSettings())

describe('settings', () => {
  it('throws ImproperlyConfigured before configure()', () => {
    expect(isConfigured()).toBe(false)
    expect(() => settings.DEBUG).toThrow(ImproperlyConfigured)
    expect(() => getSettings()).toThrow(/configure\(/)
  })

  it('merges overrides over the global defaults', () => {
    configure({ DEBUG: true, ALLOWED_HOSTS: ['example.com'] })
    expect(settings.DEBUG).toBe(true)
    expect(settings.ALLOWED_HOSTS).toEqual(['example.com'])
    expect(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS).toBe(
      globalSettings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    )
    expect(settings.DEFAULT_CHARSET).toBe('utf-8')
  })

  it('ignores undefined overrides and keeps Django defaults', () => {
    const built = buildSettings({ DEBUG: undefined })
    expect(built.DEBUG).toBe(false)
    expect(built.DATA_UPLOAD_MAX_MEMORY_SIZE).toBe(2_621_440)
    expect(built.APPEND_SLASH).toBe(true)
  })

  it('names an unknown setting', () => {
    configure({})
    expect(() => (settings as unknown as Record<string, unknown>).NOT_A_SETTING).toThrow(
      'Unknown setting NOT_A_SETTING:',
    )
  })

  it('is read-only', () => {
    configure({})
    expect(() => {
      ;(settings as { DEBUG: boolean }).DEBUG = true
    }).toThrow(TypeError)
    expect(Object.isFrozen(buildSettings({}))).toBe(true)
  })

  it('supports `in` and key listing', () => {
    configure({})
    expect('DEBUG' in settings).toBe(true)
    expect(Object.keys(settings)).toContain('ALLOWED_HOSTS')
  })
})
