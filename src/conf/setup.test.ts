import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { apps } from '../apps/registry.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { resetSettings, settings } from './settings.js'
import { loadSettings, setup } from './setup.js'

const dir = mkdtempSync(join(tmpdir(), 'reinhardt-setup-'))

function writeModule(name: string, source: string): string {
  const file = join(dir, name)
  writeFileSync(file, source)
  return file
}

afterEach(() => {
  resetSettings()
  apps.reset()
})

describe('loadSettings', () => {
  it('needs a settings module', async () => {
    await expect(loadSettings('')).rejects.toThrow(/REINHARDT_SETTINGS_MODULE/)
  })

  it('reports a module that does not exist', async () => {
    await expect(loadSettings('./no-such-settings.mjs', dir)).rejects.toThrow(
      /Settings module '.\/no-such-settings.mjs' was not found/,
    )
  })

  it('reports a module without a default export', async () => {
    writeModule('empty.mjs', 'export const nothing = 1\n')
    await expect(loadSettings('./empty.mjs', dir)).rejects.toThrow(ImproperlyConfigured)
  })

  it('installs the default export, relative to cwd', async () => {
    writeModule('good.mjs', "export default { DEBUG: true, ALLOWED_HOSTS: ['x.test'] }\n")
    await loadSettings('./good.mjs', dir)
    expect(settings.DEBUG).toBe(true)
    expect(settings.ALLOWED_HOSTS).toEqual(['x.test'])
    expect(settings.APPEND_SLASH).toBe(true)
  })

  it('lets an error inside the settings module through', async () => {
    writeModule('broken.mjs', "throw new Error('settings exploded')\n")
    await expect(loadSettings('./broken.mjs', dir)).rejects.toThrow('settings exploded')
  })
})

describe('setup', () => {
  it('loads settings and populates the apps, running ready() hooks', async () => {
    const appDir = join(dir, 'polls')
    const configUrl = new URL('../apps/config.ts', import.meta.url).href
    writeModule(
      'with-apps.mjs',
      `import { defineApp } from ${JSON.stringify(configUrl)}\n` +
        `globalThis.__readyCalls = []\n` +
        `const polls = defineApp({ name: 'polls', path: ${JSON.stringify(appDir)}, ` +
        `ready: (app) => { globalThis.__readyCalls.push(app.label) } })\n` +
        `export default { INSTALLED_APPS: [polls] }\n`,
    )
    await setup({ settingsModule: './with-apps.mjs', cwd: dir })
    expect(apps.ready).toBe(true)
    expect(apps.getAppConfig('polls').path).toBe(appDir)
    expect((globalThis as { __readyCalls?: string[] }).__readyCalls).toEqual(['polls'])
  })
})
