/**
 * HTTP dates (RFC 9110 §5.6.7), as Last-Modified, Expires, If-Modified-Since and
 * If-Unmodified-Since carry them.
 *
 * Times are whole seconds since the Unix epoch, because an HTTP date has one-second
 * resolution: comparing a file's millisecond mtime with a header value would otherwise never
 * be equal. `httpDate` always writes the preferred IMF-fixdate form; `parseHttpDate` reads
 * the three forms a recipient must accept — IMF-fixdate, the obsolete RFC 850 form (with its
 * two-digit year) and C's asctime() form — and refuses anything else, including impossible
 * dates such as 31 February.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// `Sun, 06 Nov 1994 08:49:37 GMT`
const IMF_FIXDATE = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
// `Sunday, 06-Nov-94 08:49:37 GMT`
const RFC_850 = /^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/
// `Sun Nov  6 08:49:37 1994`
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/

/**
 * Formats a time as an IMF-fixdate. `time` is seconds since the epoch (fractions dropped) or
 * a Date; the current time when omitted.
 *
 * ```ts
 * httpDate(784111777)  // 'Sun, 06 Nov 1994 08:49:37 GMT'
 * response.setHeader('Last-Modified', httpDate(article.updatedAt))
 * ```
 */
export function httpDate(time?: number | Date): string {
  const ms =
    time === undefined
      ? Date.now()
      : time instanceof Date
        ? time.getTime()
        : Math.floor(time) * 1000
  if (!Number.isFinite(ms)) throw new RangeError(`httpDate() got an invalid time: ${String(time)}.`)
  // toUTCString() is specified (ECMA-262 Date.prototype.toUTCString) to produce exactly the
  // IMF-fixdate layout for years 0–9999.
  return new Date(ms).toUTCString()
}

/**
 * Parses an HTTP date into seconds since the epoch. Throws a TypeError naming the value when
 * it is in none of the three accepted forms or names a date that does not exist.
 *
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')  // 784111777
 * parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT') // 784111777
 * parseHttpDate('Sun Nov  6 08:49:37 1994')       // 784111777
 * ```
 */
export function parseHttpDate(text: string): number {
  // [day, month name, year, hour, minute, second]
  let fields: [string, string, number, string, string, string]
  let m: RegExpExecArray | null
  if ((m = IMF_FIXDATE.exec(text)) !== null) {
    fields = [m[1]!, m[2]!, Number(m[3]), m[4]!, m[5]!, m[6]!]
  } else if ((m = RFC_850.exec(text)) !== null) {
    fields = [m[1]!, m[2]!, expandTwoDigitYear(Number(m[3])), m[4]!, m[5]!, m[6]!]
  } else if ((m = ASCTIME.exec(text)) !== null) {
    fields = [m[2]!, m[1]!, Number(m[6]), m[3]!, m[4]!, m[5]!]
  } else {
    throw new TypeError(`${JSON.stringify(text)} is not in a valid HTTP date format.`)
  }
  const month = MONTHS.indexOf(fields[1].toLowerCase())
  const year = fields[2]
  const day = Number(fields[0])
  const hour = Number(fields[3])
  const minute = Number(fields[4])
  const second = Number(fields[5])
  const ms = Date.UTC(year, month, day, hour, minute, second)
  const date = new Date(ms)
  // Date.UTC rolls 31 Feb over into March and 25:00 into the next day; a real date reads
  // back the same fields it was built from.
  if (
    month === -1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new TypeError(`${JSON.stringify(text)} is not a valid date.`)
  }
  return ms / 1000
}

/**
 * `parseHttpDate` that returns null instead of throwing: for request headers, where a
 * malformed value must simply be ignored (RFC 9110 §13.1.3).
 *
 * ```ts
 * parseHttpDateSafe(request.headers.get('if-modified-since') ?? '') // number | null
 * ```
 */
export function parseHttpDateSafe(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null
  try {
    return parseHttpDate(text)
  } catch {
    return null
  }
}

/**
 * RFC 9110 §5.6.7: a two-digit year that would be more than 50 years in the future is
 * read as the most recent past year with those digits.
 */
function expandTwoDigitYear(twoDigits: number): number {
  const currentYear = new Date().getUTCFullYear()
  const century = currentYear - (currentYear % 100)
  return twoDigits - (currentYear % 100) > 50 ? century - 100 + twoDigits : century + twoDigits
}
