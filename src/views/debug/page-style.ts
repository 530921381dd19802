/**
 * The frame shared by the technical pages: a self-contained HTML document (inline CSS, no
 * script, no external asset) with a yellow header, the body, and the "DEBUG is on" footer.
 * Callers pass HTML they have escaped; `markup` helps build it.
 */
import { escapeHtml } from '../../utils/html.js'

const STYLE = `
html{background:#fff}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#000}
header{background:#ffc;padding:14px 24px;border-bottom:1px solid #ddd}
header h1{margin:0 0 6px;font-weight:normal;font-size:22px}header h1 small{color:#666;font-size:60%}
section{padding:12px 24px;border-bottom:1px solid #eee}
section.explanation{background:#f6f6f6}section.template{background:#fff7e6}
h2{margin:4px 0 10px;font-size:17px;font-weight:normal}h3{font-size:14px;margin:12px 0 6px}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{margin:0;white-space:pre-wrap;word-break:break-word}
pre.exception-value{font-size:15px;color:#600;margin:4px 0 10px}
table.meta{border-collapse:collapse}table.meta th{text-align:right;padding:2px 10px 2px 0;vertical-align:top;color:#555;font-weight:normal;white-space:nowrap}
table.meta td{padding:2px 0}
table.vars{border-collapse:collapse;width:100%;margin:4px 0 10px}
table.vars th,table.vars td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #eee}
table.vars th{width:22%;font-weight:normal;color:#333;word-break:break-all}
table.vars td pre{max-height:16em;overflow:auto}
ol.traceback{list-style:none;margin:0;padding:0}ol.traceback>li{margin:0 0 10px}
.frame-head{padding:2px 0}.frame-head code{font-weight:bold}.frame-head .file{color:#555;font-weight:normal}
.frame-head .mapped{color:#888;font-size:12px}
.context{background:#f6f6f6;border:1px solid #e4e4e4;margin:4px 0 0;padding:4px 0;overflow:auto}
.context div{white-space:pre;padding:0 10px}.context .ln{color:#999;display:inline-block;min-width:4ch;text-align:right;margin-right:10px}
.context .here{background:#fdd;color:#000}
details.library{color:#666;margin:0 0 10px}details.library summary{cursor:pointer}
details.library ol{padding-left:20px}
li.cause{background:#fff3d6;padding:6px 10px;margin:14px 0}
.excerpt .here{background:#fdd}
textarea{width:100%;height:22em;box-sizing:border-box;border:1px solid #ccc;padding:6px}
ol.patterns li{margin:3px 0}ol.patterns code{margin-right:6px}
footer{padding:12px 24px;color:#555;background:#f6f6f6}
`.trim()

/** Escapes each interpolated value; literal parts are trusted markup. */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += escapeHtml(String(values[i])) + strings[i + 1]!
  return out
}

/** The whole document; `title` and nothing else is escaped here. */
export function debugPage(title: string, header: string, body: string, footer: string): string {
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="robots" content="noindex,nofollow">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
    `<header>${header}</header>${body}<footer>${footer}</footer></body></html>\n`
  )
}

/** A two-column table of name → value rows (values shown preformatted). */
export function varsTable(rows: readonly (readonly [string, string])[], empty: string): string {
  if (rows.length === 0) return markup`<p>${empty}</p>`
  let out = '<table class="vars"><thead><tr><th>Variable</th><th>Value</th></tr></thead><tbody>'
  for (const [name, value] of rows) {
    out += markup`<tr><th><code>${name}</code></th><td><pre>${value}</pre></td></tr>`
  }
  return out + '</tbody></table>'
}
