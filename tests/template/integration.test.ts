/**
 * Templates wired into the framework: settings.TEMPLATES (DIRS + APP_DIRS over apps from the
 * registry, app template libraries), render(), TemplateResponse through the real handler and
 * middleware, the test Client's template recording, and the errors a project meets.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineApp } from '../../src/apps/config.js'
import { apps } from '../../src/apps/registry.js'
import type { Settings } from '../../src/conf/global-settings.js'
import { configure, getSettings, overrideSettings } from '../../src/conf/settings.js'
import { ImproperlyConfigured } from '../../src/core/exceptions.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import type { GetResponse } from '../../src/core/handlers/middleware.js'
import type { HttpRequest } from '../../src/http/request.js'
import { HttpResponse, type HttpResponseBase } from '../../src/http/response.js'
import { render } from '../../src/shortcuts.js'
import {
  ContentNotRenderedError,
  contextProcessors,
  DjangoTemplates,
  engines,
  getTemplate,
  InvalidTemplateEngineError,
  Library,
  renderToString,
  selectTemplate,
  SimpleTemplateResponse,
  TemplateDoesNotExist,
  TemplateResponse,
  TemplateSyntaxError,
  type BackendParams,
  type TemplateBackend,
} from '../../src/template/index.js'
import { Client } from '../../src/test/client.js'
import { assertTemplateNotUsed, assertTemplateUsed } from '../../src/test/template-recorder.js'
import { path } from '../../src/urls/index.js'

let root: string
const write = (rel: string, text: string): void => {
  const file = join(root, rel)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
}

const pollsExtras = new Library().filter('shout', (v) => `${String(v).toUpperCase()}!`)
const polls = () =>
  defineApp({
    name: 'polls',
    path: join(root, 'polls'),
    templateLibraries: { polls_extras: pollsExtras },
  })
const blog = () => defineApp({ name: 'blog', path: join(root, 'blog') })

/** Adds `injected` to every template response's context and swaps one template. */
function templateTweaker(getResponse: (r: HttpRequest) => unknown) {
  const middleware = (request: HttpRequest) => getResponse(request)
  middleware.processTemplateResponse = (_request: HttpRequest, response: HttpResponseBase) => {
    const tr = response as TemplateResponse
    tr.contextData = { ...(tr.contextData as Record<string, unknown>), injected: 'yes' }
    if (tr.templateName === 'swap-me.html') tr.templateName = 'swapped.html'
    return tr
  }
  return middleware
}

/** Response middleware: records whether it saw rendered content. */
function contentPeeker(getResponse: GetResponse) {
  return async (request: HttpRequest) => {
    const response = await getResponse(request)
    if (response instanceof HttpResponse) response.setHeader('X-Length', response.text().length)
    return response
  }
}

const urlpatterns = [
  path('render/', (request: HttpRequest) =>
    render(request, 'polls/index.html', { questions: ['<Q1>', 'Q2'] }),
  ),
  path('gone/', (request: HttpRequest) =>
    render(
      request,
      ['missing.html', 'gone.txt'],
      { what: 'page' },
      {
        status: 410,
        contentType: 'text/plain; charset=utf-8',
      },
    ),
  ),
  path('async/', (request: HttpRequest) =>
    render(request, 'async.html', { later: Promise.resolve(['a', 'b']) }),
  ),
  path(
    'tr/',
    (request: HttpRequest) => new TemplateResponse(request, 'tr.html', { fromView: 'view' }),
  ),
  path('swap/', (request: HttpRequest) => new TemplateResponse(request, 'swap-me.html', {})),
  path('missing/', (request: HttpRequest) => render(request, 'nope/missing.html')),
  path('broken/', (request: HttpRequest) => render(request, 'broken.html')),
  path('lib/', (request: HttpRequest) => render(request, 'uses-lib.html', { word: 'hey' })),
  path('plain/', () => new HttpResponse('no templates here')),
]

