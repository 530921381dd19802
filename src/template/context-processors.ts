/**
 * Context processors (Django's `django.template.context_processors`): functions of the
 * request whose variables every template rendered with that request gets. List them in
 * TEMPLATES' OPTIONS.contextProcessors:
 *
 * ```ts
 * import { debug, request } from 'reinhardt/template'
 * TEMPLATES: [{ APP_DIRS: true, OPTIONS: { contextProcessors: [debug, request] } }]
 * ```
 *
 * `csrf` arrives with the CSRF middleware; `auth`, `messages` and the like with their
 * contrib apps.
 */
import { getSettings } from '../conf/settings.js'
import type { ContextProcessor } from './request-context.js'
import { requestProcessor } from './request-context.js'

/**
 * `debug`: True when DEBUG is on and the client's address (REMOTE_ADDR) is in
 * INTERNAL_IPS, so templates can show diagnostics to developers only. Nothing otherwise.
 * (Django's processor also adds `sql_queries`; reinhardt's query log is not exposed here.)
 */
export const debug: ContextProcessor = (request) => {
  const settings = getSettings()
  if (!settings.DEBUG) return {}
  const address = (request as { remoteAddress?: unknown } | null)?.remoteAddress
  if (typeof address !== 'string' || !settings.INTERNAL_IPS.includes(address)) return {}
  return { debug: true }
}

/** `request`: the current HttpRequest as `{{ request }}` (`request.path`, `request.user`…). */
export const request: ContextProcessor = requestProcessor
