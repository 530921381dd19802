/**
 * The DEBUG technical 500 page, end to end through the test Client and BaseHandler: what it
 * shows, what it masks, that it escapes everything, and that nothing makes it crash.
 */
import { describe, expect, it } from 'vitest'
import type { Settings } from '../../src/conf/global-settings.js'
import { Engine } from '../../src/template/engine.js'
import { BadRequest, DisallowedHost } from '../../src/core/exceptions.js'
import { HttpResponse } from '../../src/http/response.js'
import { SimpleUploadedFile } from '../../src/test/simple-uploaded-file.js'
import { path } from '../../src/urls/index.js'
import { sensitivePostParameters, sensitiveVariables } from '../../src/views/index.js'
import { CLEANSED_SUBSTITUTE } from '../../src/views/debug.js'
import { makeClient } from './helpers.js'

const HOSTILE = '<script>alert("x")</script>'
// Secrets are assembled at run time: the page shows source lines around each frame, and a
// literal in this file would appear there whatever the masking does.
const secret = (name: string) => `${name}-${'value'.split('').reverse().join('')}`

function failingView(): never {
  throw new Error(`kaboom ${HOSTILE}`) // the page shows this line
}

function lowLevel(): never {
  throw new TypeError('connection refused')
}

function chainedView(): never {
  try {
    lowLevel()
  } catch (cause) {
    throw new Error('could not load the article', { cause })
  }
}

const urlpatterns = [
  path('boom/', failingView, { name: 'boom' }),
  path('chained/', chainedView),
  path('template/', () => {
    new Engine({}).fromString('<p>\n{{ title|nosuchfilter }}\n</p>')
    return new HttpResponse('unreachable')
  }),
  path(
    'pay/',
    sensitivePostParameters('cardNumber')(function pay(): never {
      throw new Error('payment failed')
    }),
  ),
  path(
    'login/',
    sensitiveVariables('password')(function login(): never {
      throw Object.assign(new Error('login failed'), { password: secret('pw'), user: 'ada' })
    }),
  ),
  path('hostile-error/', () => {
    const error = new Error('ignored')
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('message getter')
      },
    })
    Object.defineProperty(error, 'name', {
      get() {
        throw new Error('name getter')
      },
    })
    throw error
  }),
  path('throw-object/', () => {
    throw {
      toString() {
        throw new Error('no toString')
      },
    }
  }),
  path('throw-string/', () => {
    throw `plain string ${HOSTILE}`
  }),
  path('no-source/', () => {
    const error = new Error('from a deleted file')
    error.stack = 'Error: from a deleted file\n    at gone (/nonexistent/dir/deleted.ts:10:5)'
    throw error
  }),
  path('cyclic-cause/', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    ;(a as { cause?: unknown }).cause = b
    throw b
  }),
  path('bad/', () => {
    throw new BadRequest(`bad input ${HOSTILE}`)
  }),
  path('host/', () => {
    throw new DisallowedHost('Invalid HTTP_HOST header')
  }),
]

const secretSettings: Partial<Settings> = {
  DEBUG: true,
  SECRET_KEY: secret('insecure-key'),
  DATABASES: {
    default: { ENGINE: 'postgresql', NAME: 'app', PASSWORD: secret('db-password'), HOST: 'db' },
  },
  ADMINS: [['Ada', `ada@example.com ${HOSTILE}`]],
}

