/** BinaryField: raw bytes as a Buffer; `bytea` on PostgreSQL, BLOB on SQLite. Not editable. */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import { Field, type FieldOptions } from './field.js'

export interface BinaryFieldOptions<N extends boolean> extends FieldOptions<Buffer, N> {
  maxLength?: number
}

export class BinaryField<N extends boolean = false> extends Field<Buffer, N> {
  readonly type: string = 'BinaryField'
  readonly maxLength: number | undefined

  constructor(options: BinaryFieldOptions<N> = {}) {
    super({ editable: false, ...options })
    this.maxLength = options.maxLength
  }

  override toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    return this.toJs(value)
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): Buffer | null {
    if (value === null || value === undefined) return null
    return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array)
  }

  override toJs(value: unknown): Buffer | null {
    if (value === null || value === undefined) return null
    if (Buffer.isBuffer(value)) return value
    if (value instanceof Uint8Array) return Buffer.from(value)
    if (typeof value === 'string') return Buffer.from(value, 'base64')
    throw new ValidationError(
      'Binary values must be a Buffer, a Uint8Array or base64 text.',
      'invalid',
    )
  }

  override runValidators(value: Buffer | null): void {
    if (value !== null && this.maxLength !== undefined && value.length > this.maxLength) {
      throw new ValidationError(
        `Ensure this value has at most ${this.maxLength} bytes.`,
        'max_length',
      )
    }
    super.runValidators(value)
  }
}
