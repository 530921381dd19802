/**
 * The schema editor: turns model-level changes (create a model, add a field, ...) into DDL.
 * Migrations call it with historical models; tests call it to create their tables.
 *
 * Obtain one through `connection.schemaEditor(async (editor) => ...)`: statements that
 * must wait until every table exists (foreign key constraints on PostgreSQL, indexes) are
 * deferred to the end; with `collectSql` nothing runs and `collectedSql` holds the
 * statements (values inlined) for sqlmigrate.
 *
 * Identifiers are quoted by the backend; DDL cannot take parameters, so defaults and
 * check-constraint values are inlined with `connection.quoteValue()` (strings escaped).
 */
import { createHash } from 'node:crypto'
import { CheckConstraint, UniqueConstraint, type Constraint } from '../../models/constraints.js'
import type { Field } from '../../models/fields/field.js'
import { ForeignKey, ManyToManyField } from '../../models/fields/related.js'
import type { Index } from '../../models/indexes.js'
import type { AnyModelClass } from '../../models/model-types.js'
import { Query } from '../../models/query/query.js'
import { SQLCompiler } from '../../models/query/compiler.js'
import type { DatabaseWrapper } from './base.js'

export abstract class BaseSchemaEditor {
  /** Statements recorded with `collectSql` (and every executed one), ';'-terminated. */
  readonly collectedSql: string[] = []
  /** Statements to run at the end (foreign keys, indexes). */
  protected deferred: string[] = []

  constructor(
    readonly connection: DatabaseWrapper,
    readonly collectSql: boolean,
  ) {}

  /** Called before the callback runs. */
  async begin(): Promise<void> {}

  /** Runs the deferred statements. */
  async finish(): Promise<void> {
    const pending = this.deferred
    this.deferred = []
    for (const statement of pending) await this.execute(statement)
  }

  /** Runs (or records) one statement. Parameters are inlined when only collecting. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<void> {
    if (this.collectSql) {
      this.collectedSql.push(`${this.inline(sql, params)};`)
      return
    }
    this.collectedSql.push(`${this.inline(sql, params)};`)
    await this.connection.execute(sql, params)
  }

  /** SQL with `params` written as literals (for display only). */
  protected inline(sql: string, params: readonly unknown[]): string {
    if (params.length === 0) return sql
    const literal = (value: unknown, match: string) =>
      value === undefined ? match : this.connection.quoteValue(value)
    if (this.connection.vendor === 'postgresql') {
      return sql.replace(/\$(\d+)/g, (match, n: string) => literal(params[Number(n) - 1], match))
    }
    let i = 0
    return sql.replace(/\?/g, (match) => literal(params[i++], match))
  }

  q(name: string): string {
    return this.connection.quoteName(name)
  }

  /** A deterministic name of at most 63 characters: table_columns_hash_suffix. */
  protected createName(table: string, columns: readonly string[], suffix: string): string {
    const hash = createHash('md5')
      .update([table, ...columns].join('\0'))
      .digest('hex')
      .slice(0, 8)
    const head = `${table}_${columns.join('_')}`.slice(0, 63 - hash.length - suffix.length - 2)
    return `${head}_${hash}_${suffix}`
  }

  /** The DEFAULT used for existing rows when a column is added. */
  protected effectiveDefault(field: Field): unknown {
    if (field.hasDefault()) return field.toDb(field.getDefault(), this.connection)
    const preSave = field as unknown as { autoNow?: boolean; autoNowAdd?: boolean }
    if (preSave.autoNow || preSave.autoNowAdd) return field.toDb(new Date(), this.connection)
    if (
      !field.null &&
      field.blank &&
      ['CharField', 'TextField', 'SlugField', 'EmailField', 'URLField'].includes(field.type)
    )
      return ''
    return null
  }

  /** Column definition: type, NULL/NOT NULL, PRIMARY KEY, UNIQUE, REFERENCES (inline). */
  columnSql(
    model: AnyModelClass,
    field: Field,
    options: { includeDefault?: boolean; inlineFk?: boolean } = {},
  ): string | null {
    const type = field.dbType(this.connection)
    if (type === null) return null
    const parts = [this.columnType(field, type)]
    if (options.includeDefault) {
      const value = this.effectiveDefault(field)
      if (value !== null && value !== undefined)
        parts.push(`DEFAULT ${this.connection.quoteValue(value)}`)
    }
    parts.push(field.null && !field.primaryKey ? 'NULL' : 'NOT NULL')
    if (field.primaryKey) parts.push(this.primaryKeySql(field))
    else if (field.unique) parts.push('UNIQUE')
    if (
      field instanceof ForeignKey &&
      field.dbConstraint &&
      (options.inlineFk ?? this.inlineForeignKeys)
    ) {
      parts.push(this.referencesSql(field))
    }
    void model
    return parts.join(' ')
  }

