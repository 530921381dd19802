/**
 * Test databases with Django's TestCase semantics, for any test runner with
 * beforeAll/afterAll/beforeEach/afterEach hooks (Vitest, Jest, node:test, Mocha).
 *
 * `setup()` (beforeAll) creates a fresh database per alias (test-database-creation.ts),
 * points DATABASES at it with `overrideSettings`, builds the schema (test-schema.ts), then
 * opens one transaction per alias and *pins* it: every query on that connection, from any
 * async context, runs inside it — so does code started elsewhere, like a server's request
 * handlers. `setupTestData` runs in that transaction, once. Each test runs inside a
 * savepoint (`beforeEachTest` / `afterEachTest`) rolled back afterwards, so no test sees
 * another's rows, and `atomic()` blocks in the code under test become nested savepoints.
 * Nothing ever commits: `onCommit` callbacks are kept aside, never run, unless a test
 * captures them (captureOnCommitCallbacks). `teardown()` (afterAll) rolls back, closes the
 * connections, drops the databases and restores the settings.
 *
 * With `transactional: false` (Django's TransactionTestCase) tests really commit, and every
 * table is emptied after each test instead: for code that needs real commits or several
 * concurrent transactions.
 *
 * ```ts
 * import * as vitest from 'vitest'
 * import { useTestDatabase } from 'reinhardt/test'
 * useTestDatabase(vitest, { setupTestData: async () => void (await Author.objects.create({ name: 'Ada' })) })
 * ```
 */
import type { DatabaseSettings } from '../conf/global-settings.js'
import { getSettings, isConfigured, overrideSettings } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { DatabaseWrapper } from '../db/backends/base/base.js'
import { connections } from '../db/connection.js'
import { pinTransaction, type TransactionState } from '../db/transaction-state.js'
import {
  createTestDatabase,
  destroyTestDatabase,
  type TestDatabaseNameOptions,
} from './test-database-creation.js'
import { createTestSchema, type TestSchemaOptions, type TestSchemaReport } from './test-schema.js'

export interface TestDatabaseOptions extends TestSchemaOptions, TestDatabaseNameOptions {
  /** DATABASES aliases to create test databases for (default: every configured alias). */
  aliases?: readonly string[]
  /**
   * true (default, Django's TestCase): roll each test back. false (TransactionTestCase):
   * let tests commit and empty every table after each test.
   */
  transactional?: boolean
  /** Runs once after the schema exists; its rows are visible to every test (setUpTestData). */
  setupTestData?: () => unknown
  /** Reuse an existing test database and keep it afterwards (Django's --keepdb). */
  keepdb?: boolean
}

/** The hook registration functions of a test runner (e.g. `import * as vitest from 'vitest'`). */
export interface TestHooks {
  beforeAll(fn: () => Promise<void>, timeout?: number): unknown
  afterAll(fn: () => Promise<void>, timeout?: number): unknown
  beforeEach(fn: () => Promise<void>, timeout?: number): unknown
  afterEach(fn: () => Promise<void>, timeout?: number): unknown
}

interface AliasState {
  readonly alias: string
  readonly settings: DatabaseSettings
  connection: DatabaseWrapper | null
  transaction: TransactionState | null
  /** onCommit entries present when the current test began. */
  onCommitMark: number
  schema: TestSchemaReport | null
}

const TEST_SAVEPOINT = 'reinhardt_test'

/** The test databases of one test file; see the module comment. */
export class TestDatabases {
  readonly options: TestDatabaseOptions
  #aliases: AliasState[] = []
  #restoreSettings: (() => void) | null = null
  #inTest = false

  constructor(options: TestDatabaseOptions = {}) {
    this.options = options
  }

