import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { apps, defineApp } from '../apps/index.js'
import { configure, resetSettings } from '../conf/settings.js'
import { CharField, connections, Model, type Manager } from '../db/index.js'
import { TestDatabases } from './test-databases.js'

/** A model of an app without migrations: its table comes from the class. */
class Sticker extends Model.define('stickers', { text: new CharField({ maxLength: 20 }) }) {
  static {
    this.register()
  }
  declare static objects: Manager<Sticker>
}

const MIGRATION = `import { BigAutoField, CharField } from 'reinhardt/db'
import { CreateModel, Migration } from 'reinhardt/db/migrations'
export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    new CreateModel({
      name: 'Product',
      fields: [['id', new BigAutoField()], ['sku', new CharField({ maxLength: 12 })]],
    }),
  ],
})
`

describe('test schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-testschema-'))
  afterAll(() => {
    apps.reset({ keepModels: true })
    resetSettings()
    rmSync(dir, { recursive: true, force: true })
  })

  it('migrates apps with migrations and creates the tables of the others from their models', async () => {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(join(import.meta.dirname, '../..'), join(dir, 'node_modules', 'reinhardt'))
    mkdirSync(join(dir, 'shop', 'migrations'), { recursive: true })
    writeFileSync(join(dir, 'shop', 'migrations', '0001_initial.ts'), MIGRATION)
    const shop = defineApp({ name: 'shop', path: join(dir, 'shop') })
    const stickers = defineApp({ name: 'stickers', path: join(dir, 'stickers') })
    configure({
      INSTALLED_APPS: [shop, stickers],
      DATABASES: { default: { ENGINE: 'sqlite', NAME: join(dir, 'real.sqlite3') } },
    })
    await apps.populate([shop, stickers])
    const databases = new TestDatabases({ suffix: null })
    await databases.setup()
    try {
      const report = databases.schemas.get('default')!
      expect(report.migratedApps).toEqual(['shop'])
      expect(report.createdTables).toEqual(['stickers_sticker'])
      const db = connections.get('default')
      expect(db.settings.NAME).toBe(':memory:')
      expect(await db.tableNames()).toEqual([
        'reinhardt_migrations',
        'shop_product',
        'stickers_sticker',
      ])
      const { rows } = await db.execute<{ app: string; name: string }>(
        'SELECT app, name FROM reinhardt_migrations',
      )
      expect(rows).toEqual([{ app: 'shop', name: '0001_initial' }])
      await Sticker.objects.create({ text: 'hi' })
      expect(await Sticker.objects.count()).toBe(1)
    } finally {
      await databases.teardown()
    }
  })
})
