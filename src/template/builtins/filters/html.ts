/**
 * HTML filters: escape, force_escape, escapejs, escapeseq, safe, safeseq, json_script,
 * linebreaks, linebreaksbr, linenumbers, striptags, truncatechars_html, truncatewords_html,
 * unordered_list, urlize, urlizetrunc, iriencode, urlencode.
 */
import type { Context } from '../../context.js'
import type { Library } from '../../library.js'
import {
  conditionalEscape,
  escape,
  escapeHtml,
  isSafe,
  markSafe,
  SafeString,
} from '../../safe-string.js'
import { truncateHtml, unescapeHtml } from '../../utils/html-truncate.js'
import { isPlainObject, pyInt, toStr } from '../../utils/py.js'
import { pyJsonDumps } from '../../utils/json.js'
import { pyQuote } from '../../../utils/quote.js'
import { linebreaks } from '../../utils/text.js'
import { urlize } from '../../utils/urlize.js'

const str = toStr

const JS_ESCAPES: Record<string, string> = {}
for (const ch of '\\\'"><&=-;`')
  JS_ESCAPES[ch] = `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
JS_ESCAPES['\u2028'] = '\\u2028'
JS_ESCAPES['\u2029'] = '\\u2029'
for (let i = 0; i < 32; i++)
  JS_ESCAPES[String.fromCharCode(i)] = `\\u${i.toString(16).toUpperCase().padStart(4, '0')}`
// eslint-disable-next-line no-control-regex
const JS_ESCAPE_RE = /[\\'"><&=\-;`\u2028\u2029\x00-\x1f]/g

/** Escape text for use inside a JavaScript string literal (not for JSON/HTML attributes). */
export function escapejs(value: string): SafeString {
  return markSafe(value.replace(JS_ESCAPE_RE, (c) => JS_ESCAPES[c] as string))
}

const JSON_ESCAPES: Record<string, string> = { '>': '\\u003E', '<': '\\u003C', '&': '\\u0026' }

/** JSON for a `<script type="application/json">` element, safe against `</script>`. */
export function jsonScript(value: unknown, elementId?: string): SafeString {
  const json = pyJsonDumps(value).replace(/[<>&]/g, (c) => JSON_ESCAPES[c] as string)
  const id = elementId ? ` id="${escapeHtml(elementId)}"` : ''
  return markSafe(`<script${id} type="application/json">${json}</script>`)
}

/** Remove HTML tags (repeatedly, until none are left). */
export function stripTags(value: string): string {
  let s = value
  for (let i = 0; i < 100 && s.includes('<'); i++) {
    const next = s.replace(/<!--[\s\S]*?-->|<\/?[a-zA-Z!?][^<>]*>/g, '')
    if (next === s) break
    s = next
  }
  return unescapeHtml(s)
}

function isList(v: unknown): v is unknown[] {
  return Array.isArray(v)
}

function unorderedList(value: unknown, autoescape: boolean): string {
  const esc = autoescape ? (x: unknown) => htmlEscape(x) : (x: unknown) => str(x)
  const walk = (items: unknown[], tabs: number): string => {
    const indent = '\t'.repeat(tabs)
    const out: string[] = []
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      let sub = ''
      if (i + 1 < items.length && isList(items[i + 1])) {
        const children = items[++i] as unknown[]
        if (children.length)
          sub = `\n${indent}<ul>\n${walk(children, tabs + 1)}\n${indent}</ul>\n${indent}`
      }
      out.push(`${indent}<li>${esc(item)}${sub}</li>`)
    }
    return out.join('\n')
  }
  return walk(isList(value) ? value : [...str(value)], 1)
}

/** conditionalEscape with Python's str() for non-safe values. */
function htmlEscape(v: unknown): string {
  return conditionalEscape(isSafe(v) ? v : str(v)).valueOf()
}

