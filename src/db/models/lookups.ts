/**
 * Lookups (the `__gt` in `filter({ votes__gt: 3 })`) and transforms (`__year`, JSON keys),
 * plus the condition tree (WhereNode) they live in.
 *
 * Each lookup compiles to a kysely fragment with the right-hand side as a bound parameter,
 * prepared by the left-hand side's field (`toDb`), so a boolean becomes 1/0 on SQLite and a
 * Date becomes the stored text. Backend differences are decided here:
 * - SQLite's LIKE ignores case, so case-sensitive contains/startswith/endswith use GLOB
 *   (with the pattern's metacharacters escaped), and the i-variants use LIKE ... ESCAPE.
 * - PostgreSQL uses LIKE / ILIKE on `::text`, and ~ / ~* for regex; SQLite gets JS
 *   functions regexp()/regexp_i() registered by the backend.
 * - A backend with its own SQL forms (`connection.ops`: MySQL/MariaDB) is asked first, by
 *   lookups, date parts and JSON key paths; see backends/mysql/operations.ts.
 * - A negated condition compiles to `(cond) IS NOT TRUE`, so rows where the condition is
 *   NULL are kept by exclude(), as in Django. A negated Exists is `NOT EXISTS` instead
 *   (EXISTS is never NULL, and the planner turns NOT EXISTS into an anti-join).
 * - JSONField lookups (has_key, has_keys, has_any_keys, contains, contained_by) use
 *   PostgreSQL's jsonb operators (? ?& ?| @> <@). SQLite gets has_key & co. through
 *   json_each() with PostgreSQL's meaning; containment raises NotSupportedError there, as
 *   in Django, rather than approximate it.
 */
import { sql } from 'kysely'
import type { Sql } from '../backends/base/base.js'
import {
  PATTERN_LOOKUPS,
  type DatePartKind,
  type LookupContext,
} from '../backends/base/operations.js'
import { NotSupportedError } from '../utils/errors.js'
import { FieldError } from './exceptions.js'
import {
  AnnotationRef,
  Condition,
  Expression,
  SubqueryExpression,
  ValueExpression,
} from './expressions.js'
import { DateField, ForeignKey, IntegerField, TimeField, UUIDField } from './fields/index.js'
import type { Field } from './fields/field.js'
import { JSONField } from './fields/json.js'
import type { Compiler } from './query/types.js'

export type LookupName =
  | 'exact'
  | 'iexact'
  | 'contains'
  | 'icontains'
  | 'in'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'startswith'
  | 'istartswith'
  | 'endswith'
  | 'iendswith'
  | 'range'
  | 'isnull'
  | 'regex'
  | 'iregex'

/** Lookups only a JSONField (or a key path into one) has; `contains` changes meaning there. */
export type JsonLookupName = 'has_key' | 'has_keys' | 'has_any_keys' | 'contained_by'

export const JSON_LOOKUPS: ReadonlySet<string> = new Set<JsonLookupName>([
  'has_key',
  'has_keys',
  'has_any_keys',
  'contained_by',
])

/** Every lookup name (the last `__` part of a filter key), JSON-only ones included. */
export const LOOKUPS: ReadonlySet<string> = new Set<LookupName | JsonLookupName>([
  ...JSON_LOOKUPS,
  'exact',
  'iexact',
  'contains',
  'icontains',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'range',
  'isnull',
  'regex',
  'iregex',
] as (LookupName | JsonLookupName)[])

/** The date transforms (`pubDate__year`): the parts a backend extracts. */
export type DateTransformName = DatePartKind

export const DATE_TRANSFORMS: ReadonlySet<string> = new Set<DateTransformName>([
  'year',
  'month',
  'day',
  'week_day',
  'iso_week_day',
  'week',
  'quarter',
  'iso_year',
  'hour',
  'minute',
  'second',
  'date',
  'time',
])

const TIME_ONLY = new Set(['hour', 'minute', 'second', 'time'])

/** AND/OR of conditions, optionally negated. */
export class WhereNode extends Condition {
  constructor(
    readonly children: Condition[] = [],
    readonly connector: 'AND' | 'OR' = 'AND',
    readonly negated = false,
  ) {
    super()
    this.containsAggregate = children.some((c) => c.containsAggregate)
  }

