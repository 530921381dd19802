/**
 * Technical error pages shown when DEBUG is on: the 404 page lists the URL patterns tried,
 * the 500 page shows the error and its stack. Everything shown is HTML-escaped.
 * (The full pages — source lines, request data, masked settings — come with the project issue.)
 */
import type { HttpRequest } from '../http/request.js'
import { HttpResponse } from '../http/response.js'
import { escapeHtml } from '../utils/html.js'

const STYLE =
  'body{font:14px/1.4 system-ui,sans-serif;margin:0}header{background:#ffc;padding:12px 20px;' +
  'border-bottom:1px solid #ddd}main{padding:12px 20px}pre{background:#f6f6f6;padding:10px;' +
  'overflow:auto}code{font-family:ui-monospace,monospace}li{margin:2px 0}'

function layout(status: number, title: string, header: string, body: string): HttpResponse {
  return new HttpResponse(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
      `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
      `<header>${header}</header><main>${body}</main>` +
      `<footer><main><p>You're seeing this page because DEBUG is on. Turn it off in production ` +
      `to show the standard error page instead.</p></main></footer></body></html>\n`,
    { status },
  )
}

/** Something that can describe the patterns a resolver tried (Resolver404 does). */
interface TriedPatterns {
  tried?: readonly (readonly unknown[])[]
}

function describePattern(entry: unknown): string {
  const candidate = entry as { describe?: () => string; pattern?: { toString(): string } }
  if (typeof candidate?.describe === 'function') return candidate.describe()
  return String(candidate?.pattern ?? entry)
}

/** The DEBUG 404 page: the path, and the URL patterns tried in order. */
export function technical404Response(request: HttpRequest, exception: unknown): HttpResponse {
  const tried = (exception as TriedPatterns | null)?.tried ?? []
  const message = exception instanceof Error ? exception.message : String(exception)
  const items = tried
    .map((chain) => `<li><code>${escapeHtml(chain.map(describePattern).join(' '))}</code></li>`)
    .join('')
  const patterns =
    tried.length > 0
      ? `<p>Using the URLconf, reinhardt tried these URL patterns, in this order:</p><ol>${items}</ol>` +
        `<p>The current path, <code>${escapeHtml(request.pathInfo)}</code>, matched none of these.</p>`
      : `<p>${escapeHtml(message)}</p>`
  return layout(
    404,
    'Page not found',
    `<h1>Page not found <small>(404)</small></h1><p><code>${escapeHtml(request.method)} ` +
      `${escapeHtml(request.path)}</code></p>`,
    patterns,
  )
}

/** The DEBUG 500 page (also used for 400s with DEBUG on): the error and its stack. */
export function technical500Response(
  request: HttpRequest,
  error: unknown,
  status = 500,
): HttpResponse {
  const name = error instanceof Error ? error.name : typeof error
  const message = error instanceof Error ? error.message : String(error)
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  return layout(
    status,
    `${name} at ${request.path}`,
    `<h1>${escapeHtml(name)} at ${escapeHtml(request.path)}</h1><pre>${escapeHtml(message)}</pre>`,
    `<h2>Traceback</h2><pre>${escapeHtml(stack)}</pre>` +
      `<h2>Request</h2><p><code>${escapeHtml(request.method)} ${escapeHtml(request.path)}</code></p>`,
  )
}
