/**
 * Meta.constraints entries: UniqueConstraint (optionally partial, with a condition) and
 * CheckConstraint. Their SQL is produced by the schema editor; the condition and the check
 * are Q objects compiled like a filter, with values inlined (DDL takes no parameters).
 */
import type { Deconstructed } from './fields/field.js'
import { Q, QNode, type QState } from './expressions.js'

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `${kind} name ${JSON.stringify(name)} is invalid: use letters, digits and _ (max 63).`,
    )
  }
  return name
}

function toQ(value: QNode | QState): QNode {
  return value instanceof QNode ? value : Q.fromState(value)
}

export interface UniqueConstraintOptions {
  fields: readonly string[]
  name: string
  /** Only rows matching this are unique (a partial unique index). */
  condition?: QNode | QState
}

export class UniqueConstraint {
  readonly fields: readonly string[]
  readonly name: string
  readonly condition: QNode | undefined

  constructor(options: UniqueConstraintOptions) {
    if (!Array.isArray(options?.fields) || options.fields.length === 0) {
      throw new TypeError('UniqueConstraint needs a non-empty fields list.')
    }
    this.fields = [...options.fields]
    this.name = checkName('UniqueConstraint', options.name)
    this.condition = options.condition === undefined ? undefined : toQ(options.condition)
  }

  deconstruct(): Deconstructed {
    const options: Record<string, unknown> = { fields: [...this.fields], name: this.name }
    if (this.condition !== undefined) options.condition = this.condition.toState()
    return { type: 'UniqueConstraint', options }
  }
}

export interface CheckConstraintOptions {
  check: QNode | QState
  name: string
}

export class CheckConstraint {
  readonly check: QNode
  readonly name: string

  constructor(options: CheckConstraintOptions) {
    if (options?.check === undefined)
      throw new TypeError('CheckConstraint needs a check (a Q object).')
    this.check = toQ(options.check)
    this.name = checkName('CheckConstraint', options.name)
  }

  deconstruct(): Deconstructed {
    return { type: 'CheckConstraint', options: { check: this.check.toState(), name: this.name } }
  }
}

export type Constraint = UniqueConstraint | CheckConstraint
