/**
 * Defaults for every setting, with Django's names and defaults for what is implemented.
 * A project's settings are merged over these (see conf/settings.ts).
 *
 * Sections are grouped by the area that reads them; each area's code is the only reader.
 * Projects may add their own settings by augmenting the `Settings` interface:
 *
 *     declare module 'reinhardt/conf' { interface Settings { MY_FLAG: boolean } }
 */
import type { AppConfigInput } from '../apps/config.js'
import type { Middleware } from '../core/handlers/middleware.js'
import type { URLConf } from '../urls/types.js'

/** One entry of TEMPLATES (Django's dict, camel-cased only where it is ours). */
export interface TemplateBackendSettings {
  /**
   * The backend: a factory `(params) => TemplateBackend` from reinhardt/template (the
   * Django template language, the default when omitted) or another engine's adapter.
   */
  BACKEND?: unknown
  /** Name used by `engines.get(name)`; defaults to the backend's own name. */
  NAME?: string
  /** Directories searched first, in order. */
  DIRS?: string[]
  /** Search each installed app's `templates/` directory too. */
  APP_DIRS?: boolean
  /** Backend-specific options (for the DTL: contextProcessors, builtins, libraries, ...). */
  OPTIONS?: Record<string, unknown>
}

/** One entry of DATABASES. */
export interface DatabaseSettings {
  /** 'sqlite' (better-sqlite3, the default) or 'postgresql' (pg). */
  ENGINE: 'sqlite' | 'postgresql' | (string & {})
  /** SQLite: file path or ':memory:'. PostgreSQL: database name. */
  NAME: string
  USER?: string
  PASSWORD?: string
  HOST?: string
  PORT?: number | string
  /** Wrap each view in a transaction on this database. */
  ATOMIC_REQUESTS?: boolean
  /** Autocommit outside atomic blocks (Django's default). */
  AUTOCOMMIT?: boolean
  /** Seconds a pooled connection may live; 0 closes after each request, null keeps it. */
  CONN_MAX_AGE?: number | null
  /** Backend-specific options (e.g. pg pool `max`, SQLite `timeout`). */
  OPTIONS?: Record<string, unknown>
  /** Test database options. */
  TEST?: { NAME?: string | null }
}

/** Python logging's dictConfig shape, reduced to what reinhardt's logging implements. */
export interface LoggingSettings {
  version?: 1
  /** Keep loggers configured by default (Django: disable_existing_loggers). */
  disableExistingLoggers?: boolean
  formatters?: Record<string, { format?: string; json?: boolean }>
  handlers?: Record<string, LoggingHandlerSettings>
  loggers?: Record<string, { level?: LogLevelName; handlers?: string[]; propagate?: boolean }>
  root?: { level?: LogLevelName; handlers?: string[] }
}

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL'

export interface LoggingHandlerSettings {
  /** 'console' (stderr), 'stream' (stdout), 'file', or 'null'. */
  class: 'console' | 'stream' | 'file' | 'null'
  level?: LogLevelName
  formatter?: string
  /** For class 'file'. */
  filename?: string
  /** Only emit when DEBUG is on / off (Django's require_debug_true/false filters). */
  filters?: ('requireDebugTrue' | 'requireDebugFalse')[]
}

export interface Settings {
  // --- Core -----------------------------------------------------------------------------
  /** Technical error pages and extra checks. Never on in production. */
  DEBUG: boolean
  /** Host names this site serves; a request for another host is a 400 (DisallowedHost). */
  ALLOWED_HOSTS: string[]
  /** Applications of this project, as imported app configs (see reinhardt/apps). */
  INSTALLED_APPS: AppConfigInput[]
  /** Middleware, outermost first: imported factories or classes, not dotted strings. */
  MIDDLEWARE: Middleware[]
  /** The root URLconf: a module (namespace import) or object with `urlpatterns`. */
  ROOT_URLCONF: URLConf | null
  /** Used for signing; required when DEBUG is off (system check security.W009). */
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
  /** System check ids to ignore, e.g. ['security.W004']. */
  SILENCED_SYSTEM_CHECKS: string[]
  /** Python-logging-style configuration merged over the default (see docs/logging.md). */
  LOGGING: LoggingSettings
  /** Names and emails told about errors (kept for Django parity; used by mail logging). */
  ADMINS: [string, string][]

