/**
 * The `tz` tag library (`{% load tz %}`), as in Django:
 *
 * - filters `localtime`, `utc` and `timezone:"Europe/Paris"` turn a Date into a `ZonedDate`
 *   that prints in that zone wherever it goes (templates never convert it again); a value
 *   that is not a Date, or an unknown zone name, gives '';
 * - `{% localtime on|off %}…{% endlocaltime %}` sets `context.useTz` for the body: off
 *   prints dates in their own zone (UTC for a plain Date) instead of the current one;
 * - `{% timezone "Europe/Paris" %}…{% endtimezone %}` makes a zone current for the body
 *   (`context.timeZone`; `None` means the engine's default zone); an unknown name is an
 *   `UnknownTimeZoneError`;
 * - `{% get_current_timezone as TIME_ZONE %}` stores the current zone's name.
 *
 * Zone names are IANA names, checked through Intl (src/utils/timezone.ts).
 */
import { requireTimeZone, timeZoneName, ZonedDate } from '../../utils/timezone.js'
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { Library } from '../library.js'
import { Node, lastly, renderNodes, type Output, type RenderResult } from '../nodes/base.js'
import { SafeString } from '../safe-string.js'
import { pyRepr } from '../utils/py.js'
import { isThenable } from '../utils/thenable.js'

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime())
}

/** The engine's TIME_ZONE: what `{% timezone None %}` makes current. */
function defaultZone(ctx: Context): string {
  const engine = ctx.template?.engine as { timeZone?: string } | undefined
  return engine?.timeZone ?? 'UTC'
}

/** Run `body` with a context field set, restoring it afterwards (also on errors). */
function withSetting<K extends 'useTz' | 'timeZone'>(
  ctx: Context,
  key: K,
  value: Context[K],
  body: () => RenderResult,
): RenderResult {
  const previous = ctx[key]
  ctx[key] = value
  const restore = (): void => {
    ctx[key] = previous
  }
  let result: RenderResult
  try {
    result = body()
  } catch (error) {
    restore()
    throw error
  }
  return lastly(result, restore)
}

/** `{% localtime on|off %}…{% endlocaltime %}`. */
export class LocalTimeNode extends Node {
  constructor(
    readonly useTz: boolean,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    return withSetting(ctx, 'useTz', this.useTz, () => renderNodes(this.nodelist, ctx, out))
  }
}

/** `{% timezone zone %}…{% endtimezone %}`. */
export class TimezoneNode extends Node {
  constructor(
    readonly zone: FilterExpression,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const value = this.zone.resolve(ctx)
    const enter = (v: unknown): RenderResult =>
      withSetting(ctx, 'timeZone', this.#zoneOf(v, ctx), () => renderNodes(this.nodelist, ctx, out))
    if (isThenable(value)) return (value as Promise<unknown>).then(enter)
    return enter(value)
  }

  #zoneOf(value: unknown, ctx: Context): string {
    if (value === null || value === undefined) return defaultZone(ctx)
    if (typeof value === 'string' || value instanceof SafeString) {
      return requireTimeZone(value.valueOf())
    }
    throw new TypeError(
      `Invalid timezone: ${pyRepr(value)}. {% timezone %} takes a zone name such as ` +
        `"Europe/Paris", or None for the default zone.`,
    )
  }
}

/** `{% get_current_timezone as var %}`. */
class GetCurrentTimezoneNode extends Node {
  override childNodelists: readonly string[] = []
  constructor(readonly variable: string) {
    super()
  }
  render(ctx: Context): RenderResult {
    ctx.set(this.variable, ctx.timeZone)
  }
}

/** `{% localtime %}` / `{% localtime on|off %}`: the setting it asks for. */
function onOff(bits: readonly string[]): boolean {
  if (bits.length > 2 || (bits.length === 2 && bits[1] !== 'on' && bits[1] !== 'off')) {
    throw new TemplateSyntaxError(`'${bits[0]}' argument should be 'on' or 'off'`)
  }
  return bits[1] !== 'off'
}

function build(): Library {
  const lib = new Library()
  lib.filter(
    'localtime',
    (value, _arg, ctx: Context) => (isDate(value) ? new ZonedDate(value, ctx.timeZone) : ''),
    { arg: 'none' },
  )
  lib.filter('utc', (value) => (isDate(value) ? new ZonedDate(value, 'UTC') : ''), {
    arg: 'none',
  })
  lib.filter(
    'timezone',
    (value, arg) => {
      if (!isDate(value)) return ''
      if (typeof arg !== 'string' && !(arg instanceof SafeString)) return ''
      const zone = timeZoneName(arg.valueOf())
      return zone === null ? '' : new ZonedDate(value, zone)
    },
    { arg: 'required' },
  )

  lib.tag('localtime', (parser, token) => {
    const useTz = onOff(token.splitContents())
    const nodelist = parser.parse(['endlocaltime'])
    parser.nextToken()
    return new LocalTimeNode(useTz, nodelist)
  })
  lib.tag('timezone', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length !== 2) {
      throw new TemplateSyntaxError(`'${bits[0]}' takes one argument (timezone)`)
    }
    const zone = parser.compileFilter(bits[1] as string)
    const nodelist = parser.parse(['endtimezone'])
    parser.nextToken()
    return new TimezoneNode(zone, nodelist)
  })
  lib.tag('get_current_timezone', (_parser, token) => {
    // Split on whitespace, not splitContents: the tag takes no quoted arguments (as Django).
    const args = token.contents.trim().split(/\s+/)
    if (args.length !== 3 || args[1] !== 'as') {
      throw new TemplateSyntaxError(
        `'get_current_timezone' requires 'as variable' (got ${pyRepr(args)})`,
      )
    }
    return new GetCurrentTimezoneNode(args[2] as string)
  })
  return lib
}

/**
 * The tz tags and filters, loadable in every template with `{% load tz %}`.
 *
 * @example
 * engine.fromString('{% load tz %}{{ d|timezone:"Asia/Tokyo"|date:"H:i" }}')
 *   .render({ d: new Date('2024-01-01T12:00:00Z') }) // '21:00'
 */
export const tzLibrary: Library = build()
