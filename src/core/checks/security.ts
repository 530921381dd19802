/**
 * Deployment security checks (Django's django.core.checks.security.base), tag `security`,
 * run by `check --deploy` and at `serve` start-up. Django's ids, so SILENCED_SYSTEM_CHECKS
 * entries and Django's documentation carry over:
 *
 * - security.W001 SecurityMiddleware is not in MIDDLEWARE
 * - security.W002 XFrameOptionsMiddleware is not in MIDDLEWARE
 * - security.W004 SECURE_HSTS_SECONDS is not set        (with SecurityMiddleware)
 * - security.W005 HSTS without includeSubDomains          (with SecurityMiddleware and HSTS)
 * - security.W006 SECURE_CONTENT_TYPE_NOSNIFF is off      (with SecurityMiddleware)
 * - security.W008 SECURE_SSL_REDIRECT is off              (with SecurityMiddleware)
 * - security.W009 SECRET_KEY is missing, short, repetitive or the generated insecure one
 * - security.W018 DEBUG is on
 * - security.W019 X_FRAME_OPTIONS is not DENY             (with XFrameOptionsMiddleware)
 * - security.W020 ALLOWED_HOSTS is empty
 * - security.W021 HSTS without preload                    (with SecurityMiddleware and HSTS)
 * - security.W022 SECURE_REFERRER_POLICY is not set       (with SecurityMiddleware)
 * - security.E023 SECURE_REFERRER_POLICY has an invalid value
 * - security.E024 SECURE_CROSS_ORIGIN_OPENER_POLICY has an invalid value
 *
 * And one of reinhardt's own, which runs with every `check` (not only --deploy) because it
 * is about development settings that tend to be carried into production:
 *
 * - security.W100 DEBUG is on and ALLOWED_HOSTS contains '*'
 *
 * A middleware counts as present when MIDDLEWARE lists it or a subclass of it.
 */
import type { Settings } from '../../conf/global-settings.js'
import { XFrameOptionsMiddleware } from '../../middleware/clickjacking.js'
import { SecurityMiddleware } from '../../middleware/security.js'
import { CheckError, CheckWarning, type CheckMessage } from './messages.js'
import { register, Tags, type CheckContext } from './registry.js'

/** Shortest SECRET_KEY accepted, and fewest distinct characters (Django's thresholds). */
export const SECRET_KEY_MIN_LENGTH = 50
export const SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
/** Prefixes of keys generated for development (startproject's, and Django's). */
export const SECRET_KEY_INSECURE_PREFIXES: readonly string[] = Object.freeze([
  'reinhardt-insecure-',
  'django-insecure-',
])

export const REFERRER_POLICY_VALUES: ReadonlySet<string> = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
])

export const CROSS_ORIGIN_OPENER_POLICY_VALUES: ReadonlySet<string> = new Set([
  'same-origin',
  'same-origin-allow-popups',
  'unsafe-none',
])

function hasMiddleware(
  settings: Readonly<Settings>,
  middleware: abstract new (...args: never[]) => unknown,
): boolean {
  const list = settings.MIDDLEWARE as unknown
  if (!Array.isArray(list)) return false
  return list.some(
    (entry: unknown) =>
      entry === middleware ||
      (typeof entry === 'function' && entry.prototype instanceof middleware),
  )
}

const securityMiddlewarePresent = (s: Readonly<Settings>) => hasMiddleware(s, SecurityMiddleware)
const xframeMiddlewarePresent = (s: Readonly<Settings>) => hasMiddleware(s, XFrameOptionsMiddleware)

/** security.W001 */
export function checkSecurityMiddleware({ settings }: CheckContext): CheckMessage[] {
  if (securityMiddlewarePresent(settings)) return []
  return [
    new CheckWarning(
      'SecurityMiddleware is not in MIDDLEWARE, so SECURE_HSTS_SECONDS, ' +
        'SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, ' +
        'SECURE_CROSS_ORIGIN_OPENER_POLICY and SECURE_SSL_REDIRECT do nothing.',
      {
        id: 'security.W001',
        hint: "Add SecurityMiddleware (from 'reinhardt/middleware') at the top of MIDDLEWARE.",
      },
    ),
  ]
}

/** security.W002 */
export function checkXframeOptionsMiddleware({ settings }: CheckContext): CheckMessage[] {
  if (xframeMiddlewarePresent(settings)) return []
  return [
    new CheckWarning(
      'XFrameOptionsMiddleware is not in MIDDLEWARE, so pages are sent without an ' +
        'X-Frame-Options header and any site can show them in a frame (clickjacking).',
      {
        id: 'security.W002',
        hint:
          'Add XFrameOptionsMiddleware to MIDDLEWARE unless the site is meant to be framed ' +
          '(exempt single views with the xframeOptionsExempt decorator instead).',
      },
    ),
  ]
}

