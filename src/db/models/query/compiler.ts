/**
 * Compiles a Query to SQL (Django's SQLCompiler), as kysely `sql` fragments the backend
 * compiles for its dialect.
 *
 * Table aliases are given at compile time (t0, t1, ... in FROM order), shared with nested
 * subqueries, so the same query shape always produces the same SQL text (the SQLite
 * backend caches prepared statements by text). SELECTs return rows as arrays; `columns`
 * says how to turn each position back into values (field.fromDb) and instances.
 */
import { sql } from 'kysely'
import type { DatabaseWrapper, Sql } from '../../backends/base/base.js'
import { NotSupportedError } from '../../utils/errors.js'
import { Col, Expression, TableRef, type SubqueryCapable } from '../expressions.js'
import type { Field } from '../fields/field.js'
import type { Options } from '../options.js'
import { DecimalField } from '../fields/numeric.js'
import { setQueryAsSubquery, type Query, type RelatedSelection } from './query.js'
import type { Compiler } from './types.js'

/** How a selected column maps back: a model field (instances) or a named value. */
export type SelectedColumn =
  | { kind: 'field'; field: Field; selection: RelatedSelection | null }
  | { kind: 'value'; name: string; outputField: Field | undefined }

export class SQLCompiler implements Compiler {
  readonly #aliases: Map<TableRef, string>
  readonly #counter: { n: number }

  constructor(
    readonly connection: DatabaseWrapper,
    readonly qualify = true,
    shared?: { aliases: Map<TableRef, string>; counter: { n: number } },
    readonly outerRefs: Map<string, Expression> = new Map(),
  ) {
    this.#aliases = shared?.aliases ?? new Map()
    this.#counter = shared?.counter ?? { n: 0 }
  }

  aliasOf(table: TableRef): string {
    let alias = this.#aliases.get(table)
    if (alias === undefined) {
      alias = `t${this.#counter.n++}`
      this.#aliases.set(table, alias)
    }
    return alias
  }

  outerRef(name: string): Expression | undefined {
    return this.outerRefs.get(name)
  }

  /** A compiler for a nested query, sharing alias allocation. */
  child(outerRefs: Map<string, Expression>): SQLCompiler {
    return new SQLCompiler(
      this.connection,
      true,
      { aliases: this.#aliases, counter: this.#counter },
      outerRefs,
    )
  }

  compile(expression: Expression): Sql {
    return expression.asSql(this)
  }

  /** A selected column; SQLite decimals come back as text so JS never sees a float. */
  #selectExpression(expression: Expression): Sql {
    const compiled = expression.asSql(this)
    if (
      this.connection.vendor === 'sqlite' &&
      expression instanceof Col &&
      expression.field instanceof DecimalField
    ) {
      return sql`CAST(${compiled} AS TEXT)`
    }
    return compiled
  }