/** Register the HTML filters. */
export function registerHtmlFilters(lib: Library): void {
  lib.filter('escape', (v) => markSafe(htmlEscape(v)), { isSafe: true })
  lib.filter('force_escape', (v) => escape(str(v)), { isSafe: true })
  lib.filter('escapejs', (v) => escapejs(str(v)))
  lib.filter('escapeseq', (v) => (isList(v) ? v.map((x) => markSafe(htmlEscape(x))) : v), {
    isSafe: true,
  })
  lib.filter('safe', (v) => markSafe(str(v)), { isSafe: true })
  lib.filter('safeseq', (v) => (isList(v) ? v.map((x) => markSafe(str(x))) : v), { isSafe: true })
  lib.filter('json_script', (v, id) => jsonScript(v, id === undefined ? undefined : str(id)), {
    arg: 'optional',
  })
  lib.filter(
    'linebreaks',
    (v, _a, ctx: Context) => markSafe(linebreaks(str(v), ctx.autoescape && !isSafe(v))),
    { isSafe: true, needsAutoescape: true, arg: 'none' },
  )
  lib.filter(
    'linebreaksbr',
    (v, _a, ctx: Context) => {
      const s = str(v).replace(/\r\n|\r/g, '\n')
      return markSafe((ctx.autoescape && !isSafe(v) ? escapeHtml(s) : s).replace(/\n/g, '<br>'))
    },
    { isSafe: true, needsAutoescape: true, arg: 'none' },
  )
  lib.filter(
    'linenumbers',
    (v, _a, ctx: Context) => {
      const lines = str(v).split('\n')
      const width = String(lines.length).length
      const escapeLines = ctx.autoescape && !isSafe(v)
      return markSafe(
        lines
          .map(
            (line, i) =>
              `${String(i + 1).padStart(width, '0')}. ${escapeLines ? escapeHtml(line) : line}`,
          )
          .join('\n'),
      )
    },
    { isSafe: true, needsAutoescape: true, arg: 'none' },
  )
  lib.filter('striptags', (v) => stripTags(str(v)), { isSafe: true })
  lib.filter(
    'truncatechars_html',
    (v, arg) => {
      const n = pyInt(arg)
      return n === undefined ? v : truncateHtml(str(v), n, false)
    },
    { isSafe: true, arg: 'required' },
  )
  lib.filter(
    'truncatewords_html',
    (v, arg) => {
      const n = pyInt(arg)
      return n === undefined ? v : truncateHtml(str(v), n, true, ' …')
    },
    { isSafe: true, arg: 'required' },
  )
  lib.filter(
    'unordered_list',
    (v, _a, ctx: Context) => markSafe(unorderedList(v, ctx.autoescape)),
    { isSafe: true, needsAutoescape: true, arg: 'none' },
  )
  lib.filter(
    'urlize',
    (v, _a, ctx: Context) =>
      markSafe(urlize(str(v), { autoescape: ctx.autoescape, safeInput: isSafe(v) })),
    { isSafe: true, needsAutoescape: true, arg: 'none' },
  )
  lib.filter(
    'urlizetrunc',
    (v, limit, ctx: Context) =>
      markSafe(
        urlize(str(v), {
          autoescape: ctx.autoescape,
          safeInput: isSafe(v),
          trimLimit: pyInt(limit) ?? null,
        }),
      ),
    { isSafe: true, needsAutoescape: true, arg: 'required' },
  )
  lib.filter('iriencode', (v) => pyQuote(str(v), "/#%[]=:;$&()+,!?*@'~"), { isSafe: true })
  lib.filter(
    'urlencode',
    (v, safe) => {
      if (isPlainObject(v))
        v = Object.entries(v)
          .map(([k, x]) => `${k}=${str(x)}`)
          .join('&')
      return safe === undefined ? pyQuote(str(v), '/') : pyQuote(str(v), str(safe))
    },
    { isSafe: false, arg: 'optional' },
  )
}
