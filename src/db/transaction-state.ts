/**
 * Where the current transaction lives: an AsyncLocalStorage holding, per database
 * connection, the state of the innermost `atomic()` block. Each request (each async
 * context) sees only its own blocks, so two concurrent requests never share a transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { DatabaseWrapper, DriverClient } from './backends/base/base.js'

export interface TransactionState {
  readonly connection: DatabaseWrapper
  /** The connection holding the transaction open. */
  readonly client: DriverClient
  /** Savepoints currently open (0 = only the outer transaction). */
  depth: number
  /** Counter for unique savepoint names within the transaction. */
  savepointSeq: number
  /** Callbacks to run after COMMIT, tagged with the savepoint depth that registered them. */
  onCommit: { depth: number; callback: () => unknown }[]
}

type Store = ReadonlyMap<DatabaseWrapper, TransactionState>

export const transactionStorage = new AsyncLocalStorage<Store>()

/**
 * Transactions that every async context shares (a test case's transaction, which must also
 * cover queries made from contexts started before it, such as a server's request handlers).
 */
const pinnedTransactions = new Map<DatabaseWrapper, TransactionState>()

export function currentTransaction(connection: DatabaseWrapper): TransactionState | undefined {
  const state = transactionStorage.getStore()?.get(connection)
  return state !== undefined || pinnedTransactions.size === 0
    ? state
    : pinnedTransactions.get(connection)
}

/**
 * Makes `state` the transaction of `connection` in every async context that has no block of
 * its own (null removes it). Used by reinhardt/test's test databases.
 */
export function pinTransaction(connection: DatabaseWrapper, state: TransactionState | null): void {
  if (state === null) pinnedTransactions.delete(connection)
  else pinnedTransactions.set(connection, state)
}

/** Runs `fn` with `state` as the current transaction of its connection. */
export function runInTransaction<T>(state: TransactionState, fn: () => T): T {
  const store = new Map(transactionStorage.getStore() ?? [])
  store.set(state.connection, state)
  return transactionStorage.run(store, fn)
}

/** Runs `fn` outside any transaction on `connection` (used by nonAtomic paths). */
export function runOutsideTransaction<T>(connection: DatabaseWrapper, fn: () => T): T {
  const store = new Map(transactionStorage.getStore() ?? [])
  store.delete(connection)
  return transactionStorage.run(store, fn)
}