  #from(query: Query): Sql {
    const base = sql`${sql.id(query.meta.dbTable)} AS ${sql.id(this.aliasOf(query.base))}`
    if (query.joins.length === 0) return base
    const joins = query.joins.map(
      (join) =>
        sql`LEFT OUTER JOIN ${sql.id(join.table.table)} AS ${sql.id(this.aliasOf(join.table))} ON ${sql.id(
          this.aliasOf(join.parent),
          join.parentColumn,
        )} = ${sql.id(this.aliasOf(join.table), join.column)}`,
    )
    return sql`${base} ${sql.join(joins, sql` `)}`
  }

  #where(query: Query): Sql {
    if (query.empty) return sql` WHERE 1 = 0`
    if (query.where.children.length === 0) return sql``
    return sql` WHERE ${query.where.asSql(this)}`
  }

  #limit(query: Query): Sql {
    const parts: Sql[] = []
    if (query.high !== null) parts.push(sql` LIMIT ${sql.lit(query.high - query.low)}`)
    else if (query.low > 0)
      parts.push(
        this.connection.ops?.unlimited() ??
          (this.connection.vendor === 'sqlite' ? sql` LIMIT -1` : sql` LIMIT ALL`),
      )
    if (query.low > 0) parts.push(sql` OFFSET ${sql.lit(query.low)}`)
    return sql.join(parts, sql``)
  }

  /** The select list for model instances (with selectRelated) or for values(). */
  selectColumns(query: Query): { columns: SelectedColumn[]; expressions: Expression[] } {
    const columns: SelectedColumn[] = []
    const expressions: Expression[] = []
    if (query.valuesSelect !== null) {
      for (const [name, expression] of query.valuesExpressions()) {
        columns.push({ kind: 'value', name, outputField: expression.outputField })
        expressions.push(expression)
      }
      return { columns, expressions }
    }
    for (const field of query.loadedFields()) {
      columns.push({ kind: 'field', field, selection: null })
      expressions.push(new Col(query.base, field))
    }
    for (const selection of query.selectRelated) {
      const meta = selection.field.relatedModel._meta
      for (const field of meta.fields) {
        columns.push({ kind: 'field', field, selection })
        expressions.push(new Col(selection.table, field))
      }
    }
    for (const [alias, expression] of query.annotations) {
      if (query.hiddenAnnotations.has(alias)) continue
      columns.push({ kind: 'value', name: alias, outputField: expression.outputField })
      expressions.push(expression)
    }
    return { columns, expressions }
  }

  /** SELECT for a query (without combinators applied at this level when `bare`). */
  select(query: Query): { sql: Sql; columns: SelectedColumn[] } {
    if (query.combinator !== null) return this.#combined(query)
    // FROM first: aliases are allocated in FROM order.
    const from = this.#from(query)
    const { columns, expressions } = this.selectColumns(query)
    const list = this.#selectList(query, expressions)
    const where = this.#where(query)
    const groupBy = this.#groupBy(query, expressions)
    const having =
      query.having.children.length > 0 ? sql` HAVING ${query.having.asSql(this)}` : sql``
    const ordering = query.effectiveOrdering()
    const orderBy =
      ordering.length > 0 ? sql` ORDER BY ${sql.join(ordering.map((o) => o.asSql(this)))}` : sql``
    const distinct = query.distinct ? sql`DISTINCT ` : sql``
    let lock = sql``
    if (query.selectForUpdate !== null) {
      if (!this.connection.features.supportsSelectForUpdate) {
        throw new NotSupportedError(
          `selectForUpdate() is not supported by ${this.connection.vendor}.`,
        )
      }
      lock = query.selectForUpdate.nowait
        ? sql` FOR UPDATE NOWAIT`
        : query.selectForUpdate.skipLocked
          ? sql` FOR UPDATE SKIP LOCKED`
          : sql` FOR UPDATE`
    }
    return {
      sql: sql`SELECT ${distinct}${list} FROM ${from}${where}${groupBy}${having}${orderBy}${this.#limit(query)}${lock}`,
      columns,
    }
  }

  /**
   * The select list. The common case — a model's own columns, nothing else — is the same
   * text for every query on that model, so it is compiled once and reused (building it from
   * fragments is the largest share of compiling a simple query).
   */
  #selectList(query: Query, expressions: Expression[]): Sql {
    const plain =
      query.valuesSelect === null &&
      query.selectRelated.length === 0 &&
      query.annotations.size === 0 &&
      query.only === null &&
      query.deferred === null
    const alias = this.aliasOf(query.base)
    const build = () =>
      sql.join(expressions.map((e, i) => sql`${this.#selectExpression(e)} AS ${sql.id(`c${i}`)}`))
    if (!plain || alias !== 't0') return build()
    let cache = selectListCache.get(this.connection.vendor)
    if (cache === undefined) selectListCache.set(this.connection.vendor, (cache = new WeakMap()))
    let text = cache.get(query.meta)
    if (text === undefined) {
      text = this.connection.compile(build()).sql
      cache.set(query.meta, text)
    }
    return sql.raw(text)
  }

  #groupBy(query: Query, selected: Expression[]): Sql {
    if (!query.needsGroupBy) return sql``
    const plain = selected.filter((e) => !e.containsAggregate && !e.containsOverClause)
    for (const o of query.effectiveOrdering())
      if (!o.expression.containsAggregate) plain.push(o.expression)
    if (plain.length === 0) return sql``
    const compiled = plain.map((e) => e.asSql(this))
    return sql` GROUP BY ${sql.join(compiled)}`
  }

  #combined(query: Query): { sql: Sql; columns: SelectedColumn[] } {
    const { kind, all, queries } = query.combinator!
    const parts: Sql[] = []
    let columns: SelectedColumn[] = []
    for (const original of queries) {
      const part = original.clone()
      if (query.valuesSelect !== null) part.valuesSelect = query.valuesSelect
      if (part.isSliced || part.ordering !== null) {
        // Parenthesised parts with ORDER BY/LIMIT are not portable: order and slice the result.
        const stripped = part.clone()
        stripped.ordering = []
        stripped.low = 0
        stripped.high = null
        if (part.isSliced)
          throw new NotSupportedError(
            'Slicing a query inside union()/intersection()/difference() is not supported.',
          )
        const compiled = this.select(stripped)
        columns = compiled.columns
        parts.push(compiled.sql)
      } else {
        const stripped = part.clone()
        stripped.ordering = []
        const compiled = this.select(stripped)
        columns = compiled.columns
        parts.push(compiled.sql)
      }
    }
    const operator = sql.raw(` ${kind}${all ? ' ALL' : ''} `)
    let body = sql.join(parts, operator)
    const ordering = query.ordering ?? []
    if (ordering.length > 0 || query.isSliced) {
      // Order the combined result by output position (c0, c1, ...) of the named columns.
      const positions = ordering.map((o) => {
        const index = columnIndex(columns, o.expression)
        return sql`${sql.id(`c${index}`)} ${sql.raw(o.descending ? 'DESC' : 'ASC')}`
      })
      body = sql`SELECT * FROM (${body}) AS ${sql.id('combined')}${
        positions.length > 0 ? sql` ORDER BY ${sql.join(positions)}` : sql``
      }${this.#limit(query)}`
    }
    return { sql: body, columns }
  }

  /** SELECT <aggregates> over the query (wrapped when sliced, distinct or grouped). */
  aggregate(query: Query, aggregates: [string, Expression][]): Sql {
    if (query.isSliced || query.distinct || query.needsGroupBy || query.combinator !== null) {
      const inner = this.select(query).sql
      const list = aggregates.map(([, e], i) => sql`${e.asSql(this)} AS ${sql.id(`a${i}`)}`)
      return sql`SELECT ${sql.join(list)} FROM (${inner}) AS ${sql.id('subquery')}`
    }
    const from = this.#from(query)
    const list = aggregates.map(([, e], i) => sql`${e.asSql(this)} AS ${sql.id(`a${i}`)}`)
    return sql`SELECT ${sql.join(list)} FROM ${from}${this.#where(query)}`
  }

  /** SELECT 1 ... LIMIT 1 */
  exists(query: Query): Sql {
    if (query.combinator !== null || query.needsGroupBy || query.isSliced || query.distinct) {
      return sql`SELECT 1 AS ${sql.id('a')} FROM (${this.select(query).sql}) AS ${sql.id('subquery')} LIMIT 1`
    }
    return sql`SELECT 1 AS ${sql.id('a')} FROM ${this.#from(query)}${this.#where(query)} LIMIT 1`
  }

  /** A query as a nested SELECT of its first selected column (IN / scalar subqueries). */
  subquerySelect(query: Query): Sql {
    const child = this.child(query.outerRefs)
    return child.select(query).sql
  }
}