  asSql(compiler: Compiler): Sql {
    if (this.children.length === 0) return this.negated ? sql`1 = 0` : sql`1 = 1`
    if (this.negated) {
      const exists = soleExists(this)
      if (exists !== undefined) return exists.asSql(compiler)
    }
    const parts = this.children.map((child) => child.asSql(compiler))
    const joined =
      parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql.raw(` ${this.connector} `))})`
    return this.negated ? sql`(${joined}) IS NOT TRUE` : joined
  }
}

/** Matches nothing (an empty `__in` list). */
export class NothingNode extends Condition {
  asSql(): Sql {
    return sql`1 = 0`
  }
}

/** A boolean expression (Exists, a boolean annotation) used as a condition. */
export class ExpressionCondition extends Condition {
  constructor(readonly expression: Expression) {
    super()
  }
  asSql(compiler: Compiler): Sql {
    return this.expression.asSql(compiler)
  }
}

/**
 * The Exists `condition` amounts to, through single-child nodes, with their negations
 * applied (`Q(Exists(qs)).not()` → `Exists(qs).not()`); undefined for anything else.
 */
function soleExists(condition: Condition): SubqueryExpression | undefined {
  let negate = false
  let node = condition
  while (node instanceof WhereNode && node.children.length === 1) {
    if (node.negated) negate = !negate
    node = node.children[0]!
  }
  if (!(node instanceof ExpressionCondition)) return undefined
  const expression = node.expression
  if (!(expression instanceof SubqueryExpression) || !expression.exists) return undefined
  return negate ? expression.not() : expression
}

/** Escapes %, _ and \ for LIKE ... ESCAPE '\'. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Escapes *, ? and [ for GLOB (brackets make them literal). */
function escapeGlob(value: string): string {
  return value.replace(/[*?[]/g, (c) => `[${c}]`)
}

/**
 * A stand-in for a filter value while a query shape is compiled once for reuse (the
 * QuerySet's plan cache): it comes out of the compiler as one bound parameter, untouched,
 * and records the field that would have prepared the value (`toDb`), so each execution
 * prepares the real value exactly as a fresh compile would. Only the lookups whose value
 * is a single parameter (exact, gt, gte, lt, lte) ever see one.
 */
export class ParameterSlot {
  /** The field preparing the value (undefined: the connection's adaptValue). */
  field: Field | undefined = undefined
  /** How many times the compiler emitted it (a reusable plan needs exactly one). */
  uses = 0
}

/** `lhs <lookup> rhs` for one lookup name. */
export class Lookup extends Condition {
  constructor(
    readonly lhs: Expression,
    readonly lookupName: LookupName | JsonLookupName,
    readonly rhs: unknown,
  ) {
    super()
    if (JSON_LOOKUPS.has(lookupName)) checkKeys(lookupName, rhs)
    this.containsAggregate =
      lhs.containsAggregate || (rhs instanceof Expression && rhs.containsAggregate)
  }

  /** The right-hand side as a bound parameter prepared by the left-hand field. */
  #param(compiler: Compiler, value: unknown): Sql {
    if (value instanceof Expression) return value.asSql(compiler)
    const field = this.lhs.outputField
    if (this.lhs instanceof KeyTransform) return this.lhs.prepareRhs(compiler, value)
    if (value instanceof ParameterSlot) {
      value.field = field
      value.uses++
      return sql`${value}`
    }
    const prepared =
      field !== undefined
        ? field.toDb(value, compiler.connection)
        : compiler.connection.adaptValue(value)
    return sql`${prepared}`
  }

  #text(compiler: Compiler, value: unknown): string {
    if (value instanceof Expression)
      throw new FieldError(`The ${this.lookupName} lookup needs a value, not an expression.`)
    return String(value)
  }

  /**
   * The right-hand side compared. On a UUIDField stored as hex digits (no native uuid type:
   * SQLite, MariaDB), a text lookup's value loses its dashes, as with Django's
   * UUIDTextMixin, so `uuid__iexact` / `uuid__startswith` take the dashed form. A
   * ForeignKey column holding such a key (`token__id__startswith`) counts too.
   */
  #rhsFor(compiler: Compiler): unknown {
    const rhs = this.rhs
    if (
      typeof rhs !== 'string' ||
      !PATTERN_LOOKUPS.has(this.lookupName) ||
      compiler.connection.features.hasNativeUuidField === true
    ) {
      return rhs
    }
    let field = this.lhs.outputField
    while (field instanceof ForeignKey) field = field.targetField
    return field instanceof UUIDField ? rhs.replace(/-/g, '') : rhs
  }

  /** What a backend's own lookup SQL (`connection.ops`, MySQL) gets to see. */
  #context(compiler: Compiler, rhs: unknown): LookupContext {
    const target = this.lhs instanceof AnnotationRef ? this.lhs.expression : this.lhs
    return {
      name: this.lookupName,
      lhs: () => this.lhs.asSql(compiler),
      keyPath: target instanceof KeyTransform,
      json: this.lhs.outputField instanceof JSONField,
      rhs,
      param: (value) => this.#param(compiler, value),
      isExpression: (value) => value instanceof Expression,
    }
  }

  asSql(compiler: Compiler): Sql {
    const rhs = this.#rhsFor(compiler)
    const own = compiler.connection.ops?.lookup(this.#context(compiler, rhs))
    if (own !== undefined) return own
    const pg = compiler.connection.vendor === 'postgresql'
    if (
      this.lhs.outputField instanceof JSONField &&
      (this.lookupName === 'contains' || JSON_LOOKUPS.has(this.lookupName))
    ) {
      return jsonLookupSql(compiler, this.lhs, this.lookupName, this.rhs)
    }
    const lhs =
      this.lhs instanceof KeyTransform && pg && isTextLookup(this.lookupName)
        ? this.lhs.asTextSql(compiler)
        : this.lhs.asSql(compiler)
    switch (this.lookupName) {
      case 'exact':
        if (rhs === null) return sql`${lhs} IS NULL`
        return sql`${lhs} = ${this.#param(compiler, rhs)}`
      case 'gt':
        return sql`${lhs} > ${this.#param(compiler, rhs)}`
      case 'gte':
        return sql`${lhs} >= ${this.#param(compiler, rhs)}`
      case 'lt':
        return sql`${lhs} < ${this.#param(compiler, rhs)}`
      case 'lte':
        return sql`${lhs} <= ${this.#param(compiler, rhs)}`
      case 'isnull': {
        if (typeof rhs !== 'boolean') throw new FieldError('The isnull lookup takes true or false.')
        if (this.lhs instanceof KeyTransform) {
          const existence = this.lhs.existsSql(compiler)
          return rhs ? sql`${existence} IS NULL` : sql`${existence} IS NOT NULL`
        }
        return rhs ? sql`${lhs} IS NULL` : sql`${lhs} IS NOT NULL`
      }
      case 'in': {
        if (rhs instanceof SubqueryExpression) return sql`${lhs} IN ${rhs.asSql(compiler)}`
        if (!isIterable(rhs)) throw new FieldError('The in lookup takes a list (or a QuerySet).')
        const values = [...rhs].filter((v) => v !== null)
        if (values.length === 0) return sql`1 = 0`
        return sql`${lhs} IN (${sql.join(values.map((v) => this.#param(compiler, v)))})`
      }
      case 'range': {
        if (!Array.isArray(rhs) || rhs.length !== 2)
          throw new FieldError('The range lookup takes [low, high].')
        return sql`${lhs} BETWEEN ${this.#param(compiler, rhs[0])} AND ${this.#param(compiler, rhs[1])}`
      }
      case 'iexact':
        return pg
          ? sql`UPPER(${lhs}::text) = UPPER(${this.#text(compiler, rhs)})`
          : sql`${lhs} LIKE ${escapeLike(this.#text(compiler, rhs))} ESCAPE '\\'`
      case 'contains':
      case 'startswith':
      case 'endswith': {
        const text = this.#text(compiler, rhs)
        const before = this.lookupName === 'startswith' ? '' : '%'
        const after = this.lookupName === 'endswith' ? '' : '%'
        if (pg) return sql`${lhs}::text LIKE ${before + escapeLike(text) + after} ESCAPE '\\'`
        const globBefore = before === '%' ? '*' : ''
        const globAfter = after === '%' ? '*' : ''
        return sql`${lhs} GLOB ${globBefore + escapeGlob(text) + globAfter}`
      }
      case 'icontains':
      case 'istartswith':
      case 'iendswith': {
        const text = this.#text(compiler, rhs)
        const before = this.lookupName === 'istartswith' ? '' : '%'
        const after = this.lookupName === 'iendswith' ? '' : '%'
        const pattern = before + escapeLike(text) + after
        return pg
          ? sql`${lhs}::text ILIKE ${pattern} ESCAPE '\\'`
          : sql`LOWER(${lhs}) LIKE LOWER(${pattern}) ESCAPE '\\'`
      }
      case 'regex':
      case 'iregex': {
        const pattern = this.#text(compiler, rhs)
        if (pg)
          return sql`${lhs}::text ${sql.raw(this.lookupName === 'regex' ? '~' : '~*')} ${pattern}`
        return sql`${sql.raw(this.lookupName === 'regex' ? 'regexp' : 'regexp_i')}(${pattern}, ${lhs}) = 1`
      }
      default:
        // The query only builds JSON lookups on JSON values (checked in buildLookup).
        throw new FieldError(`The ${this.lookupName} lookup works on JSONFields only.`)
    }
  }
}

