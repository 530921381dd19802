/**
 * The database contract suite on MariaDB (127.0.0.1:3306, user root, two databases of its
 * own), then what is particular to the MySQL backend: collations, TIME fractions, SQL forms
 * MySQL lacks (DEFAULT VALUES, NULLS LAST, FILTER), non-transactional DDL, connection
 * set-up and errors. Skipped with a message when the server is unreachable, unless
 * REINHARDT_REQUIRE_MARIADB=1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { configure, resetSettings } from '../../src/conf/settings.js'
import { ImproperlyConfigured } from '../../src/core/exceptions.js'
import {
  AutoField,
  BigAutoField,
  CASCADE,
  CharField,
  connections,
  DataError,
  F,
  FloatField,
  ForeignKey,
  IntegerField,
  IntegrityError,
  Model,
  ModelRegistry,
  NotSupportedError,
  OperationalError,
  Q,
  TimeField,
  TransactionManagementError,
  UniqueConstraint,
  atomic,
  type DatabaseWrapper,
} from '../../src/db/index.js'
import {
  MysqlDatabaseWrapper,
  checkServerVersion,
  connectionLifetime,
  mariadbVersion,
} from '../../src/db/backends/mysql/base.js'
import { describeMysqlTable } from '../../src/db/backends/mysql/introspection.js'
import { mariadbBackend } from './backends.js'
import { contractSuite } from './contract.js'

contractSuite(await mariadbBackend())

const backend = await mariadbBackend()
const registry = new ModelRegistry()

class Word extends Model.define(
  'mdb',
  {
    ci: new CharField({ maxLength: 50 }), // the database default: utf8mb4_general_ci
    cs: new CharField({ maxLength: 50 }), // made utf8mb4_bin in beforeAll
    at: new TimeField({ null: true }),
    n: new IntegerField({ null: true }),
    ratio: new FloatField({ null: true }),
  },
  { registry },
) {}

/** A model with nothing but its auto key: INSERT has no column to name. */
class Lonely extends Model.define('mdb', {}, { registry }) {}

