/**
 * SQLite's schema editor. SQLite's ALTER TABLE can add a plain column, rename a column or
 * a table, and little else, so every other change rebuilds the table the way SQLite's
 * documentation recommends: create `new__<table>` with the new definition, copy the rows
 * (INSERT ... SELECT, mapping old columns to new ones), drop the old table, rename the new
 * one, recreate the indexes. It runs inside the editor's transaction; foreign keys are
 * DEFERRABLE INITIALLY DEFERRED so the brief absence of the table does not trip them, and
 * `PRAGMA foreign_key_check` afterwards reports any row the change left dangling.
 */
import type { Constraint } from '../../models/constraints.js'
import type { Field } from '../../models/fields/field.js'
import { ForeignKey, ManyToManyField } from '../../models/fields/related.js'
import type { AnyModelClass } from '../../models/model-types.js'
import { ModelRegistry } from '../../models/registry.js'
import { IntegrityError } from '../../utils/errors.js'
import { BaseSchemaEditor } from '../base/schema-editor.js'

export interface RemakeOptions {
  create?: Field
  delete?: Field
  alter?: [Field, Field]
  uniqueTogether?: readonly (readonly string[])[]
  constraints?: readonly Constraint[]
}

export class SqliteSchemaEditor extends BaseSchemaEditor {
  protected readonly inlineForeignKeys = true

  protected override primaryKeySql(field: Field): string {
    return field.isAuto ? 'PRIMARY KEY AUTOINCREMENT' : 'PRIMARY KEY'
  }

  async addField(model: AnyModelClass, field: Field): Promise<void> {
    if (field instanceof ManyToManyField) {
      if (field.through?._meta.autoCreated) await this.createModel(field.through)
      return
    }
    const defaultValue = this.effectiveDefault(field)
    const simple =
      !field.unique &&
      !field.primaryKey &&
      !(field instanceof ForeignKey && defaultValue !== null) &&
      (field.null || defaultValue !== null)
    if (!simple) return this.remakeTable(model, { create: field })
    const column = this.columnSql(model, field, { includeDefault: true })
    await this.execute(
      `ALTER TABLE ${this.q(model._meta.dbTable)} ADD COLUMN ${this.q(field.column)} ${column}`,
    )
    const index = this.fieldIndexSql(model, field)
    if (index !== null) await this.execute(index)
  }

  async removeField(model: AnyModelClass, field: Field): Promise<void> {
    if (field instanceof ManyToManyField) {
      if (field.through?._meta.autoCreated) await this.deleteModel(field.through)
      return
    }
    await this.remakeTable(model, { delete: field })
  }

  async alterField(model: AnyModelClass, oldField: Field, newField: Field): Promise<void> {
    if (await this.alterManyToManyField(oldField, newField)) return
    const sameDefinition =
      oldField.dbType(this.connection) === newField.dbType(this.connection) &&
      oldField.null === newField.null &&
      oldField.unique === newField.unique &&
      oldField.primaryKey === newField.primaryKey &&
      oldField.dbIndex === newField.dbIndex &&
      referenceOf(oldField) === referenceOf(newField)
    if (sameDefinition && oldField.column !== newField.column) {
      await this.execute(
        `ALTER TABLE ${this.q(model._meta.dbTable)} RENAME COLUMN ${this.q(oldField.column)} TO ${this.q(newField.column)}`,
      )
      return
    }
    if (sameDefinition) return
    await this.remakeTable(model, { alter: [oldField, newField] })
  }

  protected override async addUniqueTogether(
    model: AnyModelClass,
    names: readonly string[],
  ): Promise<void> {
    await this.remakeTable(model, {
      uniqueTogether: [
        ...model._meta.uniqueTogether.filter((u) => u.join() !== names.join()),
        names,
      ],
    })
  }

  protected override async dropUniqueTogether(
    model: AnyModelClass,
    names: readonly string[],
  ): Promise<void> {
    await this.remakeTable(model, {
      uniqueTogether: model._meta.uniqueTogether.filter((u) => u.join() !== names.join()),
    })
  }

