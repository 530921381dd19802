/**
 * Every field class, and `createField(type, options)` that re-creates a field from
 * `deconstruct()` output (what migration files hold).
 */
import { AutoField, BigAutoField, SmallAutoField } from './auto.js'
import { BinaryField } from './binary.js'
import { BooleanField } from './boolean.js'
import {
  CharField,
  EmailField,
  GenericIPAddressField,
  SlugField,
  TextField,
  URLField,
} from './char.js'
import type { Field } from './field.js'
import { JSONField } from './json.js'
import {
  BigIntegerField,
  DecimalField,
  FloatField,
  IntegerField,
  PositiveBigIntegerField,
  PositiveIntegerField,
  PositiveSmallIntegerField,
  SmallIntegerField,
} from './numeric.js'
import { ForeignKey, ManyToManyField, OneToOneField } from './related.js'
import { DateField, DateTimeField, DurationField, TimeField } from './temporal.js'
import { UUIDField } from './uuid.js'

export * from './auto.js'
export * from './binary.js'
export * from './boolean.js'
export * from './char.js'
export * from './field.js'
export * from './json.js'
export * from './numeric.js'
export * from './related.js'
export * from './temporal.js'
export * from './uuid.js'

/** A field class that takes one options object (every built-in one does). */
export type FieldClass = new (options: never) => Field

/** Field classes by their `type` name. Third-party fields can be added here. */
export const fieldClasses: Record<string, FieldClass> = {
  AutoField,
  BigAutoField,
  SmallAutoField,
  CharField,
  TextField,
  EmailField,
  URLField,
  SlugField,
  GenericIPAddressField,
  IntegerField,
  SmallIntegerField,
  BigIntegerField,
  PositiveIntegerField,
  PositiveSmallIntegerField,
  PositiveBigIntegerField,
  FloatField,
  DecimalField,
  BooleanField,
  DateField,
  DateTimeField,
  TimeField,
  DurationField,
  UUIDField,
  JSONField,
  BinaryField,
  ForeignKey,
  OneToOneField,
  ManyToManyField,
}

/** `createField('CharField', { maxLength: 200 })` — the inverse of `field.deconstruct()`. */
export function createField(type: string, options: Record<string, unknown>): Field {
  const FieldType = fieldClasses[type]
  if (FieldType === undefined || !Object.hasOwn(fieldClasses, type)) {
    throw new TypeError(
      `Unknown field type '${type}'. Known types: ${Object.keys(fieldClasses).join(', ')}.`,
    )
  }
  return new (FieldType as unknown as new (options: Record<string, unknown>) => Field)(options)
}