  /** Backends add identity / autoincrement here. */
  protected columnType(_field: Field, type: string): string {
    return type
  }

  protected primaryKeySql(_field: Field): string {
    return 'PRIMARY KEY'
  }

  /** True when REFERENCES goes inside the column definition (SQLite). */
  protected abstract readonly inlineForeignKeys: boolean

  protected referencesSql(field: ForeignKey): string {
    const target = field.relatedModel._meta
    return `REFERENCES ${this.q(target.dbTable)} (${this.q(field.targetField.column)}) DEFERRABLE INITIALLY DEFERRED`
  }

  protected foreignKeyConstraintSql(model: AnyModelClass, field: ForeignKey): string {
    const table = model._meta.dbTable
    const name = this.createName(table, [field.column], 'fk')
    return `ALTER TABLE ${this.q(table)} ADD CONSTRAINT ${this.q(name)} FOREIGN KEY (${this.q(field.column)}) ${this.referencesSql(field)}`
  }

  /** CREATE TABLE statement (without the deferred parts). */
  tableSql(model: AnyModelClass, table = model._meta.dbTable): string {
    const meta = model._meta
    const definitions: string[] = []
    for (const field of meta.fields) {
      const column = this.columnSql(model, field, { includeDefault: false })
      if (column !== null) definitions.push(`${this.q(field.column)} ${column}`)
    }
    for (const names of meta.uniqueTogether) {
      const columns = names.map((n) => meta.getField(n).column)
      definitions.push(
        `CONSTRAINT ${this.q(this.createName(meta.dbTable, columns, 'uniq'))} UNIQUE (${columns.map((c) => this.q(c)).join(', ')})`,
      )
    }
    for (const constraint of meta.constraints) {
      const sql = this.constraintDefinition(model, constraint)
      if (sql !== null) definitions.push(sql)
    }
    return `CREATE TABLE ${this.q(table)} (${definitions.join(', ')})`
  }

  /** Inline definition of a constraint, or null when it must be an index (partial unique). */
  protected constraintDefinition(model: AnyModelClass, constraint: Constraint): string | null {
    if (constraint instanceof CheckConstraint) {
      return `CONSTRAINT ${this.q(constraint.name)} CHECK (${this.conditionSql(model, constraint.check)})`
    }
    if (constraint.condition !== undefined) return null
    const columns = constraint.fields.map((n) => this.q(model._meta.getField(n).column))
    return `CONSTRAINT ${this.q(constraint.name)} UNIQUE (${columns.join(', ')})`
  }

  /** A Q compiled for DDL: unqualified columns, values inlined. */
  protected conditionSql(
    model: AnyModelClass,
    q: import('../../models/expressions.js').QNode,
  ): string {
    const query = new Query(model)
    const condition = query.buildCondition(q)
    const compiler = new SQLCompiler(this.connection, false)
    const { sql, parameters } = this.connection.compile(condition.asSql(compiler))
    return this.inline(sql, parameters)
  }

  /** Index statements for a model: dbIndex fields, FK columns, Meta.indexes, partial uniques. */
  protected indexStatements(model: AnyModelClass): string[] {
    const meta = model._meta
    const statements: string[] = []
    for (const field of meta.fields) {
      const statement = this.fieldIndexSql(model, field)
      if (statement !== null) statements.push(statement)
    }
    for (const index of meta.indexes) statements.push(this.indexSql(model, index))
    for (const constraint of meta.constraints) {
      if (constraint instanceof UniqueConstraint && constraint.condition !== undefined) {
        statements.push(this.partialUniqueSql(model, constraint))
      }
    }
    return statements
  }

  protected fieldIndexSql(model: AnyModelClass, field: Field): string | null {
    if (!field.dbIndex || field.unique || field.primaryKey || !field.concrete) return null
    const table = model._meta.dbTable
    const name = this.createName(
      table,
      [field.column],
      field instanceof ForeignKey ? 'fk_idx' : 'idx',
    )
    return `CREATE INDEX ${this.q(name)} ON ${this.q(table)} (${this.q(field.column)})`
  }

  indexSql(model: AnyModelClass, index: Index): string {
    const meta = model._meta
    const columns = index.fieldOrders.map(
      ([name, order]) => `${this.q(meta.getField(name).column)}${order === 'DESC' ? ' DESC' : ''}`,
    )
    return `CREATE INDEX ${this.q(index.name)} ON ${this.q(meta.dbTable)} (${columns.join(', ')})`
  }