function settingsWith(overrides: Partial<Settings> = {}): Readonly<Settings> {
  return configure({
    ROOT_URLCONF: { urlpatterns },
    INSTALLED_APPS: [polls(), blog()],
    MIDDLEWARE: [contentPeeker, templateTweaker],
    TEMPLATES: [
      {
        DIRS: [join(root, 'project')],
        APP_DIRS: true,
        OPTIONS: { contextProcessors: [contextProcessors.request, contextProcessors.debug] },
      },
    ],
    ...overrides,
  })
}

function client(options: { raise?: boolean } = {}): Client {
  return new Client({
    handler: new BaseHandler(getSettings(), { installGlobals: false }),
    raiseRequestException: options.raise ?? true,
  })
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reinhardt-tpl-int-'))
  write('project/base.html', '<main>{% block content %}{% endblock %}</main>')
  write('project/polls/detail.html', 'project overrides the app')
  write(
    'polls/templates/polls/index.html',
    '{% extends "base.html" %}{% block content %}{% for q in questions %}' +
      '{% include "polls/item.html" %}{% endfor %}{{ request.path }}{% endblock %}',
  )
  write('polls/templates/polls/item.html', '<li>{{ q }}</li>')
  write('polls/templates/polls/detail.html', 'from the polls app')
  write('polls/templates/gone.txt', '{{ what }} is gone')
  write('blog/templates/only-blog.html', 'blog template')
  write('blog/templates/async.html', '{% for x in later %}{{ x }}{% endfor %}')
  write('project/tr.html', '{{ fromView }}/{{ injected }}')
  write('project/swap-me.html', 'original')
  write('project/swapped.html', 'swapped {{ injected }}')
  write('project/broken.html', 'line one\n{% if %}\nline three')
  write('project/uses-lib.html', '{% load polls_extras %}{{ word|shout }}')
  settingsWith()
  await apps.populate(getSettings().INSTALLED_APPS)
})
afterAll(() => {
  apps.reset()
  rmSync(root, { recursive: true, force: true })
})

