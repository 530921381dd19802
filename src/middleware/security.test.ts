import { describe, expect, it } from 'vitest'
import { buildSettings, type SettingsInput } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import { requestOptionsFromSettings } from '../http/request-options.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { RequestFactory } from '../test/request-factory.js'
import { referrerPolicyValue, SecurityMiddleware } from './security.js'

function setup(overrides: SettingsInput = {}, view = () => new HttpResponse('ok')) {
  const settings = buildSettings({ ALLOWED_HOSTS: ['testserver', 'example.com'], ...overrides })
  const rf = new RequestFactory({ requestOptions: requestOptionsFromSettings(settings) })
  let calls = 0
  const middleware = new SecurityMiddleware(() => {
    calls++
    return view()
  }, settings)
  return {
    rf,
    calls: () => calls,
    call: (request: ReturnType<RequestFactory['get']>) =>
      middleware.call(request) as HttpResponseBase,
  }
}

describe('SecurityMiddleware response headers', () => {
  it('sends nosniff, Referrer-Policy and COOP by default, and no HSTS', () => {
    const { rf, call } = setup()
    const response = call(rf.get('/', undefined, { secure: true }))
    expect(response.getHeader('X-Content-Type-Options')).toBe('nosniff')
    expect(response.getHeader('Referrer-Policy')).toBe('same-origin')
    expect(response.getHeader('Cross-Origin-Opener-Policy')).toBe('same-origin')
    expect(response.hasHeader('Strict-Transport-Security')).toBe(false)
  })

  it('sends HSTS on secure requests only, with its options', () => {
    const { rf, call } = setup({
      SECURE_HSTS_SECONDS: 3600,
      SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
      SECURE_HSTS_PRELOAD: true,
    })
    expect(
      call(rf.get('/', undefined, { secure: true })).getHeader('Strict-Transport-Security'),
    ).toBe('max-age=3600; includeSubDomains; preload')
    expect(call(rf.get('/')).hasHeader('Strict-Transport-Security')).toBe(false)
  })

  it('treats a request as secure through SECURE_PROXY_SSL_HEADER', () => {
    const { rf, call } = setup({
      SECURE_HSTS_SECONDS: 60,
      SECURE_PROXY_SSL_HEADER: ['X-Forwarded-Proto', 'https'],
    })
    const request = rf.get('/', undefined, { headers: { 'X-Forwarded-Proto': 'https' } })
    expect(call(request).getHeader('Strict-Transport-Security')).toBe('max-age=60')
  })

  it('keeps headers the view set', () => {
    const { rf, call } = setup(
      { SECURE_HSTS_SECONDS: 60 },
      () =>
        new HttpResponse('ok', {
          headers: {
            'Strict-Transport-Security': 'max-age=1',
            'X-Content-Type-Options': 'custom',
            'Referrer-Policy': 'no-referrer',
            'Cross-Origin-Opener-Policy': 'unsafe-none',
          },
        }),
    )
    const response = call(rf.get('/', undefined, { secure: true }))
    expect(response.getHeader('Strict-Transport-Security')).toBe('max-age=1')
    expect(response.getHeader('X-Content-Type-Options')).toBe('custom')
    expect(response.getHeader('Referrer-Policy')).toBe('no-referrer')
    expect(response.getHeader('Cross-Origin-Opener-Policy')).toBe('unsafe-none')
  })

  it('sends nothing for switched-off settings', () => {
    const { rf, call } = setup({
      SECURE_CONTENT_TYPE_NOSNIFF: false,
      SECURE_REFERRER_POLICY: null,
      SECURE_CROSS_ORIGIN_OPENER_POLICY: null,
    })
    const response = call(rf.get('/'))
    expect(response.hasHeader('X-Content-Type-Options')).toBe(false)
    expect(response.hasHeader('Referrer-Policy')).toBe(false)
    expect(response.hasHeader('Cross-Origin-Opener-Policy')).toBe(false)
  })

  it('joins a list or comma-separated Referrer-Policy', () => {
    expect(referrerPolicyValue(['no-referrer', 'strict-origin-when-cross-origin'])).toBe(
      'no-referrer,strict-origin-when-cross-origin',
    )
    expect(referrerPolicyValue(' origin , same-origin ')).toBe('origin,same-origin')
    expect(referrerPolicyValue(null)).toBeNull()
    const { rf, call } = setup({ SECURE_REFERRER_POLICY: ['origin', 'same-origin'] })
    expect(call(rf.get('/')).getHeader('Referrer-Policy')).toBe('origin,same-origin')
  })
})

