/** The interfaces expressions see of the query layer (kept here to avoid import cycles). */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import type { Condition, Expression, QNode, TableRef } from '../expressions.js'

/** What compiles expressions: the connection, and table aliases for this statement. */
export interface Compiler {
  readonly connection: DatabaseWrapper
  /** False in DDL and single-table UPDATE/DELETE: columns are written unqualified. */
  readonly qualify: boolean
  aliasOf(table: TableRef): string
}

/** What resolves names inside expressions: the query they belong to. */
export interface QueryResolver {
  /** A field path ('votes', 'question__pubDate', an annotation alias) → expression. */
  resolveRef(name: string): Expression
  /** A name of the enclosing query (OuterRef). */
  resolveOuterRef(name: string): Expression
  /** A Q → a compiled condition. */
  resolveCondition(q: QNode, options?: { joins?: boolean }): Condition
}
