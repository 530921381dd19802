/**
 * What the technical 500 page may show (Django's SafeExceptionReporterFilter).
 *
 * Settings whose names match HIDDEN_SETTINGS are masked, and so, recursively, are entries
 * of objects, Maps and arrays inside any setting whose keys match (DATABASES.default.PASSWORD,
 * a `{ apiKey }` in OPTIONS). The same rule masks request META (HTTP_COOKIE,
 * HTTP_AUTHORIZATION), cookies (csrftoken) and the error's own properties. POST fields and
 * error properties named by the sensitivePostParameters / sensitiveVariables decorators
 * are masked too. Every value is rendered by safeRepr, so it is bounded and cannot throw.
 */
import type { HttpRequest } from '../../http/request.js'
import { ALL, getSensitivePostParameters, getSensitiveVariables } from '../decorators/debug.js'
import { CLEANSED_SUBSTITUTE, safeRepr } from './safe-repr.js'

/** Names whose values are never shown (Django's list, plus AUTHORIZATION for headers). */
export const HIDDEN_SETTINGS = /API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|AUTHORIZATION/i

/** A name and its rendered (possibly masked) value: one row of a table on the page. */
export type ReportRow = readonly [name: string, value: string]

/** Error properties left out of the "error properties" table: they are shown elsewhere. */
const SHOWN_ELSEWHERE = new Set(['stack', 'message', 'name', 'cause'])

export class SafeExceptionReporterFilter {
  readonly cleansedSubstitute: string = CLEANSED_SUBSTITUTE
  readonly hiddenSettings: RegExp = HIDDEN_SETTINGS

  /** Whether values under `key` are masked. */
  isSensitiveKey = (key: string): boolean => this.hiddenSettings.test(key)

  /** `value` rendered for the page, masked entirely when `key` is sensitive. */
  cleanseSetting(key: string, value: unknown): string {
    if (this.isSensitiveKey(key)) return this.cleansedSubstitute
    return safeRepr(value, { isSensitiveKey: this.isSensitiveKey })
  }

  /** Every UPPER_CASE setting, sorted by name, cleansed. */
  getSafeSettings(settings: object | undefined): ReportRow[] {
    if (settings === undefined) return []
    return Object.keys(settings)
      .filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name))
      .sort()
      .map((name) => {
        let value: unknown
        try {
          value = (settings as Record<string, unknown>)[name]
        } catch (error) {
          value = error
        }
        return [name, this.cleanseSetting(name, value)] as const
      })
  }

  /** request.META, sorted, cleansed (HTTP_COOKIE and HTTP_AUTHORIZATION are masked). */
  getSafeRequestMeta(request: HttpRequest): ReportRow[] {
    const meta = request.META
    return Object.keys(meta)
      .sort()
      .map((name) => [name, this.cleanseSetting(name, meta[name])] as const)
  }

  /** Cookies, in header order, with values of sensitive-looking names masked. */
  getSafeCookies(request: HttpRequest): ReportRow[] {
    const cookies = request.COOKIES
    return Object.keys(cookies).map((name) => [name, this.cleanseSetting(name, cookies[name])])
  }

  /** GET parameters (a field given more than once shows all its values). */
  getQueryParameters(request: HttpRequest): ReportRow[] {
    return [...request.GET.lists()].map(([name, values]) => [
      name,
      this.cleanseSetting(name, values.length === 1 ? values[0] : values),
    ])
  }

  /**
   * POST fields with the ones marked by sensitivePostParameters masked; null when the body
   * was not loaded as a form (nothing read, or not a form POST).
   */
  getPostParameters(request: HttpRequest): ReportRow[] | null {
    if (!request.hasFormBody) return null
    let post
    try {
      post = request.POST
    } catch {
      return null
    }
    const sensitive = getSensitivePostParameters(request)
    return [...post.lists()].map(([name, values]) => {
      const masked = sensitive === ALL || (sensitive?.includes(name) ?? false)
      return [
        name,
        masked
          ? this.cleansedSubstitute
          : this.cleanseSetting(name, values.length === 1 ? values[0] : values),
      ]
    })
  }

  /** Uploaded files by field: name, size and type (never their content). */
  getFiles(request: HttpRequest): ReportRow[] | null {
    if (!request.hasFormBody) return null
    let files
    try {
      files = request.FILES
    } catch {
      return null
    }
    return [...files.lists()].map(([field, list]) => [
      field,
      list.map((file) => `${file.name} (${file.size} bytes, ${file.contentType})`).join(', '),
    ])
  }

  /**
   * The error's own enumerable properties (code, statusCode, config, …) other than the
   * ones the page shows anyway, masked by name and by sensitiveVariables.
   */
  getErrorProperties(request: HttpRequest, error: unknown): ReportRow[] {
    if (typeof error !== 'object' || error === null) return []
    const sensitive = getSensitiveVariables(request)
    const isSensitive = (key: string) =>
      sensitive === ALL || (sensitive?.includes(key) ?? false) || this.isSensitiveKey(key)
    const rows: ReportRow[] = []
    for (const key of Object.keys(error)) {
      if (SHOWN_ELSEWHERE.has(key)) continue
      if (isSensitive(key)) {
        rows.push([key, this.cleansedSubstitute])
        continue
      }
      let value: unknown
      try {
        value = (error as Record<string, unknown>)[key]
      } catch (getterError) {
        value = getterError
      }
      rows.push([key, safeRepr(value, { isSensitiveKey: isSensitive })])
    }
    return rows
  }
}
