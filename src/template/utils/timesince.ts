/**
 * `timesince` / `timeuntil`: the time between two instants as at most two adjacent units
 * ("2 weeks, 3 days"), years and months counted on the calendar as Django does (via a
 * pivot date), smaller units in fixed seconds. Numbers and units are joined with
 * non-breaking spaces; anything not in the past is "0 minutes".
 */

const UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute'] as const
const CHUNKS = [604800, 86400, 3600, 60]
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function unit(name: string, n: number): string {
  return `${n}\u00a0${name}${n === 1 ? '' : 's'}`
}

function timeOfDayMs(d: Date): number {
  return d.getTime() - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
}

/**
 * Time from `d` until `now`.
 *
 * @example
 * timesince(new Date('2024-01-01'), new Date('2024-01-15T06:00:00Z')) // '2\u00a0weeks'
 */
export function timesince(d: Date, now: Date = new Date(), reversed = false, depth = 2): string {
  if (reversed) [d, now] = [now, d]
  const since = Math.floor((now.getTime() - d.getTime()) / 1000)
  if (since <= 0) return unit('minute', 0)
  let totalMonths =
    (now.getUTCFullYear() - d.getUTCFullYear()) * 12 + (now.getUTCMonth() - d.getUTCMonth())
  if (
    d.getUTCDate() > now.getUTCDate() ||
    (d.getUTCDate() === now.getUTCDate() && timeOfDayMs(d) > timeOfDayMs(now))
  )
    totalMonths--
  const years = Math.floor(totalMonths / 12)
  const months = totalMonths % 12
  let pivot = d
  if (years || months) {
    let py = d.getUTCFullYear() + years
    let pm = d.getUTCMonth() + 1 + months
    if (pm > 12) {
      pm -= 12
      py++
    }
    pivot = new Date(
      Date.UTC(
        py,
        pm - 1,
        Math.min(MONTH_DAYS[pm - 1] as number, d.getUTCDate()),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ),
    )
  }
  let remaining = Math.floor((now.getTime() - pivot.getTime()) / 1000)
  const partials = [years, months]
  for (const chunk of CHUNKS) {
    const count = Math.floor(remaining / chunk)
    partials.push(count)
    remaining -= chunk * count
  }
  let i = partials.findIndex((v) => v !== 0)
  if (i === -1) return unit('minute', 0)
  const result: string[] = []
  while (i < UNITS.length && result.length < depth) {
    const value = partials[i] as number
    if (value === 0) break
    result.push(unit(UNITS[i] as string, value))
    i++
  }
  return result.join(', ')
}

/** Time from `now` until `d`. */
export function timeuntil(d: Date, now: Date = new Date(), depth = 2): string {
  return timesince(d, now, true, depth)
}