function isTextLookup(name: string): boolean {
  return /contains|startswith|endswith|regex|iexact/.test(name)
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    Symbol.iterator in value &&
    typeof value !== 'string'
  )
}

/** A date part of a date/datetime column, in the current time zone for datetimes. */
export class DatePart extends Expression {
  constructor(
    readonly kind: DateTransformName,
    readonly lhs: Expression,
    readonly timeZone: string,
  ) {
    super()
    const isDateOnly = lhs.outputField instanceof DateField
    if (isDateOnly && TIME_ONLY.has(kind)) {
      throw new FieldError(`A DateField has no '${kind}': use it on a DateTimeField.`)
    }
    this.outputField =
      kind === 'date' ? new DateField() : kind === 'time' ? new TimeField() : new IntegerField()
  }

  asSql(compiler: Compiler): Sql {
    const lhs = this.lhs.asSql(compiler)
    const isDateTime = !(this.lhs.outputField instanceof DateField)
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.datePart(this.kind, lhs, isDateTime ? this.timeZone : null)
    if (compiler.connection.vendor === 'sqlite') {
      return sql`rh_extract(${this.kind}, ${lhs}, ${isDateTime ? this.timeZone : 'UTC'})`
    }
    const local = isDateTime ? sql`(${lhs} AT TIME ZONE ${this.timeZone})` : lhs
    switch (this.kind) {
      case 'date':
        return sql`(${local})::date`
      case 'time':
        return sql`(${local})::time`
      case 'week_day':
        return sql`(CAST(EXTRACT(DOW FROM ${local}) AS integer) + 1)`
      case 'second':
        return sql`CAST(FLOOR(EXTRACT(SECOND FROM ${local})) AS integer)`
      default: {
        const part =
          { iso_week_day: 'ISODOW', iso_year: 'ISOYEAR' }[this.kind as string] ??
          this.kind.toUpperCase()
        return sql`CAST(EXTRACT(${sql.raw(part)} FROM ${local}) AS integer)`
      }
    }
  }
}

