/** Every migration operation, as migration files import them from 'reinhardt/db/migrations'. */
export { Operation, type DeconstructedOperation } from './base.js'
export { AddField, AlterField, RemoveField, RenameField } from './fields.js'
export { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './indexes.js'
export {
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  RenameModel,
  type CreateModelOptions,
} from './models.js'
export {
  RunJS,
  RunSQL,
  type RunJsContext,
  type RunJsFunction,
  type RunJsOptions,
  type RunSqlOptions,
  type SqlStatements,
} from './special.js'
