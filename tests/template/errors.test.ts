import { describe, expect, it } from 'vitest'
import {
  Engine,
  LocmemLoader,
  TemplateDoesNotExist,
  TemplateSyntaxError,
} from '../../src/template/index.js'

function syntaxError(source: string, name = 'page.html'): TemplateSyntaxError {
  const engine = new Engine({ loaders: [new LocmemLoader({ [name]: source })] })
  try {
    engine.getTemplate(name)
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error
    throw error
  }
  throw new Error('expected a TemplateSyntaxError')
}

describe('error locations', () => {
  it('points at the failing tag with line, column and excerpt', () => {
    const e = syntaxError('<html>\n  <body>\n    {% iff x %}\n  </body>\n</html>')
    expect(e.location).toMatchObject({ templateName: 'page.html', line: 3, column: 5 })
    expect(e.location?.excerpt).toContain('> 3 |     {% iff x %}')
    expect(e.location?.excerpt).toContain('^')
    expect(e.message).toContain("Invalid block tag on line 3: 'iff'")
    expect(e.message).toContain("in template 'page.html', line 3, column 5")
  })

  it('locates errors in variables', () => {
    const e = syntaxError('a\nb {{ x|nope }}')
    expect(e.location).toMatchObject({ line: 2, column: 3 })
  })

  it('innermost tag wins for nested errors', () => {
    const e = syntaxError('{% if a %}\n{% for x in %}{% endfor %}\n{% endif %}')
    expect(e.location?.line).toBe(2)
  })

  it('unclosed tags name the opening line', () => {
    const e = syntaxError('\n\n{% for x in l %}\nbody')
    expect(e.message).toContain("Unclosed tag on line 3: 'for'. Looking for one of: empty, endfor.")
  })

  it('render-time errors get the node location', () => {
    const engine = new Engine({
      loaders: [new LocmemLoader({ 'r.html': 'ok\n{% include "missing.html" %}' })],
    })
    try {
      engine.renderToString('r.html', {})
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateDoesNotExist)
      expect((error as TemplateDoesNotExist).location).toMatchObject({
        templateName: 'r.html',
        line: 2,
      })
    }
  })

  it('non-template errors thrown by user code carry templateLocation', () => {
    const engine = new Engine()
    const boom = {
      get x(): string {
        throw new RangeError('bad')
      },
    }
    try {
      engine.fromString('\n\n  {{ o.x }}').render({ o: boom })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError)
      expect((error as { templateLocation?: unknown }).templateLocation).toMatchObject({
        templateName: '<string>',
        line: 3,
        column: 3,
      })
    }
  })
})

describe('TemplateDoesNotExist', () => {
  it('lists every place tried across loaders', () => {
    const engine = new Engine({ loaders: [new LocmemLoader({}), new LocmemLoader({ other: '' })] })
    try {
      engine.getTemplate('x.html')
      expect.unreachable()
    } catch (error) {
      const e = error as TemplateDoesNotExist
      expect(e.templateName).toBe('x.html')
      expect(e.tried).toEqual([
        { origin: 'locmem:x.html', reason: 'Source does not exist' },
        { origin: 'locmem:x.html', reason: 'Source does not exist' },
      ])
      expect(e.message).toContain('Places tried')
    }
  })

  it('says when no loader is configured', () => {
    expect(() => new Engine().getTemplate('a.html')).toThrow(/no template loader is configured/)
  })

  it('selectTemplate chains all names', () => {
    const engine = new Engine({ loaders: [new LocmemLoader({ 'b.html': 'B' })] })
    expect(engine.selectTemplate(['a.html', 'b.html']).render()).toBe('B')
    try {
      engine.selectTemplate(['x.html', 'y.html'])
      expect.unreachable()
    } catch (error) {
      expect((error as TemplateDoesNotExist).chain).toHaveLength(2)
      expect((error as TemplateDoesNotExist).tried).toHaveLength(2)
    }
  })
})
