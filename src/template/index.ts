/**
 * reinhardt/template: the Django template language, and the settings-driven layer over it
 * (TEMPLATES backends, `getTemplate` / `renderToString`, TemplateResponse).
 *
 * @example
 * import { Engine, renderToString } from 'reinhardt/template'
 * const engine = new Engine({ dirs: ['templates'] })
 * const html = await engine.renderToString('index.html', { items })
 * const page = await renderToString('index.html', { items }, request) // from settings.TEMPLATES
 */
export { Engine, type EngineOptions } from './engine.js'
export { Template, PartialTemplate, type TemplateOptions, type ContextInput } from './template.js'
export { Context, RenderContext, type Scope, type ContextOptions } from './context.js'
export { RequestContext, requestProcessor, type ContextProcessor } from './request-context.js'
export {
  Library,
  type FilterFunction,
  type FilterOptions,
  type FilterSpec,
  type TagCompiler,
  type TagFunction,
  type SimpleTagOptions,
} from './library.js'
export { Parser, MAX_NESTING } from './parser.js'
export { Token, TokenType, tokenize, smartSplit } from './lexer.js'
export { Variable } from './variable.js'
export { FilterExpression } from './filter-expression.js'
export {
  Node,
  TextNode,
  VariableNode,
  renderNodes,
  renderNodesToString,
  renderValue,
  StringOutput,
  type Output,
  type RenderResult,
  type Origin,
} from './nodes/base.js'
export {
  TemplateError,
  TemplateSyntaxError,
  TemplateDoesNotExist,
  VariableDoesNotExist,
  type TemplateLocation,
} from './errors.js'
export { SafeString, markSafe, escape, conditionalEscape, isSafe } from './safe-string.js'
export { type Loader, type LoadRequest, type Tried, SourceLoader } from './loaders/loader.js'
export { FilesystemLoader } from './loaders/filesystem.js'
export { AppDirectoriesLoader, appTemplateDirs } from './loaders/app-directories.js'
export { LocmemLoader } from './loaders/locmem.js'
export { CachedLoader } from './loaders/cached.js'
export { builtinLibrary } from './builtins/index.js'
export { formatDate } from './utils/date-format.js'
export {
  makeNumberFormats,
  type NumberFormats,
  type NumberFormatSettings,
} from './utils/number-formats.js'
export {
  numberFormat,
  type NumberFormatOptions,
  type NumberGrouping,
} from '../utils/number-format.js'
export { engines, EngineHandler, InvalidTemplateEngineError } from './engines.js'
export { getTemplate, selectTemplate, renderToString, type LoaderOptions } from './loader.js'
export {
  SimpleTemplateResponse,
  TemplateResponse,
  ContentNotRenderedError,
  type TemplateSpec,
  type TemplateResponseInit,
  type PostRenderCallback,
} from './response.js'
export { DjangoTemplates, DjangoTemplate, type DjangoTemplatesOptions } from './backends/django.js'
export type {
  BackendParams,
  BackendTemplate,
  TemplateBackend,
  TemplateBackendFactory,
  TemplateContextData,
} from './backends/base.js'
export * as contextProcessors from './context-processors.js'
export { templateRendered } from './signals.js'
export { i18nLibrary, type I18nSettings } from './builtins/i18n.js'
export { l10nLibrary } from './builtins/l10n.js'
export { tzLibrary } from './builtins/tz.js'
export { ZonedDate, UnknownTimeZoneError } from '../utils/timezone.js'
export {
  getLanguageInfo,
  UnknownLanguageCode,
  type LanguageInfo,
} from '../utils/translation/language-info.js'
