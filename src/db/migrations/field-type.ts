/**
 * The field type migrations handle: any field, whatever its value type.
 *
 * `Field<unknown>` is not a supertype of `CharField` (a field's validators take its own
 * value type, which makes the class invariant in it), so the value type is `any` here:
 * migrations only move fields around and compare their `deconstruct()` output, they never
 * read or write values through this type.
 */
import type { Field } from '../models/fields/field.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = Field<any, boolean>