/** A key path into a JSONField: `data__owner__name`. */
export class KeyTransform extends Expression {
  constructor(
    readonly lhs: Expression,
    readonly keys: readonly string[],
  ) {
    super()
    for (const key of keys) {
      if (key.includes('"') || key.includes('\\')) {
        throw new FieldError(
          `JSON key ${JSON.stringify(key)} contains a quote or backslash, which key lookups do not support.`,
        )
      }
    }
    this.outputField = new JSONField()
  }

  /** The SQLite JSON path (`$."owner"[0]`); keys were checked for quotes above. */
  sqlitePath(): string {
    return '$' + this.keys.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `."${k}"`)).join('')
  }

  asSql(compiler: Compiler): Sql {
    const lhs = this.lhs.asSql(compiler)
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.jsonKey(lhs, this.keys, 'value')
    if (compiler.connection.vendor === 'postgresql')
      return sql`(${lhs} #> ${[...this.keys]}::text[])`
    return sql`json_extract(${lhs}, ${this.sqlitePath()})`
  }

  /** The value as text (PostgreSQL), for string lookups. */
  asTextSql(compiler: Compiler): Sql {
    return sql`(${this.lhs.asSql(compiler)} #>> ${[...this.keys]}::text[])`
  }

  /** Something that is NULL exactly when the key is missing. */
  existsSql(compiler: Compiler): Sql {
    const lhs = this.lhs.asSql(compiler)
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.jsonKey(lhs, this.keys, 'exists')
    if (compiler.connection.vendor === 'postgresql')
      return sql`(${lhs} #> ${[...this.keys]}::text[])`
    return sql`json_type(${lhs}, ${this.sqlitePath()})`
  }

  /** A comparison value matching what asSql() yields. */
  prepareRhs(compiler: Compiler, value: unknown): Sql {
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.jsonValue(value)
    if (compiler.connection.vendor === 'postgresql') return sql`${JSON.stringify(value)}::jsonb`
    if (value !== null && typeof value === 'object') return sql`json(${JSON.stringify(value)})`
    if (typeof value === 'boolean') return sql`${value ? 1 : 0}`
    return sql`${value}`
  }
}

