/**
 * The SQL MySQL/MariaDB needs where the ORM's built-in forms (SQLite's, PostgreSQL's) do
 * not work: the backend's `ops` (see ../base/operations.ts).
 *
 * - Text lookups: `LIKE BINARY` for the case-sensitive ones (contains, startswith, ...),
 *   whatever the column's collation; `LOWER(x) LIKE LOWER(pattern)` for the i-variants, so
 *   they ignore case on `_bin` columns too. Patterns escape `%`, `_` and `!` and say
 *   `ESCAPE '!'`, which means the same under every sql_mode (a backslash does not).
 *   `exact` stays `=`, so it follows the column's collation, as in Django: case-insensitive
 *   under the default `*_ci` collations.
 * - regex / iregex: REGEXP with PCRE's `(?-i)` / `(?i)` prefix, so the case rule holds
 *   whatever the collation says.
 * - Date parts: YEAR(), DAYOFWEEK(), WEEK(x, 3) ... on the stored UTC value, converted with
 *   CONVERT_TZ(x, '+00:00', zone) when TIME_ZONE is not UTC (which needs the server's time
 *   zone tables, as Django does on MySQL).
 * - JSON key paths: JSON_EXTRACT with a bound path; comparisons against JSON_EXTRACT(?, '$')
 *   so both sides are JSON text the same way; has_key & co. through JSON_KEYS and
 *   JSON_CONTAINS; contains / contained_by through JSON_CONTAINS.
 */
import { sql } from 'kysely'
import type { Sql } from '../base/base.js'
import {
  PATTERN_LOOKUPS,
  type DatePartKind,
  type LookupContext,
  type Operand,
  type SqlOperations,
} from '../base/operations.js'
import type { Field } from '../../models/fields/field.js'
import { FieldError } from '../../models/exceptions.js'

