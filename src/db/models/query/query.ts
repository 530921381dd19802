/**
 * The query representation (Django's sql.Query): what a QuerySet has asked for, as data.
 *
 * Names are resolved here, when filter()/orderBy()/annotate() are called, never at
 * compile time: each lookup key is split on '__', walked through the model's fields
 * (forward relations add LEFT JOINs; reverse and many-to-many relations become
 * `pk IN (SELECT ...)` subqueries, one per relation per filter() call, which gives
 * Django's "same related object" semantics and no duplicate rows), and what remains is a
 * transform or a lookup name. An unknown name is a FieldError listing the valid ones, so a
 * hostile orderBy or values() argument can never reach the SQL.
 *
 * Queries are immutable from the QuerySet's point of view: every chained call clones.
 */
import { FieldError } from '../exceptions.js'
import {
  AnnotationRef,
  Col,
  Condition,
  Expression,
  OrderBy,
  QNode,
  SubqueryExpression,
  TableRef,
  toExpression,
  type SubqueryCapable,
} from '../expressions.js'
import type { Field } from '../fields/field.js'
import { ForeignKey, ManyToManyField } from '../fields/related.js'
import { JSONField } from '../fields/json.js'
import { DateField, DateTimeField } from '../fields/temporal.js'
import {
  DATE_TRANSFORMS,
  DatePart,
  ExpressionCondition,
  JSON_LOOKUPS,
  KeyTransform,
  LOOKUPS,
  Lookup,
  NothingNode,
  WhereNode,
  type DateTransformName,
  type JsonLookupName,
  type LookupName,
} from '../lookups.js'
import type { AnyModelClass } from '../model-types.js'
import type { QueryResolver } from './types.js'

/** A LEFT JOIN from `parent` to `table`. */
export interface Join {
  readonly table: TableRef
  readonly parent: TableRef
  readonly parentColumn: string
  readonly column: string
}

/** One selectRelated path: the FK walked and the joined table holding the related row. */
export interface RelatedSelection {
  readonly path: string[]
  readonly field: ForeignKey
  readonly table: TableRef
  readonly parent: RelatedSelection | null
}

export type Combinator = 'UNION' | 'INTERSECT' | 'EXCEPT'

/** A reference to the enclosing query, bound when the query becomes a subquery. */
export class DeferredOuterRef extends Expression {
  constructor(readonly name: string) {
    super()
  }
  asSql(compiler: import('./types.js').Compiler): import('../../backends/base/base.js').Sql {
    const outer = (compiler as { outerRef?: (name: string) => Expression }).outerRef?.(this.name)
    if (outer === undefined)
      throw new FieldError(`OuterRef('${this.name}') used outside a subquery.`)
    return outer.asSql(compiler)
  }
}

/** A multi-valued relation step: filters on it become an IN subquery. */
interface ManyStep {
  /** Column of the current table the subquery's values are compared with. */
  outer: Col
  /** Model the subquery runs on, and the lookup prefix (on that model) for the rest. */
  model: AnyModelClass
  /** Field (on `model`) whose column the subquery selects. */
  selectField: Field
  /** Prefix to put before the remaining lookup parts inside the subquery ('' or 'tag__'). */
  prefix: string
}

export class Query implements QueryResolver {
  base: TableRef
  joins: Join[] = []
  joinMap = new Map<string, Join>()
  where = new WhereNode()
  having = new WhereNode()
  /** null: the model's Meta.ordering. */
  ordering: OrderBy[] | null = null
  /** Ordering reversed (for last() / reverse()). */
  reversed = false
  low = 0
  high: number | null = null
  distinct = false
  selectRelated: RelatedSelection[] = []
  annotations = new Map<string, Expression>()
  /** Annotation aliases left out of the select list (alias()). */
  hiddenAnnotations = new Set<string>()
  /** values()/valuesList(): names to select; null selects model instances. */
  valuesSelect: string[] | null = null
  deferred: Set<string> | null = null
  only: Set<string> | null = null
  combinator: { kind: Combinator; all: boolean; queries: Query[] } | null = null
  selectForUpdate: { nowait: boolean; skipLocked: boolean } | null = null
  empty = false
  /** Bound when this query is a subquery: resolved OuterRef expressions by name. */
  outerRefs = new Map<string, Expression>()
  outerRefNames = new Set<string>()

