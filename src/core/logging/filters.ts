/**
 * Filters decide per record whether a logger or handler goes on with it. The two built-in
 * ones, requireDebugTrue and requireDebugFalse (Django's RequireDebugTrue/False), read the
 * DEBUG flag that configureLogging() was given; overrideSettings({ DEBUG }) updates it, as
 * Django's filters read settings.DEBUG when the record arrives.
 */
import type { LogRecord } from './record.js'

/** Returns false to drop the record. */
export type LogFilter = (record: LogRecord) => boolean

const state = { debug: false }

/** The DEBUG value the built-in filters use. */
export function setLoggingDebug(debug: boolean): void {
  state.debug = debug
}

/** Lets records through only when DEBUG is on (the default console handler uses it). */
export const requireDebugTrue: LogFilter = () => state.debug

/** Lets records through only when DEBUG is off. */
export const requireDebugFalse: LogFilter = () => !state.debug

/** Filters every LOGGING configuration can name without declaring them. */
export const BUILTIN_FILTERS: Readonly<Record<string, LogFilter>> = Object.freeze({
  requireDebugTrue,
  requireDebugFalse,
})
