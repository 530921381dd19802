/**
 * The technical 404 page (Django's technical_404_response), shown with DEBUG on.
 *
 * For a path no pattern matched (Resolver404) it lists every chain of patterns the
 * resolver tried, in order, an include's prefix followed by the patterns below it and the
 * last entry's name, then says the current path matched none of them. For an Http404
 * raised by a view it shows the message, the view ("Raised by") and the patterns tried up
 * to the one that matched ("matched the last one"). Everything shown is escaped.
 */
import type { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import { Resolver404 } from '../../urls/exceptions.js'
import { errorValue, requestUrl, viewName } from './exception-reporter.js'
import { debugPage, markup } from './page-style.js'

export interface Technical404Options {
  /** The root URLconf (settings.ROOT_URLCONF), described in the page's explanation. */
  urlconf?: unknown
}

const FOOTER =
  "<p>You're seeing this error because you have <code>DEBUG: true</code> in your settings. " +
  'Turn it off in production: reinhardt then shows the standard 404 page (or your ' +
  '<code>handler404</code>).</p>'

/**
 * The DEBUG 404 page for `exception` (a Resolver404 or an Http404 raised by a view).
 *
 * ```ts
 * technical404Response(request, new Http404('No article 7'), { urlconf: settings.ROOT_URLCONF })
 * ```
 */
export function technical404Response(
  request: HttpRequest,
  exception: unknown,
  options: Technical404Options = {},
): HttpResponse {
  const resolved = !(exception instanceof Resolver404)
  const errorPath = resolved ? safe(() => request.pathInfo.slice(1), '') : exception.path
  const tried = safe(
    () => (resolved ? (request.resolverMatch?.tried ?? []) : exception.tried),
    [] as readonly (readonly unknown[])[],
  )
  const reason = errorValue(exception)
  const raisedBy = resolved ? safe(() => raisingView(request), null) : null
  const requestPath = safe(
    () => request.path,
    safe(() => request.rawPath, '?'),
  )

  let header =
    '<h1>Page not found <small>(404)</small></h1>' +
    (resolved ? markup`<pre class="exception-value">${reason}</pre>` : '') +
    '<table class="meta">' +
    markup`<tr><th>Request Method:</th><td>${safe(() => request.method, '?')}</td></tr>` +
    markup`<tr><th>Request URL:</th><td>${requestUrl(request)}</td></tr>`
  if (raisedBy !== null)
    header += markup`<tr><th>Raised by:</th><td><code>${raisedBy}</code></td></tr>`
  header += '</table>'

  let body = '<section class="explanation" id="info">'
  if (tried.length > 0) {
    body +=
      markup`<p>Using the URLconf defined in <code>${describeUrlconf(options.urlconf)}</code>, ` +
      'reinhardt tried these URL patterns, in this order:</p><ol class="patterns">'
    for (const chain of tried) {
      body +=
        '<li>' +
        chain.map((entry, i) => describeEntry(entry, i === chain.length - 1)).join(' ') +
        '</li>'
    }
    body += '</ol>'
    if (errorPath !== '' || resolved) {
      body += markup`<p>The current path, <code>${errorPath}</code>, `
      body += resolved ? 'matched the last one.</p>' : 'didn’t match any of these.</p>'
    }
  } else if (!resolved) {
    body +=
      markup`<p>The URLconf defined in <code>${describeUrlconf(options.urlconf)}</code> has no ` +
      'URL patterns yet: add some to its <code>urlpatterns</code>.</p>'
  } else {
    body += markup`<p>${reason}</p>`
  }
  body += '</section>'
  return new HttpResponse(debugPage(`Page not found at ${requestPath}`, header, body, FOOTER), {
    status: 404,
  })
}

function safe<T>(compute: () => T, fallback: T): T {
  try {
    return compute()
  } catch {
    return fallback
  }
}

function raisingView(request: HttpRequest): string | null {
  const match = request.resolverMatch
  return match === null ? null : viewName(match.func)
}

/** `polls/` for an include, `<int:id>/ [name='detail']` for the last pattern of a chain. */
function describeEntry(entry: unknown, isLast: boolean): string {
  const e = entry as { pattern?: unknown; name?: unknown; namespace?: unknown }
  const pattern = safe(() => String(e.pattern ?? entry), '?')
  const name = isLast && typeof e.name === 'string' && e.name !== '' ? ` [name='${e.name}']` : ''
  return markup`<code>${pattern}${name}</code>`
}

/** What the page can say about the root URLconf: a module has no name to show at run time. */
function describeUrlconf(urlconf: unknown): string {
  if (urlconf === undefined || urlconf === null) return 'ROOT_URLCONF'
  return safe(() => {
    const keys = Object.keys(urlconf as object)
    const kind = Array.isArray(urlconf) ? 'a list of patterns' : `exports: ${keys.join(', ')}`
    return `ROOT_URLCONF (${kind})`
  }, 'ROOT_URLCONF')
}
