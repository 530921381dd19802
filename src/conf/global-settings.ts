/**
 * Defaults for every setting, with Django's names and defaults for what is implemented.
 * A project's settings are merged over these (see conf/settings.ts).
 */
import type { Middleware } from '../core/handlers/middleware.js'
import type { URLConf } from '../urls/types.js'

export interface Settings {
  /** Technical error pages and extra checks. Never on in production. */
  DEBUG: boolean
  /** Host names this site serves; a request for another host is a 400 (DisallowedHost). */
  ALLOWED_HOSTS: string[]
  /** Middleware, outermost first: imported factories or classes, not dotted strings. */
  MIDDLEWARE: Middleware[]
  /** The root URLconf: a module (namespace import) or object with `urlpatterns`. */
  ROOT_URLCONF: URLConf | null
  /** Used for signing; required when DEBUG is off (checked by the project issue's checks). */
  SECRET_KEY: string
  /** Charset of responses that do not set one. */
  DEFAULT_CHARSET: string
  /** Overrides the script prefix the gateway reports (for apps mounted under a path). */
  FORCE_SCRIPT_NAME: string | null
  /** Use X-Forwarded-Host in getHost() (only behind a proxy that sets it). */
  USE_X_FORWARDED_HOST: boolean
  /** Use X-Forwarded-Port in getPort() (only behind a proxy that sets it). */
  USE_X_FORWARDED_PORT: boolean
  /** `[headerName, value]` marking a request as secure behind a TLS-terminating proxy. */
  SECURE_PROXY_SSL_HEADER: [string, string] | null
  /** Largest non-file request body in bytes; null disables the check. */
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null
  /** Most GET/POST fields a request may carry; null disables the check. */
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null
  /** Most files a multipart request may carry; null disables the check. */
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null
  /** Uploaded files larger than this many bytes are spooled to a temporary file. */
  FILE_UPLOAD_MAX_MEMORY_SIZE: number
  /** Directory for spooled uploads; null means the OS temporary directory. */
  FILE_UPLOAD_TEMP_DIR: string | null
  /** Largest single uploaded file in bytes (a reinhardt addition); null disables the check. */
  FILE_UPLOAD_MAX_SIZE: number | null
  /** Redirect to the slashed URL when a path without a trailing slash does not resolve. */
  APPEND_SLASH: boolean
}

export const globalSettings: Readonly<Settings> = Object.freeze({
  DEBUG: false,
  ALLOWED_HOSTS: [],
  MIDDLEWARE: [],
  ROOT_URLCONF: null,
  SECRET_KEY: '',
  DEFAULT_CHARSET: 'utf-8',
  FORCE_SCRIPT_NAME: null,
  USE_X_FORWARDED_HOST: false,
  USE_X_FORWARDED_PORT: false,
  SECURE_PROXY_SSL_HEADER: null,
  DATA_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000,
  DATA_UPLOAD_MAX_NUMBER_FILES: 100,
  FILE_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
  FILE_UPLOAD_TEMP_DIR: null,
  FILE_UPLOAD_MAX_SIZE: null,
  APPEND_SLASH: true,
})
