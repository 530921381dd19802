import * as vitest from 'vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { DatabaseSettings } from '../conf/global-settings.js'
import { configure, getSettings, resetSettings } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import {
  atomic,
  CharField,
  connections,
  ForeignKey,
  CASCADE,
  IntegrityError,
  Model,
  onCommit,
  type Manager,
} from '../db/index.js'
import { transactionStorage } from '../db/transaction-state.js'
import { captureOnCommitCallbacks } from './capture-on-commit-callbacks.js'
import { assertNumQueries, captureQueries } from './query-assertions.js'
import { createTestDatabase, testDatabaseName } from './test-database-creation.js'
import { TestDatabases, useTestDatabase } from './test-databases.js'

class Shelf extends Model.define('testdb', {
  label: new CharField({ maxLength: 20, unique: true }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Shelf>
}

class Book extends Model.define('testdb', {
  shelf: new ForeignKey(Shelf, { onDelete: CASCADE }),
  title: new CharField({ maxLength: 50 }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Book>
}

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' }
const pgName = `test_reinhardt_helper_${process.pid}`

async function pgDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ ...PG, database: 'postgres' })
  await client.connect()
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    return rows.length > 0
  } finally {
    await client.end()
  }
}

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ ...PG, database: 'postgres', connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch (error) {
    if (process.env.REINHARDT_REQUIRE_PG === '1') throw error
    return false
  }
}

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' }
const mariadbName = `test_reinhardt_helper_${process.pid}`

async function mariadbDatabaseExists(name: string): Promise<boolean> {
  const client = await mysql.createConnection(MARIADB)
  try {
    const [rows] = await client.query(
      'SELECT 1 FROM information_schema.schemata WHERE schema_name = ?',
      [name],
    )
    return (rows as unknown[]).length > 0
  } finally {
    await client.end()
  }
}

async function mariadbReachable(): Promise<boolean> {
  try {
    const client = await mysql.createConnection({ ...MARIADB, connectTimeout: 2000 })
    await client.end()
    return true
  } catch (error) {
    if (process.env.REINHARDT_REQUIRE_MARIADB === '1') throw error
    return false
  }
}

/** The name of the test database the server reports for the current connection. */
async function currentDatabase(backend: string): Promise<string> {
  const sql =
    backend === 'mariadb' ? 'SELECT DATABASE() AS name' : 'SELECT current_database() AS name'
  const { rows } = await connections.get('default').execute<{ name: string }>(sql)
  return rows[0]!.name
}

const backends: {
  name: string
  available: boolean
  databases: Record<string, DatabaseSettings>
}[] = [
  {
    name: 'sqlite',
    available: true,
    databases: {
      default: { ENGINE: 'sqlite', NAME: '/nonexistent/real.sqlite3' },
      other: { ENGINE: 'sqlite', NAME: '/nonexistent/other.sqlite3' },
    },
  },
  {
    name: 'postgresql',
    available: await pgReachable(),
    databases: {
      default: {
        ENGINE: 'postgresql',
        NAME: 'test',
        ...{ HOST: PG.host, PORT: PG.port, USER: PG.user },
        TEST: { NAME: pgName },
      },
    },
  },
  {
    name: 'mariadb',
    available: await mariadbReachable(),
    databases: {
      default: {
        ENGINE: 'mysql',
        NAME: 'test',
        ...{ HOST: MARIADB.host, PORT: MARIADB.port, USER: MARIADB.user },
        TEST: { NAME: mariadbName },
      },
    },
  },
]

