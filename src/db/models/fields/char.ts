/**
 * Text fields: CharField (varchar with a maxLength), TextField, and the validated variants
 * EmailField, URLField, SlugField, GenericIPAddressField.
 */
import { isIP } from 'node:net'
import { ValidationError } from '../../../core/exceptions.js'
import { Field, type FieldOptions, type Validator } from './field.js'

export interface CharFieldOptions<N extends boolean = false> extends FieldOptions<string, N> {
  maxLength?: number
}

/** Shared by every string-valued field. */
abstract class StringField<N extends boolean> extends Field<string, N> {
  override toJs(value: unknown): string | null {
    if (value === null || value === undefined) return null
    return typeof value === 'string' ? value : String(value)
  }
}

export class CharField<N extends boolean = false> extends StringField<N> {
  readonly type: string = 'CharField'
  readonly maxLength: number | undefined

  constructor(options: CharFieldOptions<N> = {}) {
    super(options)
    this.maxLength = options.maxLength
    if (this.maxLength !== undefined && (!Number.isInteger(this.maxLength) || this.maxLength < 1)) {
      throw new TypeError(`CharField maxLength must be a positive integer, got ${this.maxLength}.`)
    }
  }

  override runValidators(value: string | null): void {
    if (value !== null && this.maxLength !== undefined && value.length > this.maxLength) {
      throw new ValidationError(
        `Ensure this value has at most ${this.maxLength} characters (it has ${value.length}).`,
        'max_length',
      )
    }
    super.runValidators(value)
  }
}

export class TextField<N extends boolean = false> extends StringField<N> {
  readonly type: string = 'TextField'
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const SLUG = /^[-a-zA-Z0-9_]+$/

function patternValidator(pattern: RegExp, message: string, code: string): Validator<string> {
  return (value) => {
    if (!pattern.test(value)) throw new ValidationError(message, code)
  }
}

const validateEmail = patternValidator(EMAIL, 'Enter a valid email address.', 'invalid')
const validateSlug = patternValidator(
  SLUG,
  'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
  'invalid',
)
const validateUrl: Validator<string> = (value) => {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url === undefined || !['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol)) {
    throw new ValidationError('Enter a valid URL.', 'invalid')
  }
}

/** A CharField that adds a built-in validator and a default maxLength. */
function withBuiltin<N extends boolean>(
  options: CharFieldOptions<N>,
  maxLength: number,
  validator: Validator<string>,
): CharFieldOptions<N> {
  return {
    maxLength,
    ...options,
    validators: [validator, ...(options.validators ?? []).filter((v) => v !== validator)],
  }
}

export class EmailField<N extends boolean = false> extends CharField<N> {
  override readonly type: string = 'EmailField'
  constructor(options: CharFieldOptions<N> = {}) {
    super(withBuiltin(options, 254, validateEmail))
  }
}

export class URLField<N extends boolean = false> extends CharField<N> {
  override readonly type: string = 'URLField'
  constructor(options: CharFieldOptions<N> = {}) {
    super(withBuiltin(options, 200, validateUrl))
  }
}

export class SlugField<N extends boolean = false> extends CharField<N> {
  override readonly type: string = 'SlugField'
  constructor(options: CharFieldOptions<N> = {}) {
    super({ dbIndex: true, ...withBuiltin(options, 50, validateSlug) })
  }
}

export interface GenericIPAddressFieldOptions<N extends boolean = false> extends FieldOptions<
  string,
  N
> {
  /** 'both' (default), 'IPv4' or 'IPv6'. */
  protocol?: 'both' | 'IPv4' | 'IPv6'
}

export class GenericIPAddressField<N extends boolean = false> extends StringField<N> {
  readonly type: string = 'GenericIPAddressField'
  readonly protocol: 'both' | 'IPv4' | 'IPv6'
  readonly maxLength = 39

  constructor(options: GenericIPAddressFieldOptions<N> = {}) {
    super(options)
    this.protocol = options.protocol ?? 'both'
  }

  override toDb(value: unknown): unknown {
    return this.toJs(value)
  }

  override toJs(value: unknown): string | null {
    const text = super.toJs(value)
    if (text === null || text === '') return text === '' ? null : text
    const version = isIP(text)
    const allowed = this.protocol === 'both' ? version !== 0 : `IPv${version}` === this.protocol
    if (!allowed) {
      const what = this.protocol === 'both' ? 'IPv4 or IPv6' : this.protocol
      throw new ValidationError(`Enter a valid ${what} address.`, 'invalid')
    }
    return version === 6 ? text.toLowerCase() : text
  }
}
