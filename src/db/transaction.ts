/**
 * Transactions: `atomic()` and `onCommit()`.
 *
 * The outermost `atomic()` takes a connection of its own (a pooled pg client; on SQLite the
 * single connection, held exclusively), sends BEGIN, and runs the callback with that
 * connection as the current transaction in AsyncLocalStorage: every query made while the
 * callback runs — across any number of awaits — goes through it. A nested `atomic()` opens a
 * SAVEPOINT. A throw rolls the block back (to the savepoint when nested) and re-throws;
 * otherwise the block commits (releases the savepoint), and after the outermost COMMIT the
 * `onCommit` callbacks run.
 *
 * ```ts
 * await atomic(async () => {
 *   const question = await Question.objects.create({ questionText: 'Why?', pubDate: new Date() })
 *   await Choice.objects.create({ question, choiceText: 'Because', votes: 0 })
 *   onCommit(() => notify(question))
 * })
 * ```
 */
import { connections } from './connection.js'
import { currentTransaction, runInTransaction, type TransactionState } from './transaction-state.js'
import type { DatabaseWrapper } from './backends/base/base.js'

export interface AtomicOptions {
  /** Database alias (default 'default'). */
  using?: string
  /** Nested blocks use a savepoint (default true); false makes an inner error roll back the outer block. */
  savepoint?: boolean
}

function connectionFor(using: string | undefined): DatabaseWrapper {
  return connections.get(using ?? 'default')
}

/** Runs `fn` in a transaction (or a savepoint when already inside one) and returns its result. */
export async function atomic<T>(fn: () => T | Promise<T>, options: AtomicOptions = {}): Promise<T> {
  const connection = connectionFor(options.using)
  const outer = currentTransaction(connection)
  if (outer !== undefined) return nested(outer, fn, options.savepoint ?? true)
  const client = await connection.acquireClient()
  const state: TransactionState = { connection, client, depth: 0, savepointSeq: 0, onCommit: [] }
  let result: T
  try {
    await client.query('BEGIN', [], {})
  } catch (error) {
    client.release(error as Error)
    throw connection.wrapError(error, 'BEGIN')
  }
  try {
    result = await runInTransaction(state, fn)
  } catch (error) {
    try {
      await client.query('ROLLBACK', [], {})
      client.release()
    } catch (rollbackError) {
      client.release(rollbackError as Error)
    }
    throw error
  }
  try {
    await client.query('COMMIT', [], {})
  } catch (error) {
    try {
      await client.query('ROLLBACK', [], {})
    } catch {
      // The connection is gone; release() below discards it.
    }
    client.release(error as Error)
    throw connection.wrapError(error, 'COMMIT')
  }
  client.release()
  for (const { callback } of state.onCommit) await callback()
  return result
}

async function nested<T>(
  state: TransactionState,
  fn: () => T | Promise<T>,
  savepoint: boolean,
): Promise<T> {
  if (!savepoint) return fn()
  const name = `s${++state.savepointSeq}`
  const sql = (statement: string) => state.client.query(statement, [], {})
  await sql(`SAVEPOINT ${name}`)
  state.depth++
  const depth = state.depth
  try {
    const result = await fn()
    await sql(`RELEASE SAVEPOINT ${name}`)
    return result
  } catch (error) {
    await sql(`ROLLBACK TO SAVEPOINT ${name}`)
    await sql(`RELEASE SAVEPOINT ${name}`)
    // Callbacks registered inside the rolled-back block must not run.
    state.onCommit = state.onCommit.filter((entry) => entry.depth < depth)
    throw error
  } finally {
    state.depth--
    for (const entry of state.onCommit) if (entry.depth > state.depth) entry.depth = state.depth
  }
}

/**
 * Runs `callback` after the current transaction commits (never if it rolls back); outside
 * a transaction it runs at once.
 */
export async function onCommit(
  callback: () => unknown,
  options: { using?: string } = {},
): Promise<void> {
  const state = currentTransaction(connectionFor(options.using))
  if (state === undefined) {
    await callback()
    return
  }
  state.onCommit.push({ depth: state.depth, callback })
}

/** True inside an `atomic()` block on that database. */
export function inAtomicBlock(options: { using?: string } = {}): boolean {
  return currentTransaction(connectionFor(options.using)) !== undefined
}

/**
 * Wraps a function so each call runs in `atomic()` — Django's `@transaction.atomic`.
 *
 * ```ts
 * export const transfer = atomicFunction(async (from: Account, to: Account) => { ... })
 * ```
 */
export function atomicFunction<A extends unknown[], R>(
  fn: (...args: A) => R | Promise<R>,
  options: AtomicOptions = {},
): (...args: A) => Promise<R> {
  return (...args: A) => atomic(() => fn(...args), options)
}