/** Checks the key names given to has_key / has_keys / has_any_keys (at filter() time). */
function checkKeys(lookupName: string, rhs: unknown): void {
  if (lookupName === 'has_key') {
    if (typeof rhs !== 'string')
      throw new FieldError(`The has_key lookup takes a key name (a string), not ${typeof rhs}.`)
  } else if (lookupName === 'has_keys' || lookupName === 'has_any_keys') {
    if (!Array.isArray(rhs) || !rhs.every((key) => typeof key === 'string'))
      throw new FieldError(`The ${lookupName} lookup takes a list of key names (strings).`)
  }
}

/**
 * The key names of a JSON value's top level that json_each() yields on SQLite: an
 * object's keys, or the string elements of an array (and a string itself), which is what
 * PostgreSQL's `?` operators look at.
 */
const SQLITE_TOP_KEY = sql`CASE WHEN typeof(rh_json.key) = 'text' THEN rh_json.key WHEN rh_json.type = 'text' THEN rh_json.atom END`

/** has_key & co., contains and contained_by on a JSON value (a column or a key path). */
function jsonLookupSql(compiler: Compiler, lhs: Expression, name: string, rhs: unknown): Sql {
  const pg = compiler.connection.vendor === 'postgresql'
  if (name === 'contains' || name === 'contained_by') {
    if (!pg) {
      throw new NotSupportedError(
        `The ${name} lookup on a JSONField is not supported on SQLite (Django raises too): ` +
          'use has_key / has_keys / key lookups there, or PostgreSQL.',
      )
    }
    const value =
      rhs instanceof Expression ? rhs.asSql(compiler) : sql`${JSON.stringify(rhs)}::jsonb`
    return sql`(${lhs.asSql(compiler)} ${sql.raw(name === 'contains' ? '@>' : '<@')} ${value})`
  }
  const keys = name === 'has_key' ? [rhs as string] : (rhs as string[])
  // A key path, also when it comes through an annotation (annotate({ o: F('data__owner') })).
  const target = lhs instanceof AnnotationRef ? lhs.expression : lhs
  if (keys.length === 0) {
    // Every JSON value has all of no keys (SQL NULL is no JSON value), and none of them.
    if (name === 'has_any_keys') return sql`1 = 0`
    return target instanceof KeyTransform
      ? sql`${target.existsSql(compiler)} IS NOT NULL`
      : sql`${target.asSql(compiler)} IS NOT NULL`
  }
  if (pg) {
    const value = lhs.asSql(compiler)
    if (name === 'has_key') return sql`(${value} ? ${keys[0]})`
    return sql`(${value} ${sql.raw(name === 'has_keys' ? '?&' : '?|')} ${keys}::text[])`
  }
  // json_each() needs the JSON document and a path into it: json_extract() would turn a
  // string at the path into plain text, which is not JSON.
  const [document, path] =
    target instanceof KeyTransform
      ? [target.lhs.asSql(compiler), target.sqlitePath()]
      : [target.asSql(compiler), '$']
  const having = (wanted: string[]) =>
    sql`EXISTS (SELECT 1 FROM json_each(${document}, ${path}) AS rh_json WHERE ${SQLITE_TOP_KEY} IN (${sql.join(wanted)}))`
  if (name !== 'has_keys') return having(keys)
  return sql`(${sql.join(
    keys.map((key) => having([key])),
    sql` AND `,
  )})`
}

/** Wraps a non-Expression value for a lookup on `field` (used by the compiler). */
export function valueFor(field: Field | undefined, value: unknown): Expression {
  return new ValueExpression(value, field)
}
