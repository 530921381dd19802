/** The example project (what `npm start` serves) works end to end through the test Client. */
import { beforeAll, describe, expect, it } from 'vitest'
import { apps } from 'reinhardt/apps'
import { configure } from 'reinhardt/conf'
import { BaseHandler } from 'reinhardt/core'
import { Client, SimpleUploadedFile } from 'reinhardt/test'
import settings from '../example/settings.js'

let client: Client

beforeAll(async () => {
  // Django's test runner allows the test client's host the same way.
  const configured = configure({
    ...settings,
    DEBUG: false,
    ALLOWED_HOSTS: [...settings.ALLOWED_HOSTS, 'testserver'],
  })
  apps.reset()
  await apps.populate(configured.INSTALLED_APPS)
  client = new Client({ handler: new BaseHandler(configured), raiseRequestException: false })
})

describe('example project', () => {
  it('serves the index with links built by reverse() and counts visits in a cookie', async () => {
    const first = await client.get('/')
    expect(first.statusCode).toBe(200)
    const html = await first.text()
    expect(html).toContain('href="/articles/2024/"')
    expect(html).toContain('href="/hello/Ada%20Lovelace/"')
    expect(html).toContain('visited 1 time')
    expect(first.getHeader('Server-Timing')).toMatch(/^app;dur=/)
    expect(first.getHeader('X-Frame-Options')).toBe('DENY')
    expect(first.getHeader('X-Content-Type-Options')).toBe('nosniff')
    expect((await client.get('/articles/2024')).getHeader('Location')).toBe('/articles/2024/')
    expect(await (await client.get('/')).text()).toContain('visited 2 time')
  })

  it('resolves an included, namespaced URLconf with an int converter', async () => {
    const response = await client.get('/articles/2024/')
    expect(response.resolverMatch?.viewName).toBe('articles:year')
    expect(await response.text()).toContain('<li>Typed URLconfs</li>')
    expect(response.templates.map((t) => t.name)).toEqual([
      'articles/year_archive.html',
      'base.html',
    ])
    expect((await client.get('/articles/1999/')).statusCode).toBe(404)
  })

  it('answers JSON, class-based views, streams and files', async () => {
    const api = await client.get('/api/items/7/', { field: ['a', 'b'] })
    expect(await api.json()).toEqual({ id: 7, fields: ['a', 'b'], path: '/api/items/7/' })
    expect(await (await client.get('/hello/Grace/')).text()).toContain('Hello, Grace!')
    expect((await client.post('/hello/Grace/')).statusCode).toBe(405)
    expect(await (await client.get('/stream/')).text()).toBe(
      'line 1\nline 2\nline 3\nline 4\nline 5\n',
    )
    const source = await client.get('/source/')
    expect(await source.text()).toContain('export function source')
  })

  it('handles the contact form with an upload, then redirects', async () => {
    const response = await client.post(
      '/contact/',
      { name: 'Ada', attachment: new SimpleUploadedFile('a.txt', 'abc', 'text/plain') },
      { follow: true },
    )
    expect(response.redirectChain[0]?.[1]).toBe(302)
    expect(await response.text()).toContain('Thanks, Ada and 3 bytes in a.txt.')
    expect((await client.get('/contact/')).statusCode).toBe(405)
    expect((await client.post('/contact/', { name: ' ' })).statusCode).toBe(400)
  })

  it('maps errors to 403 and 500 and redirects old URLs', async () => {
    expect((await client.get('/forbidden/')).statusCode).toBe(403)
    expect((await client.get('/crash/')).statusCode).toBe(500)
    const old = await client.get('/home/')
    expect(old.statusCode).toBe(302)
    expect(old.getHeader('Location')).toBe('/')
  })
})
