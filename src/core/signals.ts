/** The request lifecycle's signals. */
import type { HttpRequest } from '../http/request.js'
import { Signal } from './signal.js'

/** Sent by the gateway when it has built the request, before the handler runs. */
export const requestStarted = new Signal<{ request: HttpRequest }>()

/**
 * Sent once per response, when its body has been fully sent (streaming included) or the
 * client went away; `response.close()` sends it.
 */
export const requestFinished = new Signal<Record<never, never>>()

/** Sent when a view or middleware throws an error that becomes a 500 response. */
export const gotRequestException = new Signal<{ request: HttpRequest | null; error: unknown }>()

/**
 * Sent when a setting changes under `overrideSettings()` (on entry and on restore), so
 * code that caches something derived from a setting (template engines, URL caches,
 * database connections) can drop it. `enter` is false on restore.
 */
export const settingChanged = new Signal<{ setting: string; value: unknown; enter: boolean }>()
