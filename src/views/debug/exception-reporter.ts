/**
 * ExceptionReporter: gathers everything the technical 500 page shows into one plain
 * report, which the HTML page and the plain-text traceback both render.
 *
 * Every step is guarded: an error whose `name`, `message` or `toString` throws, a request
 * whose host is disallowed, settings that cannot be read, a missing source file — each
 * degrades to a placeholder in its own section instead of failing the page. The `cause`
 * chain is followed (with a cycle guard and a depth cap) and listed deepest cause first,
 * as Python prints chained exceptions.
 */
import type { HttpRequest } from '../../http/request.js'
import { SafeExceptionReporterFilter, type ReportRow } from './exception-reporter-filter.js'
import { safeRepr } from './safe-repr.js'
import { SourceReader, type SourceContext } from './source-context.js'
import { parseStack, type StackFrame } from './stack-frames.js'

/** One error of the chain, with its frames. */
export interface ReportedError {
  type: string
  value: string
  frames: (StackFrame & { context: SourceContext | null })[]
  /** The raw stack text (for errors whose stack has no parsable frames). */
  stack: string
  properties: ReportRow[]
}

/** Where a template error happened (from src/template/errors.ts). */
export interface TemplateInfo {
  name: string
  line: number
  column: number
  /** The excerpt's lines: [line number or null for the caret line, text, is the error line]. */
  excerpt: { number: number | null; text: string; isErrorLine: boolean }[]
}

export interface ErrorReport {
  status: number
  /** The outermost error (what reached the handler). */
  error: ReportedError
  /** Deepest cause first, ending with `error`. */
  chain: ReportedError[]
  requestMethod: string
  /** The decoded path (or the raw one when it cannot be decoded). */
  requestPath: string
  requestUrl: string
  /** The view that was running, when the URL resolved. */
  raisedDuring: string | null
  /** `file:line in function` of the innermost frame of the user's code. */
  location: string | null
  template: TemplateInfo | null
  /** Templates looked for and why each was passed over (TemplateDoesNotExist). */
  templatePostmortem: { origin: string; reason: string }[]
  request: {
    GET: ReportRow[]
    POST: ReportRow[] | null
    FILES: ReportRow[] | null
    COOKIES: ReportRow[]
    META: ReportRow[]
  }
  settings: ReportRow[]
  environment: ReportRow[]
}

/** The longest cause chain followed. */
const MAX_CHAIN = 10

export interface ReporterOptions {
  status?: number
  /** The handler's settings (shown, cleansed); omitted: no settings section. */
  settings?: object
  filter?: SafeExceptionReporterFilter
}

/** Builds the report for `error` raised while handling `request`; never throws. */
export function buildErrorReport(
  request: HttpRequest,
  error: unknown,
  options: ReporterOptions = {},
): ErrorReport {
  const filter = options.filter ?? new SafeExceptionReporterFilter()
  const sources = new SourceReader()
  const chain = causeChain(error).map((e) => reportError(request, e, filter, sources))
  const outer = chain[0]!
  const innermostUser = chain
    .flatMap((e) => e.frames)
    .find((frame) => frame.kind === 'user' && frame.file !== null)
  const template = findTemplate(error)
  return {
    status: options.status ?? 500,
    error: outer,
    chain: chain.reverse(),
    requestMethod: guard(() => request.method, '?'),
    requestPath: guard(
      () => request.path,
      guard(() => request.rawPath, '?'),
    ),
    requestUrl: requestUrl(request),
    raisedDuring: raisedDuring(request),
    location: innermostUser
      ? `${innermostUser.file}:${innermostUser.line}, in ${innermostUser.functionName ?? '<anonymous>'}`
      : null,
    template: template?.info ?? null,
    templatePostmortem: template?.postmortem ?? [],
    request: {
      GET: guard(() => filter.getQueryParameters(request), [['(unreadable)', '']]),
      POST: guard(() => filter.getPostParameters(request), null),
      FILES: guard(() => filter.getFiles(request), null),
      COOKIES: guard(() => filter.getSafeCookies(request), []),
      META: guard(() => filter.getSafeRequestMeta(request), []),
    },
    settings: guard(() => filter.getSafeSettings(options.settings), []),
    environment: environment(),
  }
}

function guard<T>(compute: () => T, fallback: T): T {
  try {
    return compute()
  } catch {
    return fallback
  }
}

