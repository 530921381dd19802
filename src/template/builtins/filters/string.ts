/**
 * String filters: addslashes, capfirst, center, cut, ljust, rjust, lower, upper, make_list,
 * phone2numeric, slugify, stringformat, title, truncatechars, truncatewords, wordcount,
 * wordwrap. Inputs are converted with Python's `str()` first (Django's @stringfilter);
 * filters flagged isSafe keep a safe input safe.
 */
import type { Library } from '../../library.js'
import { markSafe, SafeString } from '../../safe-string.js'
import { pyPercentFormat } from '../../utils/printf.js'
import { pyInt, toStr } from '../../utils/py.js'
import {
  phone2numeric,
  pyCenter,
  pyTitle,
  slugify,
  truncateChars,
  truncateWords,
  wrap,
} from '../../utils/text.js'

const str = toStr

/** Register the string filters. */
export function registerStringFilters(lib: Library): void {
  lib.filter(
    'addslashes',
    (v) => str(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'"),
    { isSafe: true },
  )
  lib.filter(
    'capfirst',
    (v) => {
      const s = str(v)
      return s && s.charAt(0).toUpperCase() + s.slice(1)
    },
    { isSafe: true },
  )
  lib.filter('center', (v, arg) => pyCenter(str(v), pyInt(arg) ?? 0), {
    isSafe: true,
    arg: 'required',
  })
  lib.filter('ljust', (v, arg) => str(v).padEnd(pyInt(arg) ?? 0), { isSafe: true, arg: 'required' })
  lib.filter('rjust', (v, arg) => str(v).padStart(pyInt(arg) ?? 0), {
    isSafe: true,
    arg: 'required',
  })
  lib.filter(
    'cut',
    (v, arg) => {
      const needle = str(arg)
      const out = needle === '' ? str(v) : str(v).split(needle).join('')
      return v instanceof SafeString && needle !== ';' ? markSafe(out) : out
    },
    { arg: 'required' },
  )
  lib.filter('lower', (v) => str(v).toLowerCase(), { isSafe: true })
  lib.filter('upper', (v) => str(v).toUpperCase(), { isSafe: false })
  lib.filter('make_list', (v) => [...str(v)], { isSafe: false })
  lib.filter('phone2numeric', (v) => phone2numeric(str(v)), { isSafe: true })
  lib.filter('slugify', (v) => slugify(str(v)), { isSafe: true })
  lib.filter(
    'stringformat',
    (v, arg) => {
      const spec = str(arg)
      const value = v instanceof String ? v.valueOf() : v
      return pyPercentFormat(spec, Array.isArray(value) ? String(value) : value) ?? ''
    },
    { isSafe: true, arg: 'required' },
  )
  lib.filter(
    'title',
    (v) =>
      pyTitle(str(v))
        .replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase())
        .replace(/\d([A-Z])/g, (m) => m.toLowerCase()),
    { isSafe: true },
  )
  lib.filter(
    'truncatechars',
    (v, arg) => {
      const n = pyInt(arg)
      return n === undefined ? v : truncateChars(str(v), n)
    },
    { isSafe: true, arg: 'required' },
  )
  lib.filter(
    'truncatewords',
    (v, arg) => {
      const n = pyInt(arg)
      return n === undefined ? v : truncateWords(str(v), n, ' …')
    },
    { isSafe: true, arg: 'required' },
  )
  lib.filter('wordcount', (v) => str(v).split(/\s+/).filter(Boolean).length, { isSafe: false })
  lib.filter('wordwrap', (v, arg) => wrap(str(v), pyInt(arg) ?? 0), {
    isSafe: true,
    arg: 'required',
  })
}
