/**
 * `reinhardt/shortcuts`: helpers that span several layers, for use inside views.
 *
 * How `resolveUrl()` (and so `redirect()`) reads its target, in Django's order:
 * 1. an object with `getAbsoluteUrl()` (a model instance, typically) → that URL;
 * 2. a `URL` object → its href;
 * 3. a string starting with `./` or `../` → used as is (relative to the current URL);
 * 4. a view function or a pattern name → `reverse()` with the given args/kwargs;
 * 5. a string that could not be reversed (NoReverseMatch) but contains '/' or '.' → taken
 *    as a URL (`/login/`, `https://example.com`, `page.html`); any other failure rethrows.
 *
 * `render()` loads a template through settings.TEMPLATES and returns an HttpResponse holding
 * the page (rendered at once: use TemplateResponse from reinhardt/template when middleware
 * should see the template and context before rendering).
 *
 * `getObjectOr404()` / `getListOr404()` turn a missing model row into Http404 (a 404 page).
 */
import type { HttpRequest } from './http/request.js'
import { HttpResponse } from './http/response.js'
import { ObjectDoesNotExist } from './db/models/exceptions.js'
import { Http404 } from './http/exceptions.js'
import { HttpResponsePermanentRedirect, HttpResponseRedirect } from './http/response-redirect.js'
import type { TemplateContextData } from './template/backends/base.js'
import { renderToString } from './template/loader.js'
import { NoReverseMatch } from './urls/exceptions.js'
import { getUrlconf, reverse, type ReverseOptions } from './urls/index.js'
import { encodeQuery } from './urls/quote.js'
import type { View } from './views/types.js'

/** Anything that knows its own URL, like a model instance with `getAbsoluteUrl()`. */
export interface HasAbsoluteUrl {
  getAbsoluteUrl(): string
}

/** What `resolveUrl()` and `redirect()` accept as a target. */
export type UrlTarget = string | URL | View | HasAbsoluteUrl

/**
 * Options for resolving a target: reverse()'s options. `args`, `kwargs`, `currentApp` and
 * `urlconf` only matter when the target is reversed; `query` and `fragment` are added to
 * whatever URL comes out.
 */
export type ResolveUrlOptions = ReverseOptions

export interface RedirectOptions extends ResolveUrlOptions {
  /** 301 instead of 302 (308 instead of 307 with `preserveRequest`). */
  permanent?: boolean
  /** Keep the method and body on the redirected request: 307/308 instead of 302/301. */
  preserveRequest?: boolean
}

/**
 * The URL for a target, as `redirect()` computes it (see the module doc for the rules).
 *
 * ```ts
 * resolveUrl(article)                                // article.getAbsoluteUrl()
 * resolveUrl('article-detail', { kwargs: { id: 3 } }) // '/articles/3/'
 * resolveUrl(articleDetail, { args: [3] })           // reverse by the view function
 * resolveUrl('/login/', { query: { next: '/x/' } })  // '/login/?next=%2Fx%2F'
 * resolveUrl('../up/')                               // '../up/'
 * ```
 */
export function resolveUrl(to: UrlTarget, options: ResolveUrlOptions = {}): string {
  if (typeof to === 'function') return reverse(to, options)
  if (to instanceof URL) return withQuery(to.href, options)
  if (typeof to === 'object' && to !== null && typeof to.getAbsoluteUrl === 'function') {
    return withQuery(to.getAbsoluteUrl(), options)
  }
  if (typeof to !== 'string') {
    throw new TypeError(
      `Cannot resolve a URL from ${describe(to)}: pass a URL, a pattern name, a view ` +
        `function or an object with getAbsoluteUrl().`,
    )
  }
  if (to.startsWith('./') || to.startsWith('../')) return withQuery(to, options)
  const looksLikeUrl = to.includes('/') || to.includes('.')
  // With no URLconf at all nothing can be reversed; a URL-looking string is then surely a
  // URL, and reverse() would only complain about the missing configuration.
  if (looksLikeUrl && options.urlconf === undefined && getUrlconf() === null) {
    return withQuery(to, options)
  }
  try {
    return reverse(to, options)
  } catch (error) {
    if (error instanceof NoReverseMatch && looksLikeUrl) return withQuery(to, options)
    throw error
  }
}

/**
 * A redirect response (302, or 301 with `permanent`) to the URL `resolveUrl()` computes.
 *
 * ```ts
 * export async function createArticle(request: HttpRequest) {
 *   const article = await saveArticle(request)
 *   return redirect('article-detail', { kwargs: { id: article.id } })
 * }
 * return redirect('https://example.com/', { permanent: true })
 * ```
 */
export function redirect(
  to: UrlTarget,
  options: RedirectOptions = {},
): HttpResponseRedirect | HttpResponsePermanentRedirect {
  const { permanent = false, preserveRequest = false, ...resolveOptions } = options
  const url = resolveUrl(to, resolveOptions)
  return permanent
    ? new HttpResponsePermanentRedirect(url, { preserveRequest })
    : new HttpResponseRedirect(url, { preserveRequest })
}

