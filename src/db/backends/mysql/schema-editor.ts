/**
 * MariaDB's schema editor. ALTER TABLE does the work (MODIFY restates a column's type and
 * nullability, RENAME COLUMN renames it), but every statement commits on its own: there is
 * no transaction to undo a half-done change, so the editor runs statement by statement.
 *
 * What differs from PostgreSQL:
 * - Foreign keys are checked at once (no DEFERRABLE): their constraints are still added at
 *   the end of the session, once every table exists. A column in a foreign key cannot be
 *   dropped or have its type changed while the constraint exists, so the constraints on it
 *   (and, for a changed primary key, those pointing at it) are dropped first and re-added.
 * - Unique constraints and indexes are both indexes: dropped with DROP INDEX.
 * - No partial indexes: a UniqueConstraint with a condition is refused (NotSupportedError).
 * - TEXT, BLOB and JSON columns get no index from dbIndex (MySQL needs a prefix length).
 */
import type { Constraint } from '../../models/constraints.js'
import { UniqueConstraint } from '../../models/constraints.js'
import type { Field } from '../../models/fields/field.js'
import { ForeignKey, ManyToManyField } from '../../models/fields/related.js'
import type { Index } from '../../models/indexes.js'
import type { AnyModelClass } from '../../models/model-types.js'
import { NotSupportedError } from '../../utils/errors.js'
import { BaseSchemaEditor } from '../base/schema-editor.js'

/** A foreign key constraint pointing at a column. */
interface IncomingKey {
  table: string
  column: string
  name: string
  nullable: boolean
}

export class MysqlSchemaEditor extends BaseSchemaEditor {
  protected readonly inlineForeignKeys = false

  protected override columnType(field: Field, type: string): string {
    return field.isAuto ? `${type} AUTO_INCREMENT` : type
  }

  protected override referencesSql(field: ForeignKey): string {
    const target = field.relatedModel._meta
    return `REFERENCES ${this.q(target.dbTable)} (${this.q(field.targetField.column)})`
  }

  protected override fieldIndexSql(model: AnyModelClass, field: Field): string | null {
    const type = field.dbType(this.connection) ?? ''
    if (/text|blob|json/i.test(type)) return null
    return super.fieldIndexSql(model, field)
  }

  protected override partialUniqueSql(_model: AnyModelClass, constraint: UniqueConstraint): string {
    throw new NotSupportedError(
      `UniqueConstraint '${constraint.name}' has a condition; MariaDB/MySQL has no partial ` +
        'indexes. Enforce it in the model (validateConstraints) or drop the condition.',
    )
  }

  /** Refuses a partial unique constraint before CREATE TABLE runs (it cannot be undone). */
  override async createModel(model: AnyModelClass): Promise<void> {
    for (const constraint of model._meta.constraints) {
      if (constraint instanceof UniqueConstraint && constraint.condition !== undefined)
        this.partialUniqueSql(model, constraint)
    }
    await super.createModel(model)
  }

  // ----------------------------------------------------------------------------------
  // Catalog lookups (none while only collecting SQL: nothing exists to look at)