/** security.W004 */
export function checkSts({ settings }: CheckContext): CheckMessage[] {
  if (!securityMiddlewarePresent(settings) || settings.SECURE_HSTS_SECONDS) return []
  return [
    new CheckWarning(
      'SECURE_HSTS_SECONDS is not set, so browsers are not told to use HTTPS only ' +
        '(HTTP Strict Transport Security).',
      {
        id: 'security.W004',
        hint:
          'If the whole site is served over HTTPS only, set SECURE_HSTS_SECONDS. Start with ' +
          'a small value: browsers remember it, and a mistake locks visitors out for that long.',
      },
    ),
  ]
}

/** security.W005 */
export function checkStsIncludeSubdomains({ settings }: CheckContext): CheckMessage[] {
  if (
    !securityMiddlewarePresent(settings) ||
    !settings.SECURE_HSTS_SECONDS ||
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS === true
  ) {
    return []
  }
  return [
    new CheckWarning(
      'SECURE_HSTS_INCLUDE_SUBDOMAINS is not true, so subdomains can still be reached over ' +
        'plain HTTP, which an attacker can use against this site.',
      {
        id: 'security.W005',
        hint: 'Set it to true only if every subdomain is served exclusively over HTTPS.',
      },
    ),
  ]
}

/** security.W021 */
export function checkStsPreload({ settings }: CheckContext): CheckMessage[] {
  if (
    !securityMiddlewarePresent(settings) ||
    !settings.SECURE_HSTS_SECONDS ||
    settings.SECURE_HSTS_PRELOAD === true
  ) {
    return []
  }
  return [
    new CheckWarning(
      'SECURE_HSTS_PRELOAD is not true, so the site cannot be submitted to the browsers’ ' +
        'HSTS preload list.',
      { id: 'security.W021' },
    ),
  ]
}

/** security.W006 */
export function checkContentTypeNosniff({ settings }: CheckContext): CheckMessage[] {
  if (!securityMiddlewarePresent(settings) || settings.SECURE_CONTENT_TYPE_NOSNIFF === true) {
    return []
  }
  return [
    new CheckWarning(
      'SECURE_CONTENT_TYPE_NOSNIFF is not true, so responses lack ' +
        "'X-Content-Type-Options: nosniff' and browsers may guess a different content type " +
        '(say, run an uploaded file as a script).',
      { id: 'security.W006', hint: 'Set SECURE_CONTENT_TYPE_NOSNIFF: true (the default).' },
    ),
  ]
}

/** security.W008 */
export function checkSslRedirect({ settings }: CheckContext): CheckMessage[] {
  if (!securityMiddlewarePresent(settings) || settings.SECURE_SSL_REDIRECT === true) return []
  return [
    new CheckWarning(
      'SECURE_SSL_REDIRECT is not true, so plain-HTTP requests are answered instead of ' +
        'being redirected to HTTPS.',
      {
        id: 'security.W008',
        hint:
          'Set SECURE_SSL_REDIRECT: true, or have the load balancer or reverse proxy redirect ' +
          'HTTP to HTTPS, unless the site must be reachable over both.',
      },
    ),
  ]
}

/** Whether a SECRET_KEY is long and random enough (security.W009's test). */
export function isSecureSecretKey(key: unknown): boolean {
  return (
    typeof key === 'string' &&
    key.length >= SECRET_KEY_MIN_LENGTH &&
    new Set(key).size >= SECRET_KEY_MIN_UNIQUE_CHARACTERS &&
    !SECRET_KEY_INSECURE_PREFIXES.some((prefix) => key.startsWith(prefix))
  )
}

/** security.W009 */
export function checkSecretKey({ settings }: CheckContext): CheckMessage[] {
  if (isSecureSecretKey(settings.SECRET_KEY)) return []
  return [
    new CheckWarning(
      `SECRET_KEY is missing, has fewer than ${SECRET_KEY_MIN_LENGTH} characters or fewer ` +
        `than ${SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct ones, or starts with ` +
        `'${SECRET_KEY_INSECURE_PREFIXES[0]}' (a key generated for development). Signed ` +
        'data (cookies, tokens, password resets) is only as safe as this key.',
      {
        id: 'security.W009',
        obj: 'SECRET_KEY',
        hint:
          'Generate a long random value, e.g. ' +
          "`node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\"`, " +
          'and load it from the environment rather than from source control.',
      },
    ),
  ]
}

/** security.W018 */
export function checkDebug({ settings }: CheckContext): CheckMessage[] {
  if (!settings.DEBUG) return []
  return [
    new CheckWarning('DEBUG must not be on in deployment.', {
      id: 'security.W018',
      obj: 'DEBUG',
      hint: 'DEBUG pages show source code, settings and request data to anyone. Set DEBUG: false.',
    }),
  ]
}