describe('render() and TEMPLATES through the handler', () => {
  it('renders with DIRS, APP_DIRS, inheritance, includes and context processors', async () => {
    const response = await client().get('/render/')
    expect(response.statusCode).toBe(200)
    expect(response.getHeader('Content-Type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toBe('<main><li>&lt;Q1&gt;</li><li>Q2</li>/render/</main>')
  })

  it('passes status and content type, and selects the first existing name', async () => {
    const response = await client().get('/gone/')
    expect(response.statusCode).toBe(410)
    expect(response.getHeader('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('page is gone')
  })

  it('returns a Promise when the template awaits a value, and the view result still works', async () => {
    const response = await client().get('/async/')
    expect(await response.text()).toBe('ab')
  })

  it('loads a library an installed app registers, with {% load %}', async () => {
    expect(await (await client().get('/lib/')).text()).toBe('HEY!')
  })

  it('DIRS win over app directories; apps are searched in INSTALLED_APPS order', async () => {
    expect(await getTemplate('polls/detail.html').render()).toBe('project overrides the app')
    expect(await getTemplate('only-blog.html').render()).toBe('blog template')
    expect(await renderToString(['nope.html', 'only-blog.html'])).toBe('blog template')
    expect(selectTemplate(['nope.html', 'gone.txt']).name).toBe('gone.txt')
  })
})

describe('TemplateResponse', () => {
  it('lets processTemplateResponse change the context before rendering', async () => {
    const response = await client().get('/tr/')
    expect(await response.text()).toBe('view/yes')
    // The response middleware ran after rendering and could read the content.
    expect(response.getHeader('X-Length')).toBe('8')
  })

  it('lets processTemplateResponse change the template before rendering', async () => {
    const response = await client().get('/swap/')
    expect(await response.text()).toBe('swapped yes')
    assertTemplateUsed(response, 'swapped.html')
    assertTemplateNotUsed(response, 'swap-me.html')
  })

  it('refuses to give its content before render(), renders once, runs post-render callbacks', async () => {
    const response = new SimpleTemplateResponse('gone.txt', { what: 'it' })
    expect(response.isRendered).toBe(false)
    expect(() => response.content).toThrow(ContentNotRenderedError)
    expect(() => response.text()).toThrow(/must be rendered/)
    const seen: string[] = []
    response.addPostRenderCallback((r) => void seen.push((r as HttpResponse).text()))
    expect(await response.render()).toBe(response)
    expect(response.text()).toBe('it is gone')
    response.contextData = { what: 'changed' }
    await response.render()
    expect(response.text()).toBe('it is gone')
    expect(seen).toEqual(['it is gone'])
  })

  it('a post-render callback can replace the response; setting content counts as rendered', async () => {
    const response = new SimpleTemplateResponse('gone.txt', { what: 'x' })
    const replacement = new HttpResponse('replaced')
    response.addPostRenderCallback(() => replacement)
    expect(await response.render()).toBe(replacement)
    const direct = new SimpleTemplateResponse('never-loaded.html')
    direct.content = 'set directly'
    expect(direct.isRendered).toBe(true)
    expect(await direct.render()).toBe(direct)
    expect(direct.text()).toBe('set directly')
  })
})

describe('the test Client records templates and contexts', () => {
  it('lists every template rendered, in order, with their contexts', async () => {
    const response = await client().get('/render/')
    expect(response.templates.map((t) => t.name)).toEqual([
      'polls/index.html',
      'base.html',
      'polls/item.html',
      'polls/item.html',
    ])
    expect(response.context.get('questions')).toEqual(['<Q1>', 'Q2'])
    expect((response.context.get('request') as HttpRequest).path).toBe('/render/')
    // Each include's context was copied when it started: the loop variable of that moment.
    expect(response.context[2]?.get('q')).toBe('<Q1>')
    expect(response.context[3]?.get('q')).toBe('Q2')
    expect(response.context.get('absent', 'fallback')).toBe('fallback')
    expect(response.context.variableNames()).toContain('questions')
    assertTemplateUsed(response, 'polls/item.html', 2)
    expect(() => assertTemplateUsed(response, 'polls/item.html', 1)).toThrow(
      /expected to be rendered 1 time\(s\) but was rendered 2/,
    )
    expect(() => assertTemplateUsed(response, 'other.html')).toThrow(/was not a template used/)
  })

  it('records nothing for a response without templates, and keeps concurrent requests apart', async () => {
    const c = client()
    const [a, b, plain] = await Promise.all([c.get('/tr/'), c.get('/lib/'), c.get('/plain/')])
    expect(a.templates.map((t) => t.name)).toEqual(['tr.html'])
    expect(b.templates.map((t) => t.name)).toEqual(['uses-lib.html'])
    expect(plain.templates).toEqual([])
    expect(plain.context.get('anything')).toBeUndefined()
  })
})

describe('errors', () => {
  it('TemplateDoesNotExist lists every place tried (DIRS and each app)', async () => {
    const error = await client()
      .get('/missing/')
      .then(
        () => null,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(TemplateDoesNotExist)
    const tried = (error as TemplateDoesNotExist).tried.map((t) => t.origin)
    expect(tried).toEqual([
      join(root, 'project/nope/missing.html'),
      join(root, 'polls/templates/nope/missing.html'),
      join(root, 'blog/templates/nope/missing.html'),
    ])
    expect((error as Error).message).toContain(join(root, 'blog/templates/nope/missing.html'))
  })

  it('a missing template is a 500 for the client when errors are not raised', async () => {
    const response = await client({ raise: false }).get('/missing/')
    expect(response.statusCode).toBe(500)
  })

  it('a syntax error carries the template name, line, column and an excerpt', async () => {
    const error = (await client()
      .get('/broken/')
      .catch((e: unknown) => e)) as TemplateSyntaxError
    expect(error).toBeInstanceOf(TemplateSyntaxError)
    expect(error.location).toMatchObject({ templateName: 'broken.html', line: 2, column: 1 })
    expect(error.location?.excerpt).toContain('> 2 | {% if %}')
    expect(error.location?.excerpt).toContain('  1 | line one')
  })

  it('a context given as a Context is refused with a message', () => {
    const template = getTemplate('gone.txt')
    const ctx = (engines.get('django') as DjangoTemplates).engine.makeContext({})
    expect(() => template.render(ctx as never)).toThrow(/plain object or Map rather than Context/)
  })
})

describe('engines', () => {
  it('builds backends lazily from TEMPLATES and finds them by alias', () => {
    const backend = engines.get('django')
    expect(backend).toBeInstanceOf(DjangoTemplates)
    expect(engines.all()).toEqual([backend])
    expect(engines.get('django')).toBe(backend)
    expect(() => engines.get('jinja2')).toThrow(InvalidTemplateEngineError)
    expect(() => engines.get('jinja2')).toThrow(/Configured: django/)
  })

  it('rebuilds when TEMPLATES changes, and supports other backends and `using`', () => {
    const before = engines.get('django')
    const calls: string[] = []
    const upper = (params: BackendParams): TemplateBackend => {
      const backend: TemplateBackend = {
        name: params.NAME,
        getTemplate(name) {
          calls.push(name)
          if (name !== 'hello')
            throw new TemplateDoesNotExist(name, [{ origin: 'upper:' + name, reason: 'nope' }])
          return this.fromString('hello {{ name }}')
        },
        fromString: (source) => ({
          name: '<string>',
          backend,
          render: (context) =>
            source
              .replace('{{ name }}', String((context as { name?: string })?.name ?? ''))
              .toUpperCase(),
        }),
      }
      return backend
    }
    overrideSettings(
      {
        TEMPLATES: [{ BACKEND: upper, NAME: 'upper' }, { DIRS: [join(root, 'project')] }],
      },
      () => {
        expect(engines.all().map((b) => b.name)).toEqual(['upper', 'django'])
        expect(renderToString('hello', { name: 'ada' })).toBe('HELLO ADA')
        expect(renderToString('base.html', {}, undefined, { using: 'django' })).toBe(
          '<main></main>',
        )
        expect(() => getTemplate('hello', { using: 'django' })).toThrow(TemplateDoesNotExist)
        const error = (() => {
          try {
            getTemplate('nothing.html')
          } catch (e) {
            return e as TemplateDoesNotExist
          }
        })()
        expect(error?.tried.map((t) => t.origin)).toEqual([
          'upper:nothing.html',
          join(root, 'project/nothing.html'),
        ])
        expect(error?.chain).toHaveLength(2)
      },
    )
    expect(engines.get('django')).not.toBe(before)
    expect(calls).toContain('hello')
  })

  it('refuses duplicate aliases, unknown options, loaders with APP_DIRS and non-libraries', () => {
    const attempt = (TEMPLATES: Settings['TEMPLATES']) =>
      overrideSettings({ TEMPLATES }, () => engines.all())
    expect(() => attempt([{}, {}])).toThrow(/aliases aren't unique, duplicates: django/)
    expect(() => attempt([{ OPTIONS: { context_processors: [] } }])).toThrow(
      /Unknown option 'context_processors'.*accepts: contextProcessors/,
    )
    expect(() => attempt([{ APP_DIRS: true, OPTIONS: { loaders: [] } }])).toThrow(
      /APP_DIRS must not be set when OPTIONS.loaders/,
    )
    expect(() => attempt([{ OPTIONS: { libraries: { x: {} } } }])).toThrow(ImproperlyConfigured)
    expect(() => attempt([{ OPTIONS: { contextProcessors: ['request'] } }])).toThrow(
      /context processor must be a function/,
    )
    expect(() => attempt([{ BACKEND: 'django.template.backends.django.DjangoTemplates' }])).toThrow(
      /BACKEND must be a backend class or factory/,
    )
  })

  it('no TEMPLATES at all: a missing template says how to configure one', () => {
    overrideSettings({ TEMPLATES: [] }, () => {
      expect(() => getTemplate('x.html')).toThrow(/no template backend is configured/)
    })
  })

  it('the debug processor adds debug only for INTERNAL_IPS with DEBUG on', () => {
    const request = { remoteAddress: '127.0.0.1' }
    expect(contextProcessors.debug(request)).toEqual({})
    overrideSettings({ DEBUG: true, INTERNAL_IPS: ['127.0.0.1'] }, () => {
      expect(contextProcessors.debug(request)).toEqual({ debug: true })
      expect(contextProcessors.debug({ remoteAddress: '10.0.0.1' })).toEqual({})
    })
  })
})
