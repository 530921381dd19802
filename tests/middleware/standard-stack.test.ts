/**
 * The standard stack in Django's recommended order, as a project lists it: every middleware
 * does its part on one response, and the chain stays synchronous for a synchronous view.
 */
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { HttpResponse } from '../../src/http/response.js'
import {
  CommonMiddleware,
  ConditionalGetMiddleware,
  GZipMiddleware,
  SecurityMiddleware,
  XFrameOptionsMiddleware,
} from '../../src/middleware/index.js'
import { RequestFactory } from '../../src/test/request-factory.js'
import { path } from '../../src/urls/index.js'
import { clientWith } from './helpers.js'

const urls = { urlpatterns: [path('hello/', () => new HttpResponse('Hello, world!'))] }
const MIDDLEWARE = [
  SecurityMiddleware,
  GZipMiddleware,
  ConditionalGetMiddleware,
  CommonMiddleware,
  XFrameOptionsMiddleware,
]

describe('standard middleware stack', () => {
  it('applies every middleware to one response', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE })
    const response = await client.get('/hello')
    expect(response.statusCode).toBe(301)
    expect(response.getHeader('Location')).toBe('/hello/')
    // The redirect is made by CommonMiddleware on the way out, so only the middleware
    // listed above it (outer) see it: SecurityMiddleware does, XFrameOptionsMiddleware not.
    expect(response.getHeader('X-Content-Type-Options')).toBe('nosniff')
    expect(response.hasHeader('X-Frame-Options')).toBe(false)
    const page = await client.get('/hello/')
    expect(page.getHeader('X-Content-Type-Options')).toBe('nosniff')
    expect(page.getHeader('X-Frame-Options')).toBe('DENY')
    expect(page.getHeader('Content-Length')).toBe('13')
    expect(page.getHeader('ETag')).toMatch(/^"/)
    expect(await page.text()).toBe('Hello, world!')
  })

  it('answers a synchronous view without a promise (the fast path is kept)', () => {
    const settings = buildSettings({
      ROOT_URLCONF: urls,
      MIDDLEWARE,
      ALLOWED_HOSTS: ['testserver'],
    })
    const handler = new BaseHandler(settings, { installGlobals: false })
    const rf = new RequestFactory({ requestOptions: handler.requestOptions })
    const result = handler.respond(rf.get('/hello/'))
    expect(result).toBeInstanceOf(HttpResponse)
  })
})
