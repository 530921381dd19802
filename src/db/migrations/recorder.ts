/**
 * The database's record of applied migrations (Django's MigrationRecorder): the
 * `reinhardt_migrations` table, one row per applied migration (app, name, applied).
 *
 * The table is defined as an ordinary model in a private registry, so the backend's own
 * schema editor creates it with the right types for SQLite and PostgreSQL; rows are read
 * and written with parameterised SQL through the connection, which joins the migration's
 * transaction, so a migration and its record commit or roll back together.
 */
import { sql } from 'kysely'
import type { DatabaseWrapper } from '../backends/base/base.js'
import { CharField } from '../models/fields/char.js'
import { DateTimeField } from '../models/fields/temporal.js'
import { Model } from '../models/model.js'
import type { AnyModelClass } from '../models/model-types.js'
import { ModelRegistry } from '../models/registry.js'
import { keyId, type MigrationKey } from './graph.js'

/** Name of the table that records applied migrations. */
export const MIGRATIONS_TABLE = 'reinhardt_migrations'

/** One applied migration. */
export interface AppliedMigration {
  readonly app: string
  readonly name: string
  readonly applied: Date
}

let recordModel: AnyModelClass | undefined

/** The model describing the table (built once, in its own registry). */
function migrationRecordModel(): AnyModelClass {
  recordModel ??= Model.define(
    'migrations',
    {
      app: new CharField({ maxLength: 255 }),
      name: new CharField({ maxLength: 255 }),
      applied: new DateTimeField(),
    },
    { modelName: 'MigrationRecord', dbTable: MIGRATIONS_TABLE, registry: new ModelRegistry() },
  ) as unknown as AnyModelClass
  return recordModel
}

export class MigrationRecorder {
  readonly connection: DatabaseWrapper

  constructor(connection: DatabaseWrapper) {
    this.connection = connection
  }

  /** True when the table exists. */
  async hasTable(): Promise<boolean> {
    const tables = await this.connection.tableNames()
    return tables.includes(MIGRATIONS_TABLE)
  }

  /** Creates the table if it does not exist yet. */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return
    const model = migrationRecordModel()
    await this.connection.schemaEditor(async (editor) => {
      await editor.createModel(model)
    })
  }

  /** Applied migrations by `app.name`; empty when the table does not exist. */
  async appliedMigrations(): Promise<Map<string, AppliedMigration>> {
    const applied = new Map<string, AppliedMigration>()
    if (!(await this.hasTable())) return applied
    const { rows } = await this.connection.executeSql(
      sql`SELECT ${sql.id('app')}, ${sql.id('name')}, ${sql.id('applied')} FROM ${sql.id(MIGRATIONS_TABLE)} ORDER BY ${sql.id('id')}`,
    )
    const appliedField = migrationRecordModel()._meta.getField('applied')
    for (const row of rows as Record<string, unknown>[]) {
      const app = String(row.app)
      const name = String(row.name)
      const when = appliedField.fromDb(row.applied, this.connection)
      applied.set(keyId([app, name]), {
        app,
        name,
        applied: when instanceof Date ? when : new Date(String(row.applied)),
      })
    }
    return applied
  }

  /** Records `key` as applied (inside the caller's transaction, if any). */
  async recordApplied([app, name]: MigrationKey): Promise<void> {
    await this.ensureSchema()
    const applied = migrationRecordModel()
      ._meta.getField('applied')
      .toDb(new Date(), this.connection)
    await this.connection.executeSql(
      sql`INSERT INTO ${sql.id(MIGRATIONS_TABLE)} (${sql.id('app')}, ${sql.id('name')}, ${sql.id('applied')}) VALUES (${app}, ${name}, ${applied})`,
    )
  }

  /** Removes the record of `key`. */
  async recordUnapplied([app, name]: MigrationKey): Promise<void> {
    await this.ensureSchema()
    await this.connection.executeSql(
      sql`DELETE FROM ${sql.id(MIGRATIONS_TABLE)} WHERE ${sql.id('app')} = ${app} AND ${sql.id('name')} = ${name}`,
    )
  }

  /** Deletes every record (tests). */
  async flush(): Promise<void> {
    if (!(await this.hasTable())) return
    await this.connection.executeSql(sql`DELETE FROM ${sql.id(MIGRATIONS_TABLE)}`)
  }
}
