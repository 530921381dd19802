/**
 * DATABASE_ROUTERS: objects deciding which database a model reads from or writes to, and
 * whether relations and migrations are allowed. Each router may implement any of the
 * methods; the first to return a value (not undefined/null) decides, else 'default'.
 *
 * ```ts
 * const primaryReplica: DatabaseRouter = {
 *   dbForRead: () => 'replica',
 *   dbForWrite: () => 'default',
 *   allowMigrate: (db) => db === 'default',
 * }
 * defineSettings({ DATABASE_ROUTERS: [primaryReplica], ... })
 * ```
 */
import { getSettings } from '../conf/settings.js'
import { settingChanged } from '../core/signals.js'
import type { AnyModelClass } from './models/model-types.js'

export interface DatabaseRouter {
  dbForRead?(model: AnyModelClass, hints?: Record<string, unknown>): string | null | undefined
  dbForWrite?(model: AnyModelClass, hints?: Record<string, unknown>): string | null | undefined
  allowRelation?(a: unknown, b: unknown): boolean | null | undefined
  allowMigrate?(db: string, appLabel: string, modelName?: string): boolean | null | undefined
}

export class ConnectionRouter {
  #routers: readonly DatabaseRouter[] | null = null

  get routers(): readonly DatabaseRouter[] {
    if (this.#routers === null)
      this.#routers = (getSettings().DATABASE_ROUTERS ?? []) as DatabaseRouter[]
    return this.#routers
  }

  /** Uses these routers instead of DATABASE_ROUTERS (null: back to the setting). */
  setRouters(routers: readonly DatabaseRouter[] | null): void {
    this.#routers = routers
  }

  dbForRead(model: AnyModelClass, hints?: Record<string, unknown>): string {
    for (const r of this.routers) {
      const db = r.dbForRead?.(model, hints)
      if (db) return db
    }
    return 'default'
  }

  dbForWrite(model: AnyModelClass, hints?: Record<string, unknown>): string {
    for (const r of this.routers) {
      const db = r.dbForWrite?.(model, hints)
      if (db) return db
    }
    return 'default'
  }

  allowRelation(a: unknown, b: unknown): boolean {
    for (const r of this.routers) {
      const allowed = r.allowRelation?.(a, b)
      if (allowed !== null && allowed !== undefined) return allowed
    }
    return true
  }

  allowMigrate(db: string, appLabel: string, modelName?: string): boolean {
    for (const r of this.routers) {
      const allowed = r.allowMigrate?.(db, appLabel, modelName)
      if (allowed !== null && allowed !== undefined) return allowed
    }
    return true
  }
}

export const router = new ConnectionRouter()

settingChanged.connect(
  ({ setting }) => {
    if (setting === 'DATABASE_ROUTERS') router.setRouters(null)
  },
  { dispatchUid: 'reinhardt.db.router' },
)