  constructor(
    readonly model: AnyModelClass,
    readonly timeZone: string = 'UTC',
  ) {
    this.base = new TableRef(model._meta.dbTable)
  }

  clone(): Query {
    const copy = new Query(this.model, this.timeZone)
    Object.assign(copy, this)
    copy.joins = [...this.joins]
    copy.joinMap = new Map(this.joinMap)
    copy.selectRelated = [...this.selectRelated]
    copy.annotations = new Map(this.annotations)
    copy.hiddenAnnotations = new Set(this.hiddenAnnotations)
    copy.outerRefs = new Map(this.outerRefs)
    copy.outerRefNames = new Set(this.outerRefNames)
    return copy
  }

  get meta() {
    return this.model._meta
  }

  get isSliced(): boolean {
    return this.low !== 0 || this.high !== null
  }

  get hasAggregateAnnotations(): boolean {
    for (const expression of this.annotations.values())
      if (expression.containsAggregate) return true
    return false
  }

  // ----------------------------------------------------------------------------------
  // Resolution (QueryResolver)

  resolveRef(name: string): Expression {
    const annotation = this.annotations.get(name)
    if (annotation !== undefined) return new AnnotationRef(name, annotation)
    const parts = name.split('__')
    const { expression, rest } = this.#walk(parts, false)
    if (rest.length > 0) return this.#applyTransforms(expression as Col, rest, name)
    return expression
  }

  resolveOuterRef(name: string): Expression {
    this.outerRefNames.add(name)
    return new DeferredOuterRef(name)
  }

  resolveCondition(q: QNode, options: { joins?: boolean } = {}): Condition {
    // Aggregate filters (Count(..., { filter })) must see the joined rows being counted.
    if (!options.joins) return this.buildCondition(q)
    this.#joinMultiValued = true
    try {
      return this.buildCondition(q)
    } finally {
      this.#joinMultiValued = false
    }
  }

  #joinMultiValued = false

  /** Binds this query's OuterRefs against `outer` (called when it becomes a subquery). */
  bindOuter(outer: QueryResolver): void {
    for (const name of this.outerRefNames) this.outerRefs.set(name, outer.resolveRef(name))
  }

