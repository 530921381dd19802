/**
 * ATOMIC_REQUESTS: with `ATOMIC_REQUESTS: true` on a DATABASES entry, the handler runs each
 * view inside `atomic()` on that database — committed when the view returns a response,
 * rolled back when it throws (the error then becomes the usual error response). Template
 * responses are rendered after the commit, as in Django.
 *
 * The handler loads this module only when some database asks for it, so projects without
 * ATOMIC_REQUESTS (or without a database) pay nothing per request.
 *
 * ```ts
 * export const webhook = nonAtomicRequests(async (request) => { ... }) // opt one view out
 * ```
 */
import type { HttpResponseBase } from '../http/response.js'
import type { View } from '../views/types.js'
import { atomic } from './transaction.js'

export { atomicRequestAliases } from './atomic-requests-settings.js'

const NON_ATOMIC = Symbol.for('reinhardt.db.nonAtomicRequests')

type Marked = View & { [NON_ATOMIC]?: ReadonlySet<string> | 'all' }

/**
 * Excludes a view from ATOMIC_REQUESTS, on every database or only on `using`.
 *
 * ```ts
 * export const upload = nonAtomicRequests(uploadView)
 * export const report = nonAtomicRequests(reportView, { using: 'replica' })
 * ```
 */
export function nonAtomicRequests<V extends View>(
  view: V,
  options: { using?: string | readonly string[] } = {},
): V {
  const marked = view as V & Marked
  const using = options.using
  marked[NON_ATOMIC] =
    using === undefined ? 'all' : new Set(typeof using === 'string' ? [using] : using)
  return view
}

/** The view wrapped in `atomic()` for each alias the view has not opted out of. */
export function makeViewAtomic(view: View, aliases: readonly string[]): View {
  const optOut = (view as Marked)[NON_ATOMIC]
  if (optOut === 'all') return view
  const active = optOut === undefined ? aliases : aliases.filter((alias) => !optOut.has(alias))
  if (active.length === 0) return view
  let wrapped: (
    request: Parameters<View>[0],
    params: Parameters<View>[1],
  ) => Promise<HttpResponseBase> = async (request, params) => view(request, params)
  for (const alias of active) {
    const inner = wrapped
    wrapped = (request, params) => atomic(() => inner(request, params), { using: alias })
  }
  Object.defineProperty(wrapped, 'name', { value: view.name })
  return wrapped
}
