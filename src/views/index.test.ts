import { describe, expect, it } from 'vitest'
import { redirect, resolveUrl } from '../shortcuts.js'
import * as views from './index.js'
import type { ErrorView, ViewFunction, ViewParams } from './index.js'
import { HttpRequest } from '../http/request.js'
import { HttpResponse } from '../http/response.js'

describe('views entry (reinhardt/views)', () => {
  it('exports the views and decorators', () => {
    expect(Object.keys(views).sort()).toEqual([
      'HTTP_METHOD_NAMES',
      'RedirectView',
      'View',
      'cacheControl',
      'condition',
      'conditionalPage',
      'etag',
      'gzipPage',
      'lastModified',
      'neverCache',
      'requireGET',
      'requireHttpMethods',
      'requirePOST',
      'requireSafe',
      'sensitivePostParameters',
      'sensitiveVariables',
      'varyOnCookie',
      'varyOnHeaders',
      'xframeOptionsDeny',
      'xframeOptionsExempt',
      'xframeOptionsSameorigin',
    ])
    expect(new views.RedirectView()).toBeInstanceOf(views.View)
  })

  it('exports the view types', async () => {
    const params: ViewParams = { id: 1 }
    const view: ViewFunction = (_request, p: ViewParams) => new HttpResponse(String(p.id))
    const onError: ErrorView = () => new HttpResponse('', { status: 404 })
    const request = new HttpRequest({ method: 'GET', url: '/', headers: { host: 'testserver' } })
    expect((await view(request, params)) as HttpResponse).toBeInstanceOf(HttpResponse)
    expect((await onError(request, new Error('x'))).statusCode).toBe(404)
  })
})

describe('shortcuts entry (reinhardt/shortcuts)', () => {
  it('exports redirect and resolveUrl', () => {
    expect(resolveUrl('./x/')).toBe('./x/')
    expect(redirect('./x/').getHeader('Location')).toBe('./x/')
  })
})
