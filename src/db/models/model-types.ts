/**
 * Structural types shared by fields, options and the query layer, kept apart from model.ts
 * so those modules can refer to "a model class" without importing the Model implementation
 * (which imports them).
 */
import type { Options } from './options.js'

/** Any model instance: the fields' values plus the Model methods. */
export interface AnyModelInstance {
  pk: unknown
  _state: ModelInstanceState
  [key: string]: unknown
}

/** Per-instance bookkeeping (Django's `_state`). */
export interface ModelInstanceState {
  /** True until the instance has been saved or was loaded from the database. */
  adding: boolean
  /** The database alias the instance came from or was saved to. */
  db: string | null
  /** Related objects loaded by selectRelated / prefetchRelated / access, by field name. */
  cache: Map<string, unknown>
}

/**
 * Any model class. `any` in the constructor: model constructors take each model's own
 * field values, so no single parameter type covers them all.
 */
export interface AnyModelClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (...args: any[]): AnyModelInstance
  readonly name: string
  readonly _meta: Options
  prototype: AnyModelInstance
}
