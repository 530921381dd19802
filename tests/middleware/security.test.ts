/** SecurityMiddleware through the handler: headers, HTTPS redirect, 400 for forged hosts. */
import { describe, expect, it } from 'vitest'
import { HttpResponse } from '../../src/http/response.js'
import { SecurityMiddleware } from '../../src/middleware/security.js'
import { path } from '../../src/urls/index.js'
import { clientWith } from './helpers.js'

const urls = {
  urlpatterns: [
    path('', () => new HttpResponse('home')),
    path('health/', () => new HttpResponse('ok')),
    path('boom/', () => {
      throw new Error('view failed')
    }),
  ],
}

describe('SecurityMiddleware end to end', () => {
  it('adds its headers to pages and to error pages', async () => {
    const client = clientWith(
      { ROOT_URLCONF: urls, MIDDLEWARE: [SecurityMiddleware], SECURE_HSTS_SECONDS: 600 },
      false,
    )
    for (const url of ['/', '/missing/', '/boom/']) {
      const response = await client.get(url, undefined, { secure: true })
      expect(response.getHeader('X-Content-Type-Options')).toBe('nosniff')
      expect(response.getHeader('Referrer-Policy')).toBe('same-origin')
      expect(response.getHeader('Cross-Origin-Opener-Policy')).toBe('same-origin')
      expect(response.getHeader('Strict-Transport-Security')).toBe('max-age=600')
    }
    const plain = await client.get('/')
    expect(plain.hasHeader('Strict-Transport-Security')).toBe(false)
  })

  it('redirects to HTTPS and the client can follow it', async () => {
    const client = clientWith({
      ROOT_URLCONF: urls,
      MIDDLEWARE: [SecurityMiddleware],
      SECURE_SSL_REDIRECT: true,
      SECURE_REDIRECT_EXEMPT: [/^health\/$/],
    })
    const response = await client.get('/?next=%2Fa', undefined, { follow: true })
    expect(response.redirectChain).toEqual([['https://testserver/?next=%2Fa', 301]])
    expect(response.request.isSecure()).toBe(true)
    expect(await response.text()).toBe('home')
    expect((await client.get('/health/')).statusCode).toBe(200)
  })

  it('turns a forged Host on a redirected request into a 400', async () => {
    const client = clientWith(
      { ROOT_URLCONF: urls, MIDDLEWARE: [SecurityMiddleware], SECURE_SSL_REDIRECT: true },
      false,
    )
    const response = await client.get('/', undefined, { headers: { host: 'evil.test' } })
    expect(response.statusCode).toBe(400)
  })
})
