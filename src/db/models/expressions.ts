/**
 * Query expressions: Q (conditions combined with & | ~), F (a column of the current row),
 * Value, arithmetic, Case/When, Subquery/OuterRef, Exists, and SQL functions (Coalesce,
 * Lower, Upper, Length, Concat, Now).
 *
 * An expression is resolved against a query first (`resolve(query)`: F names become
 * columns, joins are set up), then compiled to a kysely `sql` fragment by the compiler.
 * Values always become bound parameters; names only ever become quoted identifiers after
 * the query has checked them against the model's fields.
 *
 * JS has no operator overloading, so `F('votes') + 1` is written `F('votes').add(1)`.
 */
import { sql } from 'kysely'
import type { Sql } from '../backends/base/base.js'
import { BooleanField } from './fields/boolean.js'
import type { Field } from './fields/field.js'
import type { Compiler, QueryResolver } from './query/types.js'

type Operator = '+' | '-' | '*' | '/' | '%'

export abstract class Expression {
  /** The field describing the value (for conversion from the database). */
  outputField: Field | undefined
  /** True when an aggregate appears inside: the query groups by the other columns. */
  containsAggregate = false
  /** True for a window function (`... OVER (...)`): never part of a GROUP BY. */
  containsOverClause = false

  abstract asSql(compiler: Compiler): Sql

  /** Resolves names against `query`; returns a resolved copy (or this when nothing to do). */
  resolve(_query: QueryResolver): Expression {
    return this
  }

  add(other: unknown): CombinedExpression {
    return new CombinedExpression(this, '+', other)
  }
  sub(other: unknown): CombinedExpression {
    return new CombinedExpression(this, '-', other)
  }
  mul(other: unknown): CombinedExpression {
    return new CombinedExpression(this, '*', other)
  }
  div(other: unknown): CombinedExpression {
    return new CombinedExpression(this, '/', other)
  }
  mod(other: unknown): CombinedExpression {
    return new CombinedExpression(this, '%', other)
  }
  asc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, false, options)
  }
  desc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, true, options)
  }
}

/** Turns a plain value into a Value and a string into... a Value too (use F for names). */
export function toExpression(value: unknown): Expression {
  return value instanceof Expression ? value : new ValueExpression(value)
}

/** Function arguments: strings name fields (Django's convention), the rest are expressions. */
function argument(value: unknown): Expression {
  return typeof value === 'string' ? new FieldRef(value) : toExpression(value)
}

/** A reference to a field of the current row: `F('votes')`, `F('question__pubDate')`. */
export class FieldRef extends Expression {
  constructor(readonly name: string) {
    super()
  }
  override resolve(query: QueryResolver): Expression {
    return query.resolveRef(this.name)
  }
  asSql(): Sql {
    throw new Error(`F('${this.name}') was compiled without being resolved against a query.`)
  }
}

/** `F('votes')` — a field of the current row, usable in filters, updates and annotations. */
export function F(name: string): FieldRef {
  return new FieldRef(name)
}

/** A literal value, always sent as a bound parameter. */
export class ValueExpression extends Expression {
  constructor(
    readonly value: unknown,
    outputField?: Field,
  ) {
    super()
    this.outputField = outputField
  }
  asSql(compiler: Compiler): Sql {
    const prepared =
      this.outputField !== undefined
        ? this.outputField.toDb(this.value, compiler.connection)
        : compiler.connection.adaptValue(this.value)
    return sql`${prepared}`
  }
}

/** `Value('draft')` — a constant in an expression (annotate, Coalesce default, ...). */
export function Value(value: unknown, outputField?: Field): ValueExpression {
  return new ValueExpression(value, outputField)
}

/** A column of a table in the query (what F resolves to). */
export class Col extends Expression {
  constructor(
    readonly table: TableRef,
    readonly field: Field,
    readonly column: string = field.column,
  ) {
    super()
    this.outputField = field
  }
  asSql(compiler: Compiler): Sql {
    return compiler.qualify
      ? sql.id(compiler.aliasOf(this.table), this.column)
      : sql.id(this.column)
  }
}