  protected partialUniqueSql(model: AnyModelClass, constraint: UniqueConstraint): string {
    const columns = constraint.fields.map((n) => this.q(model._meta.getField(n).column))
    const where =
      constraint.condition === undefined
        ? ''
        : ` WHERE ${this.conditionSql(model, constraint.condition)}`
    return `CREATE UNIQUE INDEX ${this.q(constraint.name)} ON ${this.q(model._meta.dbTable)} (${columns.join(', ')})${where}`
  }

  // ----------------------------------------------------------------------------------
  // Operations

  /** Creates the table, its indexes and constraints, and auto-created M2M tables. */
  async createModel(model: AnyModelClass): Promise<void> {
    await this.execute(this.tableSql(model))
    for (const statement of this.indexStatements(model)) this.deferred.push(statement)
    if (!this.inlineForeignKeys) {
      for (const field of model._meta.fields) {
        if (field instanceof ForeignKey && field.dbConstraint)
          this.deferred.push(this.foreignKeyConstraintSql(model, field))
      }
    }
    for (const field of model._meta.manyToMany) {
      const through = (field as ManyToManyField).through
      if (through?._meta.autoCreated) await this.createModel(through)
    }
  }

  /** Drops the table (and auto-created M2M tables). */
  async deleteModel(model: AnyModelClass): Promise<void> {
    for (const field of model._meta.manyToMany) {
      const through = (field as ManyToManyField).through
      if (through?._meta.autoCreated) await this.deleteModel(through)
    }
    await this.execute(
      `DROP TABLE ${this.q(model._meta.dbTable)}${this.connection.vendor === 'postgresql' ? ' CASCADE' : ''}`,
    )
    this.deferred = this.deferred.filter((s) => !s.includes(this.q(model._meta.dbTable)))
  }

  /** Adds a column (or an M2M table); existing rows get the field's default. */
  abstract addField(model: AnyModelClass, field: Field): Promise<void>

  abstract removeField(model: AnyModelClass, field: Field): Promise<void>

  /** Changes a column: type, null, default, unique, index, name (same field, new column). */
  abstract alterField(model: AnyModelClass, oldField: Field, newField: Field): Promise<void>

  /** A column rename is an alterField whose fields differ only by column. */
  renameField(model: AnyModelClass, oldField: Field, newField: Field): Promise<void> {
    return this.alterField(model, oldField, newField)
  }

  /**
   * What ALTER TABLE … ADD COLUMN leaves to do on backends that can alter in place: drop the
   * DEFAULT that only served to fill existing rows (defaults live in JS, as in Django), and
   * defer the foreign key constraint and the column's index to the end of the session.
   */
  protected async afterColumnAdded(model: AnyModelClass, field: Field): Promise<void> {
    const defaultValue = this.effectiveDefault(field)
    if (defaultValue !== null && defaultValue !== undefined) {
      await this.execute(
        `ALTER TABLE ${this.q(model._meta.dbTable)} ALTER COLUMN ${this.q(field.column)} DROP DEFAULT`,
      )
    }
    if (field instanceof ForeignKey && field.dbConstraint)
      this.deferred.push(this.foreignKeyConstraintSql(model, field))
    const index = this.fieldIndexSql(model, field)
    if (index !== null) this.deferred.push(index)
  }

  /**
   * How an altered field's foreign key constraint changes: whether the old and new fields
   * have one, and whether it must be dropped and recreated (added, removed, or pointing at
   * another table).
   */
  protected foreignKeyChange(
    oldField: Field,
    newField: Field,
  ): { oldFk: boolean; newFk: boolean; fkChanged: boolean } {
    const oldFk = oldField instanceof ForeignKey && oldField.dbConstraint
    const newFk = newField instanceof ForeignKey && newField.dbConstraint
    const fkChanged =
      oldFk !== newFk ||
      (oldFk &&
        newFk &&
        (oldField as ForeignKey).relatedModel._meta.dbTable !==
          (newField as ForeignKey).relatedModel._meta.dbTable)
    return { oldFk, newFk, fkChanged }
  }

