import { describe, expect, it } from 'vitest'
import { HttpResponse, type HttpResponseBase } from '../../http/response.js'
import type { XFrameOptionsExemptFlag } from '../../middleware/clickjacking.js'
import { RequestFactory } from '../../test/request-factory.js'
import { xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from './clickjacking.js'

const rf = new RequestFactory()

describe('clickjacking decorators', () => {
  it('xframeOptionsDeny and xframeOptionsSameorigin set the header', () => {
    const deny = xframeOptionsDeny(() => new HttpResponse('x'))
    const same = xframeOptionsSameorigin(() => new HttpResponse('x'))
    expect((deny(rf.get('/'), {}) as HttpResponseBase).getHeader('X-Frame-Options')).toBe('DENY')
    expect((same(rf.get('/'), {}) as HttpResponseBase).getHeader('X-Frame-Options')).toBe(
      'SAMEORIGIN',
    )
  })

  it('does not override a header the view set', () => {
    const view = xframeOptionsDeny(
      () => new HttpResponse('x', { headers: { 'X-Frame-Options': 'SAMEORIGIN' } }),
    )
    expect((view(rf.get('/'), {}) as HttpResponseBase).getHeader('X-Frame-Options')).toBe(
      'SAMEORIGIN',
    )
  })

  it('xframeOptionsExempt flags the response, async views too', async () => {
    const view = xframeOptionsExempt(async () => new HttpResponse('x'))
    const response = (await view(rf.get('/'), {})) as HttpResponseBase & XFrameOptionsExemptFlag
    expect(response.xframeOptionsExempt).toBe(true)
    expect(response.hasHeader('X-Frame-Options')).toBe(false)
  })
})