describe('technical 500 page (DEBUG on)', () => {
  it('shows type, message, method, URL, view, location and the stack with source lines', async () => {
    const response = await makeClient({ urlpatterns }, { DEBUG: true }).get('/boom/', { q: '1' })
    expect(response.statusCode).toBe(500)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const page = await response.text()
    expect(page).toContain('<title>Error at /boom/</title>')
    expect(page).toContain('kaboom &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(page).toContain('<tr><th>Request Method:</th><td><pre>GET</pre></td></tr>')
    expect(page).toContain('http://testserver/boom/?q=1')
    expect(page).toContain('<tr><th>Raised during:</th><td><pre>failingView</pre></td></tr>')
    expect(page).toMatch(
      /Exception Location:<\/th><td><pre>[^<]*technical-500\.test\.ts:\d+, in failingView/,
    )
    // The frame of this file, with the throwing line highlighted and its neighbours.
    expect(page).toMatch(
      /<span class="file">[^<]*tests\/debug\/technical-500\.test\.ts:\d+<\/span>, in <code>failingView<\/code>/,
    )
    expect(page).toMatch(
      /<div class="here"><span class="ln">\d+<\/span> {2}throw new Error\(`kaboom \$\{HOSTILE\}`\) \/\/ the page shows this line<\/div>/,
    )
    expect(page).toContain('function failingView(): never {')
    // Library and runtime frames are folded, not shown open.
    expect(page).toMatch(
      /<details class="library"><summary>\d+ library and runtime frames?<\/summary>/,
    )
    // Self-contained: no script, no external resource.
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(/i)
    // Request data and the plain-text traceback.
    expect(page).toMatch(/<th><code>q<\/code><\/th><td><pre>&#x27;1&#x27;<\/pre><\/td>/)
    expect(page).toContain('<th><code>REQUEST_METHOD</code></th>')
    expect(page).toContain('<summary>Copy-and-paste view</summary>')
    expect(page).toMatch(/<textarea readonly[^>]*>Environment:/)
    expect(page).toContain("You're seeing this error because you have <code>DEBUG: true</code>")
  })

  it('lists settings sorted, with secrets masked recursively', async () => {
    const page = await (await makeClient({ urlpatterns }, secretSettings).get('/boom/')).text()
    expect(page).not.toContain(secret('insecure-key'))
    expect(page).not.toContain(secret('db-password'))
    expect(page).toContain(`<th><code>SECRET_KEY</code></th><td><pre>${CLEANSED_SUBSTITUTE}</pre>`)
    expect(page).toMatch(/PASSWORD: &#x27;\*{20}&#x27;, HOST: &#x27;db&#x27;/)
    const names = [...page.matchAll(/<section id="settings">.*/gs)][0]![0]
      .match(/<th><code>([A-Z_]+)<\/code><\/th>/g)!
      .map((m) => m.slice(10, -12))
    expect(names.length).toBeGreaterThan(20)
    expect(names).toEqual([...names].sort())
    expect(names).toContain('ALLOWED_HOSTS')
    expect(page).toContain('ada@example.com &lt;script&gt;') // escaped, not masked
  })

  it('masks Authorization and Cookie headers and secret-looking cookies, escapes header values', async () => {
    const response = await makeClient({ urlpatterns }, { DEBUG: true }).get('/boom/', undefined, {
      headers: {
        Authorization: `Bearer ${secret('live-token')}`,
        Cookie: `csrftoken=${secret('csrf')}; theme=dark`,
        'X-Custom': HOSTILE,
      },
    })
    const page = await response.text()
    expect(page).not.toContain(secret('live-token'))
    expect(page).not.toContain(secret('csrf'))
    expect(page).toContain(
      `<th><code>HTTP_AUTHORIZATION</code></th><td><pre>${CLEANSED_SUBSTITUTE}</pre>`,
    )
    expect(page).toContain(`<th><code>HTTP_COOKIE</code></th><td><pre>${CLEANSED_SUBSTITUTE}</pre>`)
    expect(page).toContain('<th><code>theme</code></th><td><pre>&#x27;dark&#x27;</pre>')
    expect(page).toContain(
      '<th><code>HTTP_X_CUSTOM</code></th><td><pre>&#x27;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27;</pre>',
    )
    expect(page).not.toContain(HOSTILE)
  })

  it('escapes a hostile path', async () => {
    const response = await makeClient(
      { urlpatterns: [path('<path:x>', failingView)] },
      { DEBUG: true },
    ).get(`/${encodeURIComponent('<script>alert(1)</script>')}`)
    const page = await response.text()
    expect(response.statusCode).toBe(500)
    expect(page).toContain('<title>Error at /&lt;script&gt;alert(1)&lt;/script&gt;</title>')
    expect(page).toContain('<h1>Error at /&lt;script&gt;alert(1)&lt;/script&gt; <small>')
    expect(page).not.toContain('<script>alert(1)')
  })

  it('shows the cause chain, deepest first, with the sentence between', async () => {
    const page = await (await makeClient({ urlpatterns }, { DEBUG: true }).get('/chained/')).text()
    const cause = page.indexOf('<h3>TypeError: connection refused</h3>')
    const sentence = page.indexOf(
      'The above exception (TypeError: connection refused) was the direct cause of the following exception:',
    )
    // chainedView is a frame of both errors (it called lowLevel); its last one is the outer's.
    const outer = page.lastIndexOf('in <code>chainedView</code>')
    expect(cause).toBeGreaterThan(-1)
    expect(sentence).toBeGreaterThan(cause)
    expect(outer).toBeGreaterThan(sentence)
    expect(page).toContain('in <code>lowLevel</code>')
  })

  it('shows the template error with the failing line highlighted', async () => {
    const page = await (await makeClient({ urlpatterns }, { DEBUG: true }).get('/template/')).text()
    expect(page).toContain('<h2>Error during template rendering</h2>')
    expect(page).toContain('In template <code>&lt;string&gt;</code>, error at line 2, column')
    expect(page).toContain(
      '<div class="here"><span class="ln">2</span>{{ title|nosuchfilter }}</div>',
    )
    expect(page).toContain('<div><span class="ln">1</span>&lt;p&gt;</div>')
    expect(page).toContain('TemplateSyntaxError')
  })

  it('masks POST fields named by sensitivePostParameters, shows the others and file names', async () => {
    const client = makeClient({ urlpatterns }, { DEBUG: true })
    const response = await client.post('/pay/', {
      cardNumber: secret('4111'),
      amount: '12',
      receipt: new SimpleUploadedFile('receipt.txt', Buffer.from(secret('filebody')), 'text/plain'),
    })
    const page = await response.text()
    expect(page).not.toContain(secret('4111'))
    expect(page).toContain(`<th><code>cardNumber</code></th><td><pre>${CLEANSED_SUBSTITUTE}</pre>`)
    expect(page).toContain('<th><code>amount</code></th><td><pre>&#x27;12&#x27;</pre>')
    expect(page).toContain(
      '<th><code>receipt</code></th><td><pre>receipt.txt (14 bytes, text/plain)</pre>',
    )
    expect(page).not.toContain(secret('filebody'))
  })

  it('shows the error’s own properties, masking those named by sensitiveVariables', async () => {
    const page = await (await makeClient({ urlpatterns }, { DEBUG: true }).get('/login/')).text()
    expect(page).not.toContain(secret('pw'))
    expect(page).toContain(`<th><code>password</code></th><td><pre>${CLEANSED_SUBSTITUTE}</pre>`)
    expect(page).toContain('<th><code>user</code></th><td><pre>&#x27;ada&#x27;</pre>')
  })

  it('answers text/plain to a client that prefers it, with the same masking', async () => {
    const response = await makeClient({ urlpatterns }, secretSettings).get('/boom/', undefined, {
      headers: { Accept: 'text/plain' },
    })
    expect(response.statusCode).toBe(500)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const text = await response.text()
    expect(text.startsWith(`Error at http://testserver/boom/\nkaboom ${HOSTILE}\n`)).toBe(true)
    expect(text).toContain('Traceback (most recent call first):')
    expect(text).toMatch(
      / {2}at failingView \([^)]*technical-500\.test\.ts:\d+:\d+\)\n {6}\d+ \| throw new Error/,
    )
    expect(text).toContain(`SECRET_KEY = ${CLEANSED_SUBSTITUTE}`)
    expect(text).not.toContain(secret('db-password'))
    // A browser (text/html) and curl (*/*) get the HTML page.
    for (const accept of ['text/html,application/xhtml+xml', '*/*']) {
      const html = await makeClient({ urlpatterns }, { DEBUG: true }).get('/boom/', undefined, {
        headers: { Accept: accept },
      })
      expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    }
  })

  it('serves 400s (BadRequest, DisallowedHost) as technical pages with their status', async () => {
    const client = makeClient({ urlpatterns }, { DEBUG: true })
    const bad = await client.get('/bad/')
    expect(bad.statusCode).toBe(400)
    expect(await bad.text()).toContain('BadRequest at /bad/')
    const host = await client.get('/host/')
    expect(host.statusCode).toBe(400)
    expect(await host.text()).toContain('DisallowedHost')
  })

  it.each([
    [
      '/hostile-error/',
      /<h1>Error at \/hostile-error\/ <small>\(500\)<\/small><\/h1><pre class="exception-value">&lt;the error could not be turned into text&gt;<\/pre>/,
    ],
    ['/throw-object/', /<h1>Object at \/throw-object\//],
    ['/throw-string/', /<pre class="exception-value">plain string &lt;script&gt;/],
    ['/no-source/', /deleted\.ts:10<\/span>, in <code>gone<\/code><\/div><\/li>/],
    ['/cyclic-cause/', /was the direct cause of the following exception/],
  ])('never crashes: %s renders a page', async (url, expected) => {
    const response = await makeClient({ urlpatterns }, { DEBUG: true }).get(url)
    expect(response.statusCode).toBe(500)
    const page = await response.text()
    expect(page).toMatch(expected)
    expect(page).toContain('<section id="settings">')
  })

  it('renders circular, huge, throwing and hostile setting values', async () => {
    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    const throwing = {
      get BROKEN(): never {
        throw new Error('getter failed')
      },
    }
    const settings = {
      DEBUG: true,
      MY_CIRCULAR: circular,
      MY_HUGE: 'x'.repeat(100_000),
      MY_THROWING: throwing,
      MY_HOSTILE: HOSTILE,
      MY_MAP: new Map([['API_KEY', secret('map')]]),
    }
    const response = await makeClient({ urlpatterns }, settings as never).get('/boom/')
    const page = await response.text()
    expect(response.statusCode).toBe(500)
    expect(page).toContain('self: [Circular]')
    expect(page).toContain('… (cut at 4096 characters)')
    expect(page.length).toBeLessThan(400_000)
    expect(page).toContain('BROKEN: &lt;getter threw: Error: getter failed&gt;')
    expect(page).toContain('<th><code>MY_HOSTILE</code></th><td><pre>&#x27;&lt;script&gt;')
    expect(page).not.toContain(secret('map'))
  })
})
