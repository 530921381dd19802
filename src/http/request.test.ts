import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BadRequest,
  DisallowedHost,
  RequestDataTooBig,
  SuspiciousMultipartForm,
  TooManyFieldsSent,
  TooManyFilesSent,
} from '../core/exceptions.js'
import { RawPostDataException } from './exceptions.js'
import { HttpHeaders } from './request-headers.js'
import { defaultRequestOptions, type RequestOptions } from './request-options.js'
import { HttpRequest, type HttpRequestInit } from './request.js'

function req(
  init: Omit<Partial<HttpRequestInit>, 'headers'> & { headers?: Record<string, string> } = {},
) {
  return new HttpRequest({
    method: 'GET',
    url: '/',
    ...init,
    headers: HttpHeaders.from(init.headers ?? {}),
  })
}

function opts(overrides: Partial<RequestOptions>): RequestOptions {
  return { ...defaultRequestOptions, ...overrides }
}

function post(
  body: string | Buffer,
  contentType: string,
  extra: Omit<Partial<HttpRequestInit>, 'headers'> = {},
) {
  const bytes = Buffer.from(body)
  return req({
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': String(bytes.length) },
    body: bytes,
    ...extra,
  })
}

/** An async generator over `body` in `size`-byte chunks that counts pulls. */
function chunked(body: Buffer, size = 10) {
  const state = { pulled: 0 }
  async function* gen() {
    for (let i = 0; i < body.length; i += size) {
      state.pulled++
      yield body.subarray(i, i + size)
    }
  }
  return { source: gen(), state }
}

