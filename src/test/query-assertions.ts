/**
 * Counting the queries a piece of code runs: `captureQueries()` (Django's
 * CaptureQueriesContext) and `assertNumQueries()`.
 *
 * Both read the connection's query log (`DatabaseWrapper.queryLog`): when it is off they
 * switch it on for the duration of `fn` and off again; when an outer capture already has it
 * on they read their own slice of it, so captures nest. Every statement sent through
 * `execute()` counts — from any async context, on that alias only; the BEGIN / SAVEPOINT /
 * COMMIT that `atomic()` sends itself do not.
 *
 * ```ts
 * await assertNumQueries(1, () => Choice.objects.selectRelated('question').fetch())
 * const { queries } = await captureQueries(() => Question.objects.get({ pk: 1 }))
 * ```
 */
import { AssertionError } from 'node:assert'
import { connections } from '../db/connection.js'

export interface CapturedQuery {
  sql: string
  params: readonly unknown[]
}

export interface CapturedQueries<T> {
  result: T
  queries: CapturedQuery[]
}

/** Runs `fn` and returns its result with the statements it ran on `using`. */
export async function captureQueries<T>(
  fn: () => T | Promise<T>,
  options: { using?: string } = {},
): Promise<CapturedQueries<T>> {
  const connection = connections.get(options.using ?? 'default')
  const outer = connection.queryLog
  const log = outer ?? []
  const start = log.length
  if (outer === null) connection.queryLog = log
  try {
    const result = await fn()
    return { result, queries: log.slice(start) }
  } finally {
    if (outer === null) connection.queryLog = null
  }
}

/**
 * Runs `fn`, failing with an AssertionError that lists the statements unless exactly
 * `expected` ran on `using`; returns `fn`'s result.
 */
export async function assertNumQueries<T>(
  expected: number,
  fn: () => T | Promise<T>,
  options: { using?: string } = {},
): Promise<T> {
  const { result, queries } = await captureQueries(fn, options)
  if (queries.length !== expected) {
    const listing = queries.map((q, i) => `${i + 1}. ${q.sql}`).join('\n')
    throw new AssertionError({
      message:
        `${queries.length} queries executed on '${options.using ?? 'default'}', ` +
        `${expected} expected.` +
        (queries.length > 0 ? `\nCaptured queries were:\n${listing}` : ''),
      actual: queries.length,
      expected,
      operator: 'strictEqual',
    })
  }
  return result
}
