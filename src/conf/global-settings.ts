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
import type {
  LogFilter,
  LogFormatter,
  LogHandler,
  LogHandlerOptions,
  LogLevelName,
  TextStream,
} from '../core/log.js'

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
  /** 'sqlite' (better-sqlite3, the default), 'postgresql' (pg) or 'mysql' (MariaDB 10.5+, mysql2). */
  ENGINE: 'sqlite' | 'postgresql' | 'mysql' | (string & {})
  /** SQLite: file path or ':memory:'. PostgreSQL, MariaDB: database name. */
  NAME: string
  USER?: string
  PASSWORD?: string
  HOST?: string
  PORT?: number | string
  /** Wrap each view in a transaction on this database. */
  ATOMIC_REQUESTS?: boolean
  /** Autocommit outside atomic blocks (Django's default). */
  AUTOCOMMIT?: boolean
  /**
   * Seconds a pooled connection may live; 0 closes each connection when it is released, null
   * keeps connections for the life of the process (see docs/databases.md). SQLite ignores it.
   */
  CONN_MAX_AGE?: number | null
  /** Backend-specific options (e.g. pg pool `max`, SQLite `timeout`). */
  OPTIONS?: Record<string, unknown>
  /** Test database options. */
  TEST?: { NAME?: string | null }
}

/**
 * Python logging's dictConfig shape, camel-cased (see docs/logging.md). It is merged over
 * DEFAULT_LOGGING from reinhardt/core: formatters, filters and handlers by name, and a
 * logger named here replaces the default entry for that logger.
 */
export interface LoggingSettings {
  version?: 1
  /**
   * Disable the loggers that exist when LOGGING is applied and that neither it nor the
   * default configuration names (Django: disable_existing_loggers). Default false.
   */
  disableExistingLoggers?: boolean
  /** Named filters for handlers' and loggers' `filters` (requireDebugTrue/False are built in). */
  filters?: Record<string, LogFilter>
  formatters?: Record<string, LoggingFormatterSettings>
  handlers?: Record<string, LoggingHandlerSettings>
  loggers?: Record<string, LoggingLoggerSettings>
  /** The root logger ('' ): where records of every logger end up unless propagate stops them. */
  root?: Omit<LoggingLoggerSettings, 'propagate'>
}

export type { LogLevelName }

/** A formatter: a `{field}` format string, JSON lines, or a formatter object of your own. */
export type LoggingFormatterSettings = { format?: string; json?: boolean } | LogFormatter

/** A handler class of your own: built with the handler options and its LOGGING entry. */
export type LogHandlerClass = new (
  options: LogHandlerOptions,
  settings: LoggingHandlerSettings,
) => LogHandler

export interface LoggingHandlerSettings {
  /**
   * 'console' (stderr), 'stream' (stdout, or `stream`), 'file' (appends to `filename`),
   * 'null' (drops records), or a LogHandler subclass.
   */
  class: 'console' | 'stream' | 'file' | 'null' | LogHandlerClass
  /** Threshold of this handler (default: everything the logger lets through). */
  level?: LogLevelName
  /** Name of an entry of `formatters` (default: `{message}`). */
  formatter?: string
  /** Names of filters: 'requireDebugTrue', 'requireDebugFalse' or entries of `filters`. */
  filters?: string[]
  /** For class 'file': the file records are appended to. */
  filename?: string
  /** For class 'stream': where lines are written instead of stdout. */
  stream?: TextStream
  /** Anything a custom handler class reads from its entry. */
  options?: Record<string, unknown>
}

export interface LoggingLoggerSettings {
  /** Threshold (default NOTSET: inherit the parent's). */
  level?: LogLevelName
  /** Names of entries of `handlers`. */
  handlers?: string[]
  /** Names of filters applied to records made by this logger. */
  filters?: string[]
  /** Also hand records to the parent logger's handlers (default true). */
  propagate?: boolean
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
  /** Client addresses that count as internal: the `debug` context processor's audience. */
  INTERNAL_IPS: string[]

  // --- Internationalisation and time ----------------------------------------------------
  LANGUAGE_CODE: string
  /** IANA time zone used for display and naive datetimes. */
  TIME_ZONE: string
  /** Datetimes are timezone-aware (stored in UTC). */
  USE_TZ: boolean
  USE_I18N: boolean
  /**
   * Group the digits of localized numbers (`{{ value }}`, `localize`, floatformat) with
   * THOUSAND_SEPARATOR every NUMBER_GROUPING digits: 1234567 prints as 1,234,567.
   */
  USE_THOUSAND_SEPARATOR: boolean
  /** Between digit groups, when grouping applies (USE_THOUSAND_SEPARATOR, floatformat's `g`). */
  THOUSAND_SEPARATOR: string
  /**
   * Digits per group: a number (3), or a list read from the decimal point leftwards whose
   * last size repeats ([3, 2, 0]: Indian 12,34,56,789). 0 (the default) groups localized
   * numbers by 3, as Django's English formats do (see docs/templates.md).
   */
  NUMBER_GROUPING: number | number[]
  /** Between the integer part and the fraction of printed numbers. */
  DECIMAL_SEPARATOR: string

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
  INTERNAL_IPS: [],

  LANGUAGE_CODE: 'en-us',
  TIME_ZONE: 'UTC',
  USE_TZ: true,
  USE_I18N: true,
  USE_THOUSAND_SEPARATOR: false,
  THOUSAND_SEPARATOR: ',',
  NUMBER_GROUPING: 0,
  DECIMAL_SEPARATOR: '.',

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