describe.skipIf(backend.unavailable !== null)('MariaDB backend specifics', () => {
  let db: DatabaseWrapper
  const opened: DatabaseWrapper[] = []
  const settings = () => backend.databases.default!

  beforeAll(async () => {
    configure({ DATABASES: backend.databases, USE_TZ: true, TIME_ZONE: 'UTC' })
    connections.reset() // the contract suite above used other databases
    db = connections.get('default')
    await db.schemaEditor(async (editor) => {
      await editor.createModel(Word)
      await editor.createModel(Lonely)
    })
    await db.execute('ALTER TABLE mdb_word MODIFY cs varchar(50) COLLATE utf8mb4_bin NOT NULL')
  })

  beforeEach(async () => {
    await db.execute('DELETE FROM mdb_word')
    await db.execute('DELETE FROM mdb_lonely')
  })

  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()))
    await connections.closeAll()
    resetSettings()
    await backend.cleanup()
  })

  const count = (lookups: Record<string, unknown>) => Word.objects.filter(lookups as never).count()

  it('exact follows the column collation; contains/regex and the i-lookups do not', async () => {
    await Word.objects.create({ ci: 'Alpha', cs: 'Alpha' } as never)
    // exact: case-insensitive on the _ci column (as Django on MySQL), exact on _bin.
    expect(await count({ ci: 'alpha' })).toBe(1)
    expect(await count({ cs: 'alpha' })).toBe(0)
    expect(await count({ cs: 'Alpha' })).toBe(1)
    // Case-sensitive lookups are so on the _ci column too (LIKE BINARY, (?-i)).
    expect(await count({ ci__contains: 'alp' })).toBe(0)
    expect(await count({ ci__startswith: 'Alp' })).toBe(1)
    expect(await count({ ci__regex: '^alp' })).toBe(0)
    expect(await count({ ci__endswith: 'HA' })).toBe(0)
    // The i-lookups ignore case on the _bin column too (LOWER ... LIKE, (?i)).
    expect(await count({ cs__iexact: 'ALPHA' })).toBe(1)
    expect(await count({ cs__icontains: 'LPH' })).toBe(1)
    expect(await count({ cs__istartswith: 'al' })).toBe(1)
    expect(await count({ cs__iendswith: 'PHA' })).toBe(1)
    expect(await count({ cs__iregex: '^AL' })).toBe(1)
    expect(await count({ cs__regex: '^AL' })).toBe(0)
  })

  it("treats %, _, ! and \\ in patterns literally (ESCAPE '!')", async () => {
    await Word.objects.create({ ci: '50%_off! a\\b', cs: 'x' } as never)
    expect(await count({ ci__contains: '%_o' })).toBe(1)
    expect(await count({ ci__contains: '5_%' })).toBe(0)
    expect(await count({ ci__endswith: 'off! a\\b' })).toBe(1)
    expect(await count({ ci__icontains: '!' })).toBe(1)
    expect(await count({ ci__icontains: 'F!' })).toBe(1)
    expect(await count({ ci__startswith: '5%' })).toBe(0)
  })

  it('round-trips TIME(6) values without inventing a fraction', async () => {
    for (const at of ['08:15:00', '08:15:00.5', '23:59:59.123456']) {
      const word = await Word.objects.create({ ci: at, cs: at, at } as never)
      expect((await Word.objects.get({ pk: word.pk })).at).toBe(at)
    }
    expect(await count({ at__gt: '08:15:00.25' })).toBe(2)
  })

  it('inserts a row of defaults for a model with only its auto key', async () => {
    const first = await Lonely.objects.create()
    const second = await Lonely.objects.create()
    expect(Number(second.pk)).toBe(Number(first.pk) + 1)
    const made = await Lonely.objects.bulkCreate([new Lonely(), new Lonely()])
    expect(made.every((row) => typeof row.pk === 'number')).toBe(true)
    expect(await Lonely.objects.count()).toBe(4)
  })

  it('emulates NULLS FIRST/LAST, keeps integer division integral, filters aggregates', async () => {
    await Word.objects.bulkCreate([
      new Word({ ci: 'a', cs: 'a', n: 7, ratio: 7 } as never),
      new Word({ ci: 'b', cs: 'b', n: null } as never),
      new Word({ ci: 'c', cs: 'c', n: 2, ratio: 2 } as never),
    ])
    const order = (...ordering: unknown[]) =>
      Word.objects.orderBy(...(ordering as never[])).valuesList(['ci'], { flat: true })
    expect(await order(F('n').asc({ nullsLast: true }))).toEqual(['c', 'a', 'b'])
    expect(await order(F('n').desc({ nullsFirst: true }))).toEqual(['b', 'a', 'c'])
    expect(await order(F('n').asc())).toEqual(['b', 'c', 'a']) // MySQL's own order
    const halves = await Word.objects
      .filter({ n__isnull: false })
      .annotate({ half: F('n').div(2), fhalf: F('ratio').div(2) })
      .orderBy('ci')
      .valuesList('half', 'fhalf')
    expect(halves).toEqual([
      [3, 3.5],
      [1, 1],
    ])
    const { Avg, Count, Sum } = await import('../../src/db/index.js')
    expect(
      await Word.objects.aggregate({
        big: Count('pk', { filter: Q({ n__gt: 5 }) }),
        rows: Count('*', { filter: Q({ n__isnull: true }) }),
        sum: Sum('n', { filter: { n__lt: 5 } }),
        avg: Avg('n'),
      }),
    ).toEqual({ big: 1, rows: 1, sum: 2, avg: 4.5 })
  })

  it('changes a primary key type with foreign keys pointing at it, keeping them', async () => {
    const state = new ModelRegistry()
    const Parent = Model.define(
      'mdbfk',
      { id: new AutoField({ primaryKey: true }) },
      { registry: state, modelName: 'Parent' },
    )
    const Child = Model.define(
      'mdbfk',
      { parent: new ForeignKey(Parent, { onDelete: CASCADE }) },
      { registry: state, modelName: 'Child' },
    )
    const Parent2 = Model.define(
      'mdbfk',
      { id: new BigAutoField({ primaryKey: true }) },
      { registry: new ModelRegistry(), modelName: 'Parent' },
    )
    await db.schemaEditor(async (e) => {
      await e.createModel(Parent)
      await e.createModel(Child)
    })
    await db.execute('INSERT INTO mdbfk_parent (id) VALUES (1)')
    await db.execute('INSERT INTO mdbfk_child (parent_id) VALUES (1)')
    await db.schemaEditor((e) =>
      e.alterField(Parent, Parent._meta.getField('id'), Parent2._meta.getField('id')),
    )
    const parent = await describeMysqlTable(db, 'mdbfk_parent')
    const child = await describeMysqlTable(db, 'mdbfk_child')
    expect(parent.columns[0]).toMatchObject({
      type: expect.stringMatching(/^bigint/),
      autoIncrement: true,
    })
    expect(child.columns.find((c) => c.name === 'parent_id')!.type).toMatch(/^bigint/)
    expect(child.foreignKeys).toEqual([
      { column: 'parent_id', targetTable: 'mdbfk_parent', targetColumn: 'id' },
    ])
    await expect(
      db.execute('INSERT INTO mdbfk_child (parent_id) VALUES (99)'),
    ).rejects.toBeInstanceOf(IntegrityError)
    await db.schemaEditor(async (e) => {
      await e.deleteModel(Child)
      await e.deleteModel(Parent2)
    })
  })

  it('refuses DDL inside atomic() and partial unique constraints', async () => {
    const error = await atomic(() => db.schemaEditor((e) => e.createModel(Lonely))).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TransactionManagementError)
    const Partial = Model.define(
      'mdbp',
      { n: new IntegerField() },
      {
        registry: new ModelRegistry(),
        modelName: 'Partial',
        constraints: [
          new UniqueConstraint({ fields: ['n'], condition: Q({ n__gt: 0 }), name: 'mdbp_pos_n' }),
        ],
      },
    )
    await expect(
      db.schemaEditor((e) => e.createModel(Partial), { collectSql: true }),
    ).rejects.toThrow(/no partial indexes/)
    await expect(db.schemaEditor((e) => e.createModel(Partial))).rejects.toBeInstanceOf(
      NotSupportedError,
    )
    expect(await db.tableNames()).not.toContain('mdbp_partial')
  })

  it('sets up each connection: UTC, READ COMMITTED, strict mode, OPTIONS.initCommand', async () => {
    const wrapper = new MysqlDatabaseWrapper('default', {
      ...settings(),
      OPTIONS: { initCommand: 'SET @reinhardt_init = 42', isolationLevel: 'repeatable read' },
    })
    opened.push(wrapper)
    const { rows } = await wrapper.execute<Record<string, unknown>>(
      'SELECT @@time_zone AS tz, @@tx_isolation AS iso, @@sql_mode AS mode, @reinhardt_init AS init',
    )
    expect(rows[0]).toMatchObject({ tz: '+00:00', iso: 'REPEATABLE-READ', init: 42 })
    expect(String(rows[0]!.mode)).toContain('STRICT_TRANS_TABLES')
    const { rows: defaults } = await db.execute<{ iso: string }>('SELECT @@tx_isolation AS iso')
    expect(defaults[0]!.iso).toBe('READ-COMMITTED')
    expect(mariadbVersion(wrapper.serverVersion!)![0]).toBeGreaterThanOrEqual(10)
    expect(
      () => new MysqlDatabaseWrapper('x', { ...settings(), OPTIONS: { isolationLevel: 'nope' } }),
    ).toThrow(ImproperlyConfigured)
  })

  it('reads the server version, and refuses MySQL and MariaDB before 10.5', () => {
    expect(mariadbVersion('10.11.19-MariaDB-0+deb12u1')).toEqual([10, 11])
    expect(mariadbVersion('5.5.5-10.6.12-MariaDB-log')).toEqual([10, 6]) // old clients' prefix
    expect(mariadbVersion('10.4.32-MariaDB')).toEqual([10, 4]) // refused: before 10.5
    expect(mariadbVersion('8.0.36')).toBe(null)
    expect(() => checkServerVersion('default', '8.0.36')).toThrow(
      /'default' runs MySQL 8\.0\.36; ENGINE 'mysql' needs MariaDB 10\.5 or later/,
    )
    expect(() => checkServerVersion('default', '10.4.32-MariaDB')).toThrow(NotSupportedError)
    expect(() => checkServerVersion('default', '10.5.0-MariaDB')).not.toThrow()
  })

  it('CONN_MAX_AGE: unset reuses a connection, 0 closes it after each use', async () => {
    expect(connectionLifetime(undefined)).toBe(null)
    expect(connectionLifetime(null)).toBe(null)
    expect(connectionLifetime(0)).toBe(0)
    expect(connectionLifetime(600)).toBe(600_000)
    expect(() => connectionLifetime(-1)).toThrow(ImproperlyConfigured)
    const id = async (wrapper: DatabaseWrapper) =>
      Number((await wrapper.execute<{ id: number }>('SELECT CONNECTION_ID() AS id')).rows[0]!.id)
    const kept = new MysqlDatabaseWrapper('default', { ...settings() })
    const closed = new MysqlDatabaseWrapper('default', { ...settings(), CONN_MAX_AGE: 0 })
    opened.push(kept, closed)
    expect(await id(kept)).toBe(await id(kept))
    expect(await id(closed)).not.toBe(await id(closed))
  })

  it('maps errors: too long → DataError, duplicate → IntegrityError, no server → OperationalError', async () => {
    await expect(
      Word.objects.create({ ci: 'x'.repeat(51), cs: 'x' } as never),
    ).rejects.toBeInstanceOf(DataError)
    await Lonely.objects.create({ id: 500 } as never)
    const duplicate = await Lonely.objects.create({ id: 500 } as never).catch((e: unknown) => e)
    expect(duplicate).toBeInstanceOf(IntegrityError)
    expect((duplicate as IntegrityError).code).toBe('1062')
    const nowhere = new MysqlDatabaseWrapper('nowhere', { ...settings(), PORT: 1 })
    opened.push(nowhere)
    const error = await nowhere.execute('SELECT 1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationalError)
    expect((error as Error).message).toMatch(/Cannot reach MariaDB\/MySQL for database 'nowhere'/)
  })
})