  override async alterUniqueTogether(
    model: AnyModelClass,
    _oldList: readonly (readonly string[])[],
    newList: readonly (readonly string[])[],
  ): Promise<void> {
    await this.remakeTable(model, { uniqueTogether: newList })
  }

  override async addConstraint(model: AnyModelClass, constraint: Constraint): Promise<void> {
    if ('condition' in constraint && constraint.condition !== undefined)
      return super.addConstraint(model, constraint)
    await this.remakeTable(model, {
      constraints: [
        ...model._meta.constraints.filter((c) => c.name !== constraint.name),
        constraint,
      ],
    })
  }

  override async removeConstraint(model: AnyModelClass, constraint: Constraint): Promise<void> {
    if ('condition' in constraint && constraint.condition !== undefined)
      return super.removeConstraint(model, constraint)
    await this.remakeTable(model, {
      constraints: model._meta.constraints.filter((c) => c.name !== constraint.name),
    })
  }

  /** Rebuilds the table with the given change (see the module comment). */
  async remakeTable(model: AnyModelClass, change: RemakeOptions): Promise<void> {
    const { Model } = await import('../../models/model.js')
    const meta = model._meta
    const table = meta.dbTable
    const fields: Record<string, Field> = {}
    const copy: [string, string][] = []
    for (const field of meta.fields) {
      if (change.delete === field) continue
      if (change.alter !== undefined && change.alter[0] === field) {
        const [oldField, newField] = change.alter
        fields[newField.name] = newField.clone()
        let source = this.q(oldField.column)
        if (oldField.null && !newField.null) {
          const value = this.effectiveDefault(newField)
          if (value !== null && value !== undefined)
            source = `COALESCE(${source}, ${this.connection.quoteValue(value)})`
        }
        copy.push([newField.column, source])
        continue
      }
      fields[field.name] = field.clone()
      copy.push([field.column, this.q(field.column)])
    }
    if (change.create !== undefined) {
      fields[change.create.name] = change.create.clone()
      const value = this.effectiveDefault(change.create)
      if (value !== null && value !== undefined)
        copy.push([change.create.column, this.connection.quoteValue(value)])
    }
    const {
      abstract: _a,
      modelName: _n,
      registry: _r,
      ...declared
    } = meta.declared as Record<string, unknown>
    const temp = (
      Model.define as unknown as (
        a: string,
        f: Record<string, Field>,
        o: Record<string, unknown>,
      ) => AnyModelClass
    )(meta.appLabel, fields, {
      ...declared,
      modelName: meta.objectName,
      dbTable: table,
      registry: new ModelRegistry(meta.registry),
      uniqueTogether: change.uniqueTogether ?? meta.uniqueTogether,
      constraints: change.constraints ?? meta.constraints,
    })
    const newTable = `new__${table}`
    await this.execute('PRAGMA defer_foreign_keys = ON')
    await this.execute(this.tableSql(temp, newTable))
    const columns = copy.map(([column]) => this.q(column)).join(', ')
    const sources = copy.map(([, source]) => source).join(', ')
    if (copy.length > 0) {
      await this.execute(
        `INSERT INTO ${this.q(newTable)} (${columns}) SELECT ${sources} FROM ${this.q(table)}`,
      )
    }
    await this.execute(`DROP TABLE ${this.q(table)}`)
    await this.execute(`ALTER TABLE ${this.q(newTable)} RENAME TO ${this.q(table)}`)
    for (const statement of this.indexStatements(temp)) await this.execute(statement)
    if (!this.collectSql) {
      const { rows } = await this.connection.execute<Record<string, unknown>>(
        `PRAGMA foreign_key_check(${this.q(table)})`,
      )
      if (rows.length > 0) {
        throw new IntegrityError(
          `Changing ${table} left ${rows.length} row(s) whose foreign key points nowhere (first: rowid ${String(rows[0]!.rowid)} → ${String(rows[0]!.parent)}).`,
        )
      }
    }
  }
}

function referenceOf(field: Field): string {
  return field instanceof ForeignKey
    ? `${field.relatedModel._meta.dbTable}.${field.targetField.column}.${field.dbConstraint}`
    : ''
}
