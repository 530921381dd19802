/**
 * Technical error pages shown when DEBUG is on (Django's django.views.debug): the 404 page
 * lists the URL patterns tried; the 500 page shows the error chain with source lines,
 * request data and settings with secrets masked. The pieces live in views/debug/.
 */
export { technical404Response, type Technical404Options } from './debug/technical-404.js'
export {
  technical500Response,
  renderReport,
  type Technical500Options,
} from './debug/technical-500.js'
export {
  buildErrorReport,
  type ErrorReport,
  type ReportedError,
  type TemplateInfo,
} from './debug/exception-reporter.js'
export {
  HIDDEN_SETTINGS,
  SafeExceptionReporterFilter,
  type ReportRow,
} from './debug/exception-reporter-filter.js'
export { CLEANSED_SUBSTITUTE, safeRepr, type ReprOptions } from './debug/safe-repr.js'
export { reportText, tracebackText } from './debug/traceback-text.js'
export { parseStack, type FrameKind, type StackFrame } from './debug/stack-frames.js'
export { SourceReader, type SourceContext } from './debug/source-context.js'
