/**
 * bulkCreate() and bulkUpdate(): many rows in few statements. bulkCreate inserts batches
 * sized to the driver's parameter limit and sets the new primary keys from RETURNING;
 * bulkUpdate writes one `UPDATE ... SET f = CASE WHEN pk = ... THEN ... END` per batch.
 * Several statements share one transaction. Neither calls save() nor sends signals (as in
 * Django).
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { atomic } from '../../transaction.js'
import { FieldError } from '../exceptions.js'
import { Case, F, Value, When, type Expression } from '../expressions.js'
import type { Field } from '../fields/field.js'
import type { AnyModelClass, AnyModelInstance } from '../model-types.js'
import { compileInsert, insertFields, insertSql } from '../query/compiler.js'
import { preSaveValue } from './model-hooks.js'

export const ARRAY_MODE = { arrayMode: true } as const
/** ARRAY_MODE for a SELECT known to match at most one row (see ExecuteOptions). */
export const ARRAY_MODE_ONE_ROW = { arrayMode: true, atMostOneRow: true } as const

/** Inserts `objects` into `model`'s table on `connection`; sets their keys and state. */
export async function bulkCreate<T extends AnyModelInstance>(
  model: AnyModelClass,
  connection: DatabaseWrapper,
  objects: readonly T[],
  options: { batchSize?: number; ignoreConflicts?: boolean },
): Promise<T[]> {
  if (objects.length === 0) return []
  if (
    options.batchSize !== undefined &&
    (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1)
  ) {
    throw new TypeError('bulkCreate() batchSize must be a positive integer.')
  }
  const meta = model._meta
  const ignoreConflicts = options.ignoreConflicts ?? false
  const maxParams = connection.vendor === 'sqlite' ? 32766 : 65535
  const withPk = objects.filter((o) => o.pk !== null && o.pk !== undefined)
  const withoutPk = objects.filter((o) => o.pk === null || o.pk === undefined)
  const insert = async (batch: readonly T[], fields: readonly Field[]) => {
    const width = fields.length
    const params = new Array<unknown>(batch.length * width)
    let k = 0
    for (const object of batch) {
      for (let f = 0; f < width; f++) {
        const field = fields[f]!
        params[k++] = field.toDb(preSaveValue(field, object, true), connection)
      }
    }
    let sql: string
    if (ignoreConflicts) {
      const { sql: raw } = await import('kysely')
      const rows = batch.map((_, i) => params.slice(i * width, (i + 1) * width))
      const fragment = compileInsert(meta.dbTable, [...fields], rows, [])
      sql = connection.compile(raw`${fragment} ON CONFLICT DO NOTHING`).sql
    } else sql = insertSql(connection, meta, fields, batch.length, true)
    const { rows: returned } =
      connection.executeNow<unknown[]>(sql, params, ARRAY_MODE) ??
      (await connection.execute<unknown[]>(sql, params, ARRAY_MODE))
    if (!ignoreConflicts) {
      const pk = meta.pk
      for (let i = 0; i < returned.length; i++) {
        const object = batch[i]! as AnyModelInstance
        object[pk.attname] = pk.fromDb(returned[i]![0], connection)
        object._state.adding = false
        object._state.db = connection.alias
      }
    }
  }
  const batches: [readonly T[], readonly Field[]][] = []
  for (const [group, fields] of [
    [withPk, insertFields(meta, true)],
    [withoutPk, insertFields(meta, false)],
  ] as const) {
    // A model with nothing but its auto key inserts DEFAULT VALUES: one row per statement.
    const size =
      fields.length === 0
        ? 1
        : (options.batchSize ?? Math.max(1, Math.floor(maxParams / fields.length)))
    for (let i = 0; i < group.length; i += size) batches.push([group.slice(i, i + size), fields])
  }
  // One statement is atomic by itself; several share a transaction.
  if (batches.length === 1) await insert(batches[0]![0], batches[0]![1])
  else {
    await atomic(
      async () => {
        for (const [batch, fields] of batches) await insert(batch, fields)
      },
      { using: connection.alias },
    )
  }
  return [...objects]
}

/**
 * Updates `fields` of saved `objects`: `updateBatch(pks, values)` runs one UPDATE of the rows
 * with those keys (the QuerySet's filter().update()), inside one transaction on `alias`.
 */
export async function bulkUpdate(
  model: AnyModelClass,
  alias: string,
  objects: readonly AnyModelInstance[],
  fields: readonly string[],
  options: { batchSize?: number },
  updateBatch: (pks: unknown[], values: Record<string, Expression>) => Promise<number>,
): Promise<number> {
  if (objects.length === 0) return 0
  if (fields.length === 0)
    throw new TypeError('bulkUpdate() needs the names of the fields to update.')
  const meta = model._meta
  const targets = fields.map((name) => meta.getField(name))
  for (const f of targets) {
    if (f.primaryKey || !f.concrete) throw new FieldError(`bulkUpdate() cannot update '${f.name}'.`)
  }
  const batchSize = options.batchSize ?? 500
  let updated = 0
  await atomic(
    async () => {
      for (let i = 0; i < objects.length; i += batchSize) {
        const batch = objects.slice(i, i + batchSize)
        const values: Record<string, Expression> = {}
        for (const field of targets) {
          values[field.attname] = Case(
            ...batch.map((o) => When({ pk: o.pk }, Value(o[field.attname], field))),
            { default: F(field.name), outputField: field },
          )
        }
        updated += await updateBatch(
          batch.map((o) => o.pk),
          values,
        )
      }
    },
    { using: alias },
  )
  return updated
}