/** Compiled select lists of plain model queries, per vendor and model (see #selectList). */
const selectListCache = new Map<string, WeakMap<object, string>>()

function columnIndex(columns: SelectedColumn[], expression: Expression): number {
  const index = columns.findIndex(
    (c) =>
      (c.kind === 'field' && expression instanceof Col && c.field === expression.field) ||
      (c.kind === 'value' &&
        expression instanceof Col &&
        (c.name === expression.field.name || c.name === expression.field.attname)) ||
      (c.kind === 'value' &&
        'alias' in expression &&
        (expression as { alias: string }).alias === c.name),
  )
  if (index === -1)
    throw new NotSupportedError('Ordering a combined query needs columns it selects.')
  return index
}

/** WHERE pk IN (subquery) when the filter needs joins; else the plain condition. */
function targetCondition(query: Query, compiler: SQLCompiler): Sql {
  if (query.empty) return sql` WHERE 1 = 0`
  if (query.where.children.length === 0) return sql``
  if (query.joins.length === 0) return sql` WHERE ${query.where.asSql(compiler)}`
  const inner = query.clone()
  inner.valuesSelect = ['pk']
  inner.ordering = []
  inner.selectRelated = []
  const pk = sql.id(query.meta.pk.column)
  return sql` WHERE ${pk} IN (${compiler.child(new Map()).select(inner).sql})`
}