for (const backend of backends) {
  describe.skipIf(!backend.available)(`test databases: ${backend.name}`, () => {
    const log: string[] = []
    beforeAll(() => void configure({ DATABASES: backend.databases, USE_TZ: true }))
    afterAll(async () => {
      // Registered before useTestDatabase, so it runs after its teardown.
      expect(getSettings().DATABASES).toBe(backend.databases)
      if (backend.name === 'postgresql') expect(await pgDatabaseExists(pgName)).toBe(false)
      if (backend.name === 'mariadb') expect(await mariadbDatabaseExists(mariadbName)).toBe(false)
      resetSettings()
    })
    const databases = useTestDatabase(vitest, {
      aliases: ['default'],
      suffix: null,
      setupTestData: async () => {
        await Shelf.objects.create({ label: 'shared' })
      },
    })

    it('creates a fresh test database with the schema, and points connections at it', async () => {
      const db = connections.get('default')
      if (backend.name === 'postgresql') {
        expect(await currentDatabase(backend.name)).toBe(pgName)
        expect(await pgDatabaseExists(pgName)).toBe(true)
      } else if (backend.name === 'mariadb') {
        expect(await currentDatabase(backend.name)).toBe(mariadbName)
        expect(await mariadbDatabaseExists(mariadbName)).toBe(true)
      } else {
        expect(db.settings.NAME).toBe(':memory:')
      }
      expect(databases.schemas.get('default')!.createdTables.sort()).toEqual([
        'testdb_book',
        'testdb_shelf',
      ])
      expect((await db.tableNames()).sort()).toEqual(['testdb_book', 'testdb_shelf'])
    })

    it('writes rows a later test must not see (1/2)', async () => {
      const shelf = await Shelf.objects.create({ label: 'mine' })
      await Book.objects.create({ shelf, title: 'Dune' })
      await Shelf.objects.filter({ label: 'shared' }).delete()
      expect(await Shelf.objects.valuesList(['label'], { flat: true })).toEqual(['mine'])
    })

    it('sees only setupTestData rows: the previous test was rolled back (2/2)', async () => {
      expect(await Shelf.objects.valuesList(['label'], { flat: true })).toEqual(['shared'])
      expect(await Book.objects.count()).toBe(0)
    })

    it('nests atomic() as savepoints inside the test transaction', async () => {
      await expect(
        atomic(async () => {
          await Shelf.objects.create({ label: 'gone' })
          throw new Error('roll back')
        }),
      ).rejects.toThrow('roll back')
      await atomic(() => Shelf.objects.create({ label: 'kept' }))
      expect(await Shelf.objects.orderBy('label').valuesList(['label'], { flat: true })).toEqual([
        'kept',
        'shared',
      ])
      // A constraint violation inside atomic() leaves the test's transaction usable (on
      // PostgreSQL a failed statement outside a savepoint would abort it).
      await expect(atomic(() => Shelf.objects.create({ label: 'kept' }))).rejects.toBeInstanceOf(
        IntegrityError,
      )
      expect(await Shelf.objects.count()).toBe(2)
    })

    it('covers queries from contexts outside the test (a server handler, a timer)', async () => {
      await transactionStorage.exit(() => Shelf.objects.create({ label: 'from-elsewhere' }))
      expect(await Shelf.objects.filter({ label: 'from-elsewhere' }).exists()).toBe(true)
    })

    it('never runs onCommit callbacks; captureOnCommitCallbacks collects and runs them', async () => {
      const ran: string[] = []
      await onCommit(() => void ran.push('uncaptured'))
      const { callbacks, result } = await captureOnCommitCallbacks(async () => {
        await onCommit(() => void ran.push('a'))
        await atomic(async () => {
          await onCommit(() => void ran.push('nested'))
        })
        await atomic(async () => {
          await onCommit(() => void ran.push('rolled-back'))
          throw new Error('x')
        }).catch(() => {})
        return 42
      })
      expect(result).toBe(42)
      expect(callbacks).toHaveLength(2)
      expect(ran).toEqual([])
      const executed = await captureOnCommitCallbacks(
        async () => {
          await onCommit(async () => {
            ran.push('outer')
            await onCommit(() => void ran.push('registered-by-callback'))
          })
        },
        { execute: true },
      )
      expect(ran).toEqual(['outer', 'registered-by-callback'])
      expect(executed.callbacks).toHaveLength(2)
    })

    it('counts queries with assertNumQueries and captureQueries', async () => {
      const shelves = await assertNumQueries(1, () => Shelf.objects.all().fetch())
      expect(shelves.map((s) => s.label)).toEqual(['shared'])
      const failure = await assertNumQueries(0, () => Shelf.objects.count()).catch(
        (e: unknown) => e,
      )
      expect(failure).toBeInstanceOf(Error)
      expect((failure as Error).name).toBe('AssertionError')
      expect((failure as Error).message).toMatch(/1 queries executed on 'default', 0 expected/)
      expect((failure as Error).message).toMatch(/SELECT COUNT/i)
      const outer = await captureQueries(async () => {
        await Shelf.objects.count()
        const inner = await captureQueries(() => Shelf.objects.exists())
        expect(inner.queries).toHaveLength(1)
        return inner.result
      })
      expect(outer.result).toBe(true)
      expect(outer.queries).toHaveLength(2)
      expect(outer.queries[0]!.sql).toMatch(/testdb_shelf/)
      expect(connections.get('default').queryLog).toBe(null)
      await expect(
        assertNumQueries(1, () => Shelf.objects.count(), { using: 'missing' }),
      ).rejects.toThrow(/not in DATABASES/)
    })
  })
}

