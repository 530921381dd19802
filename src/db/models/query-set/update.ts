/**
 * The SET list of QuerySet.update(): each value prepared by its field (an instance becomes
 * its key), expressions resolved against the query, and autoNow fields stamped as save()
 * would stamp them.
 */
import { FieldError } from '../exceptions.js'
import { Expression, ValueExpression } from '../expressions.js'
import type { Field } from '../fields/field.js'
import type { AnyModelInstance } from '../model-types.js'
import type { Query } from '../query/query.js'

/** `[field, value]` pairs for `values` (field names or attnames) on `query`'s model. */
export function updateAssignments(
  query: Query,
  values: Record<string, unknown>,
): [Field, Expression][] {
  const meta = query.meta
  const assignments: [Field, Expression][] = []
  for (const [name, value] of Object.entries(values)) {
    const field = meta.getField(name)
    if (!field.concrete)
      throw new FieldError(`Cannot update the many-to-many field '${name}' with update().`)
    const isInstance = value !== null && typeof value === 'object' && '_state' in value
    const prepared =
      value instanceof Expression
        ? value.resolve(query)
        : new ValueExpression(isInstance ? (value as AnyModelInstance).pk : value, field)
    assignments.push([field, prepared])
  }
  if (assignments.length === 0) return assignments
  // Fields with autoNow get the current time, as save() would.
  for (const field of meta.fields) {
    const preSave = (field as unknown as { autoNow?: boolean }).autoNow
    if (preSave && !assignments.some(([f]) => f === field)) {
      assignments.push([
        field,
        new ValueExpression(
          (field as unknown as { preSave(v: unknown, a: boolean): unknown }).preSave(
            undefined,
            false,
          ),
          field,
        ),
      ])
    }
  }
  return assignments
}