  // --- Internationalisation and time ----------------------------------------------------
  LANGUAGE_CODE: string
  /** IANA time zone used for display and naive datetimes. */
  TIME_ZONE: string
  /** Datetimes are timezone-aware (stored in UTC). */
  USE_TZ: boolean
  USE_I18N: boolean

  // --- CommonMiddleware -----------------------------------------------------------------
  /** Redirect to the slashed URL when a path without a trailing slash does not resolve. */
  APPEND_SLASH: boolean
  /** Redirect example.com to www.example.com. */
  PREPEND_WWW: boolean
  /** Regular expressions; a matching User-Agent gets 403. */
  DISALLOWED_USER_AGENTS: RegExp[]

  // --- SecurityMiddleware ---------------------------------------------------------------
  /** Strict-Transport-Security max-age in seconds; 0 sends no header. */
  SECURE_HSTS_SECONDS: number
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean
  SECURE_HSTS_PRELOAD: boolean
  /** Send X-Content-Type-Options: nosniff. */
  SECURE_CONTENT_TYPE_NOSNIFF: boolean
  /** Redirect plain-HTTP requests to HTTPS. */
  SECURE_SSL_REDIRECT: boolean
  /** Host to redirect to; null keeps the request's host. */
  SECURE_SSL_HOST: string | null
  /** Paths (regular expressions, matched without the leading slash) never redirected. */
  SECURE_REDIRECT_EXEMPT: RegExp[]
  /** Referrer-Policy value(s); null sends none. */
  SECURE_REFERRER_POLICY: string | string[] | null
  /** Cross-Origin-Opener-Policy value; null sends none. */
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null
  /** X-Frame-Options value used by XFrameOptionsMiddleware. */
  X_FRAME_OPTIONS: 'DENY' | 'SAMEORIGIN'
  SESSION_COOKIE_SECURE: boolean
  CSRF_COOKIE_SECURE: boolean

  // --- Templates and databases ----------------------------------------------------------
  /** Template engines, in lookup order. */
  TEMPLATES: TemplateBackendSettings[]
  /** Database aliases; 'default' is required once models are used. */
  DATABASES: Record<string, DatabaseSettings>
  /** Routers deciding the database per model and operation (see docs/databases.md). */
  DATABASE_ROUTERS: unknown[]
  /** Primary key type of models that do not declare one. */
  DEFAULT_AUTO_FIELD: 'AutoField' | 'BigAutoField'
}

export const globalSettings: Readonly<Settings> = Object.freeze({
  DEBUG: false,
  ALLOWED_HOSTS: [],
  INSTALLED_APPS: [],
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
  SILENCED_SYSTEM_CHECKS: [],
  LOGGING: {},
  ADMINS: [],

  LANGUAGE_CODE: 'en-us',
  TIME_ZONE: 'UTC',
  USE_TZ: true,
  USE_I18N: true,

  APPEND_SLASH: true,
  PREPEND_WWW: false,
  DISALLOWED_USER_AGENTS: [],

  SECURE_HSTS_SECONDS: 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
  SECURE_HSTS_PRELOAD: false,
  SECURE_CONTENT_TYPE_NOSNIFF: true,
  SECURE_SSL_REDIRECT: false,
  SECURE_SSL_HOST: null,
  SECURE_REDIRECT_EXEMPT: [],
  SECURE_REFERRER_POLICY: 'same-origin',
  SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
  X_FRAME_OPTIONS: 'DENY',
  SESSION_COOKIE_SECURE: false,
  CSRF_COOKIE_SECURE: false,

  TEMPLATES: [],
  DATABASES: {},
  DATABASE_ROUTERS: [],
  DEFAULT_AUTO_FIELD: 'BigAutoField',
})
