/**
 * getOrCreate() and updateOrCreate(): find the row by lookups, or create it from the lookups
 * without `__` plus the defaults. Creation runs in a savepoint so that a concurrent request
 * inserting the same row first (IntegrityError) ends in fetching that row.
 */
import { atomic } from '../../transaction.js'

/** What the two functions need of the QuerySet. */
interface Source<T> {
  get(lookups: never): Promise<unknown>
  create(values: never): Promise<T>
}

function isDoesNotExist(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'DoesNotExist' || error.name.endsWith('DoesNotExist'))
  )
}

/** Lookups without '__' become values of the new object in getOrCreate. */
function directValues(lookups: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(lookups)) {
    if (key.endsWith('__exact')) values[key.slice(0, -7)] = value
    else if (!key.includes('__')) values[key] = value
  }
  return values
}

/** `[object, created]` on the write database `alias`. */
export async function getOrCreate<T>(
  qs: Source<T>,
  alias: string,
  lookups: Record<string, unknown>,
  options: { defaults?: Record<string, unknown> },
): Promise<[T, boolean]> {
  try {
    return [(await qs.get(lookups as never)) as T, false]
  } catch (error) {
    if (!isDoesNotExist(error)) throw error
  }
  const values = { ...directValues(lookups), ...(options.defaults ?? {}) }
  try {
    const created = await atomic(() => qs.create(values as never), { using: alias })
    return [created, true]
  } catch (error) {
    // A concurrent create won the race: the row exists now.
    if ((error as Error).name === 'IntegrityError') {
      try {
        return [(await qs.get(lookups as never)) as T, false]
      } catch {
        throw error
      }
    }
    throw error
  }
}

/**
 * `[object, created]`: `locked` (the QuerySet with selectForUpdate() where supported) finds
 * the row, which gets the defaults and `save(existing)`; else `qs` creates it.
 */
export async function updateOrCreate<T>(
  qs: Source<T>,
  locked: Source<T>,
  alias: string,
  lookups: Record<string, unknown>,
  options: { defaults?: Record<string, unknown>; createDefaults?: Record<string, unknown> },
  save: (existing: T) => Promise<void>,
): Promise<[T, boolean]> {
  return atomic(
    async () => {
      let existing: T | undefined
      try {
        existing = (await locked.get(lookups as never)) as T
      } catch (error) {
        if (!isDoesNotExist(error)) throw error
      }
      if (existing === undefined) {
        const values = {
          ...directValues(lookups),
          ...(options.createDefaults ?? options.defaults ?? {}),
        }
        return [await qs.create(values as never), true] as [T, boolean]
      }
      Object.assign(existing as object, options.defaults ?? {})
      await save(existing)
      return [existing, false] as [T, boolean]
    },
    { using: alias },
  )
}
