/**
 * Log levels, as Python's logging numbers them: a record is handled when its number is at
 * least the threshold of the logger (and then of each handler). Lower-case names are what
 * code calls (`logger.log('warning', …)`); upper-case names are what LOGGING uses.
 */

/** A record's level, as code names it. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical'

/** A threshold, as the LOGGING setting names it (NOTSET: inherit from the parent logger). */
export type LogLevelName = 'NOTSET' | 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL'

/** Level numbers by upper-case name. */
export const LEVEL_NUMBERS: Readonly<Record<LogLevelName, number>> = Object.freeze({
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
})

/** Level numbers by the lower-case names records carry (a switch-free lookup on the hot path). */
export const RECORD_LEVEL_NUMBERS: Readonly<Record<LogLevel, number>> = Object.freeze({
  debug: 10,
  info: 20,
  warning: 30,
  error: 40,
  critical: 50,
})

/**
 * The number of a level given by name (either case) or number; throws a TypeError naming
 * the accepted names for anything else, so a typo in LOGGING fails at start-up.
 */
export function toLevelNumber(level: LogLevel | LogLevelName | number): number {
  if (typeof level === 'number' && Number.isInteger(level) && level >= 0) return level
  const number =
    typeof level === 'string' ? LEVEL_NUMBERS[level.toUpperCase() as LogLevelName] : undefined
  if (number === undefined) {
    throw new TypeError(
      `Unknown log level ${JSON.stringify(level)}; use one of ${Object.keys(LEVEL_NUMBERS).join(', ')} ` +
        'or a non-negative integer.',
    )
  }
  return number
}

/** The upper-case name of a level number ('Level 25' for a number between the names). */
export function levelName(levelno: number): string {
  for (const [name, number] of Object.entries(LEVEL_NUMBERS)) if (number === levelno) return name
  return `Level ${levelno}`
}