/** A table occurrence in a query; the compiler names it (t0, t1, ...) at compile time. */
export class TableRef {
  constructor(readonly table: string) {}
}

/** A reference to an annotation of the current query by its alias. */
export class AnnotationRef extends Expression {
  constructor(
    readonly alias: string,
    readonly expression: Expression,
  ) {
    super()
    this.outputField = expression.outputField
    this.containsAggregate = expression.containsAggregate
  }
  asSql(compiler: Compiler): Sql {
    return this.expression.asSql(compiler)
  }
}

export class CombinedExpression extends Expression {
  readonly rhs: Expression
  constructor(
    readonly lhs: Expression,
    readonly operator: Operator,
    rhs: unknown,
  ) {
    super()
    this.rhs = toExpression(rhs)
    this.outputField = lhs.outputField ?? this.rhs.outputField
    this.containsAggregate = lhs.containsAggregate || this.rhs.containsAggregate
  }
  override resolve(query: QueryResolver): Expression {
    const resolved = new CombinedExpression(
      this.lhs.resolve(query),
      this.operator,
      this.rhs.resolve(query),
    )
    return resolved
  }
  asSql(compiler: Compiler): Sql {
    const rhs =
      this.rhs instanceof ValueExpression &&
      this.rhs.outputField === undefined &&
      this.lhs.outputField
        ? new ValueExpression(this.rhs.value).asSql(compiler)
        : this.rhs.asSql(compiler)
    const ops = compiler.connection.ops
    if (ops !== undefined)
      return ops.arithmetic(this.operator, this.lhs.asSql(compiler), rhs, [this.lhs, this.rhs])
    return sql`(${this.lhs.asSql(compiler)} ${sql.raw(this.operator)} ${rhs})`
  }
}

/** ORDER BY item. */
export class OrderBy extends Expression {
  constructor(
    readonly expression: Expression,
    readonly descending: boolean,
    readonly nulls: { nullsFirst?: boolean; nullsLast?: boolean } = {},
  ) {
    super()
  }
  override resolve(query: QueryResolver): OrderBy {
    return new OrderBy(this.expression.resolve(query), this.descending, this.nulls)
  }
  asSql(compiler: Compiler): Sql {
    const direction = sql.raw(this.descending ? 'DESC' : 'ASC')
    const { nullsFirst, nullsLast } = this.nulls
    if (
      (nullsFirst || nullsLast) &&
      compiler.connection.features.supportsOrderByNullsModifier === false
    ) {
      // MySQL: sort on `x IS NULL` first (false before true), then on x.
      const value = this.expression.asSql(compiler)
      return sql`${value} IS ${sql.raw(nullsFirst ? 'NOT NULL' : 'NULL')}, ${value} ${direction}`
    }
    const nulls = this.nulls.nullsFirst
      ? sql.raw(' NULLS FIRST')
      : this.nulls.nullsLast
        ? sql.raw(' NULLS LAST')
        : sql.raw('')
    return sql`${this.expression.asSql(compiler)} ${direction}${nulls}`
  }
}

/** A SQL function call; `name` is fixed by our code, never user input. */
export class Func extends Expression {
  readonly args: Expression[]
  constructor(
    readonly functionName: string,
    args: readonly unknown[],
    outputField?: Field,
  ) {
    super()
    this.args = args.map(argument)
    this.outputField = outputField ?? this.args[0]?.outputField
    this.containsAggregate = this.args.some((a) => a.containsAggregate)
  }
  protected copyWith(args: Expression[]): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this
    Object.assign(copy, this, { args })
    copy.containsAggregate = args.some((a) => a.containsAggregate)
    if (this.outputField === undefined) copy.outputField = args[0]?.outputField
    return copy
  }
  override resolve(query: QueryResolver): Expression {
    return this.copyWith(this.args.map((a) => a.resolve(query)))
  }
  asSql(compiler: Compiler): Sql {
    return sql`${sql.raw(this.functionName)}(${sql.join(this.args.map((a) => a.asSql(compiler)))})`
  }
}

