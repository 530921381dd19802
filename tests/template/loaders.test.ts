import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CachedLoader,
  Engine,
  FilesystemLoader,
  LocmemLoader,
  TemplateDoesNotExist,
} from '../../src/template/index.js'

let root: string
const write = (rel: string, text: string): void => {
  const file = join(root, rel)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reinhardt-tpl-'))
  write('project/base.html', 'project[{% block b %}{% endblock %}]')
  write(
    'project/admin/base.html',
    '{% extends "admin/base.html" %}{% block title %}Custom{% endblock %}',
  )
  write('app1/templates/admin/base.html', '<title>{% block title %}Admin{% endblock %}</title>')
  write('app1/templates/only-app.html', 'app1')
  write('app2/templates/only-app.html', 'app2')
  write('secret.txt', 'secret')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('loaders', () => {
  it('filesystem loader reads from dirs in order', () => {
    const engine = new Engine({ dirs: [join(root, 'project')] })
    expect(
      engine.fromString('{% extends "base.html" %}{% block b %}x{% endblock %}').render(),
    ).toBe('project[x]')
  })

  it('app directories come after dirs, in order', () => {
    const engine = new Engine({
      appDirs: [join(root, 'app1/templates'), join(root, 'app2/templates')],
    })
    expect(engine.getTemplate('only-app.html').render()).toBe('app1')
  })

  it('a project template can extend the app template it overrides', () => {
    const engine = new Engine({
      dirs: [join(root, 'project')],
      appDirs: [join(root, 'app1/templates')],
    })
    expect(engine.getTemplate('admin/base.html').render()).toBe('<title>Custom</title>')
  })

  it('refuses names escaping the directory', () => {
    const engine = new Engine({ dirs: [join(root, 'project')] })
    expect(() => engine.getTemplate('../secret.txt')).toThrow(TemplateDoesNotExist)
    expect(() => engine.getTemplate(join(root, 'secret.txt'))).toThrow(TemplateDoesNotExist)
  })

  it('TemplateDoesNotExist lists the file paths tried', () => {
    const engine = new Engine({
      dirs: [join(root, 'project')],
      appDirs: [join(root, 'app1/templates')],
    })
    try {
      engine.getTemplate('nope.html')
      expect.unreachable()
    } catch (error) {
      expect((error as TemplateDoesNotExist).tried.map((t) => t.origin)).toEqual([
        join(root, 'project/nope.html'),
        join(root, 'app1/templates/nope.html'),
      ])
    }
  })

  it('caches compiled templates when debug is off, re-reads when on', () => {
    write('cache/t.html', 'v1')
    const cached = new Engine({ dirs: [join(root, 'cache')] })
    const live = new Engine({ dirs: [join(root, 'cache')], debug: true })
    const first = cached.getTemplate('t.html')
    expect(cached.getTemplate('t.html')).toBe(first)
    expect(live.getTemplate('t.html').render()).toBe('v1')
    write('cache/t.html', 'v2')
    expect(cached.getTemplate('t.html').render()).toBe('v1')
    expect(live.getTemplate('t.html').render()).toBe('v2')
    cached.reset()
    expect(cached.getTemplate('t.html').render()).toBe('v2')
  })

  it('the cached loader also remembers misses', () => {
    const inner = new LocmemLoader({})
    const engine = new Engine({ loaders: [new CachedLoader([inner])] })
    expect(() => engine.getTemplate('a.html')).toThrow(TemplateDoesNotExist)
    inner.templates.set('a.html', 'A')
    expect(() => engine.getTemplate('a.html')).toThrow(TemplateDoesNotExist)
    engine.reset()
    expect(engine.getTemplate('a.html').render()).toBe('A')
  })

  it('explicit filesystem loader', () => {
    const engine = new Engine({ loaders: [new FilesystemLoader([join(root, 'app2/templates')])] })
    expect(engine.getTemplate('only-app.html').render()).toBe('app2')
  })

  it('renderToString with a request runs context processors', async () => {
    const engine = new Engine({
      loaders: [new LocmemLoader({ 'p.html': '{{ path }} {{ user }} {{ title }}' })],
      contextProcessors: [
        (req) => ({ path: (req as { path: string }).path, user: 'anon', title: 'from-processor' }),
      ],
    })
    expect(await engine.renderToString('p.html', { title: 'view wins' }, { path: '/x/' })).toBe(
      '/x/ anon view wins',
    )
  })

  it('renderToString with a list selects the first existing', () => {
    const engine = new Engine({ loaders: [new LocmemLoader({ 'b.html': 'B' })] })
    expect(engine.renderToString(['a.html', 'b.html'])).toBe('B')
  })
})
