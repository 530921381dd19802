import { describe, expect, it } from 'vitest'
import { buildSettings, type SettingsInput } from '../../conf/settings.js'
import { MiddlewareMixin } from '../../middleware/mixin.js'
import { XFrameOptionsMiddleware } from '../../middleware/clickjacking.js'
import { SecurityMiddleware } from '../../middleware/security.js'
import { ERROR, WARNING } from './messages.js'
import { runChecks, Tags, type CheckContext } from './index.js'
import {
  checkAllowedHosts,
  checkContentTypeNosniff,
  checkCrossOriginOpenerPolicy,
  checkDebug,
  checkDebugWildcardHosts,
  checkReferrerPolicy,
  checkSecretKey,
  checkSecurityMiddleware,
  checkSslRedirect,
  checkSts,
  checkStsIncludeSubdomains,
  checkStsPreload,
  checkXframeDeny,
  checkXframeOptionsMiddleware,
  isSecureSecretKey,
} from './security.js'

const GOOD_KEY = 'k'.repeat(20) + 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Settings that pass every deployment check; each test breaks one thing. */
const secure: SettingsInput = {
  DEBUG: false,
  ALLOWED_HOSTS: ['example.com'],
  SECRET_KEY: GOOD_KEY,
  MIDDLEWARE: [SecurityMiddleware, XFrameOptionsMiddleware],
  SECURE_HSTS_SECONDS: 31_536_000,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
  SECURE_HSTS_PRELOAD: true,
  SECURE_SSL_REDIRECT: true,
}

function context(overrides: SettingsInput = {}): CheckContext {
  return {
    settings: buildSettings({ ...secure, ...overrides }),
    appConfigs: null,
    databases: null,
  }
}

const ids = (messages: readonly { id: string }[]) => messages.map((m) => m.id)

/** The ids this file registers (other areas may register security checks of their own). */
const OURS = new Set(
  ['W001', 'W002', 'W004', 'W005', 'W006', 'W008', 'W009', 'W018', 'W019', 'W020', 'W021']
    .concat(['W022', 'E023', 'E024', 'W100'])
    .map((id) => `security.${id}`),
)
const ourIds = (messages: readonly { id: string }[]) => ids(messages).filter((id) => OURS.has(id))
const noMiddleware = { MIDDLEWARE: [] }

