/** XFrameOptionsMiddleware and the clickjacking decorators through the handler. */
import { describe, expect, it } from 'vitest'
import { HttpResponse } from '../../src/http/response.js'
import { XFrameOptionsMiddleware } from '../../src/middleware/clickjacking.js'
import { path } from '../../src/urls/index.js'
import {
  xframeOptionsDeny,
  xframeOptionsExempt,
  xframeOptionsSameorigin,
} from '../../src/views/index.js'
import { clientWith } from './helpers.js'

const urls = {
  urlpatterns: [
    path('', () => new HttpResponse('home')),
    path(
      'widget/',
      xframeOptionsExempt(async () => new HttpResponse('embed me')),
    ),
    path(
      'preview/',
      xframeOptionsSameorigin(() => new HttpResponse('preview')),
    ),
    path(
      'secret/',
      xframeOptionsDeny(() => new HttpResponse('secret')),
    ),
  ],
}

describe('XFrameOptionsMiddleware end to end', () => {
  it('sends X_FRAME_OPTIONS, honouring the per-view decorators', async () => {
    const client = clientWith({
      ROOT_URLCONF: urls,
      MIDDLEWARE: [XFrameOptionsMiddleware],
      X_FRAME_OPTIONS: 'SAMEORIGIN',
    })
    expect((await client.get('/')).getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
    expect((await client.get('/widget/')).hasHeader('X-Frame-Options')).toBe(false)
    expect((await client.get('/preview/')).getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
    expect((await client.get('/secret/')).getHeader('X-Frame-Options')).toBe('DENY')
    expect((await client.get('/missing/')).getHeader('X-Frame-Options')).toBe('SAMEORIGIN')
  })
})
