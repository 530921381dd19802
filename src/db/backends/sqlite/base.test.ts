/**
 * The SQLite wrapper's statement cache (a bounded LRU) and executeNow(), the synchronous
 * path the ORM's hot paths take: it must step aside (undefined) while another async
 * context's transaction holds the connection, and run inside this context's own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { configure, resetSettings } from '../../../conf/settings.js'
import { transactionStorage, type TransactionState } from '../../transaction-state.js'
import { IntegrityError } from '../../utils/errors.js'
import { connections } from '../../connection.js'
import { SqliteDatabaseWrapper } from './base.js'

let open: SqliteDatabaseWrapper[] = []

function memory(options: Record<string, unknown> = {}): SqliteDatabaseWrapper {
  const db = new SqliteDatabaseWrapper('default', {
    ENGINE: 'sqlite',
    NAME: ':memory:',
    OPTIONS: options,
  })
  open.push(db)
  return db
}

afterEach(async () => {
  for (const db of open) await db.close()
  open = []
})

describe('SqliteDatabaseWrapper', () => {
  it('keeps at most statementCacheSize prepared statements and still runs evicted ones', async () => {
    const db = memory({ statementCacheSize: 4 })
    for (let i = 0; i < 10; i++) {
      const { rows } = await db.execute(`SELECT ${i} AS n`)
      expect(rows).toEqual([{ n: i }])
      expect(db.cachedStatementCount).toBeLessThanOrEqual(4)
    }
    expect((await db.execute('SELECT 0 AS n', [], { arrayMode: true })).rows).toEqual([[0]])
    // The same statement switches between object and array rows as asked.
    expect((await db.execute('SELECT 0 AS n')).rows).toEqual([{ n: 0 }])
  })

  it('ignores a nonsensical statementCacheSize', async () => {
    const db = memory({ statementCacheSize: -3 })
    for (let i = 0; i < 20; i++) await db.execute(`SELECT ${i}`)
    expect(db.cachedStatementCount).toBe(20)
  })

  it('executeNow() runs at once, counts, logs and maps errors like execute()', async () => {
    const db = memory()
    await db.execute('CREATE TABLE t (id integer PRIMARY KEY, name text UNIQUE)')
    db.queryCount = 0
    db.queryLog = []
    const result = db.executeNow('INSERT INTO t (name) VALUES (?) RETURNING id', ['a'], {
      arrayMode: true,
    })
    expect(result).toEqual({ rows: [[1]], rowCount: 1 })
    expect(db.queryCount).toBe(1)
    expect(db.queryLog).toEqual([
      { sql: 'INSERT INTO t (name) VALUES (?) RETURNING id', params: ['a'] },
    ])
    expect(() => db.executeNow('INSERT INTO t (name) VALUES (?)', ['a'])).toThrow(IntegrityError)
  })

  it("executeNow() steps aside while another context's transaction holds the connection", async () => {
    const db = memory()
    await db.execute('CREATE TABLE t (id integer PRIMARY KEY)')
    const client = await db.acquireClient()
    const state: TransactionState = {
      connection: db,
      client,
      depth: 0,
      savepointSeq: 0,
      onCommit: [],
    }
    // Outside the transaction's context: not now; execute() waits for the release.
    expect(db.executeNow('SELECT 1', [])).toBeUndefined()
    const waiting = db.execute('SELECT COUNT(*) AS n FROM t')
    // Inside it: the connection is ours, so it runs at once.
    transactionStorage.run(new Map([[db, state]]), () => {
      expect(db.executeNow('INSERT INTO t (id) VALUES (?)', [7])).toEqual({
        rows: [],
        rowCount: 1,
      })
    })
    client.release()
    expect((await waiting).rows).toEqual([{ n: 1 }])
  })
})

describe('SqliteDatabaseWrapper.schemaEditor', () => {
  // atomic() finds the wrapper through `connections`, which reads DATABASES.
  beforeAll(
    () => void configure({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }),
  )
  afterEach(() => connections.closeAll())
  afterAll(() => resetSettings())

  function connection(): SqliteDatabaseWrapper {
    return connections.get('default') as SqliteDatabaseWrapper
  }

  async function parentAndChild(db: SqliteDatabaseWrapper) {
    const { Model, ModelRegistry, CharField, ForeignKey, CASCADE } = await import('../../index.js')
    const registry = new ModelRegistry()
    const define = Model.define.bind(Model) as unknown as (
      app: string,
      fields: Record<string, unknown>,
      meta: Record<string, unknown>,
    ) => never
    const Parent = define(
      'fk',
      { name: new CharField({ maxLength: 10 }) },
      {
        modelName: 'Parent',
        registry,
      },
    )
    const Child = define(
      'fk',
      { parent: new ForeignKey(Parent, { onDelete: CASCADE }) },
      {
        modelName: 'Child',
        registry,
      },
    )
    await db.schemaEditor(async (editor) => {
      await editor.createModel(Parent)
      await editor.createModel(Child)
    })
    await db.execute("INSERT INTO fk_parent (id, name) VALUES (1, 'a')")
    await db.execute('INSERT INTO fk_child (id, parent_id) VALUES (1, 1)')
    return { Parent, CharField }
  }

  it('rebuilds a table that other rows point at, keeping the rows and the constraint', async () => {
    const db = connection()
    const { Parent, CharField } = await parentAndChild(db)
    const meta = (Parent as unknown as { _meta: { getField(name: string): unknown } })._meta
    const oldField = meta.getField('name') as never
    const newField = new CharField({ maxLength: 50, null: true })
    ;(newField as unknown as { contribute(model: unknown, name: string): void }).contribute?.(
      Parent,
      'name',
    )
    await db.schemaEditor((editor) => editor.alterField(Parent, oldField, newField as never))
    expect((await db.execute('SELECT id, name FROM fk_parent')).rows).toEqual([
      { id: 1, name: 'a' },
    ])
    expect((await db.execute('SELECT parent_id FROM fk_child')).rows).toEqual([{ parent_id: 1 }])
    // Enforcement is back on after the session.
    await expect(db.execute('INSERT INTO fk_child (id, parent_id) VALUES (2, 99)')).rejects.toThrow(
      IntegrityError,
    )
  })

  it('refuses and rolls back a session that leaves dangling foreign keys', async () => {
    const db = connection()
    await parentAndChild(db)
    await expect(
      db.schemaEditor((editor) => editor.execute('DELETE FROM fk_parent')),
    ).rejects.toThrow(/foreign key points nowhere/)
    expect((await db.execute('SELECT count(*) AS n FROM fk_parent')).rows).toEqual([{ n: 1 }])
  })
})
