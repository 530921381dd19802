/**
 * The base of every model field.
 *
 * A field is declared once, in `Model.define(appLabel, { name: new CharField(...) })`, and
 * does four jobs from there:
 * - typing: the phantom `T` (value type) and `N` (nullable) parameters give the model
 *   instance its attribute types and the QuerySet its filter keys, with no code generation;
 * - schema: `dbType(connection)`, `column`, null/unique/dbIndex/primaryKey tell the schema
 *   editor what column to create;
 * - conversion: `toDb()` turns a JS value into a bound parameter, `fromDb()` turns what the
 *   driver returns back into the JS value (SQLite has no boolean or date types, PostgreSQL
 *   returns numerics as strings, ...);
 * - validation: `clean()` coerces and validates for `fullClean()`.
 *
 * `deconstruct()` returns `{ type, options }` with JSON-serialisable options such that
 * `createField(type, options)` (or `new <type>(options)`) builds an equivalent field: this
 * is what migration files store.
 */
import { ValidationError } from '../../../core/exceptions.js'
import type { DatabaseWrapper } from '../../backends/base/base.js'
import type { AnyModelClass } from '../model-types.js'

/** A validator throws ValidationError when the value is not acceptable. */
export type Validator<T> = { check(value: T): void }['check'] // method form: bivariant, so Field<string> is a Field<unknown>

/** A choice: the stored value and its human-readable label. */
export type Choice<T> = readonly [value: T, label: string]

/** Options every field accepts (Django's Field arguments, camelCased). */
export interface FieldOptions<T, N extends boolean = boolean> {
  /** Store NULL for "no value" (default false). */
  null?: N
  /** Allow empty values in validation (`fullClean`); default false. */
  blank?: boolean
  /** Value for new instances: a value, or a function called for each new instance. */
  default?: T | (() => T)
  unique?: boolean
  /** Create a database index on the column. */
  dbIndex?: boolean
  choices?: readonly Choice<T>[]
  primaryKey?: boolean
  /** Column name; defaults to the attribute name in snake_case. */
  dbColumn?: string
  verboseName?: string
  helpText?: string
  validators?: readonly Validator<T>[]
  /** False hides the field from forms and skips its validation (default true). */
  editable?: boolean
}

/** What `deconstruct()` returns: enough to re-create the object in a migration file. */
export interface Deconstructed {
  /** The class name, a key of `fieldClasses` (or of `deconstructibleClasses`). */
  type: string
  /** JSON-serialisable constructor options. */
  options: Record<string, unknown>
}

/** The value type a field gives its model attribute (nullable fields add `null`). */
export type FieldValue<F> =
  F extends Field<infer T, infer N> ? ([N] extends [true] ? T | null : T) : never

const EMPTY_VALUES: readonly unknown[] = [null, undefined, '']

export abstract class Field<T = unknown, N extends boolean = boolean> {
  /** Phantom members carrying the types; they never exist at run time. */
  declare readonly __value: T
  declare readonly __null: N

  /** Class name used by deconstruct() and error messages, e.g. 'CharField'. */
  abstract readonly type: string
  /** Attribute name on the model (set when the model is defined). */
  name = ''
  /** Column name in the table. */
  column = ''
  /** The model the field belongs to (set when the model is defined). */
  model: AnyModelClass | undefined
  readonly null: boolean
  readonly blank: boolean
  readonly unique: boolean
  readonly dbIndex: boolean
  primaryKey: boolean
  readonly editable: boolean
  readonly dbColumn: string | undefined
  verboseName: string
  readonly helpText: string
  readonly choices: readonly Choice<T>[] | undefined
  readonly validators: readonly Validator<T>[]
  readonly options: FieldOptions<T, N>
  /** Has a column in the table (false for ManyToManyField). */
  readonly concrete: boolean = true
  /** Points at another model. */
  readonly isRelation: boolean = false
  /** Set by AutoField: the database assigns the value on insert. */
  readonly isAuto: boolean = false
  #default: T | (() => T) | undefined
  #hasDefault: boolean