describe('SecurityMiddleware SSL redirect', () => {
  it('redirects plain HTTP to HTTPS with the full path, without calling the view', () => {
    const { rf, call, calls } = setup({ SECURE_SSL_REDIRECT: true })
    const response = call(rf.get('/a b/?q=1&r=%C3%A9'))
    expect(response.statusCode).toBe(301)
    expect(response.getHeader('Location')).toBe('https://testserver/a%20b/?q=1&r=%C3%A9')
    expect(calls()).toBe(0)
  })

  it('does not redirect secure requests', () => {
    const { rf, call } = setup({ SECURE_SSL_REDIRECT: true })
    expect(call(rf.get('/', undefined, { secure: true })).statusCode).toBe(200)
  })

  it('redirects to SECURE_SSL_HOST when set', () => {
    const { rf, call } = setup({ SECURE_SSL_REDIRECT: true, SECURE_SSL_HOST: 'secure.example.com' })
    expect(call(rf.get('/x/')).getHeader('Location')).toBe('https://secure.example.com/x/')
  })

  it('exempts paths matching SECURE_REDIRECT_EXEMPT (without the leading slash)', () => {
    const { rf, call } = setup({
      SECURE_SSL_REDIRECT: true,
      SECURE_REDIRECT_EXEMPT: [/^health\/$/, /^api\//g],
    })
    expect(call(rf.get('/health/')).statusCode).toBe(200)
    // A `g` flag would make test() alternate; it is dropped at start-up.
    expect(call(rf.get('/api/x')).statusCode).toBe(200)
    expect(call(rf.get('/api/x')).statusCode).toBe(200)
    expect(call(rf.get('/other/')).statusCode).toBe(301)
  })

  it('answers a forged host with DisallowedHost (400 through the handler)', () => {
    const { rf, call } = setup({ SECURE_SSL_REDIRECT: true })
    expect(() => call(rf.get('/', undefined, { headers: { host: 'evil.test' } }))).toThrow(
      /evil\.test/,
    )
  })
})

describe('SecurityMiddleware configuration', () => {
  it('refuses header values with line breaks at start-up', () => {
    expect(() => setup({ SECURE_REFERRER_POLICY: 'origin\r\nX-Evil: 1' })).toThrow(
      ImproperlyConfigured,
    )
    expect(() => setup({ SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin\n' })).toThrow(
      ImproperlyConfigured,
    )
    expect(() => setup({ SECURE_SSL_HOST: 'a\r\nb' })).toThrow(ImproperlyConfigured)
  })

  it('refuses a bad SECURE_HSTS_SECONDS and bad exempt patterns', () => {
    expect(() => setup({ SECURE_HSTS_SECONDS: -1 })).toThrow(/SECURE_HSTS_SECONDS/)
    expect(() => setup({ SECURE_HSTS_SECONDS: 1.5 })).toThrow(/SECURE_HSTS_SECONDS/)
    expect(() => setup({ SECURE_REDIRECT_EXEMPT: ['(' as unknown as RegExp] })).toThrow(
      /SECURE_REDIRECT_EXEMPT\[0\]/,
    )
  })

  it('accepts string patterns as Django settings hold them', () => {
    const { rf, call } = setup({
      SECURE_SSL_REDIRECT: true,
      SECURE_REDIRECT_EXEMPT: ['^static/' as unknown as RegExp],
    })
    expect(call(rf.get('/static/app.css')).statusCode).toBe(200)
  })
})
