/** `reinhardt/http`: requests, responses and HTTP exceptions. Gateways are `reinhardt/http/node` and `reinhardt/http/fetch`. */
export { Http404, RawPostDataException, BadHeaderError } from './exceptions.js'
export { HttpRequest, type BodySource, type HttpRequestInit } from './request.js'
export { HttpHeaders, type RawHeaders } from './request-headers.js'
export {
  defaultRequestOptions,
  requestOptionsFromSettings,
  type RequestOptions,
} from './request-options.js'
export { QueryDict } from './query-dict.js'
export { MultiValueDict } from './multi-value-dict.js'
export { UploadedFile } from './uploaded-file.js'
export { MediaType } from './media-type.js'
export {
  HttpResponseBase,
  HttpResponse,
  isRenderable,
  type CookieOptions,
  type RenderableResponse,
  type ResponseInit,
  type SameSite,
} from './response.js'
export { ResponseHeaders, type HeadersInit } from './response-headers.js'
export {
  HttpResponseRedirectBase,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  MAX_URL_REDIRECT_LENGTH,
  type RedirectBaseInit,
  type RedirectInit,
} from './response-redirect.js'
export {
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseNotAllowed,
  HttpResponseGone,
  HttpResponseServerError,
  type FixedStatusInit,
} from './response-status.js'
export {
  JsonResponse,
  jsonEncoder,
  type JsonEncoder,
  type JsonReplacer,
  type JsonResponseOptions,
} from './json-response.js'
export { StreamingHttpResponse, type StreamingContent } from './streaming-response.js'
export {
  FileResponse,
  FILE_BLOCK_SIZE,
  contentDispositionHeader,
  type FileOpenOptions,
  type FileResponseOptions,
} from './file-response.js'