  constructor(options: FieldOptions<T, N> = {}) {
    this.options = options
    this.null = options.null ?? false
    this.blank = options.blank ?? false
    this.primaryKey = options.primaryKey ?? false
    this.unique = (options.unique ?? false) || this.primaryKey
    this.dbIndex = options.dbIndex ?? false
    this.editable = options.editable ?? true
    this.dbColumn = options.dbColumn
    this.verboseName = options.verboseName ?? ''
    this.helpText = options.helpText ?? ''
    this.choices = options.choices
    this.validators = options.validators ?? []
    this.#hasDefault = 'default' in options && options.default !== undefined
    this.#default = options.default
  }

  /** Attaches the field to its model under `name` (called by Model.define). */
  contribute(model: AnyModelClass, name: string): void {
    this.model = model
    this.name = name
    this.column = this.dbColumn ?? toSnakeCase(this.attname)
    if (this.verboseName === '') this.verboseName = toSnakeCase(name).replace(/_/g, ' ')
  }

  /** The instance attribute holding the stored value ('questionId' for a ForeignKey). */
  get attname(): string {
    return this.name
  }

  hasDefault(): boolean {
    return this.#hasDefault
  }

  /** The default for a new instance (null for nullable fields, else undefined). */
  getDefault(): T | null | undefined {
    if (this.#hasDefault) {
      const value = this.#default
      return typeof value === 'function' ? (value as () => T)() : (value as T)
    }
    return this.null ? null : undefined
  }

  /** The column type for this connection, or null when the field has no column. */
  dbType(connection: DatabaseWrapper): string | null {
    return connection.dataType(this)
  }

  /** JS value → bound parameter. */
  toDb(value: unknown, _connection: DatabaseWrapper): unknown {
    return value ?? null
  }

  /** Driver value → JS value. */
  fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    return value as T | null
  }

  /** Coerces input (strings from forms, numbers, ...) to the field's type or throws. */
  toJs(value: unknown): T | null {
    return value as T | null
  }

  /** Checks choices, null and blank; `fullClean()` calls it through `clean()`. */
  validate(value: T | null): void {
    if (!this.editable) return
    if (this.choices !== undefined && !EMPTY_VALUES.includes(value)) {
      if (!this.choices.some(([choice]) => sameValue(choice, value))) {
        throw new ValidationError(
          `Value ${JSON.stringify(value)} is not a valid choice.`,
          'invalid_choice',
        )
      }
    }
    if (value === null && !this.null) {
      throw new ValidationError('This field cannot be null.', 'null')
    }
    if (!this.blank && EMPTY_VALUES.includes(value)) {
      throw new ValidationError('This field cannot be blank.', 'blank')
    }
  }

  runValidators(value: T | null): void {
    if (EMPTY_VALUES.includes(value)) return
    const messages: string[] = []
    for (const validator of this.validators) {
      try {
        validator(value as T)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        messages.push(...error.messages)
      }
    }
    if (messages.length > 0) throw new ValidationError(messages)
  }

  /** Coerces, validates and runs the validators; returns the cleaned value. */
  clean(value: unknown): T | null {
    const coerced = this.toJs(value)
    this.validate(coerced)
    this.runValidators(coerced)
    return coerced
  }

  /** `{ type, options }` with JSON-serialisable options (see the module comment). */
  deconstruct(): Deconstructed {
    const options: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(this.options)) {
      if (value === undefined || key === 'validators') continue
      if (key === 'default') {
        // A function default cannot be written into a migration; the database never sees
        // it either (defaults are applied in JS), so leaving it out loses nothing.
        if (typeof value === 'function') continue
        options[key] = value instanceof Date ? value.toISOString() : value
        continue
      }
      options[key] = value
    }
    return { type: this.type, options }
  }

  /** A fresh, unattached copy (for model inheritance and migration states). */
  clone(): this {
    const Ctor = this.constructor as new (options: unknown) => this
    return new Ctor({ ...this.options })
  }

  toString(): string {
    return this.model ? `${this.model._meta.label}.${this.name}` : `<${this.type}>`
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b)
}

/** 'questionText' → 'question_text' (column names from attribute names). */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
}
