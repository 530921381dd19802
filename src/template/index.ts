/**
 * reinhardt/template: the Django template language.
 *
 * @example
 * import { Engine } from 'reinhardt/template'
 * const engine = new Engine({ dirs: ['templates'] })
 * const html = await engine.renderToString('index.html', { items })
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
export { FilesystemLoader, AppDirectoriesLoader } from './loaders/filesystem.js'
export { LocmemLoader } from './loaders/locmem.js'
export { CachedLoader } from './loaders/cached.js'
export { builtinLibrary } from './builtins/index.js'
export { formatDate } from './utils/date-format.js'
