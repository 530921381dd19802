/**
 * Which zone a template prints a date in (Django's `template_localtime`): a `ZonedDate`
 * keeps its own zone (the `timezone`/`localtime`/`utc` filters made it); any other Date is
 * converted to the current zone (`context.timeZone`) unless `{% localtime off %}` is in
 * effect, in which case it prints in its own zone, UTC for a plain Date.
 */
import { ZonedDate } from '../../utils/timezone.js'
import type { Context } from '../context.js'

/** The zone `value` prints in where `ctx` renders. */
export function templateTimeZone(value: Date, ctx: Context): string {
  if (value instanceof ZonedDate) return value.timeZone
  return ctx.useTz ? ctx.timeZone : 'UTC'
}