  /** Names of the foreign key constraints on `column` of `table`. */
  async #foreignKeys(table: string, column: string): Promise<string[]> {
    if (this.collectSql) return []
    const { rows } = await this.connection.execute<{ name: string }>(
      `SELECT constraint_name AS name FROM information_schema.key_column_usage
       WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?
         AND referenced_table_name IS NOT NULL`,
      [table, column],
    )
    return rows.map((r) => r.name)
  }

  /** Foreign key constraints of other columns pointing at `column` of `table`. */
  async #incomingKeys(table: string, column: string): Promise<IncomingKey[]> {
    if (this.collectSql) return []
    const { rows } = await this.connection.execute<Record<string, string>>(
      `SELECT k.table_name AS tbl, k.column_name AS col, k.constraint_name AS name,
              c.is_nullable AS nullable
       FROM information_schema.key_column_usage k
       JOIN information_schema.columns c ON c.table_schema = k.table_schema
         AND c.table_name = k.table_name AND c.column_name = k.column_name
       WHERE k.table_schema = DATABASE() AND k.referenced_table_name = ?
         AND k.referenced_column_name = ?`,
      [table, column],
    )
    return rows.map((r) => ({
      table: r.tbl!,
      column: r.col!,
      name: r.name!,
      nullable: r.nullable === 'YES',
    }))
  }

  /** Names of the single-column indexes on `column`: unique ones or plain ones. */
  async #indexes(table: string, column: string, unique: boolean): Promise<string[]> {
    if (this.collectSql) return []
    const { rows } = await this.connection.execute<{ name: string }>(
      `SELECT index_name AS name FROM information_schema.statistics
       WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY'
         AND non_unique = ?
       GROUP BY index_name HAVING COUNT(*) = 1 AND MAX(column_name) = ?`,
      [table, unique ? 0 : 1, column],
    )
    return rows.map((r) => r.name)
  }

  // ----------------------------------------------------------------------------------
  // Operations

  async addField(model: AnyModelClass, field: Field): Promise<void> {
    if (field instanceof ManyToManyField) {
      if (field.through?._meta.autoCreated) await this.createModel(field.through)
      return
    }
    const t = this.q(model._meta.dbTable)
    const column = this.columnSql(model, field, { includeDefault: true })
    await this.execute(`ALTER TABLE ${t} ADD COLUMN ${this.q(field.column)} ${column}`)
    await this.afterColumnAdded(model, field)
  }

  async removeField(model: AnyModelClass, field: Field): Promise<void> {
    if (field instanceof ManyToManyField) {
      if (field.through?._meta.autoCreated) await this.deleteModel(field.through)
      return
    }
    const table = model._meta.dbTable
    for (const name of await this.#foreignKeys(table, field.column))
      await this.execute(`ALTER TABLE ${this.q(table)} DROP FOREIGN KEY ${this.q(name)}`)
    await this.execute(`ALTER TABLE ${this.q(table)} DROP COLUMN ${this.q(field.column)}`)
  }

  async alterField(model: AnyModelClass, oldField: Field, newField: Field): Promise<void> {
    if (await this.alterManyToManyField(oldField, newField)) return
    const table = model._meta.dbTable
    const t = this.q(table)
    const oldType = oldField.dbType(this.connection)
    const newType = newField.dbType(this.connection)
    const typeChanged = oldType !== newType && newType !== null
    const { oldFk, newFk, fkChanged } = this.foreignKeyChange(oldField, newField)
    // Constraints that would block the change go first.
    const dropOwnFk = oldFk && (fkChanged || typeChanged)
    if (dropOwnFk) {
      for (const name of await this.#foreignKeys(table, oldField.column))
        await this.execute(`ALTER TABLE ${t} DROP FOREIGN KEY ${this.q(name)}`)
    }
    const incoming =
      typeChanged && (oldField.primaryKey || oldField.unique)
        ? await this.#incomingKeys(table, oldField.column)
        : []
    for (const key of incoming)
      await this.execute(`ALTER TABLE ${this.q(key.table)} DROP FOREIGN KEY ${this.q(key.name)}`)

    let column = oldField.column
    if (oldField.column !== newField.column) {
      await this.execute(
        `ALTER TABLE ${t} RENAME COLUMN ${this.q(oldField.column)} TO ${this.q(newField.column)}`,
      )
      column = newField.column
    }
    const c = this.q(column)
    if ((typeChanged || oldField.null !== newField.null) && newType !== null) {
      if (oldField.null && !newField.null) {
        const value = this.effectiveDefault(newField)
        if (value !== null && value !== undefined) {
          await this.execute(
            `UPDATE ${t} SET ${c} = ${this.connection.quoteValue(value)} WHERE ${c} IS NULL`,
          )
        }
      }
      const nullity = newField.null && !newField.primaryKey ? 'NULL' : 'NOT NULL'
      await this.execute(
        `ALTER TABLE ${t} MODIFY ${c} ${this.columnType(newField, newType)} ${nullity}`,
      )
    }
    // A unique constraint is an index on MariaDB: both are found and dropped as indexes.
    await this.alterUniqueAndIndex(model, oldField, newField, column, {
      existing: (kind) => this.#indexes(table, column, kind === 'unique'),
      dropSql: (kind, name) =>
        kind === 'unique'
          ? `ALTER TABLE ${t} DROP INDEX ${this.q(name)}`
          : `DROP INDEX ${this.q(name)} ON ${t}`,
    })
    if (newFk && (fkChanged || dropOwnFk))
      this.deferred.push(this.foreignKeyConstraintSql(model, newField as ForeignKey))
    // The columns pointing here take the new type, then get their constraints back.
    const relType = typeChanged ? this.connection.relDataType(newField) : null
    for (const key of incoming) {
      if (relType !== null) {
        await this.execute(
          `ALTER TABLE ${this.q(key.table)} MODIFY ${this.q(key.column)} ${relType} ${key.nullable ? 'NULL' : 'NOT NULL'}`,
        )
      }
      this.deferred.push(
        `ALTER TABLE ${this.q(key.table)} ADD CONSTRAINT ${this.q(key.name)} FOREIGN KEY (${this.q(key.column)}) REFERENCES ${t} (${c})`,
      )
    }
  }

  protected override async dropUniqueTogether(
    model: AnyModelClass,
    names: readonly string[],
  ): Promise<void> {
    const table = model._meta.dbTable
    const columns = names.map((n) => model._meta.getField(n).column)
    await this.execute(
      `ALTER TABLE ${this.q(table)} DROP INDEX ${this.q(this.createName(table, columns, 'uniq'))}`,
    )
  }

  override async removeIndex(model: AnyModelClass, index: Index): Promise<void> {
    await this.execute(`DROP INDEX ${this.q(index.name)} ON ${this.q(model._meta.dbTable)}`)
  }

  override async removeConstraint(model: AnyModelClass, constraint: Constraint): Promise<void> {
    const t = this.q(model._meta.dbTable)
    // A unique constraint is an index on MySQL; a CHECK is dropped by name.
    const what = constraint instanceof UniqueConstraint ? 'INDEX' : 'CONSTRAINT'
    await this.execute(`ALTER TABLE ${t} DROP ${what} ${this.q(constraint.name)}`)
  }
}