  /** The schema report per alias (after setup). */
  get schemas(): ReadonlyMap<string, TestSchemaReport> {
    return new Map(this.#aliases.map((a) => [a.alias, a.schema!]))
  }

  /** beforeAll: create the databases and schemas, run setupTestData. */
  setup = async (): Promise<void> => {
    if (this.#restoreSettings !== null) throw new Error('Test databases are already set up.')
    if (!isConfigured()) {
      throw new ImproperlyConfigured(
        'Test databases need settings: call configure({ DATABASES: ... }) (or setup()) first.',
      )
    }
    const databases = getSettings().DATABASES
    const aliases = this.options.aliases ?? Object.keys(databases)
    const replaced: Record<string, DatabaseSettings> = { ...databases }
    for (const alias of aliases) {
      const real = databases[alias]
      if (real === undefined) {
        throw new ImproperlyConfigured(
          `The test database alias '${alias}' is not in DATABASES (configured: ${Object.keys(databases).join(', ') || 'none'}).`,
        )
      }
      const settings = await createTestDatabase(alias, real, this.options)
      replaced[alias] = settings
      this.#aliases.push({
        alias,
        settings,
        connection: null,
        transaction: null,
        onCommitMark: 0,
        schema: null,
      })
    }
    this.#restoreSettings = overrideSettings({ DATABASES: replaced })
    try {
      for (const entry of this.#aliases) {
        entry.connection = connections.get(entry.alias)
        entry.schema = await createTestSchema(entry.connection, this.options)
      }
      if (this.options.transactional ?? true) {
        for (const entry of this.#aliases) await this.#pin(entry)
      }
      await this.options.setupTestData?.()
    } catch (error) {
      await this.teardown().catch(() => {})
      throw error
    }
  }

  /** afterAll: roll back, close, drop the databases, restore DATABASES. */
  teardown = async (): Promise<void> => {
    const errors: unknown[] = []
    for (const entry of this.#aliases) {
      const state = entry.transaction
      if (state === null) continue
      pinTransaction(state.connection, null)
      entry.transaction = null
      try {
        await state.client.query('ROLLBACK', [], {})
        state.client.release()
      } catch (error) {
        state.client.release(error as Error)
        errors.push(error)
      }
    }
    await connections.closeAll()
    if (this.options.keepdb !== true) {
      for (const entry of this.#aliases) {
        await destroyTestDatabase(entry.alias, entry.settings).catch((e: unknown) => errors.push(e))
      }
    }
    this.#aliases = []
    this.#restoreSettings?.()
    this.#restoreSettings = null
    if (errors.length > 0) throw errors[0]
  }

  /** beforeEach: open the test's savepoint (or nothing, when not transactional). */
  beforeEachTest = async (): Promise<void> => {
    this.#inTest = true
    for (const entry of this.#aliases) {
      const state = entry.transaction
      if (state === null) continue
      entry.onCommitMark = state.onCommit.length
      await state.client.query(`SAVEPOINT ${TEST_SAVEPOINT}`, [], {})
    }
  }

  /** afterEach: roll the test back (or empty every table, when not transactional). */
  afterEachTest = async (): Promise<void> => {
    if (!this.#inTest) return
    this.#inTest = false
    for (const entry of this.#aliases) {
      const state = entry.transaction
      if (state === null) {
        await flush(entry.connection!)
        continue
      }
      await state.client.query(`ROLLBACK TO SAVEPOINT ${TEST_SAVEPOINT}`, [], {})
      await state.client.query(`RELEASE SAVEPOINT ${TEST_SAVEPOINT}`, [], {})
      state.onCommit.length = entry.onCommitMark
    }
  }

  async #pin(entry: AliasState): Promise<void> {
    const connection = entry.connection!
    const client = await connection.acquireClient()
    try {
      await client.query('BEGIN', [], {})
    } catch (error) {
      client.release(error as Error)
      throw connection.wrapError(error, 'BEGIN')
    }
    const state: TransactionState = {
      connection,
      client,
      depth: 0,
      savepointSeq: 0,
      onCommit: [],
    }
    entry.transaction = state
    pinTransaction(connection, state)
  }
}

/** Empties every table but the migrations record (TransactionTestCase's flush). */
async function flush(connection: DatabaseWrapper): Promise<void> {
  const tables = (await connection.tableNames()).filter((t) => t !== 'reinhardt_migrations')
  if (tables.length === 0) return
  const quoted = tables.map((t) => connection.quoteName(t))
  if (connection.vendor === 'postgresql') {
    await connection.execute(`TRUNCATE ${quoted.join(', ')} RESTART IDENTITY CASCADE`)
    return
  }
  if (connection.vendor === 'mysql') {
    // FOREIGN_KEY_CHECKS is per session: keep one pooled session for the whole flush.
    const client = await connection.acquireClient()
    try {
      await client.query('SET FOREIGN_KEY_CHECKS = 0', [], {})
      for (const table of quoted) await client.query(`TRUNCATE TABLE ${table}`, [], {})
    } finally {
      await client.query('SET FOREIGN_KEY_CHECKS = 1', [], {}).catch(() => {})
      client.release()
    }
    return
  }
  // PRAGMA foreign_keys is ignored inside a transaction, so switch it off first.
  await connection.execute('PRAGMA foreign_keys = OFF')
  try {
    for (const table of quoted) await connection.execute(`DELETE FROM ${table}`)
    const { rows } = await connection.execute(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
    )
    if (rows.length > 0) await connection.execute('DELETE FROM sqlite_sequence')
  } finally {
    await connection.execute('PRAGMA foreign_keys = ON')
  }
}

/**
 * Registers test databases on a runner's hooks and returns them.
 *
 * ```ts
 * import * as vitest from 'vitest'
 * const databases = useTestDatabase(vitest, { aliases: ['default'] })
 * ```
 */
export function useTestDatabase(
  hooks: TestHooks,
  options: TestDatabaseOptions & { timeout?: number } = {},
): TestDatabases {
  const databases = new TestDatabases(options)
  const timeout = options.timeout ?? 60_000
  hooks.beforeAll(databases.setup, timeout)
  hooks.afterAll(databases.teardown, timeout)
  hooks.beforeEach(databases.beforeEachTest)
  hooks.afterEach(databases.afterEachTest)
  return databases
}