/** The first non-null argument. */
export function Coalesce(...args: unknown[]): Func {
  if (args.length < 2) throw new TypeError('Coalesce needs at least two expressions.')
  return new Func('COALESCE', args)
}
export function Lower(expression: unknown): Func {
  return new Func('LOWER', [expression])
}
export function Upper(expression: unknown): Func {
  return new Func('UPPER', [expression])
}

class LengthFunc extends Func {
  override asSql(compiler: Compiler): Sql {
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.length(this.args[0]!.asSql(compiler))
    const name = compiler.connection.vendor === 'postgresql' ? 'CHAR_LENGTH' : 'LENGTH'
    return sql`${sql.raw(name)}(${this.args[0]!.asSql(compiler)})`
  }
}
export function Length(expression: unknown): Func {
  return new LengthFunc('LENGTH', [expression])
}

class ConcatFunc extends Func {
  override asSql(compiler: Compiler): Sql {
    // NULLs become '' as in Django's Concat; || works on both backends.
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.concat(this.args.map((a) => a.asSql(compiler)))
    const cast = compiler.connection.vendor === 'postgresql' ? '::text' : ''
    const parts = this.args.map((a) => sql`COALESCE(${a.asSql(compiler)}${sql.raw(cast)}, '')`)
    return sql`(${sql.join(parts, sql` || `)})`
  }
}
/** Concatenates text; strings are field names, use Value('text') for literal text. */
export function Concat(...args: unknown[]): Func {
  if (args.length < 2) throw new TypeError('Concat needs at least two expressions.')
  return new ConcatFunc('CONCAT', args)
}

class NowFunc extends Func {
  override asSql(compiler: Compiler): Sql {
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.now()
    return compiler.connection.vendor === 'postgresql'
      ? sql`STATEMENT_TIMESTAMP()`
      : sql`strftime('%Y-%m-%d %H:%M:%f', 'now')`
  }
}
/** The database's current time. */
export function Now(): Func {
  return new NowFunc('NOW', [])
}

/** Explicit type conversion: `Cast(F('votes'), new FloatField())`. */
export class Cast extends Expression {
  constructor(
    readonly expression: Expression,
    outputField: Field,
  ) {
    super()
    this.outputField = outputField
  }
  override resolve(query: QueryResolver): Expression {
    return new Cast(this.expression.resolve(query), this.outputField!)
  }
  asSql(compiler: Compiler): Sql {
    const ops = compiler.connection.ops
    if (ops !== undefined) return ops.cast(this.expression.asSql(compiler), this.outputField!)
    const type = this.outputField!.dbType(compiler.connection) ?? 'text'
    // The type comes from our own data type tables, never from input.
    return sql`CAST(${this.expression.asSql(compiler)} AS ${sql.raw(type.replace(/\s+(unsigned|GENERATED.*)$/i, ''))})`
  }
}

// ---------------------------------------------------------------------------------------
// Q

/**
 * A lookup pair, a nested Q, or a boolean expression (`Q(Exists(...))`). Pairs and nested
 * Qs are serialisable for migrations; expressions are not.
 */
export type QChild = QNode | readonly [string, unknown] | Expression

/** JSON form of a Q (deconstruct / CheckConstraint in migration files). */
export interface QState {
  children: (QState | [string, unknown])[]
  connector: 'AND' | 'OR'
  negated: boolean
}

/** A condition tree: lookups AND-ed within one Q, combined with and()/or()/not(). */
export class QNode {
  constructor(
    readonly children: readonly QChild[],
    readonly connector: 'AND' | 'OR' = 'AND',
    readonly negated = false,
  ) {}

  /** `q.and(other)`: Django's `q & other`; `other` may be a boolean expression (Exists). */
  and(other: QNode | Expression): QNode {
    return combine(this, asQ(other), 'AND')
  }
  /** `q.or(other)`: Django's `q | other`. */
  or(other: QNode | Expression): QNode {
    return combine(this, asQ(other), 'OR')
  }
  not(): QNode {
    return new QNode([this], 'AND', true)
  }

