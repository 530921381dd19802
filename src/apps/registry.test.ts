import { describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { AppConfig, defineApp, toAppConfig } from './config.js'
import { AppRegistryNotReady, Apps, LookupError } from './registry.js'

describe('AppConfig', () => {
  it('derives label and verbose name from the name and accepts a file URL path', () => {
    const app = defineApp({ name: 'shop.orders', path: new URL('file:///srv/shop/orders') })
    expect(app.label).toBe('orders')
    expect(app.verboseName).toBe('Orders')
    expect(app.path).toBe('/srv/shop/orders')
  })

  it('refuses a missing path, an empty name and an invalid label', () => {
    expect(() => defineApp({ name: 'x', path: '' })).toThrow(/needs a path/)
    expect(() => defineApp({ name: '', path: '/x' })).toThrow(ImproperlyConfigured)
    expect(() => defineApp({ name: 'my-app', path: '/x' })).toThrow(/not a valid identifier/)
  })

  it('accepts a config or a module whose default export is one, and names anything else', () => {
    const app = defineApp({ name: 'polls', path: '/p' })
    expect(toAppConfig(app)).toBe(app)
    expect(toAppConfig({ default: app })).toBe(app)
    expect(() => toAppConfig('polls' as never)).toThrow(/the string 'polls'/)
  })
})

describe('Apps', () => {
  it('imports every app’s models before any ready() hook, in INSTALLED_APPS order', async () => {
    const calls: string[] = []
    const make = (name: string) =>
      defineApp({
        name,
        path: `/apps/${name}`,
        importModels: async () => {
          calls.push(`models:${name}`)
        },
        ready: () => {
          calls.push(`ready:${name}`)
        },
      })
    const registry = new Apps()
    await registry.populate([make('a'), make('b')])
    expect(calls).toEqual(['models:a', 'models:b', 'ready:a', 'ready:b'])
    expect(registry.getAppConfigs().map((app) => app.label)).toEqual(['a', 'b'])
    expect(registry.isInstalled('b')).toBe(true)
    expect(registry.isInstalled('c')).toBe(false)
  })

  it('is idempotent for the same list and refuses another one', async () => {
    const list = [defineApp({ name: 'a', path: '/a' })]
    const registry = new Apps()
    await registry.populate(list)
    await registry.populate(list)
    await expect(registry.populate([defineApp({ name: 'b', path: '/b' })])).rejects.toThrow(
      /already populated/,
    )
  })

  it('refuses duplicate labels and names', async () => {
    await expect(
      new Apps().populate([
        defineApp({ name: 'x.polls', path: '/1' }),
        defineApp({ name: 'y.polls', path: '/2' }),
      ]),
    ).rejects.toThrow(/labels aren't unique, duplicates: polls/)
    await expect(
      new Apps().populate([
        defineApp({ name: 'polls', path: '/1', label: 'p1' }),
        defineApp({ name: 'polls', path: '/2', label: 'p2' }),
      ]),
    ).rejects.toThrow(/names aren't unique/)
  })

  it('throws AppRegistryNotReady before populate and LookupError for unknown labels', async () => {
    const registry = new Apps()
    expect(() => registry.getAppConfigs()).toThrow(AppRegistryNotReady)
    await registry.populate([defineApp({ name: 'polls', path: '/p' })])
    expect(() => registry.getAppConfig('nope')).toThrow(LookupError)
    expect(() => registry.getAppConfig('nope')).toThrow(/Installed: polls/)
  })

  it('a failing ready() rejects populate and leaves the registry not ready', async () => {
    const registry = new Apps()
    const broken = defineApp({
      name: 'broken',
      path: '/b',
      ready: () => {
        throw new Error('ready failed')
      },
    })
    await expect(registry.populate([broken])).rejects.toThrow('ready failed')
    expect(registry.ready).toBe(false)
  })

  it('registers models by app label, case-insensitively, and refuses a conflicting one', () => {
    const registry = new Apps()
    class Question {}
    class OtherQuestion {}
    Object.defineProperty(OtherQuestion, 'name', { value: 'Question' })
    registry.registerModel('polls', Question)
    registry.registerModel('polls', Question)
    expect(registry.getModel('polls', 'question')).toBe(Question)
    expect(registry.getModels('polls')).toEqual([Question])
    expect(registry.getModels()).toEqual([Question])
    expect(() => registry.registerModel('polls', OtherQuestion)).toThrow(/Conflicting 'question'/)
    expect(() => registry.getModel('polls', 'Choice')).toThrow(LookupError)
  })

  it('subclasses can override ready()', async () => {
    const seen: string[] = []
    class PollsConfig extends AppConfig {
      override async ready(): Promise<void> {
        seen.push(this.label)
      }
    }
    const registry = new Apps()
    await registry.populate([new PollsConfig({ name: 'polls', path: '/p' })])
    expect(seen).toEqual(['polls'])
  })
})
