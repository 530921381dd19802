/**
 * Date filters: date, time, timesince, timeuntil. Dates are JS Date instants formatted in
 * the rendering context's time zone (`context.timeZone`), or in their own zone inside
 * `{% localtime off %}` and after the tz filters (utils/localtime.ts); other values give ''.
 */
import type { Context } from '../../context.js'
import type { Library } from '../../library.js'
import { formatDate, NAMED_FORMATS } from '../../utils/date-format.js'
import { templateTimeZone } from '../../utils/localtime.js'
import { toStr } from '../../utils/py.js'
import { timesince, timeuntil } from '../../utils/timesince.js'

function format(value: unknown, arg: unknown, fallback: string, ctx: Context): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return ''
  const name = arg === undefined || arg === null || toStr(arg) === '' ? fallback : toStr(arg)
  return formatDate(value, NAMED_FORMATS[name] ?? name, templateTimeZone(value, ctx))
}

function asDate(v: unknown): Date | null {
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v : null
}

/** Register the date filters. */
export function registerDateFilters(lib: Library): void {
  lib.filter('date', (v, arg, ctx: Context) => format(v, arg, 'DATE_FORMAT', ctx), {
    expectsLocaltime: true,
    arg: 'optional',
  })
  lib.filter('time', (v, arg, ctx: Context) => format(v, arg, 'TIME_FORMAT', ctx), {
    expectsLocaltime: true,
    arg: 'optional',
  })
  lib.filter(
    'timesince',
    (v, arg) => {
      const d = asDate(v)
      if (!d) return ''
      if (arg === undefined) return timesince(d)
      const now = asDate(arg)
      return now ? timesince(d, now) : ''
    },
    { arg: 'optional' },
  )
  lib.filter(
    'timeuntil',
    (v, arg) => {
      const d = asDate(v)
      if (!d) return ''
      if (arg === undefined) return timeuntil(d)
      const now = asDate(arg)
      return now ? timeuntil(d, now) : ''
    },
    { arg: 'optional' },
  )
}