/** The error and its causes, outermost first, without repeats. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [error]
  const seen = new Set<unknown>([error])
  let current = error
  while (chain.length < MAX_CHAIN) {
    const cause = guard(() => (current as { cause?: unknown } | null)?.cause, undefined)
    if (cause === undefined || cause === null || seen.has(cause)) break
    chain.push(cause)
    seen.add(cause)
    current = cause
  }
  return chain
}

/** The error's type name, even for thrown non-errors and hostile objects. */
export function errorType(error: unknown): string {
  return guard(() => {
    if (
      error instanceof Error ||
      (typeof error === 'object' && error !== null && 'name' in error)
    ) {
      const name = (error as { name: unknown }).name
      if (typeof name === 'string' && name !== '') return name
    }
    if (error === null) return 'null'
    if (typeof error === 'object') return error.constructor?.name ?? 'Object'
    return typeof error
  }, 'Error')
}

/** The error's message (or the thrown value's text), never throwing. */
export function errorValue(error: unknown): string {
  return guard(() => {
    if (error instanceof Error) return String(error.message)
    if (typeof error === 'string') return error
    if (typeof error === 'object' && error !== null && 'message' in error) {
      return String((error as { message: unknown }).message)
    }
    return safeRepr(error)
  }, '<the error could not be turned into text>')
}

function reportError(
  request: HttpRequest,
  error: unknown,
  filter: SafeExceptionReporterFilter,
  sources: SourceReader,
): ReportedError {
  const stack = guard(() => {
    const s = (error as { stack?: unknown } | null)?.stack
    return typeof s === 'string' ? s : ''
  }, '')
  const frames = parseStack(stack).map((frame) => ({
    ...frame,
    context: frame.kind === 'internal' ? null : guard(() => sources.contextFor(frame), null),
  }))
  return {
    type: errorType(error),
    value: errorValue(error),
    frames,
    stack,
    properties: guard(() => filter.getErrorProperties(request, error), []),
  }
}

/** The request's absolute URL; what arrived when the host is refused or malformed. */
export function requestUrl(request: HttpRequest): string {
  try {
    return request.buildAbsoluteUri()
  } catch {
    // A disallowed or malformed host: show what arrived, not a URL we refuse to build.
    return guard(() => {
      const host = request.headers.get('host') ?? request.serverName
      const query = request.queryString === '' ? '' : `?${request.queryString}`
      return `${request.scheme}://${host}${request.rawPath}${query}`
    }, '?')
  }
}

function raisedDuring(request: HttpRequest): string | null {
  return guard(() => {
    const match = request.resolverMatch
    if (match === null) return null
    return viewName(match.func)
  }, null)
}

/** A view's name for the pages: `viewClass` of an asView() function, else the function's. */
export function viewName(func: unknown): string {
  const fn = func as { name?: unknown; viewClass?: { name?: unknown } }
  const cls = fn.viewClass?.name
  if (typeof cls === 'string' && cls !== '') return cls
  return typeof fn.name === 'string' && fn.name !== '' ? fn.name : '<anonymous view>'
}

interface TemplateLocationLike {
  templateName: string
  line: number
  column: number
  excerpt: string
}

function findTemplate(
  error: unknown,
): { info: TemplateInfo | null; postmortem: { origin: string; reason: string }[] } | null {
  for (const e of causeChain(error)) {
    const found = guard(() => {
      const location = (e as { location?: TemplateLocationLike } | null)?.location
      const tried = (e as { tried?: unknown } | null)?.tried
      const postmortem =
        errorType(e) === 'TemplateDoesNotExist' && Array.isArray(tried)
          ? tried.map((t: { origin?: unknown; reason?: unknown }) => ({
              origin: String(t?.origin),
              reason: String(t?.reason),
            }))
          : []
      if (location && typeof location.templateName === 'string') {
        return { info: templateInfo(location), postmortem }
      }
      return postmortem.length > 0 ? { info: null, postmortem } : null
    }, null)
    if (found !== null) return found
  }
  return null
}

function templateInfo(location: TemplateLocationLike): TemplateInfo {
  const excerpt = String(location.excerpt ?? '')
    .split('\n')
    .map((text) => {
      const m = /^([> ]) +(\d+) \| ?(.*)$/.exec(text)
      if (m) return { number: Number(m[2]), text: m[3]!, isErrorLine: m[1] === '>' }
      const caret = /^ +\| ?(.*)$/.exec(text)
      return { number: null, text: caret ? caret[1]! : text, isErrorLine: false }
    })
  return {
    name: location.templateName,
    line: Number(location.line),
    column: Number(location.column),
    excerpt,
  }
}

function environment(): ReportRow[] {
  return [
    ['Node.js', process.version],
    ['Executable', process.execPath],
    ['Platform', `${process.platform} ${process.arch}`],
    ['Working directory', guard(() => process.cwd(), '?')],
    ['Source maps', process.sourceMapsEnabled ? 'enabled' : 'not enabled by Node'],
    ['Server time', new Date().toISOString()],
  ]
}
