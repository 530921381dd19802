/**
 * The plain-text form of an error report: what the technical 500 page offers for copying
 * into an issue, and what a client that does not accept HTML receives instead of the page.
 * Same content as the HTML, same masking: the sections are rendered from one ErrorReport.
 */
import type { ErrorReport, ReportedError } from './exception-reporter.js'
import type { ReportRow } from './exception-reporter-filter.js'

/** The traceback alone (environment, chain, frames with their lines): for pasting. */
export function tracebackText(report: ErrorReport): string {
  const lines: string[] = [
    'Environment:',
    '',
    `Request Method: ${report.requestMethod}`,
    `Request URL: ${report.requestUrl}`,
    ...report.environment.map(([name, value]) => `${name}: ${value}`),
    '',
  ]
  if (report.template !== null) {
    lines.push(
      `Template error: in template ${report.template.name}, error at line ${report.template.line}, column ${report.template.column}`,
    )
    for (const row of report.template.excerpt) {
      const n = row.number === null ? '' : String(row.number)
      lines.push(`${row.isErrorLine ? '>' : ' '} ${n.padStart(5)} | ${row.text}`)
    }
    lines.push('')
  }
  lines.push('Traceback (most recent call first):')
  report.chain.forEach((error, i) => {
    if (i > 0) {
      lines.push('', causeSentence(report.chain[i - 1]!), '')
    }
    lines.push(...errorText(error))
  })
  return lines.join('\n') + '\n'
}

/** The sentence between a cause and the error it caused (Python's wording). */
export function causeSentence(cause: ReportedError): string {
  return `The above exception (${cause.type}: ${firstLine(cause.value)}) was the direct cause of the following exception:`
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!
  return line.length > 200 ? line.slice(0, 200) + '…' : line
}

function errorText(error: ReportedError): string[] {
  const lines: string[] = []
  if (error.frames.length === 0 && error.stack !== '') lines.push(error.stack)
  for (const frame of error.frames) {
    const where = frame.file === null ? frame.raw : `${frame.file}:${frame.line}:${frame.column}`
    lines.push(
      `  at ${frame.isAsync ? 'async ' : ''}${frame.functionName ?? '<anonymous>'} (${where})`,
    )
    const context = frame.context
    if (context !== null && frame.kind === 'user') {
      const text = context.lines[context.line - context.firstLine]
      if (text !== undefined) lines.push(`      ${context.line} | ${text.trim()}`)
    }
  }
  lines.push('', `Exception Type: ${error.type}`, `Exception Value: ${error.value}`)
  return lines
}

function rows(title: string, entries: readonly ReportRow[] | null, empty: string): string[] {
  if (entries === null || entries.length === 0) return [`${title}:`, `  ${empty}`, '']
  return [`${title}:`, ...entries.map(([name, value]) => `  ${name} = ${value}`), '']
}

/** The whole report as text: traceback, then request data and settings. */
export function reportText(report: ErrorReport): string {
  const { request } = report
  return [
    `${report.error.type} at ${report.requestUrl}`,
    report.error.value,
    '',
    tracebackText(report),
    ...rows('Error properties', report.error.properties, 'none'),
    ...rows('GET', request.GET, 'No GET data'),
    ...rows('POST', request.POST, 'No POST data'),
    ...rows('FILES', request.FILES, 'No FILES data'),
    ...rows('COOKIES', request.COOKIES, 'No cookie data'),
    ...rows('META', request.META, 'none'),
    ...rows('Settings', report.settings, 'not available'),
    "You're seeing this error because you have DEBUG: true in your settings. Turn it off in",
    'production: the standard 500 page is shown instead.',
    '',
  ].join('\n')
}
