/**
 * The SQLite wrapper's statement cache (a bounded LRU) and executeNow(), the synchronous
 * path the ORM's hot paths take: it must step aside (undefined) while another async
 * context's transaction holds the connection, and run inside this context's own.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { transactionStorage, type TransactionState } from '../../transaction-state.js'
import { IntegrityError } from '../../utils/errors.js'
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
