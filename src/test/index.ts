export {
  Client,
  RedirectCycleError,
  type BodyOptions,
  type ClientOptions,
  type FollowOptions,
  type RequestOptions,
  type TestResponse,
  type TestResponseExtras,
} from './client.js'
export {
  RequestFactory,
  type BodyData,
  type BodyRequestOptions,
  type FactoryRequestOptions,
  type QueryData,
  type RequestFactoryOptions,
} from './request-factory.js'
export { SimpleUploadedFile } from './simple-uploaded-file.js'
export {
  ContextList,
  assertTemplateUsed,
  assertTemplateNotUsed,
  recordTemplates,
  type RenderedTemplates,
} from './template-recorder.js'
export {
  BOUNDARY,
  MULTIPART_CONTENT,
  encodeMultipart,
  type FormData,
  type FormValue,
} from './encode-multipart.js'
export {
  TestDatabases,
  useTestDatabase,
  type TestDatabaseOptions,
  type TestHooks,
} from './test-databases.js'
export {
  createTestDatabase,
  destroyTestDatabase,
  testDatabaseName,
  testDatabaseSettings,
  type TestDatabaseNameOptions,
} from './test-database-creation.js'
export { createTestSchema, type TestSchemaOptions, type TestSchemaReport } from './test-schema.js'
export {
  captureOnCommitCallbacks,
  type CaptureOnCommitOptions,
  type CapturedOnCommit,
} from './capture-on-commit-callbacks.js'
export {
  assertNumQueries,
  captureQueries,
  type CapturedQueries,
  type CapturedQuery,
} from './query-assertions.js'
