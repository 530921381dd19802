/**
 * `reinhardt/db`: models, fields, QuerySets, expressions, connections and transactions.
 * See docs/models.md, docs/queries.md and docs/databases.md.
 */
export { Model, type ModelClass, type ModelInstance, type SaveOptions } from './models/model.js'
export { Manager } from './models/manager.js'
export { QuerySet } from './models/query-set.js'
export { Prefetch, prefetchRelatedObjects } from './models/prefetch.js'
export { RelatedManager, ManyRelatedManager } from './models/related-managers.js'
export * from './models/fields/index.js'
export { Index, type IndexOptions } from './models/indexes.js'
export {
  CheckConstraint,
  UniqueConstraint,
  type Constraint,
  type CheckConstraintOptions,
  type UniqueConstraintOptions,
} from './models/constraints.js'
export {
  Case,
  Cast,
  Coalesce,
  Concat,
  Exists,
  Expression,
  F,
  Func,
  Length,
  Lower,
  Now,
  OuterRef,
  Q,
  QNode,
  Subquery,
  Upper,
  Value,
  When,
  type QState,
} from './models/expressions.js'
export { Aggregate, Avg, Count, Max, Min, Sum, type AggregateOptions } from './models/aggregates.js'
export type { LookupName, JsonLookupName, DateTransformName } from './models/lookups.js'
export {
  FieldError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  ProtectedError,
  RelatedNotLoaded,
  RestrictedError,
} from './models/exceptions.js'
export { ValidationError } from '../core/exceptions.js'
export { preSave, postSave, preDelete, postDelete, m2mChanged } from './models/signals.js'
export { Options, type MetaOptions, type DefineOptions } from './models/options.js'
export { ModelRegistry, globalModelRegistry } from './models/registry.js'
export {
  modelState,
  buildModel,
  reconstruct,
  type ModelStateData,
  type MetaStateOptions,
} from './models/state.js'
export type { AnyModelClass, AnyModelInstance } from './models/model-types.js'
export type { CreateValues, FieldValues, Lookups, FilterArg } from './models/typing.js'
export { connections, connection, createConnection, ConnectionHandler } from './connection.js'
export { router, ConnectionRouter, type DatabaseRouter } from './router.js'
export {
  atomic,
  atomicFunction,
  onCommit,
  inAtomicBlock,
  type AtomicOptions,
} from './transaction.js'
export {
  DatabaseWrapper,
  type QueryResult,
  type DatabaseFeatures,
  type SchemaEditorOptions,
} from './backends/base/base.js'
export { BaseSchemaEditor } from './backends/base/schema-editor.js'
export {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
  TransactionManagementError,
} from './utils/errors.js'
export { nonAtomicRequests, makeViewAtomic } from './atomic-requests.js'