/** Escapes LIKE's metacharacters and the escape character itself for `ESCAPE '!'`. */
function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`)
}

/** A JSON path for MySQL: `$."owner"[0]` (keys were checked for quotes and backslashes). */
export function jsonPath(keys: readonly string[]): string {
  return '$' + keys.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `."${k}"`)).join('')
}

const INTEGER_TYPES = new Set([
  'AutoField',
  'BigAutoField',
  'SmallAutoField',
  'IntegerField',
  'BigIntegerField',
  'SmallIntegerField',
  'PositiveIntegerField',
  'PositiveBigIntegerField',
  'PositiveSmallIntegerField',
])

function isInteger(operand: Operand): boolean {
  if ('value' in operand && operand.outputField === undefined)
    return typeof operand.value === 'number' && Number.isInteger(operand.value)
  return operand.outputField !== undefined && INTEGER_TYPES.has(operand.outputField.type)
}

/** CAST target types (MySQL's CAST knows only a few type names). */
function castType(field: Field): string {
  const f = field as Field & { maxDigits?: number; decimalPlaces?: number }
  switch (field.type) {
    case 'AutoField':
    case 'BigAutoField':
    case 'SmallAutoField':
    case 'IntegerField':
    case 'BigIntegerField':
    case 'SmallIntegerField':
    case 'BooleanField':
      return 'SIGNED'
    case 'PositiveIntegerField':
    case 'PositiveBigIntegerField':
    case 'PositiveSmallIntegerField':
      return 'UNSIGNED'
    case 'FloatField':
      return 'DOUBLE'
    case 'DecimalField':
      return `DECIMAL(${Number(f.maxDigits)}, ${Number(f.decimalPlaces)})`
    case 'DateField':
      return 'DATE'
    case 'DateTimeField':
      return 'DATETIME(6)'
    case 'TimeField':
      return 'TIME(6)'
    case 'BinaryField':
      return 'BINARY'
    default:
      return 'CHAR'
  }
}

export class MysqlOperations implements SqlOperations {
  lookup(context: LookupContext): Sql | undefined {
    const { name, rhs } = context
    if (context.json && (name === 'contains' || name === 'contained_by' || name.startsWith('has_')))
      return this.#jsonLookup(context)
    if (PATTERN_LOOKUPS.has(name) || name === 'regex' || name === 'iregex') {
      if (context.isExpression(rhs))
        throw new FieldError(`The ${name} lookup needs a value, not an expression.`)
      // A key path compares as the text it holds, not as the JSON string literal.
      const lhs = context.keyPath ? sql`JSON_UNQUOTE(${context.lhs()})` : context.lhs()
      const text = String(rhs)
      if (name === 'regex' || name === 'iregex') {
        return sql`${lhs} REGEXP ${(name === 'regex' ? '(?-i)' : '(?i)') + text}`
      }
      const bare = name.startsWith('i') ? name.slice(1) : name
      const before = bare === 'startswith' || bare === 'exact' ? '' : '%'
      const after = bare === 'endswith' || bare === 'exact' ? '' : '%'
      const pattern = before + escapeLike(text) + after
      return name.startsWith('i')
        ? sql`LOWER(${lhs}) LIKE LOWER(${pattern}) ESCAPE '!'`
        : sql`${lhs} LIKE BINARY ${pattern} ESCAPE '!'`
    }
    if (context.keyPath && !context.isExpression(rhs))
      return this.#keyLookup(name, context.lhs(), rhs)
    return undefined
  }

  /**
   * Comparisons on a JSON key path with a plain value. MariaDB compares a JSON string with
   * the text it holds, and a number, boolean, array or object as JSON: the value is written
   * the way that compares equal. Ordering compares the unquoted value with the plain value
   * (numerically for numbers: '10' > '9').
   */
  #keyLookup(name: string, lhs: Sql, rhs: unknown): Sql | undefined {
    const equals = (value: unknown): Sql =>
      typeof value === 'string'
        ? sql`(JSON_TYPE(${lhs}) = 'STRING' AND JSON_UNQUOTE(${lhs}) = ${value})`
        : sql`${lhs} = JSON_EXTRACT(${JSON.stringify(value)}, '$')`
    const plain = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value)
    switch (name) {
      case 'exact':
        return rhs === null ? undefined : equals(rhs)
      case 'in': {
        if (!Array.isArray(rhs)) return undefined
        const values = rhs.filter((v) => v !== null)
        if (values.length === 0) return sql`1 = 0`
        return sql`(${sql.join(values.map(equals), sql` OR `)})`
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const operator = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[name]
        return sql`JSON_UNQUOTE(${lhs}) ${sql.raw(operator)} ${plain(rhs)}`
      }
      case 'range':
        if (!Array.isArray(rhs) || rhs.length !== 2) return undefined
        return sql`JSON_UNQUOTE(${lhs}) BETWEEN ${plain(rhs[0])} AND ${plain(rhs[1])}`
      default:
        return undefined
    }
  }

  /** has_key & co. (PostgreSQL's meaning), contains and contained_by on a JSON value. */
  #jsonLookup(context: LookupContext): Sql {
    const { name, rhs } = context
    const document = context.lhs()
    if (name === 'contains' || name === 'contained_by') {
      const value = context.isExpression(rhs) ? context.param(rhs) : sql`${JSON.stringify(rhs)}`
      return name === 'contains'
        ? sql`JSON_CONTAINS(${document}, ${value})`
        : sql`JSON_CONTAINS(${value}, ${document})`
    }
    const keys = name === 'has_key' ? [rhs as string] : (rhs as string[])
    if (keys.length === 0) {
      // Every JSON value has all of no keys, and none of them.
      return name === 'has_any_keys' ? sql`1 = 0` : sql`${document} IS NOT NULL`
    }
    // As PostgreSQL's `?`: an object's top-level key, a string element of an array, or the
    // string itself. (JSON_CONTAINS also looks inside nested arrays, which `?` does not.)
    const has = (key: string) =>
      sql`(CASE JSON_TYPE(${document}) WHEN 'OBJECT' THEN JSON_CONTAINS(JSON_KEYS(${document}), JSON_QUOTE(${key})) WHEN 'ARRAY' THEN JSON_CONTAINS(${document}, JSON_QUOTE(${key})) WHEN 'STRING' THEN JSON_UNQUOTE(${document}) = ${key} ELSE 0 END)`
    const parts = keys.map(has)
    if (parts.length === 1) return parts[0]!
    return sql`(${sql.join(parts, sql.raw(name === 'has_keys' ? ' AND ' : ' OR '))})`
  }

  datePart(kind: DatePartKind, lhs: Sql, timeZone: string | null): Sql {
    const local =
      timeZone === null || timeZone === 'UTC' ? lhs : sql`CONVERT_TZ(${lhs}, '+00:00', ${timeZone})`
    switch (kind) {
      case 'year':
        return sql`YEAR(${local})`
      case 'month':
        return sql`MONTH(${local})`
      case 'day':
        return sql`DAYOFMONTH(${local})`
      case 'week_day':
        return sql`DAYOFWEEK(${local})` // 1 = Sunday, as Django's week_day
      case 'iso_week_day':
        return sql`(WEEKDAY(${local}) + 1)`
      case 'week':
        return sql`WEEK(${local}, 3)` // ISO-8601 weeks
      case 'iso_year':
        return sql`(YEARWEEK(${local}, 3) DIV 100)`
      case 'quarter':
        return sql`QUARTER(${local})`
      case 'hour':
        return sql`HOUR(${local})`
      case 'minute':
        return sql`MINUTE(${local})`
      case 'second':
        return sql`SECOND(${local})`
      case 'date':
        return sql`DATE(${local})`
      case 'time':
        return sql`TIME(${local})`
    }
  }

  jsonKey(document: Sql, keys: readonly string[], _form: 'value' | 'exists'): Sql {
    // JSON_EXTRACT is SQL NULL exactly when the path is missing (a JSON null is 'null').
    return sql`JSON_EXTRACT(${document}, ${jsonPath(keys)})`
  }

  jsonValue(value: unknown): Sql {
    return sql`JSON_EXTRACT(${JSON.stringify(value)}, '$')`
  }

  arithmetic(operator: string, lhs: Sql, rhs: Sql, operands: readonly [Operand, Operand]): Sql {
    // `/` on two integers is a decimal on MySQL; DIV keeps integer division, as elsewhere.
    const op =
      operator === '/' && isInteger(operands[0]) && isInteger(operands[1]) ? 'DIV' : operator
    return sql`(${lhs} ${sql.raw(op)} ${rhs})`
  }

  length(argument: Sql): Sql {
    return sql`CHAR_LENGTH(${argument})` // LENGTH() counts bytes on MySQL
  }

  concat(args: readonly Sql[]): Sql {
    // `||` is OR on MySQL (unless PIPES_AS_CONCAT); CONCAT() is NULL if any part is.
    return sql`CONCAT(${sql.join(args.map((a) => sql`COALESCE(${a}, '')`))})`
  }

  now(): Sql {
    return sql`UTC_TIMESTAMP(6)`
  }

  random(): Sql {
    return sql`RAND()`
  }

  cast(expression: Sql, field: Field): Sql {
    return sql`CAST(${expression} AS ${sql.raw(castType(field))})`
  }

  unlimited(): Sql {
    return sql` LIMIT 18446744073709551615` // MySQL has no LIMIT ALL; this is its maximum
  }
}
