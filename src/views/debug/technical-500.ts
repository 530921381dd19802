/**
 * The technical 500 page (Django's technical_500_response), shown with DEBUG on for an
 * uncaught error — and, with the status given, for 400s (BadRequest, SuspiciousOperation).
 *
 * Sections: the summary (type, message, method, URL, view, location), the template error
 * when the error carries a template position, the traceback (each error of the cause
 * chain, deepest first; the user's frames open with ±5 source lines, library and runtime
 * frames folded), a copy-and-paste text version, the error's own properties, request data
 * (GET, POST, FILES, COOKIES, META) and settings, masked by SafeExceptionReporterFilter.
 * Every value goes through escapeHtml. A client that prefers text/plain over text/html
 * (or accepts neither) gets the text version, as Django 5 answers.
 *
 * Building the page cannot fail the response: if something unforeseen breaks, a minimal
 * page naming both errors is returned instead.
 */
import type { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import {
  buildErrorReport,
  errorType,
  errorValue,
  type ErrorReport,
  type ReportedError,
  type ReporterOptions,
} from './exception-reporter.js'
import { debugPage, markup, varsTable } from './page-style.js'
import type { SourceContext } from './source-context.js'
import type { StackFrame } from './stack-frames.js'
import { causeSentence, reportText, tracebackText } from './traceback-text.js'

export type Technical500Options = Omit<ReporterOptions, 'status'>

const FOOTER =
  "<p>You're seeing this error because you have <code>DEBUG: true</code> in your settings. " +
  'Turn it off in production: reinhardt then shows the standard 500 page (or your ' +
  '<code>handler500</code>) and leaks none of this.</p>'

/**
 * The DEBUG error page for `error` with `status` (500 by default).
 *
 * ```ts
 * technical500Response(request, error, 500, { settings: handler.settings })
 * ```
 */
export function technical500Response(
  request: HttpRequest,
  error: unknown,
  status = 500,
  options: Technical500Options = {},
): HttpResponse {
  try {
    const report = buildErrorReport(request, error, { ...options, status })
    if (prefersText(request)) {
      return new HttpResponse(reportText(report), {
        status,
        contentType: 'text/plain; charset=utf-8',
      })
    }
    return new HttpResponse(renderReport(report), { status })
  } catch (pageError) {
    return fallbackPage(request, error, pageError, status)
  }
}

function prefersText(request: HttpRequest): boolean {
  try {
    return request.getPreferredType(['text/html', 'text/plain']) !== 'text/html'
  } catch {
    return false
  }
}

/** The report as the HTML page. */
export function renderReport(report: ErrorReport): string {
  const e = report.error
  const header =
    markup`<h1>${e.type} at ${report.requestPath} <small>(${report.status})</small></h1>` +
    markup`<pre class="exception-value">${e.value}</pre>` +
    '<table class="meta">' +
    row('Request Method', report.requestMethod) +
    row('Request URL', report.requestUrl) +
    row('Exception Type', e.type) +
    (report.location === null ? '' : row('Exception Location', report.location)) +
    (report.raisedDuring === null ? '' : row('Raised during', report.raisedDuring)) +
    report.environment.map(([name, value]) => row(name, value)).join('') +
    '</table>'
  const body =
    templateSection(report) +
    tracebackSection(report) +
    propertiesSection(report) +
    requestSection(report) +
    '<section id="settings"><h2>Settings</h2>' +
    varsTable(report.settings, 'Settings were not available to this page.') +
    '</section>'
  return debugPage(`${e.type} at ${report.requestPath}`, header, body, FOOTER)
}

function row(name: string, value: string): string {
  return markup`<tr><th>${name}:</th><td><pre>${value}</pre></td></tr>`
}

function templateSection(report: ErrorReport): string {
  let out = ''
  if (report.templatePostmortem.length > 0) {
    out +=
      '<section class="template" id="template-postmortem"><h2>Template-loader postmortem</h2><ul>'
    for (const t of report.templatePostmortem) {
      out += markup`<li><code>${t.origin}</code> (${t.reason})</li>`
    }
    out += '</ul></section>'
  }
  const t = report.template
  if (t === null) return out
  out +=
    '<section class="template" id="template-error"><h2>Error during template rendering</h2>' +
    markup`<p>In template <code>${t.name}</code>, error at line ${t.line}, column ${t.column}</p>` +
    '<div class="context excerpt">'
  for (const line of t.excerpt) {
    const number = line.number === null ? '' : String(line.number)
    const cls = line.isErrorLine ? ' class="here"' : ''
    out += `<div${cls}>` + markup`<span class="ln">${number}</span>${line.text}` + '</div>'
  }
  return out + '</div></section>'
}

function tracebackSection(report: ErrorReport): string {
  let out =
    '<section id="traceback"><h2>Traceback <small>(most recent call first)</small></h2><ol class="traceback">'
  report.chain.forEach((error, i) => {
    if (i > 0) out += markup`<li class="cause"><h3>${causeSentence(report.chain[i - 1]!)}</h3></li>`
    out += errorFrames(error, i === report.chain.length - 1)
  })
  out +=
    '</ol><details><summary>Copy-and-paste view</summary>' +
    markup`<textarea readonly aria-label="Traceback as text">${tracebackText(report)}</textarea>` +
    '</details></section>'
  return out
}

function errorFrames(error: ReportedError, isOuter: boolean): string {
  let out = isOuter ? '' : markup`<li><h3>${error.type}: ${error.value}</h3></li>`
  if (error.frames.length === 0) {
    return (
      out +
      markup`<li><pre>${error.stack || 'No stack trace was recorded for this error.'}</pre></li>`
    )
  }
  let folded: StackFrame[] = []
  const flush = () => {
    if (folded.length === 0) return
    out +=
      markup`<li><details class="library"><summary>${folded.length} library and runtime ` +
      `frame${folded.length === 1 ? '' : 's'}</summary><ol>` +
      folded.map((f) => markup`<li><code>${f.raw}</code></li>`).join('') +
      '</ol></details></li>'
    folded = []
  }
  for (const frame of error.frames) {
    if (frame.kind !== 'user') {
      folded.push(frame)
      continue
    }
    flush()
    out += userFrame(frame)
  }
  flush()
  return out
}

function userFrame(frame: StackFrame & { context: SourceContext | null }): string {
  const context = frame.context
  const file = context?.file ?? frame.file ?? ''
  const line = context?.line ?? frame.line
  let out =
    '<li class="frame user"><div class="frame-head">' +
    markup`<span class="file">${file}:${line ?? '?'}</span>, in ` +
    markup`<code>${frame.isAsync ? 'async ' : ''}${frame.functionName ?? '<anonymous>'}</code>`
  if (context?.mappedFrom !== undefined) {
    out += markup` <span class="mapped">(source-mapped from ${context.mappedFrom})</span>`
  }
  out += '</div>'
  if (context !== null) {
    out += '<div class="context">'
    context.lines.forEach((text, i) => {
      const n = context.firstLine + i
      const cls = n === context.line ? ' class="here"' : ''
      out += `<div${cls}>` + markup`<span class="ln">${n}</span>${text}` + '</div>'
    })
    out += '</div>'
  }
  return out + '</li>'
}

function propertiesSection(report: ErrorReport): string {
  if (report.error.properties.length === 0) return ''
  return (
    markup`<section id="error-properties"><h2>Error properties <small>(${report.error.type})</small>` +
    '</h2>' +
    varsTable(report.error.properties, '') +
    '</section>'
  )
}

function requestSection(report: ErrorReport): string {
  const r = report.request
  return (
    '<section id="request-info"><h2>Request information</h2>' +
    '<h3 id="get-info">GET</h3>' +
    varsTable(r.GET, 'No GET data') +
    '<h3 id="post-info">POST</h3>' +
    varsTable(
      r.POST ?? [],
      r.POST === null ? 'No POST data (the body was not loaded as a form)' : 'No POST data',
    ) +
    '<h3 id="files-info">FILES</h3>' +
    varsTable(r.FILES ?? [], 'No FILES data') +
    '<h3 id="cookie-info">COOKIES</h3>' +
    varsTable(r.COOKIES, 'No cookie data') +
    '<h3 id="meta-info">META</h3>' +
    varsTable(r.META, 'No META data') +
    '</section>'
  )
}

/** The page of last resort: the report itself failed. Still escaped, still no script. */
function fallbackPage(
  request: HttpRequest,
  error: unknown,
  pageError: unknown,
  status: number,
): HttpResponse {
  let path = '?'
  try {
    path = request.rawPath
  } catch {
    // keep '?'
  }
  const body =
    '<section><h2>The error page itself failed</h2>' +
    markup`<pre>${errorType(pageError)}: ${errorValue(pageError)}</pre></section>`
  return new HttpResponse(
    debugPage(
      `${errorType(error)} at ${path}`,
      markup`<h1>${errorType(error)} at ${path}</h1>` +
        markup`<pre class="exception-value">${errorValue(error)}</pre>`,
      body,
      FOOTER,
    ),
    { status },
  )
}
