/** The cache and vary decorators through the handler, next to the standard middleware. */
import { describe, expect, it } from 'vitest'
import { HttpResponse } from '../../src/http/response.js'
import { CommonMiddleware } from '../../src/middleware/common.js'
import { SecurityMiddleware } from '../../src/middleware/security.js'
import { path } from '../../src/urls/index.js'
import { cacheControl, neverCache, varyOnCookie, varyOnHeaders } from '../../src/views/index.js'
import { clientWith } from './helpers.js'

const urls = {
  urlpatterns: [
    path(
      'catalogue/',
      cacheControl({ public: true, maxAge: 3600 })(() => new HttpResponse('list')),
    ),
    path(
      'account/',
      neverCache(async () => new HttpResponse('balance')),
    ),
    path('home/', varyOnCookie(varyOnHeaders('Accept-Language')(() => new HttpResponse('hi')))),
  ],
}

describe('cache and vary decorators end to end', () => {
  const client = clientWith({
    ROOT_URLCONF: urls,
    MIDDLEWARE: [SecurityMiddleware, CommonMiddleware],
  })

  it('cacheControl', async () => {
    expect((await client.get('/catalogue/')).getHeader('Cache-Control')).toBe(
      'public, max-age=3600',
    )
  })

  it('neverCache', async () => {
    const response = await client.get('/account/')
    expect(response.getHeader('Cache-Control')).toBe(
      'max-age=0, no-cache, no-store, must-revalidate, private',
    )
    expect(response.hasHeader('Expires')).toBe(true)
  })

  it('varyOnHeaders and varyOnCookie', async () => {
    expect((await client.get('/home/')).getHeader('Vary')).toBe('Accept-Language, Cookie')
  })
})
