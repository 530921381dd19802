/**
 * UUIDField: canonical lower-case dashed strings in JS. PostgreSQL stores them in its `uuid`
 * type; SQLite and MariaDB in char(32) as 32 hex digits without dashes, as Django does on
 * backends without a native uuid type (`features.hasNativeUuidField`), so tables shared
 * with a Django project hold the same text.
 */
import { randomUUID } from 'node:crypto'
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

const HEX = /^[0-9a-f]{32}$/

/** A default for UUID primary keys: `new UUIDField({ primaryKey: true, default: uuid4 })`. */
export const uuid4 = (): string => randomUUID()

export class UUIDField<N extends boolean = false> extends Field<string, N> {
  readonly type: string = 'UUIDField'

  constructor(options: FieldOptions<string, N> = {}) {
    super(options)
  }

  override toDb(value: unknown, connection: DatabaseWrapper): unknown {
    const uuid = this.toJs(value)
    if (uuid === null) return null
    return connection.features.hasNativeUuidField === true ? uuid : uuid.replace(/-/g, '')
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): string | null {
    return value === null || value === undefined ? null : this.toJs(value)
  }

  override toJs(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null
    const hex = String(value)
      .toLowerCase()
      .replace(/[{}-]/g, '')
      .replace(/^urn:uuid:/, '')
    if (!HEX.test(hex))
      throw new ValidationError(`'${String(value)}' is not a valid UUID.`, 'invalid')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
}
