/**
 * `captureOnCommitCallbacks()`: Django's `TestCase.captureOnCommitCallbacks`. Inside a test
 * database's test (see test-databases.ts) nothing commits, so `onCommit` callbacks wait in
 * the test transaction forever; this collects the ones registered while `fn` runs (minus
 * those of savepoints that rolled back) and, with `execute: true`, runs them — and then
 * any that they register in turn — the way a commit would.
 *
 * ```ts
 * const { callbacks } = await captureOnCommitCallbacks(() => signUp('ada'), { execute: true })
 * expect(callbacks).toHaveLength(1)
 * ```
 */
import { connections } from '../db/connection.js'

export interface CaptureOnCommitOptions {
  /** Database alias (default 'default'). */
  using?: string
  /** Run the captured callbacks after `fn` (default false). */
  execute?: boolean
}

export interface CapturedOnCommit<T> {
  result: T
  /** The callbacks, in registration order. */
  callbacks: (() => unknown)[]
}

/** Runs `fn` and returns the onCommit callbacks it registered on `using`. */
export async function captureOnCommitCallbacks<T>(
  fn: () => T | Promise<T>,
  options: CaptureOnCommitOptions = {},
): Promise<CapturedOnCommit<T>> {
  const connection = connections.get(options.using ?? 'default')
  const state = connection.currentTransaction()
  if (state === undefined) {
    throw new Error(
      `captureOnCommitCallbacks() needs a transaction on '${connection.alias}' to capture ` +
        'from: use it inside a test of useTestDatabase() (transactional) or an atomic() block.',
    )
  }
  let start = state.onCommit.length
  const result = await fn()
  const callbacks: (() => unknown)[] = []
  // Read state.onCommit each time: a rolled-back savepoint replaces the array. Entries stay
  // in the transaction, as in Django: a real commit later would still run them.
  for (;;) {
    const end = state.onCommit.length
    const fresh = state.onCommit.slice(start, end).map((entry) => entry.callback)
    callbacks.push(...fresh)
    if (options.execute === true) for (const callback of fresh) await callback()
    // Callbacks registered by the callbacks just run are captured (and run) too.
    if (options.execute !== true || state.onCommit.length === end) break
    start = end
  }
  return { result, callbacks }
}
