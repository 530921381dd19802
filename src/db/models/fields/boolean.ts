/** BooleanField: SQLite stores 0/1, PostgreSQL a boolean; JS always sees true/false. */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

const TRUE = new Set(['true', 't', '1', 'on', 'yes'])
const FALSE = new Set(['false', 'f', '0', 'off', 'no'])

export class BooleanField<N extends boolean = false> extends Field<boolean, N> {
  readonly type: string = 'BooleanField'

  constructor(options: FieldOptions<boolean, N> = {}) {
    super(options)
  }

  override toDb(value: unknown, connection: DatabaseWrapper): unknown {
    const bool = this.toJs(value)
    if (bool === null) return null
    return connection.vendor === 'sqlite' ? (bool ? 1 : 0) : bool
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): boolean | null {
    return value === null || value === undefined ? null : Boolean(value)
  }

  override toJs(value: unknown): boolean | null {
    if (value === null || value === undefined) return null
    if (typeof value === 'boolean') return value
    if (value === 1 || value === 0) return value === 1
    const text = String(value).toLowerCase()
    if (TRUE.has(text)) return true
    if (FALSE.has(text)) return false
    throw new ValidationError(`'${String(value)}' value must be either true or false.`, 'invalid')
  }

  override validate(value: boolean | null): void {
    // false is a value, not a blank: only null is checked.
    if (value === null && !this.null)
      throw new ValidationError('This field cannot be null.', 'null')
  }
}