describe('security checks', () => {
  it('pass for a secure configuration (registered, with --deploy)', async () => {
    const messages = await runChecks({
      settings: context().settings,
      tags: [Tags.security],
      includeDeploymentChecks: true,
    })
    expect(ourIds(messages)).toEqual([])
  })

  it('run only with --deploy, except W100', async () => {
    const settings = buildSettings({ DEBUG: true, ALLOWED_HOSTS: ['*'] })
    const plain = await runChecks({ settings, tags: [Tags.security] })
    expect(ourIds(plain)).toEqual(['security.W100'])
    const deploy = await runChecks({
      settings,
      tags: [Tags.security],
      includeDeploymentChecks: true,
    })
    expect(ourIds(deploy)).toEqual(
      expect.arrayContaining(['security.W001', 'security.W002', 'security.W009', 'security.W018']),
    )
  })

  it('can be silenced by id', async () => {
    const settings = buildSettings({
      ...secure,
      DEBUG: true,
      SILENCED_SYSTEM_CHECKS: ['security.W018'],
    })
    expect(
      ourIds(await runChecks({ settings, tags: [Tags.security], includeDeploymentChecks: true })),
    ).toEqual([])
  })

  it('W001: SecurityMiddleware missing (a subclass counts)', () => {
    expect(ids(checkSecurityMiddleware(context(noMiddleware)))).toEqual(['security.W001'])
    class Custom extends SecurityMiddleware {}
    expect(checkSecurityMiddleware(context({ MIDDLEWARE: [Custom] }))).toEqual([])
    class Unrelated extends MiddlewareMixin {}
    expect(ids(checkSecurityMiddleware(context({ MIDDLEWARE: [Unrelated] })))).toEqual([
      'security.W001',
    ])
  })

  it('W002: XFrameOptionsMiddleware missing', () => {
    const [message] = checkXframeOptionsMiddleware(context({ MIDDLEWARE: [SecurityMiddleware] }))
    expect(message!.id).toBe('security.W002')
    expect(message!.level).toBe(WARNING)
    expect(checkXframeOptionsMiddleware(context())).toEqual([])
  })

  it('W004: HSTS not set, only with SecurityMiddleware', () => {
    expect(ids(checkSts(context({ SECURE_HSTS_SECONDS: 0 })))).toEqual(['security.W004'])
    expect(checkSts(context({ SECURE_HSTS_SECONDS: 0, ...noMiddleware }))).toEqual([])
  })

  it('W005: no includeSubDomains, only when HSTS is on', () => {
    expect(
      ids(checkStsIncludeSubdomains(context({ SECURE_HSTS_INCLUDE_SUBDOMAINS: false }))),
    ).toEqual(['security.W005'])
    expect(
      checkStsIncludeSubdomains(
        context({ SECURE_HSTS_INCLUDE_SUBDOMAINS: false, SECURE_HSTS_SECONDS: 0 }),
      ),
    ).toEqual([])
  })

  it('W021: no preload, only when HSTS is on', () => {
    expect(ids(checkStsPreload(context({ SECURE_HSTS_PRELOAD: false })))).toEqual(['security.W021'])
    expect(
      checkStsPreload(context({ SECURE_HSTS_PRELOAD: false, SECURE_HSTS_SECONDS: 0 })),
    ).toEqual([])
  })

  it('W006: nosniff off', () => {
    expect(ids(checkContentTypeNosniff(context({ SECURE_CONTENT_TYPE_NOSNIFF: false })))).toEqual([
      'security.W006',
    ])
    expect(checkContentTypeNosniff(context())).toEqual([])
  })

  it('W008: SSL redirect off', () => {
    expect(ids(checkSslRedirect(context({ SECURE_SSL_REDIRECT: false })))).toEqual([
      'security.W008',
    ])
    expect(checkSslRedirect(context({ SECURE_SSL_REDIRECT: false, ...noMiddleware }))).toEqual([])
  })

  it('W009: weak or missing SECRET_KEY', () => {
    expect(isSecureSecretKey(GOOD_KEY)).toBe(true)
    expect(isSecureSecretKey('')).toBe(false)
    expect(isSecureSecretKey('a1'.repeat(24))).toBe(false) // 48 < 50 characters
    expect(isSecureSecretKey('abcd'.repeat(20))).toBe(false) // 4 distinct characters
    expect(isSecureSecretKey('reinhardt-insecure-' + GOOD_KEY)).toBe(false)
    expect(isSecureSecretKey('django-insecure-' + GOOD_KEY)).toBe(false)
    expect(isSecureSecretKey(undefined)).toBe(false)
    const [message] = checkSecretKey(context({ SECRET_KEY: 'short' }))
    expect(message!.id).toBe('security.W009')
    expect(message!.msg).not.toContain('short') // never echo the key
    expect(checkSecretKey(context())).toEqual([])
  })

  it('W018: DEBUG on', () => {
    expect(ids(checkDebug(context({ DEBUG: true })))).toEqual(['security.W018'])
    expect(checkDebug(context())).toEqual([])
  })

  it('W019: X_FRAME_OPTIONS not DENY, only with the middleware', () => {
    expect(ids(checkXframeDeny(context({ X_FRAME_OPTIONS: 'SAMEORIGIN' })))).toEqual([
      'security.W019',
    ])
    expect(checkXframeDeny(context({ X_FRAME_OPTIONS: 'SAMEORIGIN', ...noMiddleware }))).toEqual([])
  })

  it('W020: ALLOWED_HOSTS empty', () => {
    expect(ids(checkAllowedHosts(context({ ALLOWED_HOSTS: [] })))).toEqual(['security.W020'])
    expect(checkAllowedHosts(context())).toEqual([])
  })

  it('W022 / E023: Referrer-Policy missing or invalid', () => {
    expect(ids(checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: null })))).toEqual([
      'security.W022',
    ])
    expect(checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: 'no-referrer, origin' }))).toEqual(
      [],
    )
    expect(
      checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: ['no-referrer', 'origin'] })),
    ).toEqual([])
    const [invalid] = checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: 'origin, bogus' }))
    expect(invalid!.id).toBe('security.E023')
    expect(invalid!.level).toBe(ERROR)
    expect(invalid!.hint).toContain('"bogus"')
    expect(ids(checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: ['nope'] })))).toEqual([
      'security.E023',
    ])
    expect(
      checkReferrerPolicy(context({ SECURE_REFERRER_POLICY: 'bogus', ...noMiddleware })),
    ).toEqual([])
  })

  it('E024: invalid Cross-Origin-Opener-Policy', () => {
    const [invalid] = checkCrossOriginOpenerPolicy(
      context({ SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-site' }),
    )
    expect(invalid!.id).toBe('security.E024')
    expect(invalid!.level).toBe(ERROR)
    for (const value of ['same-origin', 'same-origin-allow-popups', 'unsafe-none', null]) {
      expect(
        checkCrossOriginOpenerPolicy(context({ SECURE_CROSS_ORIGIN_OPENER_POLICY: value })),
      ).toEqual([])
    }
  })

  it('W100: DEBUG with a wildcard ALLOWED_HOSTS', () => {
    expect(ids(checkDebugWildcardHosts(context({ DEBUG: true, ALLOWED_HOSTS: ['*'] })))).toEqual([
      'security.W100',
    ])
    expect(checkDebugWildcardHosts(context({ DEBUG: false, ALLOWED_HOSTS: ['*'] }))).toEqual([])
    expect(checkDebugWildcardHosts(context({ DEBUG: true, ALLOWED_HOSTS: ['a.test'] }))).toEqual([])
  })
})
