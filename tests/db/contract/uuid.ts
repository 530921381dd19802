/**
 * Contract cases: UUIDField storage as Django lays it out — 32 hex digits in a char(32) on
 * SQLite and MariaDB, PostgreSQL's uuid type — while JS reads and writes dashed lower-case
 * strings; exact / in / isnull lookups and the text lookups (dashes dropped from the value
 * on hex storage, as Django's UUIDTextMixin); a UUID primary key with a ForeignKey to it;
 * what inspectdb makes of the column; and, on MariaDB, a native uuid column as Django 5
 * creates it on MariaDB 10.7+.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  CASCADE,
  CharField,
  ForeignKey,
  Model,
  ModelRegistry,
  UUIDField,
  uuid4,
  type Manager,
  type QuerySet,
  type RelatedManager,
} from '../../../src/db/index.js'
import { describeTable } from '../../../src/db/migrations/introspection.js'
import { renderInspectedModels } from '../../../src/db/migrations/inspect-models.js'
import { assertNumQueries } from '../../../src/test/query-assertions.js'
import type { ContractCases } from './context.js'

// Models of their own (a registry apart from the polls app): a UUID primary key, a
// nullable UUID, and a ForeignKey pointing at the UUID key.
const registry = new ModelRegistry()

class Token extends Model.define(
  'uuids',
  {
    id: new UUIDField({ primaryKey: true, default: uuid4 }),
    label: new CharField({ maxLength: 20 }),
    ref: new UUIDField({ null: true }),
  },
  { registry },
) {
  static {
    this.register()
  }
  declare static objects: Manager<Token>
  declare grants: RelatedManager<Grant>
}

class Grant extends Model.define(
  'uuids',
  {
    token: new ForeignKey(Token, { onDelete: CASCADE, relatedName: 'grants' }),
    scope: new CharField({ maxLength: 20 }),
  },
  { registry },
) {
  static {
    this.register()
  }
  declare static objects: Manager<Grant>
}

const ID = '6f1c9a0e-8b2d-4c3a-9e5f-0123456789ab'
const HEX = '6f1c9a0e8b2d4c3a9e5f0123456789ab'
const OTHER = '0a3c5c5e-3b7d-4d7e-9b1e-2b1f0c9d8e7f'

export const uuidCases: ContractCases = ({ backend, db }) => {
  describe('UUIDField storage', () => {
    const native = backend.name === 'postgresql'

    beforeAll(async () => {
      await db().schemaEditor(async (editor) => {
        await editor.createModel(Token)
        await editor.createModel(Grant)
      })
    })
    afterAll(async () => {
      await db().schemaEditor(async (editor) => {
        await editor.deleteModel(Grant)
        await editor.deleteModel(Token)
      })
    })
    beforeEach(async () => {
      await Grant.objects.delete()
      await Token.objects.delete()
    })

    it('stores 32 hex digits in char(32) (uuid on PostgreSQL) and reads dashed lower-case', async () => {
      await Token.objects.create({ id: ID.toUpperCase(), label: 'a', ref: `{${OTHER}}` })
      const token = await Token.objects.get({ label: 'a' })
      expect([token.id, token.ref]).toEqual([ID, OTHER])
      const { rows } = await db().execute<{ id: string; ref: string }>(
        `SELECT ${db().quoteName('id')}, ${db().quoteName('ref')} FROM ${db().quoteName('uuids_token')}`,
      )
      expect(rows.map((r) => [String(r.id), String(r.ref)])).toEqual(
        native ? [[ID, OTHER]] : [[HEX, OTHER.replace(/-/g, '')]],
      )
      const table = await describeTable(db(), 'uuids_token')
      const uuidType = native ? 'uuid' : 'char(32)'
      expect(table.columns.filter((c) => c.name !== 'label').map((c) => [c.name, c.type])).toEqual([
        ['id', uuidType],
        ['ref', uuidType],
      ])
      // inspectdb, as Django's: a char(32) is a CharField (nothing says it holds a UUID).
      const source = renderInspectedModels([table], { appLabel: 'uuids' })
      const field = native ? 'UUIDField({ ' : 'CharField({ maxLength: 32, '
      expect(source).toContain(`id: new ${field}primaryKey: true })`)
      expect(source).toContain(`ref: new ${field}null: true, blank: true })`)
      await expect(Token.objects.create({ label: 'bad', id: 'not-a-uuid' })).rejects.toThrow(
        /is not a valid UUID/,
      )
    })

    it('exact, in and isnull take any accepted form of the value', async () => {
      await Token.objects.create({ id: ID, label: 'a', ref: OTHER })
      await Token.objects.create({ id: OTHER, label: 'b', ref: null })
      const labels = async (qs: QuerySet<Token>) => (await qs.orderBy('label')).map((t) => t.label)
      expect(await labels(Token.objects.filter({ pk: ID }))).toEqual(['a'])
      expect(await labels(Token.objects.filter({ id: HEX.toUpperCase() }))).toEqual(['a'])
      expect(await labels(Token.objects.filter({ ref: `urn:uuid:${OTHER}` }))).toEqual(['a'])
      expect(await labels(Token.objects.filter({ pk__in: [HEX, OTHER, uuid4()] }))).toEqual([
        'a',
        'b',
      ])
      expect(await labels(Token.objects.filter({ ref__isnull: true }))).toEqual(['b'])
      expect(await labels(Token.objects.filter({ ref: null }))).toEqual(['b'])
      expect(await labels(Token.objects.exclude({ ref: OTHER }))).toEqual(['b'])
      expect((await Token.objects.get({ pk: ID })).label).toBe('a')
      expect(await Token.objects.filter({ pk__in: [] }).count()).toBe(0)
      // The subquery form of `in` compares stored values with stored values.
      const withRef = Token.objects
        .filter({ ref__isnull: false })
        .valuesList(['ref'], { flat: true })
      expect(await labels(Token.objects.filter({ pk__in: withRef }))).toEqual(['b'])
    })

    it('text lookups take the dashed form, whatever the storage (Django strips the dashes)', async () => {
      await Token.objects.create({ id: ID, label: 'a' })
      await Token.objects.create({ id: OTHER, label: 'b' })
      const labels = async (lookup: Record<string, unknown>) =>
        (await Token.objects.filter(lookup).orderBy('label')).map((t) => t.label)
      expect(await labels({ id__iexact: ID.toUpperCase() })).toEqual(['a'])
      expect(await labels({ id__startswith: '6f1c9a0e-8b2d' })).toEqual(['a'])
      expect(await labels({ id__istartswith: '6F1C9A0E-' })).toEqual(['a'])
      expect(await labels({ id__contains: '-4c3a-9e5f-' })).toEqual(['a'])
      expect(await labels({ id__icontains: '9B1E-2B1F' })).toEqual(['b'])
      expect(await labels({ id__endswith: '-2b1f0c9d8e7f' })).toEqual(['b'])
      expect(await labels({ id__iendswith: '456789AB' })).toEqual(['a'])
    })

    it('a ForeignKey to a UUID primary key: writes, joins, IN, selectRelated, prefetch, cascade', async () => {
      const a = await Token.objects.create({ id: ID, label: 'a' })
      const b = await Token.objects.create({ id: OTHER, label: 'b' })
      await Grant.objects.create({ token: a, scope: 'read' })
      await Grant.objects.create({ token: a, scope: 'write' })
      await Grant.objects.create({ token: b, scope: 'read' })
      const scopes = async (qs: QuerySet<Grant>) => (await qs.orderBy('scope')).map((g) => g.scope)
      expect(await scopes(Grant.objects.filter({ token: ID }))).toEqual(['read', 'write'])
      expect(await scopes(Grant.objects.filter({ token__label: 'b' }))).toEqual(['read'])
      expect(await scopes(Grant.objects.filter({ token__in: [HEX] }))).toEqual(['read', 'write'])
      expect(await scopes(Grant.objects.filter({ token__id__startswith: '0a3c5c5e-' }))).toEqual([
        'read',
      ])
      const read = await Grant.objects.filter({ scope: 'read' }).orderBy('token__label')
      expect(read.map((g) => g.tokenId)).toEqual([ID, OTHER])
      const joined = await assertNumQueries(1, async () =>
        Grant.objects.selectRelated('token').filter({ scope: 'write' }),
      )
      expect(joined[0]!.token.id).toBe(ID)
      const loaded = await assertNumQueries(2, async () =>
        Token.objects.orderBy('label').prefetchRelated('grants'),
      )
      const counts = await assertNumQueries(0, () =>
        Promise.all(loaded.map((t) => t.grants.count())),
      )
      expect(counts).toEqual([2, 1])
      await Token.objects.filter({ pk: ID }).delete()
      expect(await scopes(Grant.objects.all())).toEqual(['read'])
    })

    it.runIf(backend.name === 'mariadb')(
      'MariaDB: a native uuid column (Django 5 on MariaDB 10.7+) takes the same values',
      async () => {
        const table = db().quoteName('uuids_native')
        await db().execute(
          `CREATE TABLE ${table} (id uuid PRIMARY KEY, label varchar(20) NOT NULL)`,
        )
        try {
          class Native extends Model.define(
            'uuids',
            {
              id: new UUIDField({ primaryKey: true, default: uuid4 }),
              label: new CharField({ maxLength: 20 }),
            },
            { registry, dbTable: 'uuids_native', managed: false },
          ) {
            declare static objects: Manager<Native>
          }
          const natives = () => Native.objects
          await natives().create({ id: ID, label: 'a' })
          await db().execute(`INSERT INTO ${table} (id, label) VALUES (?, 'b')`, [OTHER])
          expect((await natives().get({ pk: ID })).label).toBe('a')
          expect((await natives().get({ label: 'b' })).id).toBe(OTHER)
          const both = await natives()
            .filter({ pk__in: [HEX, OTHER] })
            .orderBy('label')
          expect(both.map((n) => n.id)).toEqual([ID, OTHER])
          const { rows } = await db().execute<{ id: string }>(
            `SELECT id FROM ${table} WHERE label = 'a'`,
          )
          expect(rows[0]!.id).toBe(ID) // MariaDB shows its uuid type dashed
          // inspectdb knows this type, as Django's MariaDB introspection does.
          const source = renderInspectedModels([await describeTable(db(), 'uuids_native')], {
            appLabel: 'uuids',
          })
          expect(source).toContain('id: new UUIDField({ primaryKey: true })')
        } finally {
          await db().execute(`DROP TABLE ${table}`)
        }
      },
    )
  })
}
