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
