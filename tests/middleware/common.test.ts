/** CommonMiddleware through the handler: APPEND_SLASH, PREPEND_WWW, user agents, hosts. */
import { describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse } from '../../src/http/response.js'
import { CommonMiddleware } from '../../src/middleware/common.js'
import { include, path } from '../../src/urls/index.js'
import { clientWith } from './helpers.js'

const polls = {
  appName: 'polls',
  urlpatterns: [
    path('<int:id>/', (_r: HttpRequest, { id }: { id: number }) => new HttpResponse(`poll ${id}`)),
  ],
}
const urls = {
  urlpatterns: [
    path('', () => new HttpResponse('home')),
    path('about/', () => new HttpResponse('about')),
    path('polls/', include(polls)),
    path('form/', (request: HttpRequest) => new HttpResponse(`posted ${request.method}`)),
  ],
}

describe('CommonMiddleware end to end', () => {
  it('APPEND_SLASH redirects to the slashed URL, through include()', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [CommonMiddleware] })
    const response = await client.get('/polls/3', { x: '1' }, { follow: true })
    expect(response.redirectChain).toEqual([['/polls/3/?x=1', 301]])
    expect(await response.text()).toBe('poll 3')
  })

  it('keeps a real 404 a 404', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [CommonMiddleware] })
    expect((await client.get('/polls/x')).statusCode).toBe(404)
  })

  it('with DEBUG on, a POST that would lose its data is a 500 explaining the fix', async () => {
    const client = clientWith(
      { ROOT_URLCONF: urls, MIDDLEWARE: [CommonMiddleware], DEBUG: true },
      false,
    )
    const response = await client.post('/form', { a: '1' })
    expect(response.statusCode).toBe(500)
    const body = await response.text()
    expect(body).toContain('You called this URL via POST')
    expect(body).toContain('testserver/form/')
    // With the client re-raising, the same error reaches the test.
    const raising = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [CommonMiddleware], DEBUG: true })
    await expect(raising.post('/form', { a: '1' })).rejects.toThrow(/APPEND_SLASH/)
  })

  it('sets Content-Length', async () => {
    const client = clientWith({ ROOT_URLCONF: urls, MIDDLEWARE: [CommonMiddleware] })
    expect((await client.get('/about/')).getHeader('Content-Length')).toBe('5')
  })

  it('answers 403 to a disallowed user agent and 400 to a forged host', async () => {
    const client = clientWith(
      {
        ROOT_URLCONF: urls,
        MIDDLEWARE: [CommonMiddleware],
        DISALLOWED_USER_AGENTS: [/^EvilBot/],
      },
      false,
    )
    const bot = await client.get('/', undefined, { headers: { 'user-agent': 'EvilBot/2' } })
    expect(bot.statusCode).toBe(403)
    const forged = await client.get('/', undefined, { headers: { host: 'evil.test' } })
    expect(forged.statusCode).toBe(400)
  })

  it('PREPEND_WWW redirects to the www. host with the slash added', async () => {
    const client = clientWith({
      ROOT_URLCONF: urls,
      MIDDLEWARE: [CommonMiddleware],
      PREPEND_WWW: true,
      ALLOWED_HOSTS: ['.example.com'],
    })
    const response = await client.get('/about', undefined, { headers: { host: 'example.com' } })
    expect(response.statusCode).toBe(301)
    expect(response.getHeader('Location')).toBe('http://www.example.com/about/')
  })
})
