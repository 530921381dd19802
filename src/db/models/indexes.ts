/**
 * Meta.indexes entries: `new Index({ fields: ['-pubDate'], name: 'poll_pub_idx' })`.
 * A leading '-' makes that column descending.
 */
import type { Deconstructed } from './fields/field.js'

export interface IndexOptions {
  fields: readonly string[]
  /** Index name; max 63 characters (PostgreSQL's limit). */
  name: string
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

export class Index {
  readonly fields: readonly string[]
  readonly name: string

  constructor(options: IndexOptions) {
    if (!Array.isArray(options?.fields) || options.fields.length === 0) {
      throw new TypeError('Index needs a non-empty fields list.')
    }
    if (typeof options.name !== 'string' || !NAME.test(options.name)) {
      throw new TypeError(
        `Index name ${JSON.stringify(options.name)} is invalid: use letters, digits and _ (max 63).`,
      )
    }
    this.fields = [...options.fields]
    this.name = options.name
  }

  /** [fieldName, 'ASC' | 'DESC'] pairs. */
  get fieldOrders(): [string, 'ASC' | 'DESC'][] {
    return this.fields.map((f) => (f.startsWith('-') ? [f.slice(1), 'DESC'] : [f, 'ASC']))
  }

  deconstruct(): Deconstructed {
    return { type: 'Index', options: { fields: [...this.fields], name: this.name } }
  }
}
