/**
 * Primary keys the database assigns: AutoField (integer), BigAutoField (bigint),
 * SmallAutoField. A model without a primary key gets DEFAULT_AUTO_FIELD as `id`.
 */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

export type AutoFieldOptions = Omit<FieldOptions<number, false>, 'null' | 'default'>

export class AutoField extends Field<number, false> {
  readonly type: string = 'AutoField'
  override readonly isAuto = true

  constructor(options: AutoFieldOptions = {}) {
    super({ primaryKey: true, ...options, blank: true })
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): number | null {
    return value === null || value === undefined ? null : Number(value)
  }

  override toJs(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null
    const n = typeof value === 'number' ? value : Number(value)
    if (!Number.isSafeInteger(n)) {
      throw new ValidationError(`'${String(value)}' value must be an integer.`, 'invalid')
    }
    return n
  }

  override deconstruct() {
    const { type, options } = super.deconstruct()
    delete options.blank
    if (options.primaryKey === true) delete options.primaryKey
    return { type, options }
  }
}

export class BigAutoField extends AutoField {
  override readonly type: string = 'BigAutoField'
}

export class SmallAutoField extends AutoField {
  override readonly type: string = 'SmallAutoField'
}