  /**
   * Walks `parts` through relations. Returns the final column (joins added as needed) and
   * the parts left over (transforms/lookups), or the multi-valued step when one is hit and
   * `stopAtMany` is set.
   */
  #walk(
    parts: string[],
    stopAtMany: boolean,
  ): { expression: Expression; rest: string[]; many?: ManyStep; consumed: number } {
    let meta = this.meta
    let table = this.base
    let path = ''
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      const field = meta.findField(part)
      const reverse = field === undefined ? meta.relatedObjects.get(part) : undefined
      if (field === undefined && reverse === undefined) {
        if (i === 0 || this.#lastCol === undefined) {
          const annotations = [...this.annotations.keys()]
          throw new FieldError(
            `Cannot resolve keyword '${part}' into field. Choices are: ${[...meta.fieldNames(), ...annotations].sort().join(', ')}.`,
          )
        }
        return { expression: this.#lastCol!, rest: parts.slice(i), consumed: i }
      }
      const next = parts[i + 1]
      if (field !== undefined && !(field instanceof ManyToManyField)) {
        if (field instanceof ForeignKey) {
          const target = field.relatedModel._meta
          const nextField = next === undefined ? undefined : target.findField(next)
          const isTarget =
            nextField !== undefined &&
            nextField === field.targetField &&
            !(
              parts.length > i + 2 &&
              !LOOKUPS.has(parts[i + 2]!) &&
              !DATE_TRANSFORMS.has(parts[i + 2]!)
            )
          if (next === undefined || nextField === undefined || isTarget) {
            // The key column itself: no join needed ('question', 'question__id').
            this.#lastCol = new Col(table, field)
            if (isTarget) i++
            if (i + 1 >= parts.length)
              return { expression: this.#lastCol, rest: [], consumed: parts.length }
            return { expression: this.#lastCol, rest: parts.slice(i + 1), consumed: i + 1 }
          }
          path = path === '' ? part : `${path}__${part}`
          table = this.#join(
            path,
            table,
            field.column,
            field.relatedModel._meta.dbTable,
            field.targetField.column,
          )
          meta = target
          continue
        }
        this.#lastCol = new Col(table, field)
        return { expression: this.#lastCol, rest: parts.slice(i + 1), consumed: i + 1 }
      }
      // Multi-valued (reverse FK, many-to-many) or reverse one-to-one.
      const relation = (field ?? reverse)!
      const step = this.#manyStep(relation, field !== undefined, table, meta.model)
      if (stopAtMany)
        return { expression: step.outer, rest: parts.slice(i + 1), many: step, consumed: i + 1 }
      // Outside filters (annotations, values, ordering): join.
      path = path === '' ? part : `${path}__${part}`
      const joined = this.#joinMany(relation, field !== undefined, path, table, meta.model)
      table = joined.table
      meta = joined.model._meta
      if (next === undefined) {
        this.#lastCol = new Col(table, meta.pk)
        return { expression: this.#lastCol, rest: [], consumed: parts.length }
      }
    }
    throw new FieldError(`Lookup '${parts.join('__')}' does not end on a field.`)
  }

  #lastCol: Col | undefined

  #join(
    path: string,
    parent: TableRef,
    parentColumn: string,
    table: string,
    column: string,
  ): TableRef {
    const existing = this.joinMap.get(path)
    if (existing !== undefined) return existing.table
    const join: Join = { table: new TableRef(table), parent, parentColumn, column }
    this.joins.push(join)
    this.joinMap.set(path, join)
    return join.table
  }

  /** Joins across a multi-valued relation (for annotations and values). */
  #joinMany(
    relation: Field,
    forward: boolean,
    path: string,
    table: TableRef,
    model: AnyModelClass,
  ): { table: TableRef; model: AnyModelClass } {
    if (relation instanceof ManyToManyField) {
      const through = relation.through!
      const [fromFk, toFk] = throughFields(relation)
      const [near, far] = forward ? [fromFk, toFk] : [toFk, fromFk]
      const throughTable = this.#join(
        `${path}__+through`,
        table,
        model._meta.pk.column,
        through._meta.dbTable,
        near.column,
      )
      const target = far.relatedModel
      return {
        table: this.#join(
          path,
          throughTable,
          far.column,
          target._meta.dbTable,
          target._meta.pk.column,
        ),
        model: target,
      }
    }
    const fk = relation as ForeignKey
    const child = fk.model!
    return {
      table: this.#join(path, table, fk.targetField.column, child._meta.dbTable, fk.column),
      model: child,
    }
  }

  #manyStep(relation: Field, forward: boolean, table: TableRef, model: AnyModelClass): ManyStep {
    if (relation instanceof ManyToManyField) {
      const [fromFk, toFk] = throughFields(relation)
      const [near, far] = forward ? [fromFk, toFk] : [toFk, fromFk]
      return {
        outer: new Col(table, model._meta.pk),
        model: relation.through!,
        selectField: near,
        prefix: `${far.name}__`,
      }
    }
    const fk = relation as ForeignKey
    return { outer: new Col(table, fk.targetField), model: fk.model!, selectField: fk, prefix: '' }
  }

  #applyTransforms(lhs: Expression, parts: string[], name: string): Expression {
    let expression = lhs
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!
      const field = expression.outputField
      if (field instanceof JSONField) return new KeyTransform(expression, parts.slice(i))
      if (
        (field instanceof DateTimeField || field instanceof DateField) &&
        DATE_TRANSFORMS.has(part)
      ) {
        expression = new DatePart(part as DateTransformName, expression, this.timeZone)
        continue
      }
      throw new FieldError(`Unsupported lookup or transform '${part}' in '${name}'.`)
    }
    return expression
  }

  // ----------------------------------------------------------------------------------
  // Filters

  /** Adds `lookups` (AND-ed) or a Q to the WHERE clause. */
  addFilter(condition: Condition): void {
    // Conditions on aggregates (annotate({ n: Count(...) }).filter({ n__gt: 1 })) go to HAVING.
    if (condition.containsAggregate)
      this.having = new WhereNode([...this.having.children, condition], 'AND')
    else this.where = new WhereNode([...this.where.children, condition], 'AND')
  }

  /** Compiles a dict of lookups or a Q into a condition. */
  buildCondition(input: QNode | Record<string, unknown> | Expression, negated = false): Condition {
    if (input instanceof Expression) {
      const resolved = input.resolve(this)
      return new WhereNode([new ExpressionCondition(resolved)], 'AND', negated)
    }
    const q = input instanceof QNode ? input : new QNode(Object.entries(input))
    return this.#buildQ(q, negated)
  }

  #buildQ(q: QNode, negate: boolean): Condition {
    const children: Condition[] = []
    const pairs: [string, unknown][] = []
    for (const child of q.children) {
      if (child instanceof QNode) children.push(this.#buildQ(child, false))
      else if (child instanceof Expression)
        children.push(new ExpressionCondition(child.resolve(this)))
      else pairs.push([child[0], child[1]])
    }
    if (q.connector === 'AND') children.push(...this.#buildPairs(pairs))
    else for (const pair of pairs) children.push(...this.#buildPairs([pair]))
    return new WhereNode(children, q.connector, q.negated !== negate)
  }

  /** Lookups AND-ed together; those on the same multi-valued relation share one subquery. */
  #buildPairs(pairs: [string, unknown][]): Condition[] {
    const conditions: Condition[] = []
    const groups = new Map<string, { step: ManyStep; lookups: Record<string, unknown> }>()
    for (const [key, value] of pairs) {
      if (typeof key !== 'string' || key === '') throw new FieldError('Empty lookup name.')
      const parts = key.split('__')
      const annotation = this.annotations.get(parts[0]!)
      if (annotation !== undefined) {
        conditions.push(
          this.#buildLookup(new AnnotationRef(parts[0]!, annotation), parts.slice(1), value, key),
        )
        continue
      }
      const walked = this.#walk(parts, !this.#joinMultiValued)
      if (walked.many !== undefined) {
        const rest = walked.rest.length === 0 ? ['pk'] : walked.rest
        if (rest.length === 1 && rest[0] === 'isnull') {
          // `choice__isnull: true` — no related row at all.
          conditions.push(this.#manySubquery(walked.many, {}, value !== true))
          continue
        }
        const prefixKey = parts.slice(0, walked.consumed).join('__')
        let group = groups.get(prefixKey)
        if (group === undefined)
          groups.set(prefixKey, (group = { step: walked.many, lookups: Object.create(null) }))
        const innerKey = walked.many.prefix + rest.join('__')
        group.lookups[innerKey] = value
        continue
      }
      conditions.push(this.#buildLookup(walked.expression, walked.rest, value, key))
    }
    for (const { step, lookups } of groups.values())
      conditions.push(this.#manySubquery(step, lookups, true))
    return conditions
  }

  #manySubquery(step: ManyStep, lookups: Record<string, unknown>, inside: boolean): Condition {
    const inner = new Query(step.model, this.timeZone)
    inner.addFilter(inner.buildCondition(lookups))
    inner.addFilter(new Lookup(new Col(inner.base, step.selectField), 'isnull', false))
    inner.valuesSelect = [step.selectField.attname]
    const subquery = new SubqueryExpression(queryAsSubquery(inner)).resolve(this)
    const lookup = new Lookup(step.outer, 'in', subquery)
    return inside ? lookup : new WhereNode([lookup], 'AND', true)
  }

  #buildLookup(lhs: Expression, rest: string[], value: unknown, key: string): Condition {
    let lookupName = 'exact'
    let transforms = rest
    const last = rest[rest.length - 1]
    if (last !== undefined && LOOKUPS.has(last)) {
      lookupName = last
      transforms = rest.slice(0, -1)
    }
    const expression = transforms.length > 0 ? this.#applyTransforms(lhs, transforms, key) : lhs
    if (JSON_LOOKUPS.has(lookupName) && !(expression.outputField instanceof JSONField)) {
      throw new FieldError(
        `Unsupported lookup '${lookupName}' in '${key}': it only works on a JSONField.`,
      )
    }
    let rhs: unknown = value
    if (isSubqueryCapable(value)) rhs = new SubqueryExpression(value).resolve(this)
    else if (value instanceof Expression) rhs = value.resolve(this)
    if (lookupName === 'in' && Array.isArray(rhs) && rhs.length === 0) return new NothingNode()
    if (
      (lookupName === 'in' && !Array.isArray(rhs) && !(rhs instanceof Expression)) ||
      (lookupName === 'range' && !(Array.isArray(rhs) && rhs.length === 2))
    ) {
      throw new FieldError(
        `The value of '${key}' must be ${lookupName === 'in' ? 'an array or a QuerySet' : 'a [low, high] pair'}.`,
      )
    }
    if (value === undefined) {
      throw new FieldError(`The value of '${key}' is undefined; pass null to look for NULL.`)
    }
    return new Lookup(expression, lookupName as LookupName | JsonLookupName, rhs)
  }

  // ----------------------------------------------------------------------------------
  // Ordering, annotations, selection

  setOrdering(items: readonly (string | OrderBy | Expression)[]): void {
    if (this.isSliced) {
      throw new FieldError(
        'Cannot reorder a query once a slice has been taken: call orderBy() before slice().',
      )
    }
    this.ordering = items.map((item) => this.#orderItem(item))
  }

  #orderItem(item: string | OrderBy | Expression): OrderBy {
    if (item instanceof OrderBy) return item.resolve(this)
    if (item instanceof Expression) return new OrderBy(item.resolve(this), false)
    if (typeof item !== 'string') throw new FieldError(`Invalid orderBy item: ${String(item)}.`)
    if (item === '?') return new OrderBy(new RandomExpression(), false)
    const descending = item.startsWith('-')
    const name = descending ? item.slice(1) : item
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.replace(/__/g, '_'))) {
      throw new FieldError(
        `Invalid orderBy argument '${item}': use a field name, optionally prefixed with '-'.`,
      )
    }
    let expression = this.resolveRef(name)
    // Ordering by a relation orders by the related model's key.
    if (expression instanceof Col && expression.field instanceof ManyToManyField) {
      throw new FieldError(`Cannot order by the many-to-many field '${name}'.`)
    }
    if (expression instanceof AnnotationRef) expression = new AliasRef(name, expression)
    return new OrderBy(expression, descending)
  }

  /**
   * Whether the rows come in a defined order (Django's `QuerySet.ordered`): orderBy() with
   * at least one item, or Meta.ordering when orderBy() was not called and the query does not
   * group rows. `orderBy()` without arguments clears both.
   */
  get isOrdered(): boolean {
    if (this.ordering !== null) return this.ordering.length > 0
    return this.meta.ordering.length > 0 && !this.hasAggregateAnnotations
  }

  /**
   * The ORDER BY in effect (explicit, else Meta.ordering), reversed when asked. As in
   * Django (3.1+), Meta.ordering does not apply to a query grouping rows (an aggregate in
   * annotate() or alias()): it would add its columns to the GROUP BY and split the groups.
   */
  effectiveOrdering(): OrderBy[] {
    let ordering = this.ordering
    // values().distinct(): Meta.ordering would add columns to DISTINCT; leave it out.
    if (ordering === null && this.distinct && this.valuesSelect !== null) ordering = []
    if (ordering === null && this.hasAggregateAnnotations) ordering = []
    if (ordering === null) {
      ordering =
        this.meta.ordering.length > 0 ? this.meta.ordering.map((o) => this.#orderItem(o)) : []
    }
    if (!this.reversed) return ordering
    return ordering.map((o) => new OrderBy(o.expression, !o.descending, o.nulls))
  }

  addAnnotation(alias: string, expression: Expression, select = true): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias) || alias.includes('__')) {
      throw new FieldError(
        `Invalid annotation alias '${alias}': use letters, digits and _ (no '__').`,
      )
    }
    if (this.meta.findField(alias) !== undefined) {
      throw new FieldError(`The annotation '${alias}' conflicts with a field on the model.`)
    }
    this.annotations.set(alias, toExpression(expression).resolve(this))
    if (select) this.hiddenAnnotations.delete(alias)
    else this.hiddenAnnotations.add(alias)
  }

  /** Adds LEFT JOINs for selectRelated('question', 'question__author'). */
  addSelectRelated(paths: readonly string[]): void {
    for (const path of paths) {
      const parts = path.split('__')
      let meta = this.meta
      let table = this.base
      let parent: RelatedSelection | null = null
      for (let i = 0; i < parts.length; i++) {
        const field = meta.findField(parts[i]!)
        if (!(field instanceof ForeignKey)) {
          throw new FieldError(
            `Invalid field name '${parts[i]}' in selectRelated: choices are ${
              meta.fields
                .filter((f) => f instanceof ForeignKey)
                .map((f) => f.name)
                .join(', ') || '(none)'
            }.`,
          )
        }
        const joinPath = parts.slice(0, i + 1).join('__')
        table = this.#join(
          joinPath,
          table,
          field.column,
          field.relatedModel._meta.dbTable,
          field.targetField.column,
        )
        let selection: RelatedSelection | undefined = this.selectRelated.find(
          (s) => s.path.join('__') === joinPath,
        )
        if (selection === undefined) {
          selection = { path: parts.slice(0, i + 1), field, table, parent }
          this.selectRelated.push(selection)
        }
        parent = selection
        meta = field.relatedModel._meta
      }
    }
  }

  /** Concrete fields to load for model instances (only/defer applied; pk always). */
  loadedFields(meta = this.meta, prefix = ''): Field[] {
    return meta.fields.filter((field) => {
      if (field.primaryKey) return true
      const name = prefix + field.name
      if (this.only !== null) return this.only.has(name) || this.only.has(prefix + field.attname)
      if (this.deferred !== null)
        return !this.deferred.has(name) && !this.deferred.has(prefix + field.attname)
      return true
    })
  }

  /** Validates values()/valuesList() names and returns the expressions to select. */
  valuesExpressions(): [string, Expression][] {
    const names =
      this.valuesSelect !== null && this.valuesSelect.length > 0
        ? this.valuesSelect
        : [
            ...this.meta.fields.map((f) => f.attname),
            ...[...this.annotations.keys()].filter((a) => !this.hiddenAnnotations.has(a)),
          ]
    for (const name of names) {
      if (this.hiddenAnnotations.has(name)) {
        throw new FieldError(`Cannot select the alias '${name}': use annotate() to select it.`)
      }
    }
    return names.map((name) => [name, this.resolveRef(name)])
  }

  /** Group by needed: an aggregate is selected next to plain columns. */
  get needsGroupBy(): boolean {
    if (this.having.children.length > 0) return true
    for (const [alias, expression] of this.annotations) {
      if (expression.containsAggregate && !this.hiddenAnnotations.has(alias)) return true
    }
    return false
  }
}

