/** A value, or a promise of it: what sync-or-async user code (views, middleware) may return. */
export type Awaitable<T> = T | Promise<T>

/** True for anything with a callable `then`, the same test `await` applies. */
export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