/** UPDATE <table> SET ... WHERE ... ; values are already resolved expressions. */
export function compileUpdate(
  query: Query,
  connection: DatabaseWrapper,
  values: [Field, Expression][],
): Sql {
  if (query.isSliced)
    throw new NotSupportedError('Cannot update a query once a slice has been taken.')
  const compiler = new SQLCompiler(connection, false)
  const assignments = values.map(
    ([field, value]) => sql`${sql.id(field.column)} = ${value.asSql(compiler)}`,
  )
  return sql`UPDATE ${sql.id(query.meta.dbTable)} SET ${sql.join(assignments)}${targetCondition(query, compiler)}`
}

/** DELETE FROM <table> WHERE ... */
export function compileDelete(query: Query, connection: DatabaseWrapper): Sql {
  const compiler = new SQLCompiler(connection, false)
  return sql`DELETE FROM ${sql.id(query.meta.dbTable)}${targetCondition(query, compiler)}`
}

/** INSERT INTO <table> (cols) VALUES (...), ... RETURNING <returning>. */
export function compileInsert(
  table: string,
  fields: Field[],
  rows: unknown[][],
  returning: Field[],
): Sql {
  const columns = fields.map((f) => sql.id(f.column))
  const values = rows.map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`)
  const head =
    fields.length === 0
      ? sql`INSERT INTO ${sql.id(table)} DEFAULT VALUES`
      : sql`INSERT INTO ${sql.id(table)} (${sql.join(columns)}) VALUES ${sql.join(values)}`
  if (returning.length === 0) return head
  return sql`${head} RETURNING ${sql.join(returning.map((f) => sql.id(f.column)))}`
}

/**
 * The fields an INSERT writes for `meta`: all concrete fields, or all but the auto fields
 * (the database numbers the row). One array per model and choice, so it can key caches.
 */
export function insertFields(meta: Options, includeAuto: boolean): readonly Field[] {
  let entry = insertFieldLists.get(meta)
  if (entry === undefined) {
    entry = [meta.fields.filter((f) => !f.isAuto), meta.fields]
    insertFieldLists.set(meta, entry)
  }
  return entry[includeAuto ? 1 : 0]
}

const insertFieldLists = new WeakMap<Options, [readonly Field[], readonly Field[]]>()

/**
 * The INSERT text for `rowCount` rows of `fields` (from insertFields()), RETURNING the
 * primary key when asked: compiled by kysely once per shape and dialect, then reused, so
 * save() and bulkCreate() only bind their values. A few shapes are kept per field list.
 */
export function insertSql(
  connection: DatabaseWrapper,
  meta: Options,
  fields: readonly Field[],
  rowCount: number,
  returningPk: boolean,
): string {
  let texts = insertTexts.get(fields)
  if (texts === undefined) insertTexts.set(fields, (texts = new Map()))
  const key = rowCount * 8 + INSERT_DIALECT[connection.vendor] * 2 + (returningPk ? 1 : 0)
  let text = texts.get(key)
  if (text === undefined) {
    const row = fields.map(() => null)
    const rows = Array.from({ length: rowCount }, () => row)
    const fragment = compileInsert(meta.dbTable, [...fields], rows, returningPk ? [meta.pk] : [])
    text = connection.compile(fragment).sql
    if (texts.size >= 16) texts.clear()
    texts.set(key, text)
  }
  return text
}

const insertTexts = new WeakMap<readonly Field[], Map<number, string>>()

/** Part of the insertTexts key: each dialect quotes differently. */
const INSERT_DIALECT: Record<DatabaseWrapper['vendor'], number> = {
  sqlite: 0,
  postgresql: 1,
  mysql: 2,
}

/** A Query usable as a subquery expression. */
class QuerySubquery implements SubqueryCapable {
  constructor(readonly query: Query) {}
  subqueryFor(outer: import('./types.js').QueryResolver) {
    const query = this.query.clone()
    if (query.valuesSelect === null) {
      // A QuerySet of instances used as a value (`pk__in: qs`) stands for its primary keys.
      query.valuesSelect = ['pk']
      query.selectRelated = []
    }
    if (!query.isSliced) query.ordering = []
    query.bindOuter(outer)
    const first = query.valuesSelect !== null ? query.valuesExpressions()[0]?.[1] : undefined
    return {
      outputField: first?.outputField,
      asSql: (compiler: Compiler) => (compiler as SQLCompiler).subquerySelect(query),
    }
  }
}

setQueryAsSubquery((query) => new QuerySubquery(query))

export { QuerySubquery }
