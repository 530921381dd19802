/**
 * The development server's per-request line goes to `reinhardt.server`, at the level
 * Django's runserver uses: 5xx as error, 4xx as warning, everything else as info. The
 * default configuration prints it to stderr as is, whatever DEBUG is.
 */
import { getLogger } from './logger.js'

const serverLogger = getLogger('reinhardt.server')

/**
 * Logs one request line of the dev server; `line` should already have its client-chosen
 * parts passed through escapeControlCharacters.
 *
 * ```ts
 * logServerRequest(`[${time}] "GET /polls/ HTTP/1.1" 200 1234`, 200)
 * ```
 */
export function logServerRequest(line: string, statusCode: number): void {
  const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warning' : 'info'
  serverLogger.log(level, line, { extra: { statusCode } })
}
