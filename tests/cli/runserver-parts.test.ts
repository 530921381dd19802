import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAddrport } from '../../src/cli/addrport.js'
import { isIgnoredPath } from '../../src/cli/autoreload.js'
import { UsageError } from '../../src/cli/command.js'
import { formatRequestLine } from '../../src/cli/request-log.js'
import { createStyle } from '../../src/cli/style.js'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { serve, type ResponseLogEntry, type RunningServer } from '../../src/http/gateways/node.js'
import { HttpResponse } from '../../src/http/response.js'
import { path } from '../../src/urls/index.js'

describe('parseAddrport', () => {
  it.each([
    [undefined, '127.0.0.1', 8000, '127.0.0.1'],
    ['8001', '127.0.0.1', 8001, '127.0.0.1'],
    ['0.0.0.0:8000', '0.0.0.0', 8000, '0.0.0.0'],
    ['0:9000', '0.0.0.0', 9000, '0.0.0.0'],
    ['localhost:8000', 'localhost', 8000, 'localhost'],
    ['[::1]:8000', '::1', 8000, '[::1]'],
    ['0', '127.0.0.1', 0, '127.0.0.1'],
  ])('accepts %s', (text, host, port, displayHost) => {
    expect(parseAddrport(text)).toEqual({ host, port, displayHost })
  })

  it('defaults to ::1 with ipv6', () => {
    expect(parseAddrport(undefined, { ipv6: true }).host).toBe('::1')
  })

  it.each([
    'abc',
    '8000x',
    '1.2.3.4:',
    ':8000',
    '999.1.1.1:80',
    '[zz]:80',
    '127.0.0.1:70000',
    '::1:80',
    'a_b:80',
    '-1',
  ])('refuses %s', (text) => {
    expect(() => parseAddrport(text)).toThrow(UsageError)
  })
})

describe('autoreload ignore rules', () => {
  it('ignores dependencies, build output, dot-directories and editor files', () => {
    for (const file of [
      'node_modules/x/index.js',
      'dist/a.js',
      '.git/HEAD',
      'a/.cache/x',
      'views.ts~',
      '.views.ts.swp',
      '4913',
      'server.log',
      '.DS_Store',
      'db.sqlite3',
      'db.sqlite3-wal',
      'db.sqlite3-shm',
      'data/app.db-journal',
    ]) {
      expect(isIgnoredPath(file), file).toBe(true)
    }
    for (const file of [
      'mysite/views.ts',
      'polls/templates/polls/index.html',
      'package.json',
      'polls/migrations/0001_initial.ts',
    ]) {
      expect(isIgnoredPath(file), file).toBe(false)
    }
  })
})

describe('request log line', () => {
  const entry: ResponseLogEntry = {
    method: 'GET',
    url: '/polls/?q="x"\x1b[31m\n',
    httpVersion: '1.1',
    statusCode: 404,
    bytes: 179,
    durationMs: 2.345,
    completed: true,
  }

  it('escapes control characters and quotes, and shows size and duration', () => {
    const line = formatRequestLine(entry, new Date(2025, 10, 4, 9, 5, 7))
    expect(line).toBe(
      '[04/Nov/2025 09:05:07] "GET /polls/?q=\\"x\\"\\x1b[31m\\x0a HTTP/1.1" 404 179 2.3ms',
    )
    expect(formatRequestLine({ ...entry, url: '/', durationMs: 120.4, completed: false })).toMatch(
      /" 404 179 120ms \(client gone\)$/,
    )
  })

  it('colours by status class only when enabled', () => {
    const on = createStyle(true)
    expect(on.httpStatus(500, 'x')).toMatch(/^\x1b\[35m/)
    expect(on.httpStatus(404, 'x')).toMatch(/^\x1b\[33m/)
    expect(on.httpStatus(200, 'x')).toBe('x')
    expect(createStyle(false).httpStatus(500, 'x')).toBe('x')
  })
})

describe('node gateway onResponse', () => {
  let running: RunningServer | undefined
  afterEach(async () => {
    await running?.shutdown()
    running = undefined
  })

  it('reports method, target, status, body bytes and duration once per request', async () => {
    const settings = buildSettings({
      ALLOWED_HOSTS: ['127.0.0.1'],
      ROOT_URLCONF: { urlpatterns: [path('hello/', () => new HttpResponse('héllo'))] },
    })
    const entries: ResponseLogEntry[] = []
    running = await serve(new BaseHandler(settings, { installGlobals: false }), {
      port: 0,
      handleSignals: false,
      onResponse: (entry) => entries.push(entry),
    })
    const get = (target: string) =>
      new Promise<number>((resolve, reject) => {
        request(`${running!.url}${target}`, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode!))
        })
          .on('error', reject)
          .end()
      })
    expect(await get('/hello/?a=1')).toBe(200)
    expect(await get('/missing/')).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({
      method: 'GET',
      url: '/hello/?a=1',
      httpVersion: '1.1',
      statusCode: 200,
      bytes: 6,
      completed: true,
    })
    expect(entries[0]!.durationMs).toBeGreaterThan(0)
    expect(entries[1]!.statusCode).toBe(404)
    expect(entries[1]!.bytes).toBeGreaterThan(0)
  })
})
