/**
 * QuerySet.raw(): rows of hand-written SQL mapped to instances. Columns named like a field's
 * column fill that field; the primary key must be among them; any other column becomes a
 * plain attribute (as Django's RawQuerySet does with extra columns).
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { FieldError } from '../exceptions.js'
import type { AnyModelClass, AnyModelInstance } from '../model-types.js'
import { modelHooks } from './model-hooks.js'

export async function rawInstances(
  model: AnyModelClass,
  connection: DatabaseWrapper,
  sql: string,
  params: readonly unknown[],
): Promise<AnyModelInstance[]> {
  const { rows } = await connection.execute<Record<string, unknown>>(sql, params)
  const meta = model._meta
  return rows.map((row) => {
    const fields = meta.fields.filter((f) => f.column in row)
    if (!fields.some((f) => f.primaryKey)) {
      throw new FieldError(`raw() queries must include the primary key column '${meta.pk.column}'.`)
    }
    const instance = modelHooks.fromDb(
      model,
      connection.alias,
      fields,
      fields.map((f) => row[f.column]),
    )
    for (const [key, value] of Object.entries(row)) {
      if (!meta.fields.some((f) => f.column === key)) instance[key] = value
    }
    return instance
  })
}
