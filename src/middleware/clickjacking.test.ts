import { describe, expect, it } from 'vitest'
import { buildSettings } from '../conf/settings.js'
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { HttpRequest } from '../http/request.js'
import { HttpResponse, type HttpResponseBase } from '../http/response.js'
import { RequestFactory } from '../test/request-factory.js'
import { XFrameOptionsMiddleware, type XFrameOptionsExemptFlag } from './clickjacking.js'

const rf = new RequestFactory()

function run(
  response: HttpResponseBase,
  xFrameOptions?: string,
  Middleware: typeof XFrameOptionsMiddleware = XFrameOptionsMiddleware,
) {
  const settings = buildSettings(
    xFrameOptions === undefined ? {} : { X_FRAME_OPTIONS: xFrameOptions as 'DENY' },
  )
  return new Middleware(() => response, settings).call(rf.get('/')) as HttpResponseBase
}

describe('XFrameOptionsMiddleware', () => {
  it('sends DENY by default', () => {
    expect(run(new HttpResponse('')).getHeader('X-Frame-Options')).toBe('DENY')
  })

  it('sends X_FRAME_OPTIONS, upper-cased', () => {
    expect(run(new HttpResponse(''), 'sameorigin').getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
  })

  it('keeps a header the view set', () => {
    const response = new HttpResponse('', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } })
    expect(run(response).getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
  })

  it('sends nothing for an exempt response', () => {
    const response: HttpResponseBase & XFrameOptionsExemptFlag = new HttpResponse('')
    response.xframeOptionsExempt = true
    expect(run(response).hasHeader('X-Frame-Options')).toBe(false)
  })

  it('refuses an unknown X_FRAME_OPTIONS at start-up', () => {
    expect(() => run(new HttpResponse(''), 'ALLOW-FROM https://x')).toThrow(ImproperlyConfigured)
  })

  it('lets a subclass choose the value per request', () => {
    class Widgets extends XFrameOptionsMiddleware {
      override getXframeOptionsValue(request: HttpRequest) {
        return request.path.startsWith('/widgets/') ? 'SAMEORIGIN' : 'DENY'
      }
    }
    const settings = buildSettings()
    const middleware = new Widgets(() => new HttpResponse(''), settings)
    const widget = middleware.call(rf.get('/widgets/1/')) as HttpResponseBase
    const other = middleware.call(rf.get('/account/')) as HttpResponseBase
    expect(widget.getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
    expect(other.getHeader('X-Frame-Options')).toBe('DENY')
  })
})
