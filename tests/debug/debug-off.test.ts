/**
 * With DEBUG off nothing technical reaches the client: plain pages or the URLconf's
 * handler404 / handler500, never a stack, a setting or the error's message.
 */
import { describe, expect, it } from 'vitest'
import { Http404 } from '../../src/http/exceptions.js'
import { HttpResponse } from '../../src/http/response.js'
import { path } from '../../src/urls/index.js'
import type { URLConf } from '../../src/urls/types.js'
import { makeClient } from './helpers.js'

const SECRET = ['very', 'secret', 'message'].join('-')

function explode(): never {
  throw new Error(`${SECRET} <script>`)
}

const urlpatterns = [
  path('boom/', explode),
  path('missing/', () => {
    throw new Http404(`${SECRET} 404`)
  }),
]

const settings = { SECRET_KEY: ['key', 'value'].join('-'), ALLOWED_HOSTS: ['testserver'] }

describe('DEBUG off', () => {
  it('answers a 500 that shows no stack, no setting, no message', async () => {
    for (const accept of ['text/html', 'text/plain', 'application/json']) {
      const response = await makeClient({ urlpatterns }, settings).get('/boom/', undefined, {
        headers: { Accept: accept },
      })
      expect(response.statusCode).toBe(500)
      const text = await response.text()
      expect(text).toContain('Server Error (500)')
      for (const leak of [
        SECRET,
        'explode',
        'debug-off.test',
        ' at ',
        'key-value',
        'SECRET_KEY',
        'Traceback',
        'DEBUG',
      ]) {
        expect(text).not.toContain(leak)
      }
    }
  })

  it('answers a 404 that does not repeat the message or list patterns', async () => {
    for (const url of ['/missing/', '/nowhere/']) {
      const response = await makeClient({ urlpatterns }, settings).get(url)
      expect(response.statusCode).toBe(404)
      const text = await response.text()
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('boom/')
      expect(text).not.toContain('nowhere')
    }
  })

  it('uses handler404 and handler500 of the root URLconf', async () => {
    const urlconf: URLConf = {
      urlpatterns,
      handler404: (request) => new HttpResponse(`custom 404 for ${request.path}`, { status: 404 }),
      handler500: () => new HttpResponse('custom 500', { status: 500 }),
    }
    const client = makeClient(urlconf, settings)
    const notFound = await client.get('/nowhere/')
    expect(notFound.statusCode).toBe(404)
    expect(await notFound.text()).toBe('custom 404 for /nowhere/')
    const error = await client.get('/boom/')
    expect(error.statusCode).toBe(500)
    expect(await error.text()).toBe('custom 500')
  })

  it('falls back to the plain 500 when handler500 itself fails', async () => {
    const urlconf: URLConf = {
      urlpatterns,
      handler500: () => {
        throw new Error(`${SECRET} in handler500`)
      },
    }
    const response = await makeClient(urlconf, settings).get('/boom/')
    expect(response.statusCode).toBe(500)
    const text = await response.text()
    expect(text).toContain('Server Error (500)')
    expect(text).not.toContain(SECRET)
  })

  it('ignores handler404/500 and shows technical pages when DEBUG is on', async () => {
    const urlconf: URLConf = {
      urlpatterns,
      handler404: () => new HttpResponse('custom 404', { status: 404 }),
      handler500: () => new HttpResponse('custom 500', { status: 500 }),
    }
    const client = makeClient(urlconf, { ...settings, DEBUG: true })
    expect(await (await client.get('/nowhere/')).text()).toContain(
      'reinhardt tried these URL patterns',
    )
    expect(await (await client.get('/boom/')).text()).toContain('Traceback')
  })
})