  toState(): QState {
    return {
      children: this.children.map((child) => {
        if (child instanceof QNode) return child.toState()
        if (child instanceof Expression)
          throw new TypeError(
            'A Q holding an expression (Exists, ...) cannot be stored in a migration.',
          )
        return [child[0], serialiseValue(child[1])]
      }),
      connector: this.connector,
      negated: this.negated,
    }
  }
}

function serialiseValue(value: unknown): unknown {
  if (value instanceof FieldRef) return { $F: value.name }
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Expression)
    throw new TypeError('Only values and F() can be stored in a migration Q.')
  return value
}

function deserialiseValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$F' in value)
    return new FieldRef(String((value as { $F: unknown }).$F))
  return value
}

function asQ(value: QNode | Expression): QNode {
  return value instanceof QNode ? value : new QNode([value])
}

function combine(a: QNode, b: QNode, connector: 'AND' | 'OR'): QNode {
  if (a.children.length === 0) return b
  if (b.children.length === 0) return a
  return new QNode([a, b], connector)
}

/**
 * `Q({ questionText__startswith: 'What' }).or(Q({ votes__gt: 10 })).not()` — Django's
 * `Q(...) | Q(...)` and `~Q(...)`. The keys are lookups as in `filter()`; a boolean
 * expression works too: `Q(Exists(...)).not()`.
 */
export function Q(lookups: Record<string, unknown> | Expression = {}): QNode {
  if (lookups instanceof Expression) return new QNode([lookups])
  return new QNode(Object.entries(lookups) as [string, unknown][])
}
Q.fromState = function fromState(state: QState): QNode {
  return new QNode(
    state.children.map((child) =>
      Array.isArray(child)
        ? ([child[0], deserialiseValue(child[1])] as const)
        : Q.fromState(child as QState),
    ),
    state.connector,
    state.negated,
  )
}
/** Same as `q.and(...)`, for several at once. */
Q.and = (...qs: QNode[]): QNode => qs.reduce((acc, q) => acc.and(q), new QNode([]))
/** Same as `q.or(...)`, for several at once. */
Q.or = (...qs: QNode[]): QNode => qs.reduce((acc, q) => acc.or(q), new QNode([]))

// ---------------------------------------------------------------------------------------
// Conditional expressions

/** A compiled condition (resolved Q) used as an expression. */
export abstract class Condition extends Expression {}

/** `When({ votes__gt: 10 }, Value('popular'))` / `When(Q(...), then)`. */
export class WhenExpression extends Expression {
  constructor(
    readonly condition: QNode | Condition,
    readonly result: Expression,
  ) {
    super()
    this.outputField = result.outputField
  }
  override resolve(query: QueryResolver): WhenExpression {
    const condition =
      this.condition instanceof QNode ? query.resolveCondition(this.condition) : this.condition
    return new WhenExpression(condition, this.result.resolve(query))
  }
  asSql(compiler: Compiler): Sql {
    if (this.condition instanceof QNode)
      throw new Error('When() was compiled without being resolved.')
    return sql`WHEN ${this.condition.asSql(compiler)} THEN ${this.result.asSql(compiler)}`
  }
}

export function When(
  condition: QNode | Record<string, unknown> | Expression,
  then: unknown,
): WhenExpression {
  const q = condition instanceof QNode ? condition : Q(condition)
  return new WhenExpression(q, toExpression(then))
}

export class CaseExpression extends Expression {
  readonly defaultValue: Expression
  constructor(
    readonly cases: readonly WhenExpression[],
    defaultValue: unknown = null,
    outputField?: Field,
  ) {
    super()
    this.defaultValue = toExpression(defaultValue)
    this.outputField = outputField ?? cases[0]?.outputField ?? this.defaultValue.outputField
  }
  override resolve(query: QueryResolver): CaseExpression {
    return new CaseExpression(
      this.cases.map((c) => c.resolve(query)),
      this.defaultValue.resolve(query),
      this.outputField,
    )
  }
  asSql(compiler: Compiler): Sql {
    if (this.cases.length === 0) return this.defaultValue.asSql(compiler)
    const whens = sql.join(
      this.cases.map((c) => c.asSql(compiler)),
      sql` `,
    )
    return sql`CASE ${whens} ELSE ${this.defaultValue.asSql(compiler)} END`
  }
}