const BOUNDARY = 'xYzZY'
function multipart(
  parts: Array<{ name: string; value: string | Buffer; filename?: string }>,
): Buffer {
  const out: Buffer[] = []
  for (const p of parts) {
    const file = p.filename === undefined ? '' : `; filename="${p.filename}"`
    out.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n\r\n`,
      ),
    )
    out.push(Buffer.from(p.value), Buffer.from('\r\n'))
  }
  out.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(out)
}
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`

function assertPrototypeClean() {
  const probe: Record<string, unknown> = {}
  expect(probe.x).toBeUndefined()
  expect(probe.polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('x')
  expect(Object.prototype).not.toHaveProperty('polluted')
}

describe('lazy parsing', () => {
  it('parses the query string only when GET is read', () => {
    const r = req({ url: '/p?a=%zz' })
    expect(r.queryString).toBe('a=%zz')
    expect(r.rawPath).toBe('/p')
    expect(() => r.GET).toThrow(BadRequest)
    const ok = req({ url: '/p?a=1&a=2' })
    expect(ok.GET.getlist('a')).toEqual(['1', '2'])
    expect(ok.GET).toBe(ok.GET)
    expect(() => ok.GET.set('a', '3')).toThrow(/immutable/)
  })

  it('reads the Cookie header only when COOKIES is read', () => {
    let reads = 0
    const raw = Object.create(null) as Record<string, string>
    Object.defineProperty(raw, 'cookie', {
      enumerable: true,
      get: () => {
        reads++
        return 'a=1'
      },
    })
    const r = new HttpRequest({ method: 'GET', url: '/', headers: raw })
    void r.GET
    expect(reads).toBe(0)
    expect(r.COOKIES.a).toBe('1')
    void r.COOKIES
    expect(reads).toBe(1)
  })

  it('leaves an unread body unconsumed', async () => {
    const { source, state } = chunked(Buffer.from('a=1&b=2'))
    const r = req({
      method: 'POST',
      url: '/?q=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'c=1' },
      body: source,
    })
    void r.GET
    void r.COOKIES
    void r.META
    void r.contentType
    expect(r.hasFormBody).toBe(true)
    expect(state.pulled).toBe(0)
    await r.loadBody()
    expect(state.pulled).toBe(1)
  })
})

describe('COOKIES', () => {
  it('parses into a null-prototype record', () => {
    const r = req({
      headers: { cookie: 'a=1; b="quoted"; c=caf%C3%A9; d=%zz; a=2; __proto__=p; constructor=c' },
    })
    const c = r.COOKIES
    expect(Object.getPrototypeOf(c)).toBeNull()
    expect(c.a).toBe('1')
    expect(c.b).toBe('quoted')
    expect(c.c).toBe('café')
    expect(c.d).toBe('%zz')
    expect(c['__proto__']).toBe('p')
    expect(c.constructor).toBe('c')
    assertPrototypeClean()
  })

  it('is empty without the header', () => {
    expect(Object.keys(req().COOKIES)).toEqual([])
  })
})

describe('META', () => {
  it('holds CGI variables and HTTP_* headers', () => {
    const r = req({
      method: 'post',
      url: '/app/x?y=1',
      scriptName: '/app',
      remoteAddress: '10.0.0.1',
      serverName: 'srv',
      serverPort: 8080,
      headers: {
        'Content-Type': 'text/plain',
        'Content-Length': '3',
        'X-Custom-Thing': 'v',
        Accept: 'text/html',
        X_Forwarded_Proto: 'https',
      },
    })
    const m = r.META
    expect(Object.getPrototypeOf(m)).toBeNull()
    expect(m.REQUEST_METHOD).toBe('POST')
    expect(m.PATH_INFO).toBe('/x')
    expect(m.SCRIPT_NAME).toBe('/app')
    expect(m.QUERY_STRING).toBe('y=1')
    expect(m.CONTENT_TYPE).toBe('text/plain')
    expect(m.CONTENT_LENGTH).toBe('3')
    expect(m.REMOTE_ADDR).toBe('10.0.0.1')
    expect(m.SERVER_NAME).toBe('srv')
    expect(m.SERVER_PORT).toBe('8080')
    expect(m.HTTP_X_CUSTOM_THING).toBe('v')
    expect(m.HTTP_ACCEPT).toBe('text/html')
    expect(m.HTTP_CONTENT_TYPE).toBeUndefined()
    // A header spelled with underscores cannot pose as X-Forwarded-Proto.
    expect(m.HTTP_X_FORWARDED_PROTO).toBeUndefined()
  })
})

describe('content type and encoding', () => {
  it('parses Content-Type', () => {
    const r = req({ headers: { 'content-type': 'Text/Plain; Charset=ISO-8859-1' } })
    expect(r.contentType).toBe('text/plain')
    expect(r.contentParams.charset).toBe('ISO-8859-1')
    expect(r.encoding).toBe('ISO-8859-1')
    expect(req().contentType).toBe('')
    expect(req({ headers: { 'content-type': 'text/plain; charset=bogus' } }).encoding).toBeNull()
  })

  it('re-parses GET and urlencoded POST when the encoding changes', async () => {
    const r = post('n=%E9', 'application/x-www-form-urlencoded', { url: '/?n=%E9' })
    expect(() => r.GET).toThrow(BadRequest)
    r.encoding = 'latin1'
    expect(r.GET.get('n')).toBe('é')
    await r.loadBody()
    expect(r.POST.get('n')).toBe('é')
    r.encoding = 'windows-1252'
    expect(r.POST.get('n')).toBe('é')
  })
})

describe('scheme and isSecure', () => {
  it('follows the transport', () => {
    expect(req().scheme).toBe('http')
    expect(req({ scheme: 'https' }).isSecure()).toBe(true)
  })

  it('follows SECURE_PROXY_SSL_HEADER in either spelling', () => {
    for (const name of ['HTTP_X_FORWARDED_PROTO', 'X-Forwarded-Proto']) {
      const options = opts({ secureProxySslHeader: [name, 'https'] })
      expect(req({ options, headers: { 'x-forwarded-proto': 'https' } }).isSecure()).toBe(true)
      expect(req({ options, headers: { 'x-forwarded-proto': 'https, http' } }).scheme).toBe('https')
      expect(
        req({ options, headers: { 'x-forwarded-proto': 'http' }, scheme: 'https' }).scheme,
      ).toBe('http')
      expect(req({ options, scheme: 'https' }).scheme).toBe('https')
      expect(req({ options }).scheme).toBe('http')
    }
    // Without the setting the header means nothing.
    expect(req({ headers: { 'x-forwarded-proto': 'https' } }).isSecure()).toBe(false)
  })
})

describe('getHost and getPort', () => {
  const allowed = opts({ allowedHosts: ['.example.com'] })

  it('uses the Host header', () => {
    expect(req({ options: allowed, headers: { host: 'www.Example.com:8000' } }).getHost()).toBe(
      'www.Example.com:8000',
    )
    expect(() => req({ options: allowed, headers: { host: 'evil.com' } }).getHost()).toThrow(
      DisallowedHost,
    )
    expect(() => req({ options: allowed, headers: { host: 'evil.com' } }).getHost()).toThrow(
      /add "evil.com" to ALLOWED_HOSTS/,
    )
    expect(() => req({ options: allowed, headers: { host: '' } }).getHost()).toThrow(DisallowedHost)
  })

  it('uses X-Forwarded-Host only with USE_X_FORWARDED_HOST', () => {
    const headers = { host: 'internal', 'x-forwarded-host': 'api.example.com' }
    expect(() => req({ options: allowed, headers }).getHost()).toThrow(/add "internal"/)
    expect(req({ options: opts({ ...allowed, useXForwardedHost: true }), headers }).getHost()).toBe(
      'api.example.com',
    )
    // A list from chained proxies is not a valid host.
    const listed = { host: 'www.example.com', 'x-forwarded-host': 'a.example.com, b.example.com' }
    expect(() =>
      req({ options: opts({ ...allowed, useXForwardedHost: true }), headers: listed }).getHost(),
    ).toThrow(DisallowedHost)
  })

  it('falls back to the server name and port', () => {
    const options = opts({ allowedHosts: ['srv'] })
    expect(req({ options, serverName: 'srv', serverPort: 80 }).getHost()).toBe('srv')
    expect(req({ options, serverName: 'srv', serverPort: 8000 }).getHost()).toBe('srv:8000')
    expect(req({ options, serverName: 'srv', serverPort: 443, scheme: 'https' }).getHost()).toBe(
      'srv',
    )
    expect(req({ options, serverName: 'srv' }).getPort()).toBe('80')
  })

  it('allows localhost names with DEBUG and empty ALLOWED_HOSTS', () => {
    const debug = opts({ allowedHosts: [], debug: true })
    for (const host of ['localhost:8000', 'sub.localhost', '127.0.0.1', '[::1]:8000']) {
      expect(req({ options: debug, headers: { host } }).getHost()).toBe(host)
    }
    expect(() => req({ options: debug, headers: { host: 'example.com' } }).getHost()).toThrow(
      DisallowedHost,
    )
    expect(() =>
      req({ options: opts({ allowedHosts: [] }), headers: { host: 'localhost' } }).getHost(),
    ).toThrow(DisallowedHost)
  })

  it('uses X-Forwarded-Port only with USE_X_FORWARDED_PORT', () => {
    const headers = { 'x-forwarded-port': '8443' }
    expect(req({ headers, serverPort: 8000 }).getPort()).toBe('8000')
    expect(
      req({ headers, serverPort: 8000, options: opts({ useXForwardedPort: true }) }).getPort(),
    ).toBe('8443')
  })
})

describe('full paths and absolute URIs', () => {
  it('keeps the client encoding of the path', () => {
    const r = req({ url: '/a%2Fb/caf%C3%A9/?x=1&y=a%20b' })
    expect(r.path).toBe('/a/b/café/')
    expect(r.getFullPath()).toBe('/a%2Fb/caf%C3%A9/?x=1&y=a%20b')
    expect(req({ url: '/a/b' }).getFullPath(true)).toBe('/a/b/')
    expect(req({ url: '/a/b?q' }).getFullPath(true)).toBe('/a/b/?q')
  })

  it('encodes what is not safe in a URL', () => {
    const r = req({ url: '/a b/<é>"?q=x y&z=%zz' })
    expect(r.getFullPath()).toBe('/a%20b/%3C%C3%A9%3E%22?q=x%20y&z=%25zz')
  })

  it('handles the script prefix', () => {
    const r = req({ url: '/app/x%2Fy?q=1', scriptName: '/app' })
    expect(r.pathInfo).toBe('/x/y')
    expect(r.getFullPath()).toBe('/app/x%2Fy?q=1')
    expect(r.getFullPathInfo()).toBe('/x%2Fy?q=1')
    // A prefix the URL does not contain (FORCE_SCRIPT_NAME behind a path-stripping proxy).
    const forced = req({ url: '/x', scriptName: '/my app' })
    expect(forced.getFullPath()).toBe('/my%20app/x')
    expect(forced.getFullPathInfo()).toBe('/x')
  })

  it('builds absolute URIs', () => {
    const r = req({ url: '/blog/post/?page=1', headers: { host: 'testserver' } })
    expect(r.buildAbsoluteUri()).toBe('http://testserver/blog/post/?page=1')
    expect(r.buildAbsoluteUri('/login/?next=/a')).toBe('http://testserver/login/?next=/a')
    expect(r.buildAbsoluteUri('edit/')).toBe('http://testserver/blog/post/edit/')
    expect(r.buildAbsoluteUri('../other/')).toBe('http://testserver/blog/other/')
    expect(r.buildAbsoluteUri('?page=2')).toBe('http://testserver/blog/post/?page=2')
    expect(r.buildAbsoluteUri('/a/../b')).toBe('http://testserver/b')
    expect(r.buildAbsoluteUri('//cdn.example.com/x')).toBe('http://cdn.example.com/x')
    expect(r.buildAbsoluteUri('https://other.example.com')).toBe('https://other.example.com')
    expect(r.buildAbsoluteUri('/café')).toBe('http://testserver/caf%C3%A9')
    // Backslashes and whitespace cannot turn a path into another host.
    expect(r.buildAbsoluteUri('/\\evil.com')).toBe('http://testserver/%5Cevil.com')
    expect(r.buildAbsoluteUri('/\t/evil.com')).toBe('http://testserver/%09/evil.com')
    const secure = req({ url: '/', scheme: 'https', headers: { host: 'testserver' } })
    expect(secure.buildAbsoluteUri('//cdn.example.com/x')).toBe('https://cdn.example.com/x')
  })

  it('validates the host while building', () => {
    expect(() => req({ headers: { host: 'evil.com' } }).buildAbsoluteUri('/')).toThrow(
      DisallowedHost,
    )
  })
})

describe('content negotiation', () => {
  it('accepts() and getPreferredType()', () => {
    const r = req({ headers: { accept: 'text/html, application/json;q=0.9, image/*;q=0' } })
    expect(r.accepts('text/html')).toBe(true)
    expect(r.accepts('application/json')).toBe(true)
    expect(r.accepts('image/png')).toBe(false)
    expect(r.getPreferredType(['application/json', 'text/html'])).toBe('text/html')
    expect(r.getPreferredType(['image/png'])).toBeNull()
    expect(req().accepts('anything/at-all')).toBe(true)
  })
})

describe('read(), body and json()', () => {
  it('reads once and shares concurrent calls', async () => {
    const { source, state } = chunked(Buffer.from('hello world'), 3)
    const r = req({ method: 'POST', body: source })
    expect(() => r.body).toThrow(RawPostDataException)
    expect(() => r.body).toThrow(/await request\.read\(\)/)
    const [a, b] = await Promise.all([r.read(), r.read()])
    expect(a).toBe(b)
    expect(a.toString()).toBe('hello world')
    expect(r.body).toBe(a)
    expect(await r.read()).toBe(a)
    expect(state.pulled).toBe(4)
  })

  it('is empty without a body', async () => {
    expect((await req().read()).byteLength).toBe(0)
  })

  it('enforces DATA_UPLOAD_MAX_MEMORY_SIZE three ways', async () => {
    const options = opts({ dataUploadMaxMemorySize: 50 })
    const big = Buffer.alloc(1000, 0x61)
    // Known Content-Length: refused before reading.
    const known = chunked(big)
    const r1 = req({
      method: 'POST',
      options,
      headers: { 'content-length': '1000' },
      body: known.source,
    })
    await expect(r1.read()).rejects.toThrow(RequestDataTooBig)
    expect(known.state.pulled).toBe(0)
    // Chunked, no Content-Length: counted, stopped.
    const chunky = chunked(big)
    const r2 = req({ method: 'POST', options, body: chunky.source })
    await expect(r2.read()).rejects.toThrow(RequestDataTooBig)
    expect(chunky.state.pulled).toBe(6)
    // Lying Content-Length.
    const lying = chunked(big)
    const r3 = req({
      method: 'POST',
      options,
      headers: { 'content-length': '10' },
      body: lying.source,
    })
    await expect(r3.read()).rejects.toThrow(RequestDataTooBig)
    expect(lying.state.pulled).toBe(6)
  })

  it('reports an aborted upload as BadRequest', async () => {
    async function* aborted() {
      yield Buffer.from('abc')
      throw new Error('aborted')
    }
    await expect(req({ method: 'POST', body: aborted() }).read()).rejects.toThrow(
      /Incomplete request body/,
    )
    const short = req({
      method: 'POST',
      headers: { 'content-length': '10' },
      body: Buffer.from('abc'),
    })
    await expect(short.read()).rejects.toThrow(BadRequest)
  })

  it('parses JSON', async () => {
    const r = post('{"a": [1, 2]}', 'application/json')
    expect(await r.json<{ a: number[] }>()).toEqual({ a: [1, 2] })
    await expect(post('{"a": ', 'application/json').json()).rejects.toThrow(
      /Invalid JSON in the request body/,
    )
    await expect(post('', 'application/json').json()).rejects.toThrow(/empty/)
    await expect(post(Buffer.from([0x22, 0xff, 0x22]), 'application/json').json()).rejects.toThrow(
      BadRequest,
    )
  })

  it('does not let JSON pollute Object.prototype', async () => {
    const data = await post(
      '{"__proto__": {"x": 1}, "constructor": {"prototype": {"polluted": 1}}}',
      'application/json',
    ).json<Record<string, unknown>>()
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor'])
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ x: 1 })
    assertPrototypeClean()
  })
})

describe('stream()', () => {
  it('gives the raw chunks once', async () => {
    const r = req({ method: 'PUT', body: chunked(Buffer.from('abcdef'), 2).source })
    const seen: string[] = []
    for await (const chunk of r.stream()) seen.push(Buffer.from(chunk).toString())
    expect(seen).toEqual(['ab', 'cd', 'ef'])
    expect(() => r.stream()).toThrow(RawPostDataException)
    await expect(r.read()).rejects.toThrow(/request\.stream\(\)/)
    expect(() => r.body).toThrow(RawPostDataException)
  })

  it('wraps in-memory and missing bodies', async () => {
    const chunks: Uint8Array[] = []
    for await (const c of post('xyz', 'application/octet-stream').stream()) chunks.push(c)
    expect(Buffer.concat(chunks).toString()).toBe('xyz')
    for await (const _ of req().stream()) throw new Error('unexpected chunk')
  })

  it('is refused after read()', async () => {
    const r = post('x', 'text/plain')
    await r.read()
    expect(() => r.stream()).toThrow(RawPostDataException)
  })

  it('is not limited by DATA_UPLOAD_MAX_MEMORY_SIZE', async () => {
    const r = req({
      method: 'PUT',
      options: opts({ dataUploadMaxMemorySize: 5 }),
      body: Buffer.alloc(100),
    })
    let total = 0
    for await (const c of r.stream()) total += c.byteLength
    expect(total).toBe(100)
  })
})

describe('urlencoded forms', () => {
  const FORM = 'application/x-www-form-urlencoded'

  it('loads POST and keeps body readable', async () => {
    const r = post('a=1&a=2&b=x+y&c', FORM)
    expect(r.hasFormBody).toBe(true)
    expect(() => r.POST).toThrow(/await request\.loadBody\(\)/)
    const p1 = r.loadBody()
    expect(r.loadBody()).toBe(p1)
    await p1
    expect(r.POST.getlist('a')).toEqual(['1', '2'])
    expect(r.POST.get('b')).toBe('x y')
    expect(r.POST.get('c')).toBe('')
    expect(() => r.POST.set('a', '3')).toThrow(/immutable/)
    expect(r.FILES.size).toBe(0)
    expect(r.body.toString()).toBe('a=1&a=2&b=x+y&c')
  })

  it('keeps prototype names as plain fields', async () => {
    const r = post('__proto__[x]=1&constructor[prototype][x]=1&__proto__=p&x=2', FORM)
    await r.loadBody()
    expect(r.POST.get('__proto__')).toBe('p')
    expect(r.POST.get('__proto__[x]')).toBe('1')
    expect(r.POST.dict()['__proto__']).toBe('p')
    assertPrototypeClean()
  })

  it('enforces the field count and memory limits', async () => {
    const fields = opts({ dataUploadMaxNumberFields: 3 })
    await expect(post('a&b&c&d', FORM, { options: fields }).loadBody()).rejects.toThrow(
      TooManyFieldsSent,
    )
    expect(() => req({ url: '/?a&b&c&d', options: fields }).GET).toThrow(TooManyFieldsSent)

    const options = opts({ dataUploadMaxMemorySize: 20 })
    const big = Buffer.from('a=' + 'x'.repeat(100))
    const headers = { 'content-type': FORM }
    const known = chunked(big)
    await expect(
      req({
        method: 'POST',
        options,
        headers: { ...headers, 'content-length': '102' },
        body: known.source,
      }).loadBody(),
    ).rejects.toThrow(RequestDataTooBig)
    expect(known.state.pulled).toBe(0)
    const chunky = chunked(big)
    await expect(
      req({ method: 'POST', options, headers, body: chunky.source }).loadBody(),
    ).rejects.toThrow(RequestDataTooBig)
    expect(chunky.state.pulled).toBe(3)
    const lying = chunked(big)
    await expect(
      req({
        method: 'POST',
        options,
        headers: { ...headers, 'content-length': '5' },
        body: lying.source,
      }).loadBody(),
    ).rejects.toThrow(RequestDataTooBig)
    expect(lying.state.pulled).toBe(3)
  })

  it('rethrows the load error from POST', async () => {
    const r = post('a=%zz', FORM)
    await expect(r.loadBody()).rejects.toThrow(BadRequest)
    expect(() => r.POST).toThrow(BadRequest)
    await expect(r.loadBody()).rejects.toThrow(BadRequest)
  })

  it('does not parse forms of other methods (as Django)', async () => {
    const r = req({ method: 'PUT', headers: { 'content-type': FORM }, body: Buffer.from('a=1') })
    expect(r.hasFormBody).toBe(false)
    expect(r.POST.size).toBe(0)
    await r.loadBody()
    expect((await r.read()).toString()).toBe('a=1')
  })

  it('leaves POST and FILES empty for other content types', async () => {
    const r = post('{"a":1}', 'application/json')
    expect(r.hasFormBody).toBe(false)
    expect(r.POST.size).toBe(0)
    expect(r.FILES.size).toBe(0)
    expect(() => r.POST.set('a', '1')).toThrow(/immutable/)
    await r.loadBody()
    expect(await r.json()).toEqual({ a: 1 })
  })
})

describe('multipart forms', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reinhardt-req-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('loads POST and FILES, spools big files and cleans them up', async () => {
    const body = multipart([
      { name: 'title', value: 'hi' },
      { name: '__proto__', value: 'field' },
      { name: 'small', value: 'abc', filename: 'a.txt' },
      { name: 'big', value: Buffer.alloc(5000, 7), filename: 'b.bin' },
    ])
    const options = opts({ fileUploadMaxMemorySize: 1024, fileUploadTempDir: dir })
    const r = post(body, MULTIPART, { options })
    expect(r.hasFormBody).toBe(true)
    expect(() => r.FILES).toThrow(/loadBody/)
    await r.loadBody()
    expect(r.POST.get('title')).toBe('hi')
    expect(r.POST.get('__proto__')).toBe('field')
    assertPrototypeClean()
    expect((await r.FILES.get('small')!.read()).toString()).toBe('abc')
    const big = r.FILES.get('big')!
    const path = big.temporaryFilePath!
    expect(path.startsWith(dir)).toBe(true)
    expect(existsSync(path)).toBe(true)
    expect(() => r.body).toThrow(/multipart parser consumed/)
    await expect(r.read()).rejects.toThrow(RawPostDataException)
    expect(() => r.stream()).toThrow(RawPostDataException)
    await r.cleanup()
    expect(existsSync(path)).toBe(false)
    await r.cleanup()
  })

  it('parses from the body when it was already read', async () => {
    const r = post(multipart([{ name: 'a', value: '1' }]), MULTIPART)
    const raw = await r.read()
    await r.loadBody()
    expect(r.POST.get('a')).toBe('1')
    expect(r.body).toBe(raw)
  })

  it('enforces the file count and field limits', async () => {
    const files = multipart(
      Array.from({ length: 3 }, (_, i) => ({ name: 'f', value: 'x', filename: `${i}.txt` })),
    )
    await expect(
      post(files, MULTIPART, { options: opts({ dataUploadMaxNumberFiles: 2 }) }).loadBody(),
    ).rejects.toThrow(TooManyFilesSent)
    const fields = multipart(Array.from({ length: 3 }, (_, i) => ({ name: `f${i}`, value: 'x' })))
    await expect(
      post(fields, MULTIPART, { options: opts({ dataUploadMaxNumberFields: 2 }) }).loadBody(),
    ).rejects.toThrow(TooManyFieldsSent)
  })

  it('enforces the field memory limit three ways', async () => {
    const options = opts({ dataUploadMaxMemorySize: 100 })
    const body = multipart([
      { name: 'a', value: 'x'.repeat(80) },
      { name: 'b', value: 'x'.repeat(80) },
    ])
    for (const length of [String(body.length), undefined, '10']) {
      const headers: Record<string, string> = { 'content-type': MULTIPART }
      if (length !== undefined) headers['content-length'] = length
      const r = req({ method: 'POST', options, headers, body: chunked(body).source })
      await expect(r.loadBody()).rejects.toThrow(RequestDataTooBig)
    }
  })

  it('enforces FILE_UPLOAD_MAX_SIZE and removes partial files', async () => {
    const options = opts({
      fileUploadMaxSize: 1000,
      fileUploadMaxMemorySize: 100,
      fileUploadTempDir: dir,
    })
    const body = multipart([{ name: 'f', value: Buffer.alloc(3000), filename: 'f.bin' }])
    const r = req({
      method: 'POST',
      options,
      headers: { 'content-type': MULTIPART },
      body: chunked(body, 64).source,
    })
    await expect(r.loadBody()).rejects.toThrow(RequestDataTooBig)
    await r.cleanup()
    const { readdir } = await import('node:fs/promises')
    expect(await readdir(dir)).toEqual([])
  })

  it('rejects bad multipart bodies without hanging', async () => {
    const body = multipart([{ name: 'f', value: 'abc', filename: 'f.txt' }])
    await expect(post(body, 'multipart/form-data').loadBody()).rejects.toThrow(
      SuspiciousMultipartForm,
    )
    const cut = body.subarray(0, body.length - 12)
    const truncated = req({
      method: 'POST',
      headers: { 'content-type': MULTIPART },
      body: chunked(cut).source,
    })
    await expect(truncated.loadBody()).rejects.toThrow(SuspiciousMultipartForm)
    expect(() => truncated.POST).toThrow(SuspiciousMultipartForm)
  })
})

describe('over a real node:http socket', () => {
  let server: Server
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('answers 413 after refusing a chunked body', async () => {
    server = createServer(async (incoming, res) => {
      const r = new HttpRequest({
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: incoming,
        options: opts({ dataUploadMaxMemorySize: 1000 }),
      })
      try {
        await r.read()
        res.end('read')
      } catch (error) {
        res.writeHead((error as RequestDataTooBig).statusCode ?? 500, { connection: 'close' })
        res.end('too big')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const status = await new Promise<number>((resolve, reject) => {
      const client = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      client.on('error', reject)
      client.write(Buffer.alloc(800))
      client.write(Buffer.alloc(800))
      // Never ends the body: the server must answer anyway.
    })
    expect(status).toBe(413)
  })
})
