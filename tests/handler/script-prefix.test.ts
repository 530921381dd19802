/** A project mounted under a path: pathInfo drops the prefix, reverse() adds it. */
import { afterEach, describe, expect, it } from 'vitest'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { toFetchHandler } from '../../src/http/gateways/fetch.js'
import type { HttpRequest } from '../../src/http/request.js'
import { JsonResponse } from '../../src/http/json-response.js'
import { path, reverse, setScriptPrefix, setUrlconf } from '../../src/urls/index.js'

const urlpatterns = [
  path(
    'items/<int:id>/',
    (request: HttpRequest, { id }) =>
      new JsonResponse({
        path: request.path,
        pathInfo: request.pathInfo,
        scriptName: request.scriptName,
        self: reverse('item', { kwargs: { id } }),
        full: request.getFullPath(),
      }),
    { name: 'item' },
  ),
]

afterEach(() => {
  setScriptPrefix('/')
  setUrlconf(null)
})

describe('script prefix', () => {
  it('uses the gateway mount path', async () => {
    const handler = new BaseHandler(
      buildSettings({ ROOT_URLCONF: { urlpatterns }, ALLOWED_HOSTS: ['*'] }),
      {
        scriptName: '/shop',
      },
    )
    const response = await toFetchHandler(handler)(
      new Request('http://localhost/shop/items/3/?q=1'),
    )
    expect(await response.json()).toEqual({
      path: '/shop/items/3/',
      pathInfo: '/items/3/',
      scriptName: '/shop',
      self: '/shop/items/3/',
      full: '/shop/items/3/?q=1',
    })
  })

  it('lets FORCE_SCRIPT_NAME win over the mount path', async () => {
    const handler = new BaseHandler(
      buildSettings({
        ROOT_URLCONF: { urlpatterns },
        ALLOWED_HOSTS: ['*'],
        FORCE_SCRIPT_NAME: '/store/',
      }),
      { scriptName: '/ignored' },
    )
    expect(handler.scriptName).toBe('/store')
    const response = await toFetchHandler(handler)(new Request('http://localhost/store/items/5/'))
    const body = (await response.json()) as { self: string; pathInfo: string }
    expect(body.self).toBe('/store/items/5/')
    expect(body.pathInfo).toBe('/items/5/')
  })

  it('reverses without a prefix at the root', async () => {
    const handler = new BaseHandler(
      buildSettings({ ROOT_URLCONF: { urlpatterns }, ALLOWED_HOSTS: ['*'] }),
    )
    const response = await toFetchHandler(handler)(new Request('http://localhost/items/9/'))
    expect(((await response.json()) as { self: string }).self).toBe('/items/9/')
  })
})
