/**
 * SQL a backend writes its own way (Django's `connection.ops` and `connection.operators`).
 *
 * The ORM's lookups, transforms and functions have built-in forms for SQLite and
 * PostgreSQL; a backend whose SQL differs (MySQL/MariaDB) sets `DatabaseWrapper.ops`, and
 * each of those places asks it first. A backend without `ops` keeps the built-in forms, so
 * SQLite and PostgreSQL compile exactly as before.
 *
 * Every method receives already compiled fragments (values bound, identifiers quoted) and
 * returns a fragment: a backend never sees raw user text outside a bound parameter.
 */
import type { Sql } from './base.js'
import type { Field } from '../../models/fields/field.js'

/** What a lookup gives the backend: its name, its sides, and how to bind a value. */
export interface LookupContext {
  /** The lookup name: 'exact', 'icontains', 'regex', 'has_key', 'contained_by', ... */
  readonly name: string
  /** The left-hand side compiled (a JSON key path compiles to its JSON value). */
  lhs(): Sql
  /** True when the left-hand side is a key path into a JSONField (`data__owner__name`). */
  readonly keyPath: boolean
  /** True when the left-hand side is JSON (a JSONField, a key path, or an annotation of one). */
  readonly json: boolean
  /** The right-hand side as given to filter() (an Expression, or a plain value). */
  readonly rhs: unknown
  /** `value` as a bound parameter prepared the way the built-in forms prepare it. */
  param(value: unknown): Sql
  /** True when `value` is an Expression (F(), Subquery, ...) rather than a plain value. */
  isExpression(value: unknown): boolean
}

/**
 * The text-pattern lookups: their value is text matched against the column (wildcards
 * escaped, case folded for the `i` forms). Backends and UUID hex storage treat them alike.
 */
export const PATTERN_LOOKUPS: ReadonlySet<string> = new Set([
  'iexact',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
])

/** A date part a transform extracts (`pubDate__year`). */
export type DatePartKind =
  | 'year'
  | 'month'
  | 'day'
  | 'week_day'
  | 'iso_week_day'
  | 'week'
  | 'quarter'
  | 'iso_year'
  | 'hour'
  | 'minute'
  | 'second'
  | 'date'
  | 'time'

/** The operand of an arithmetic expression, as the backend needs to see it. */
export interface Operand {
  readonly outputField: Field | undefined
  /** Set for a plain value (Value(2), or 2 in `F('votes').add(2)`). */
  readonly value?: unknown
}

export interface SqlOperations {
  /** SQL of a lookup, or undefined to keep the built-in form. */
  lookup(context: LookupContext): Sql | undefined
  /** A date part of `lhs`; `timeZone` is null for a DateField (no conversion). */
  datePart(kind: DatePartKind, lhs: Sql, timeZone: string | null): Sql
  /** A JSON key path: its JSON value, or something NULL exactly when the key is missing. */
  jsonKey(document: Sql, keys: readonly string[], form: 'value' | 'exists'): Sql
  /** A value compared with a JSON key path's value. */
  jsonValue(value: unknown): Sql
  /** `lhs <operator> rhs`. */
  arithmetic(operator: string, lhs: Sql, rhs: Sql, operands: readonly [Operand, Operand]): Sql
  /** Length in characters. */
  length(argument: Sql): Sql
  /** Concatenation, NULLs read as ''. */
  concat(args: readonly Sql[]): Sql
  /** The current time (an instant, UTC). */
  now(): Sql
  /** A random number, for orderBy('?'). */
  random(): Sql
  /** `CAST(expression AS <type of field>)`. */
  cast(expression: Sql, field: Field): Sql
  /** LIMIT for "no limit" when only an OFFSET is wanted. */
  unlimited(): Sql
}
