/**
 * CONN_MAX_AGE on PostgreSQL: how long the pool keeps a server connection. Checked on the
 * real server through pg_backend_pid(): the same pid means the connection was reused.
 * Skipped with a message when the server is unreachable, unless REINHARDT_REQUIRE_PG=1.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { DatabaseSettings } from '../../src/conf/global-settings.js'
import { ImproperlyConfigured } from '../../src/core/exceptions.js'
import { PostgresDatabaseWrapper, poolLifetime } from '../../src/db/backends/postgresql/base.js'
import { configure, overrideSettings } from '../../src/conf/settings.js'
import { connections } from '../../src/db/connection.js'
import { atomic } from '../../src/db/transaction.js'
import { postgresBackend } from './backends.js'

const backend = await postgresBackend()
const base = backend.databases.default as DatabaseSettings
const opened: PostgresDatabaseWrapper[] = []
configure({ DATABASES: {} })

function wrapper(maxAge: number | null | undefined): PostgresDatabaseWrapper {
  const settings: DatabaseSettings = { ...base }
  if (maxAge !== undefined) settings.CONN_MAX_AGE = maxAge
  const db = new PostgresDatabaseWrapper('default', settings)
  opened.push(db)
  return db
}

async function backendPid(db: PostgresDatabaseWrapper): Promise<number> {
  const { rows } = await db.execute<{ pid: number }>('SELECT pg_backend_pid() AS pid')
  return Number(rows[0]!.pid)
}

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()))
  await backend.cleanup()
})

describe('CONN_MAX_AGE → pool options', () => {
  it('maps unset, null, 0 and seconds, and refuses nonsense', () => {
    expect(poolLifetime(undefined)).toEqual({})
    expect(poolLifetime(null)).toEqual({ idleTimeoutMillis: 0 })
    expect(poolLifetime(0)).toEqual({ maxUses: 1 })
    expect(poolLifetime(600)).toEqual({ maxLifetimeSeconds: 600 })
    expect(poolLifetime(0.5)).toEqual({ maxLifetimeSeconds: 1 })
    expect(() => poolLifetime(-1)).toThrow(ImproperlyConfigured)
    expect(() => poolLifetime(Number.NaN)).toThrow(/CONN_MAX_AGE must be a number/)
  })
})

describe.skipIf(backend.unavailable !== null)('CONN_MAX_AGE on a real server', () => {
  it('unset: one connection serves queries one after another', async () => {
    const db = wrapper(undefined)
    const pids = new Set([await backendPid(db), await backendPid(db), await backendPid(db)])
    expect(pids.size).toBe(1)
  })

  it('600: connections are reused, with a lifetime on the pool', async () => {
    const db = wrapper(600)
    expect(await backendPid(db)).toBe(await backendPid(db))
    expect((db.pool.options as { maxLifetimeSeconds?: number }).maxLifetimeSeconds).toBe(600)
  })

  it('0: no persistent connections, each query outside a transaction gets a new one', async () => {
    const db = wrapper(0)
    const pids = new Set([await backendPid(db), await backendPid(db), await backendPid(db)])
    expect(pids.size).toBe(3)
  })

  it('0: a transaction keeps its one connection to the end', async () => {
    await overrideSettings({ DATABASES: { default: { ...base, CONN_MAX_AGE: 0 } } }, async () => {
      const db = connections.get('default')
      const pid = async (): Promise<number> =>
        Number((await db.execute<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid)
      const inside = await atomic(async () => [await pid(), await pid(), await pid()])
      expect(new Set(inside).size).toBe(1)
      const outside = new Set([await pid(), await pid()])
      expect(outside.size).toBe(2)
      expect(outside.has(inside[0]!)).toBe(false)
      await connections.closeAll()
    })
  })
})