/** security.W019 */
export function checkXframeDeny({ settings }: CheckContext): CheckMessage[] {
  if (!xframeMiddlewarePresent(settings) || settings.X_FRAME_OPTIONS === 'DENY') return []
  return [
    new CheckWarning(
      "XFrameOptionsMiddleware is in MIDDLEWARE but X_FRAME_OPTIONS is not 'DENY'.",
      {
        id: 'security.W019',
        obj: 'X_FRAME_OPTIONS',
        hint:
          "Unless the site shows its own pages in frames, set X_FRAME_OPTIONS: 'DENY' (use " +
          'the xframeOptionsSameorigin decorator on the views that must be framed).',
      },
    ),
  ]
}

/** security.W020 */
export function checkAllowedHosts({ settings }: CheckContext): CheckMessage[] {
  const hosts = settings.ALLOWED_HOSTS as unknown
  if (Array.isArray(hosts) && hosts.length > 0) return []
  return [
    new CheckWarning('ALLOWED_HOSTS must not be empty in deployment.', {
      id: 'security.W020',
      obj: 'ALLOWED_HOSTS',
      hint: "List the host names the site answers to, e.g. ['example.com', 'www.example.com'].",
    }),
  ]
}

/** security.W022 / E023 */
export function checkReferrerPolicy({ settings }: CheckContext): CheckMessage[] {
  if (!securityMiddlewarePresent(settings)) return []
  const setting = settings.SECURE_REFERRER_POLICY as unknown
  if (setting === null || setting === undefined) {
    return [
      new CheckWarning(
        'SECURE_REFERRER_POLICY is not set, so responses carry no Referrer-Policy header ' +
          'and browsers send full URLs of this site to the sites it links to.',
        {
          id: 'security.W022',
          obj: 'SECURE_REFERRER_POLICY',
          hint: "Set it, e.g. to 'same-origin' (the default).",
        },
      ),
    ]
  }
  const values =
    typeof setting === 'string'
      ? setting.split(',').map((value) => value.trim())
      : Array.isArray(setting)
        ? setting.map((value: unknown) => (typeof value === 'string' ? value.trim() : value))
        : [setting]
  const invalid = values.filter((value) => !REFERRER_POLICY_VALUES.has(value as string))
  if (invalid.length === 0) return []
  return [
    new CheckError('SECURE_REFERRER_POLICY has an invalid value.', {
      id: 'security.E023',
      obj: 'SECURE_REFERRER_POLICY',
      hint: `Not valid: ${invalid.map((v) => JSON.stringify(v)).join(', ')}. Valid values are: ${[...REFERRER_POLICY_VALUES].join(', ')}.`,
    }),
  ]
}

/** security.E024 */
export function checkCrossOriginOpenerPolicy({ settings }: CheckContext): CheckMessage[] {
  const value = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY as unknown
  if (
    !securityMiddlewarePresent(settings) ||
    value === null ||
    value === undefined ||
    CROSS_ORIGIN_OPENER_POLICY_VALUES.has(value as string)
  ) {
    return []
  }
  return [
    new CheckError('SECURE_CROSS_ORIGIN_OPENER_POLICY has an invalid value.', {
      id: 'security.E024',
      obj: 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
      hint: `Got ${JSON.stringify(value)}. Valid values are: ${[...CROSS_ORIGIN_OPENER_POLICY_VALUES].join(', ')}.`,
    }),
  ]
}

/** security.W100 (reinhardt): DEBUG on with a wildcard ALLOWED_HOSTS. */
export function checkDebugWildcardHosts({ settings }: CheckContext): CheckMessage[] {
  const hosts = settings.ALLOWED_HOSTS as unknown
  if (!settings.DEBUG || !Array.isArray(hosts) || !hosts.includes('*')) return []
  return [
    new CheckWarning(
      "DEBUG is on and ALLOWED_HOSTS contains '*': any Host header is accepted, and every " +
        'visitor who can reach the server gets the debug pages (source code, settings, ' +
        'request data).',
      {
        id: 'security.W100',
        obj: 'ALLOWED_HOSTS',
        hint:
          'With DEBUG on, leave ALLOWED_HOSTS empty (localhost is allowed) or list your hosts; ' +
          "if you need '*' (a container, a tunnel), make sure DEBUG is off anywhere reachable.",
      },
    ),
  ]
}

const deploy = { tags: [Tags.security], deploy: true } as const
register(checkSecurityMiddleware, deploy)
register(checkXframeOptionsMiddleware, deploy)
register(checkSts, deploy)
register(checkStsIncludeSubdomains, deploy)
register(checkStsPreload, deploy)
register(checkContentTypeNosniff, deploy)
register(checkSslRedirect, deploy)
register(checkSecretKey, deploy)
register(checkDebug, deploy)
register(checkXframeDeny, deploy)
register(checkAllowedHosts, deploy)
register(checkReferrerPolicy, deploy)
register(checkCrossOriginOpenerPolicy, deploy)
register(checkDebugWildcardHosts, { tags: [Tags.security] })