  /**
   * The part of alterField that follows `unique` and `dbIndex`: drops the column's unique
   * constraint or plain index when the new field no longer wants one, creates them when it
   * newly does. Backends find and drop them their own way (`existing`, `dropSql`);
   * `column` is the column's current name (after a rename).
   */
  protected async alterUniqueAndIndex(
    model: AnyModelClass,
    oldField: Field,
    newField: Field,
    column: string,
    backend: {
      existing(kind: 'unique' | 'index'): Promise<string[]>
      dropSql(kind: 'unique' | 'index', name: string): string
    },
  ): Promise<void> {
    const table = model._meta.dbTable
    if (oldField.unique && !newField.unique && !oldField.primaryKey) {
      for (const name of await backend.existing('unique'))
        await this.execute(backend.dropSql('unique', name))
    }
    if (!oldField.unique && newField.unique && !newField.primaryKey) {
      await this.execute(
        `ALTER TABLE ${this.q(table)} ADD CONSTRAINT ${this.q(this.createName(table, [column], 'uniq'))} UNIQUE (${this.q(column)})`,
      )
    }
    const hadIndex = oldField.dbIndex && !oldField.unique
    const hasIndex = newField.dbIndex && !newField.unique
    if (hadIndex && !hasIndex) {
      for (const name of await backend.existing('index'))
        await this.execute(backend.dropSql('index', name))
    }
    if (!hadIndex && hasIndex) {
      const index = this.fieldIndexSql(model, newField)
      if (index !== null) await this.execute(index.replace(this.q(oldField.column), this.q(column)))
    }
  }

  /**
   * The many-to-many part of alterField, shared by every backend: a many-to-many field has
   * no column, so altering one only renames its automatic link table when that changed.
   * Returns false when neither field is many-to-many (the caller alters a column); a change
   * to or from a many-to-many field is refused, as Django does.
   */
  protected async alterManyToManyField(oldField: Field, newField: Field): Promise<boolean> {
    if (!(oldField instanceof ManyToManyField) && !(newField instanceof ManyToManyField)) {
      return false
    }
    if (!(oldField instanceof ManyToManyField) || !(newField instanceof ManyToManyField)) {
      throw new TypeError(
        'Cannot alter a field to or from a many-to-many field; remove and add it instead.',
      )
    }
    const from = oldField.through
    const to = newField.through
    if (
      from?._meta.autoCreated &&
      to?._meta.autoCreated &&
      from._meta.dbTable !== to._meta.dbTable
    ) {
      await this.alterDbTable(from, from._meta.dbTable, to._meta.dbTable)
    }
    return true
  }

  async alterDbTable(_model: AnyModelClass, oldTable: string, newTable: string): Promise<void> {
    if (oldTable === newTable) return
    await this.execute(`ALTER TABLE ${this.q(oldTable)} RENAME TO ${this.q(newTable)}`)
  }

  async alterUniqueTogether(
    model: AnyModelClass,
    oldList: readonly (readonly string[])[],
    newList: readonly (readonly string[])[],
  ): Promise<void> {
    const key = (names: readonly string[]) => names.join('\0')
    const olds = new Set(oldList.map(key))
    const news = new Set(newList.map(key))
    for (const names of oldList)
      if (!news.has(key(names))) await this.dropUniqueTogether(model, names)
    for (const names of newList)
      if (!olds.has(key(names))) await this.addUniqueTogether(model, names)
  }

  protected async addUniqueTogether(model: AnyModelClass, names: readonly string[]): Promise<void> {
    const table = model._meta.dbTable
    const columns = names.map((n) => model._meta.getField(n).column)
    await this.execute(
      `ALTER TABLE ${this.q(table)} ADD CONSTRAINT ${this.q(this.createName(table, columns, 'uniq'))} UNIQUE (${columns.map((c) => this.q(c)).join(', ')})`,
    )
  }

  protected async dropUniqueTogether(
    model: AnyModelClass,
    names: readonly string[],
  ): Promise<void> {
    const table = model._meta.dbTable
    const columns = names.map((n) => model._meta.getField(n).column)
    await this.execute(
      `ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(this.createName(table, columns, 'uniq'))}`,
    )
  }

  async addIndex(model: AnyModelClass, index: Index): Promise<void> {
    await this.execute(this.indexSql(model, index))
  }

  async removeIndex(_model: AnyModelClass, index: Index): Promise<void> {
    await this.execute(`DROP INDEX ${this.q(index.name)}`)
  }

  async addConstraint(model: AnyModelClass, constraint: Constraint): Promise<void> {
    if (constraint instanceof UniqueConstraint && constraint.condition !== undefined) {
      await this.execute(this.partialUniqueSql(model, constraint))
      return
    }
    await this.execute(
      `ALTER TABLE ${this.q(model._meta.dbTable)} ADD ${this.constraintDefinition(model, constraint)}`,
    )
  }

  async removeConstraint(model: AnyModelClass, constraint: Constraint): Promise<void> {
    if (constraint instanceof UniqueConstraint && constraint.condition !== undefined) {
      await this.execute(`DROP INDEX ${this.q(constraint.name)}`)
      return
    }
    await this.execute(
      `ALTER TABLE ${this.q(model._meta.dbTable)} DROP CONSTRAINT ${this.q(constraint.name)}`,
    )
  }
}