export interface RenderOptions {
  /** Content-Type of the response (`text/html; charset=utf-8` by default). */
  contentType?: string
  /** Status code (200 by default). */
  status?: number
  /** Only this TEMPLATES backend (by NAME). */
  using?: string
}

/**
 * Renders a template (or the first of several names that exists) with the request, so
 * context processors run, and returns it as an HttpResponse. The response is returned
 * directly when the template rendered synchronously and as a Promise when it met async
 * values; a view can return either.
 *
 * ```ts
 * export async function index(request: HttpRequest) {
 *   const latestQuestions = await Question.objects.orderBy('-pubDate').slice(0, 5)
 *   return render(request, 'polls/index.html', { latestQuestions })
 * }
 * return render(request, 'errors/gone.html', {}, { status: 410 })
 * ```
 */
export function render(
  request: HttpRequest,
  templateName: string | readonly string[],
  context?: TemplateContextData | null,
  options: RenderOptions = {},
): HttpResponse | Promise<HttpResponse> {
  const content = renderToString(templateName, context, request, { using: options.using })
  const init = { contentType: options.contentType, status: options.status }
  return typeof content === 'string'
    ? new HttpResponse(content, init)
    : content.then((text) => new HttpResponse(text, init))
}

/** Adds `query` (after any existing one) and `fragment` (replacing any) to a URL. */
function withQuery(url: string, { query, fragment }: ResolveUrlOptions): string {
  if (query === undefined && fragment === undefined) return url
  const hash = url.indexOf('#')
  let base = hash === -1 ? url : url.slice(0, hash)
  let tail = hash === -1 ? '' : url.slice(hash)
  const qs = query === undefined ? '' : encodeQuery(query)
  if (qs !== '') base += (base.includes('?') ? '&' : '?') + qs
  if (fragment !== undefined) tail = `#${fragment}`
  return base + tail
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object')
    return `an object without getAbsoluteUrl() (${value.constructor?.name ?? 'Object'})`
  return `a ${typeof value}`
}

/** What getObjectOr404/getListOr404 query: a QuerySet or Manager (anything with get/filter). */
export interface QuerySetLike<R = unknown> {
  get(...lookups: never[]): Promise<R>
  filter(...lookups: never[]): PromiseLike<R[]>
}

/** A model class: its `objects` manager is used. */
export interface ModelLike<R = unknown> {
  readonly objects: QuerySetLike<R>
  readonly name: string
}

type QuerySetOf<S> = S extends ModelLike ? S['objects'] : S
type ResultOf<S> = QuerySetOf<S> extends QuerySetLike<infer R> ? R : never
type LookupsOf<S> = QuerySetOf<S> extends { get(...lookups: infer A): unknown } ? A[number] : never

function querySetOf(source: ModelLike | QuerySetLike): QuerySetLike {
  return 'objects' in source && typeof source.objects === 'object'
    ? source.objects
    : (source as QuerySetLike)
}

function describeSource(source: ModelLike | QuerySetLike): string {
  const model = (source as { model?: { name?: string } }).model ?? source
  return (model as { name?: string }).name || 'object'
}

/**
 * The object matching `lookups`, or Http404 (a 404 response) when there is none. Several
 * matches still raise MultipleObjectsReturned, as in Django.
 *
 * ```ts
 * export async function detail(request: HttpRequest, { id }: { id: number }) {
 *   const question = await getObjectOr404(Question, { pk: id })
 *   return render(request, 'polls/detail.html', { question })
 * }
 * await getObjectOr404(Question.objects.filter({ pubDate__lte: new Date() }), { pk: id })
 * ```
 */
export async function getObjectOr404<S extends ModelLike | QuerySetLike>(
  source: S,
  lookups?: LookupsOf<S>,
): Promise<ResultOf<S>> {
  const qs = querySetOf(source)
  try {
    return (await (lookups === undefined ? qs.get() : qs.get(lookups as never))) as ResultOf<S>
  } catch (error) {
    if (error instanceof ObjectDoesNotExist) {
      throw new Http404(`No ${describeSource(source)} matches the given query.`)
    }
    throw error
  }
}

/**
 * The objects matching `lookups`, or Http404 when the list is empty.
 *
 * ```ts
 * const choices = await getListOr404(Choice, { question: id })
 * ```
 */
export async function getListOr404<S extends ModelLike | QuerySetLike>(
  source: S,
  lookups?: LookupsOf<S>,
): Promise<ResultOf<S>[]> {
  const qs = querySetOf(source)
  const results = (await (lookups === undefined
    ? qs.filter()
    : qs.filter(lookups as never))) as ResultOf<S>[]
  if (results.length === 0)
    throw new Http404(`No ${describeSource(source)} matches the given query.`)
  return results
}