/** ORDER BY an annotation: by its alias when selected. */
export class AliasRef extends Expression {
  constructor(
    readonly alias: string,
    readonly ref: AnnotationRef,
  ) {
    super()
    this.outputField = ref.outputField
    // Ordering by an aggregate annotation must not put the aggregate in GROUP BY.
    this.containsAggregate = ref.containsAggregate
  }
  asSql(compiler: import('./types.js').Compiler): import('../../backends/base/base.js').Sql {
    return this.ref.asSql(compiler)
  }
}

class RandomExpression extends Expression {
  asSql(compiler: import('./types.js').Compiler): import('../../backends/base/base.js').Sql {
    return compiler.connection.ops?.random() ?? rawSql('RANDOM()')
  }
}

import { sql } from 'kysely'
function rawSql(text: string) {
  return sql.raw(text)
}

/** The [from, to] ForeignKeys of a many-to-many field's through model. */
export function throughFields(field: ManyToManyField): [ForeignKey, ForeignKey] {
  const through = field.through
  if (through === undefined)
    throw new FieldError(`${String(field)}: the through model is not ready.`)
  const fks = through._meta.fields.filter((f): f is ForeignKey => f instanceof ForeignKey)
  const source = field.model!
  const target = field.relatedModel
  const from = fks.find((f) => f.relatedModel === source)
  const to = fks.find((f) => f.relatedModel === target && f !== from)
  if (from === undefined || to === undefined) {
    throw new FieldError(
      `The through model ${through._meta.label} needs ForeignKeys to ${source._meta.label} and ${target._meta.label}.`,
    )
  }
  return [from, to]
}

function isSubqueryCapable(value: unknown): value is SubqueryCapable {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as SubqueryCapable).subqueryFor === 'function'
  )
}

/** Hook set by compiler.ts: a Query as a SubqueryCapable (avoids an import cycle). */
export let queryAsSubquery: (query: Query) => SubqueryCapable = () => {
  throw new Error('compiler not loaded')
}
export function setQueryAsSubquery(fn: (query: Query) => SubqueryCapable): void {
  queryAsSubquery = fn
}
