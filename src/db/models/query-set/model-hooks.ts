/**
 * What the QuerySet needs from the model layer (model.ts fills these in when it loads, which
 * avoids an import cycle between the model class and the QuerySet), and the value save()
 * would store for a field, shared by save() and bulkCreate().
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import type { Field } from '../fields/field.js'
import type { AnyModelClass, AnyModelInstance } from '../model-types.js'

/** Model-layer hooks QuerySet needs from model.ts (set there; avoids an import cycle). */
export const modelHooks: {
  fromDb: (model: AnyModelClass, db: string, fields: Field[], values: unknown[]) => AnyModelInstance
  /** An instance from `fields.length` values of `row` starting at `offset` (no copying). */
  fromRow: (
    model: AnyModelClass,
    db: string,
    connection: DatabaseWrapper,
    fields: readonly Field[],
    row: readonly unknown[],
    offset: number,
  ) => AnyModelInstance
  create: (model: AnyModelClass, values: Record<string, unknown>) => AnyModelInstance
  save: (
    instance: AnyModelInstance,
    options: { using?: string; forceInsert?: boolean },
  ) => Promise<void>
  doesNotExist: (model: AnyModelClass, message: string) => Error
  multipleObjects: (model: AnyModelClass, message: string) => Error
  timeZone: () => string
} = {
  fromDb: () => {
    throw new Error('model.ts not loaded')
  },
  fromRow: () => {
    throw new Error('model.ts not loaded')
  },
  create: () => {
    throw new Error('model.ts not loaded')
  },
  save: async () => {},
  doesNotExist: (_m, message) => new Error(message),
  multipleObjects: (_m, message) => new Error(message),
  timeZone: () => 'UTC',
}

/** The value save() would store for a field (autoNow, FK objects). */
export function preSaveValue(field: Field, instance: AnyModelInstance, add: boolean): unknown {
  const hook = (field as unknown as { preSave?: (v: unknown, add: boolean) => unknown }).preSave
  if (hook !== undefined) {
    const value = hook.call(field, instance[field.attname], add)
    instance[field.attname] = value
    return value
  }
  return instance[field.attname]
}
