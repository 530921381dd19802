/**
 * The `l10n` tag library (`{% load l10n %}`): the `localize` and `unlocalize` filters and
 * `{% localize on|off %}…{% endlocalize %}`, as in Django.
 *
 * Numbers follow the engine's number formats (DECIMAL_SEPARATOR, and THOUSAND_SEPARATOR
 * every NUMBER_GROUPING digits when USE_THOUSAND_SEPARATOR is on; see
 * utils/number-formats.ts): `localize` formats a number even inside `{% localize off %}`,
 * `unlocalize` prints it plainly (Python's `str()`), and the tag records the choice on the
 * context (`context.useL10n`, Django's `use_l10n`), which `{{ value }}` follows. Dates have
 * the English formats only, so a date prints with DATETIME_FORMAT either way.
 *
 * As in Django, the filters do not convert a date to the current time zone first (they are
 * not `expects_localtime`): a plain Date prints in UTC, a date from the tz filters in its
 * zone.
 */
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import { Library } from '../library.js'
import { Node, lastly, renderNodes, type Output, type RenderResult } from '../nodes/base.js'
import { SafeString } from '../safe-string.js'
import { formatDate, NAMED_FORMATS } from '../utils/date-format.js'
import { localizeNumber } from '../utils/number-formats.js'
import { toStr } from '../utils/py.js'
import { ZonedDate } from '../../utils/timezone.js'

/**
 * A value as localized text: Django's `str(formats.localize(value, use_l10n=True))`. Strings
 * come back as they are (a safe string stays safe).
 */
function localizeValue(value: unknown, _arg: unknown, ctx: Context): string | SafeString {
  if (typeof value === 'string' || value instanceof SafeString) return value
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') {
    return ctx.numberFormats.plain ? toStr(value) : localizeNumber(value, ctx.numberFormats)
  }
  return asText(value)
}

/**
 * A value as plain text: Django's `str(formats.localize(value, use_l10n=False))` (numbers as
 * Python's `str()`; dates have only the English formats, so they print as localized).
 */
function unlocalizeValue(value: unknown): string | SafeString {
  if (typeof value === 'string' || value instanceof SafeString) return value
  return asText(value)
}

function asText(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return toStr(value)
    const zone = value instanceof ZonedDate ? value.timeZone : 'UTC'
    return formatDate(value, NAMED_FORMATS.DATETIME_FORMAT as string, zone)
  }
  return toStr(value)
}

/** `{% localize on|off %}…{% endlocalize %}`: sets `context.useL10n` for the body. */
export class LocalizeNode extends Node {
  constructor(
    readonly useL10n: boolean,
    readonly nodelist: Node[],
  ) {
    super()
  }
  render(ctx: Context, out: Output): RenderResult {
    const previous = ctx.useL10n
    ctx.useL10n = this.useL10n
    let result: RenderResult
    try {
      result = renderNodes(this.nodelist, ctx, out)
    } catch (error) {
      ctx.useL10n = previous
      throw error
    }
    return lastly(result, () => (ctx.useL10n = previous))
  }
}

function build(): Library {
  const lib = new Library()
  lib.filter('localize', localizeValue, { arg: 'none' })
  lib.filter('unlocalize', unlocalizeValue, { arg: 'none' })
  lib.tag('localize', (parser, token) => {
    const bits = token.splitContents()
    if (bits.length > 2 || (bits.length === 2 && bits[1] !== 'on' && bits[1] !== 'off')) {
      throw new TemplateSyntaxError(`'${bits[0]}' argument should be 'on' or 'off'`)
    }
    const nodelist = parser.parse(['endlocalize'])
    parser.nextToken()
    return new LocalizeNode(bits[1] !== 'off', nodelist)
  })
  return lib
}

/**
 * The l10n tags and filters, loadable in every template with `{% load l10n %}`.
 *
 * @example
 * engine.fromString('{% load l10n %}{{ n|unlocalize }}').render({ n: 1234.5 }) // '1234.5'
 */
export const l10nLibrary: Library = build()
