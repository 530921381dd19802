/**
 * Time zone helpers for the template `tz` library and date output: checking an IANA zone
 * name (through Intl, so the names are the ones Node's ICU knows) and a Date pinned to a
 * zone.
 *
 * A JS Date is an instant without a zone of its own. Where Django would print an aware
 * datetime "in its own tzinfo", reinhardt uses UTC for a plain Date (what Django's ORM
 * gives with USE_TZ on) and the pinned zone for a `ZonedDate`.
 */

/** A time zone name that Intl does not know (Django: pytz/zoneinfo's UnknownTimeZoneError). */
export class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError'
}

/**
 * A Date that prints in a given zone wherever templates format it (Django's datetime that
 * the `timezone`, `localtime` and `utc` filters return, which templates never convert
 * again). It is a Date: comparisons, arithmetic and `timesince` work as usual.
 *
 * @example
 * const d = new ZonedDate(Date.UTC(2024, 0, 1, 12), 'Asia/Tokyo')
 * d.timeZone // 'Asia/Tokyo'; {{ d|date:"H:i" }} prints 21:00 in any template zone
 */
export class ZonedDate extends Date {
  /** IANA name of the zone this date prints in. */
  readonly timeZone: string
  constructor(instant: Date | number, timeZone: string) {
    super(typeof instant === 'number' ? instant : instant.getTime())
    this.timeZone = timeZone
  }
}

/** Checked names; bounded, since names may come from request data. */
const checked = new Map<string, string | null>()
const CACHE_LIMIT = 1000

/**
 * The zone's name if Intl knows it (with the usual capitals when only the case differed:
 * 'europe/paris' → 'Europe/Paris'), else null. Offsets such as '+01:00' are not zone names
 * (Django refuses them too).
 *
 * @example
 * timeZoneName('Europe/Paris') // 'Europe/Paris'
 * timeZoneName('Mars/Olympus') // null
 */
export function timeZoneName(name: string): string | null {
  const known = checked.get(name)
  if (known !== undefined) return known
  let result: string | null = null
  if (name !== '' && !/^[+-]/.test(name)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
        .timeZone
      // Intl also maps aliases ('GMT' → 'UTC'); keep the name asked for unless only case differs.
      result = resolved.toLowerCase() === name.toLowerCase() ? resolved : name
    } catch {
      result = null
    }
  }
  if (checked.size < CACHE_LIMIT) checked.set(name, result)
  return result
}

/**
 * Like `timeZoneName`, but an unknown name throws `UnknownTimeZoneError`.
 *
 * @example
 * requireTimeZone('Europe/Paris') // 'Europe/Paris'
 */
export function requireTimeZone(name: string): string {
  const zone = timeZoneName(name)
  if (zone === null) {
    throw new UnknownTimeZoneError(
      `Unknown time zone '${name}': use an IANA name such as 'Europe/Paris' or 'UTC'.`,
    )
  }
  return zone
}
