/**
 * JSONField: any JSON value. `jsonb` on PostgreSQL, text checked with json_valid() on
 * SQLite. Key paths work in lookups: `filter({ data__owner__name: 'ada' })`.
 */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

/** A JSON value. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export class JSONField<T extends JsonValue = JsonValue, N extends boolean = false> extends Field<
  T,
  N
> {
  readonly type: string = 'JSONField'
  /**
   * Type-only: makes JSONField nominal, so a CharField (structurally a Field of a JSON
   * value too) does not get the JSON key paths and lookups in filter() typing.
   */
  declare private readonly jsonFieldBrand: true

  constructor(options: FieldOptions<T, N> = {}) {
    super(options)
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    // SQL NULL for null on a nullable field; JSON 'null' otherwise.
    if (value === undefined || (value === null && this.null)) return null
    return JSON.stringify(value)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null
    if (typeof value === 'string') return JSON.parse(value) as T
    return value as T // pg parses jsonb itself
  }

  override toJs(value: unknown): T | null {
    if (value === undefined) return null
    try {
      JSON.stringify(value)
    } catch {
      throw new ValidationError('Value must be valid JSON.', 'invalid')
    }
    return value as T
  }

  override validate(value: T | null): void {
    if (value === null && !this.null)
      throw new ValidationError('This field cannot be null.', 'null')
  }
}