/** `Case(When({ votes__gt: 10 }, Value('hot')), { default: Value('cold') })`. */
export function Case(
  ...args: (WhenExpression | { default?: unknown; outputField?: Field })[]
): CaseExpression {
  const cases = args.filter((a): a is WhenExpression => a instanceof WhenExpression)
  const options = args.find((a) => !(a instanceof WhenExpression)) as
    { default?: unknown; outputField?: Field } | undefined
  return new CaseExpression(cases, options?.default ?? null, options?.outputField)
}

// ---------------------------------------------------------------------------------------
// Subqueries

/** A reference to a field of the outer query, inside a Subquery/Exists. */
export class OuterRefExpression extends Expression {
  constructor(readonly name: string) {
    super()
  }
  override resolve(query: QueryResolver): Expression {
    return query.resolveOuterRef(this.name)
  }
  asSql(): Sql {
    throw new Error(`OuterRef('${this.name}') used outside of a Subquery or Exists.`)
  }
}

/** `OuterRef('pk')` inside `Subquery(...)` / `Exists(...)`. */
export function OuterRef(name: string): OuterRefExpression {
  return new OuterRefExpression(name)
}

/** Anything that can become a subquery (a QuerySet). */
export interface SubqueryCapable {
  subqueryFor(outer: QueryResolver): {
    asSql(compiler: Compiler): Sql
    outputField: Field | undefined
  }
}

export class SubqueryExpression extends Expression {
  #compiled: { asSql(compiler: Compiler): Sql } | undefined
  constructor(
    readonly queryset: SubqueryCapable,
    readonly exists = false,
    /** NOT EXISTS (only for Exists). */
    readonly negated = false,
  ) {
    super()
    if (negated && !exists) throw new TypeError('Only Exists() can be negated.')
  }
  override resolve(query: QueryResolver): SubqueryExpression {
    const copy = new SubqueryExpression(this.queryset, this.exists, this.negated)
    const inner = this.queryset.subqueryFor(query)
    copy.#compiled = inner
    copy.outputField = this.exists ? new BooleanField() : inner.outputField
    return copy
  }
  /**
   * `Exists(qs).not()` — Django's `~Exists(qs)`: NOT EXISTS, for filter(), exclude() and
   * annotate(). Negating twice gives EXISTS back.
   */
  not(): SubqueryExpression {
    if (!this.exists)
      throw new TypeError('Only Exists() can be negated; compare a Subquery() with a lookup.')
    const copy = new SubqueryExpression(this.queryset, true, !this.negated)
    copy.#compiled = this.#compiled
    copy.outputField = this.outputField
    return copy
  }
  asSql(compiler: Compiler): Sql {
    if (this.#compiled === undefined) throw new Error('Subquery compiled without being resolved.')
    const inner = this.#compiled.asSql(compiler)
    if (!this.exists) return sql`(${inner})`
    return this.negated ? sql`NOT EXISTS (${inner})` : sql`EXISTS (${inner})`
  }
}

/** A single-value subquery: `Subquery(Choice.objects.filter({ question: OuterRef('pk') }).values('votes').slice(0, 1))`. */
export function Subquery(queryset: SubqueryCapable): SubqueryExpression {
  return new SubqueryExpression(queryset)
}

/**
 * `EXISTS (...)`: usable in filter(), exclude(), annotate() and inside a Q
 * (`Q(Exists(...)).or(...)`); `Exists(...).not()` is NOT EXISTS.
 */
export function Exists(queryset: SubqueryCapable): SubqueryExpression {
  return new SubqueryExpression(queryset, true)
}