describe('test databases: refusals', () => {
  afterAll(() => resetSettings())

  it('needs configured settings and known aliases', async () => {
    resetSettings()
    await expect(new TestDatabases().setup()).rejects.toBeInstanceOf(ImproperlyConfigured)
    configure({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } })
    await expect(new TestDatabases({ aliases: ['replica'] }).setup()).rejects.toThrow(
      /'replica' is not in DATABASES/,
    )
  })

  it('names test databases like Django and refuses names that would hit the real database', async () => {
    const pgSettings: DatabaseSettings = { ENGINE: 'postgresql', NAME: 'shop' }
    expect(testDatabaseName(pgSettings, { suffix: null })).toBe('test_shop')
    expect(testDatabaseName(pgSettings, { suffix: '3' })).toBe('test_shop_3')
    expect(testDatabaseName({ ...pgSettings, TEST: { NAME: 'qa' } }, { suffix: null })).toBe('qa')
    expect(testDatabaseName({ ENGINE: 'sqlite', NAME: 'db.sqlite3' })).toBe(':memory:')
    await expect(
      createTestDatabase('default', { ...pgSettings, TEST: { NAME: 'shop' } }, { suffix: null }),
    ).rejects.toThrow(/real database 'shop'/)
    await expect(
      createTestDatabase(
        'default',
        { ...pgSettings, TEST: { NAME: 'x"; DROP DATABASE test; --' } },
        { suffix: null },
      ),
    ).rejects.toThrow(/not a plain identifier/)
    await expect(
      createTestDatabase('default', { ENGINE: 'oracle', NAME: 'x' }, { suffix: null }),
    ).rejects.toThrow(/'sqlite', 'postgresql' and 'mysql'/)
  })
})

describe('test databases: transactional: false (TransactionTestCase)', () => {
  beforeAll(
    () =>
      void configure({
        DATABASES: { default: { ENGINE: 'sqlite', NAME: 'unused', TEST: { NAME: tmpFile() } } },
      }),
  )
  afterAll(() => resetSettings())
  useTestDatabase(vitest, { transactional: false, suffix: null })

  it('commits for real (1/2)', async () => {
    await atomic(() => Shelf.objects.create({ label: 'committed' }))
    const ran: string[] = []
    await atomic(() => onCommit(() => void ran.push('committed')))
    expect(ran).toEqual(['committed'])
    expect(connections.get('default').inAtomicBlock).toBe(false)
  })

  it('and empties every table after each test (2/2)', async () => {
    expect(await Shelf.objects.count()).toBe(0)
  })
})

describe.skipIf(!(await mariadbReachable()))(
  'test databases: transactional: false on MariaDB (flush by TRUNCATE)',
  () => {
    const name = `${mariadbName}_flush`
    beforeAll(
      () =>
        void configure({
          DATABASES: {
            default: {
              ENGINE: 'mysql',
              NAME: 'test',
              ...{ HOST: MARIADB.host, PORT: MARIADB.port, USER: MARIADB.user },
              TEST: { NAME: name },
            },
          },
        }),
    )
    afterAll(async () => {
      expect(await mariadbDatabaseExists(name)).toBe(false)
      resetSettings()
    })
    useTestDatabase(vitest, { transactional: false, suffix: null })

    it('commits for real, rows that reference each other included (1/2)', async () => {
      const shelf = await atomic(() => Shelf.objects.create({ label: 'committed' }))
      await Book.objects.create({ shelf, title: 'Dune' })
      expect(await Book.objects.count()).toBe(1)
    })

    it('and empties every table after each test, ids restarting (2/2)', async () => {
      expect(await Shelf.objects.count()).toBe(0)
      expect(await Book.objects.count()).toBe(0)
      expect((await Shelf.objects.create({ label: 'again' })).pk).toBe(1)
    })
  },
)

function tmpFile(): string {
  return `${process.env.TMPDIR ?? '/tmp'}/reinhardt-testdb-${process.pid}.sqlite3`
}
