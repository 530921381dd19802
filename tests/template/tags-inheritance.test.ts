import { describe, expect, it } from 'vitest'
import {
  TemplateDoesNotExist,
  TemplateError,
  TemplateSyntaxError,
} from '../../src/template/index.js'
import { cases, engineWith } from './harness.js'

const base =
  '<title>{% block title %}Site{% endblock %}</title><main>{% block content %}default{% endblock %}</main>'

describe('{% extends %} / {% block %}', () => {
  cases({
    'child overrides a block': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}{% block content %}mine{% endblock %}',
      out: '<title>Site</title><main>mine</main>',
    },
    'block.super': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}{% block title %}{{ block.super }} | Page{% endblock %}',
      out: '<title>Site | Page</title><main>default</main>',
    },
    'three levels with super': {
      files: {
        'base.html': base,
        'section.html':
          '{% extends "base.html" %}{% block content %}S[{{ block.super }}]{% endblock %}',
      },
      t: '{% extends "section.html" %}{% block content %}P[{{ block.super }}]{% endblock %}',
      out: '<title>Site</title><main>P[S[default]]</main>',
    },
    'middle level defines a new block used by the child': {
      files: {
        'base.html': '{% block a %}A{% endblock %}',
        'mid.html':
          '{% extends "base.html" %}{% block a %}{% block b %}B{% endblock %}{% endblock %}',
      },
      t: '{% extends "mid.html" %}{% block b %}child-b{% endblock %}',
      out: 'child-b',
    },
    'content outside blocks in a child is ignored': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}ignored{% block title %}T{% endblock %}',
      out: '<title>T</title><main>default</main>',
    },
    'variable parent name': {
      files: { 'base.html': base },
      t: '{% extends parent %}{% block title %}V{% endblock %}',
      c: { parent: 'base.html' },
      out: '<title>V</title><main>default</main>',
    },
    'parent as a Template object': {
      t: '{% extends parent %}{% block title %}X{% endblock %}',
      c: { parent: engineWith({}).fromString('[{% block title %}{% endblock %}]') },
      out: '[X]',
    },
    'endblock with name': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}{% block title %}N{% endblock title %}',
      out: '<title>N</title><main>default</main>',
    },
    'child context variables visible in parent': {
      files: { 'base.html': '{{ who }}:{% block b %}{% endblock %}' },
      t: '{% extends "base.html" %}{% block b %}{{ who }}{% endblock %}',
      c: { who: 'me' },
      out: 'me:me',
    },
    'block.super in a base template is empty': {
      t: '{% block a %}[{{ block.super }}]{% endblock %}',
      out: '[]',
    },
    'block name variable': { t: '{% block hello %}{{ block.name }}{% endblock %}', out: 'hello' },
    'include inside a block': {
      files: { 'base.html': base, 'part.html': 'part:{{ v }}' },
      t: '{% extends "base.html" %}{% block content %}{% include "part.html" %}{% endblock %}',
      c: { v: 1 },
      out: '<title>Site</title><main>part:1</main>',
    },
    'blocks inside if in the child are found': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}{% if x %}{% block title %}IF{% endblock %}{% endif %}',
      out: '<title>IF</title><main>default</main>',
    },
    'extends must be first': {
      files: { 'base.html': base },
      t: '{% if 1 %}{% endif %}{% extends "base.html" %}',
      out: TemplateSyntaxError,
      msg: 'must be the first tag',
    },
    'text before extends is output': {
      files: { 'base.html': 'B' },
      t: '\n{% extends "base.html" %}',
      out: '\nB',
    },
    'extends twice': {
      files: { 'base.html': base },
      t: '{% extends "base.html" %}{% extends "base.html" %}',
      out: TemplateSyntaxError,
    },
    'duplicate block': {
      t: '{% block a %}{% endblock %}{% block a %}{% endblock %}',
      out: TemplateSyntaxError,
      msg: "'block' tag with name 'a' appears more than once",
    },
    'mismatched endblock': {
      t: '{% block a %}{% endblock b %}',
      out: TemplateSyntaxError,
      msg: "expected 'endblock' or 'endblock a'",
    },
    'missing parent': {
      t: '{% extends "nope.html" %}',
      out: TemplateDoesNotExist,
      msg: 'nope.html',
    },
    'empty parent name': {
      t: '{% extends x %}',
      c: { x: '' },
      out: TemplateSyntaxError,
      msg: "Invalid template name in 'extends' tag",
    },
    'extends itself ends in TemplateDoesNotExist': {
      t: '{% extends "main.html" %}',
      out: TemplateDoesNotExist,
      msg: 'Skipped to avoid recursion',
    },
    'extends loop between two templates': {
      files: { 'a.html': '{% extends "main.html" %}' },
      t: '{% extends "a.html" %}',
      out: TemplateDoesNotExist,
    },
  })

  it('relative names resolve against the current template', async () => {
    const engine = engineWith({
      'app/base.html': 'B[{% block x %}{% endblock %}]',
      'app/pages/page.html':
        '{% extends "../base.html" %}{% block x %}{% include "./part.html" %}{% endblock %}',
      'app/pages/part.html': 'part',
    })
    expect(engine.renderToString('app/pages/page.html', {})).toBe('B[part]')
  })

  it('a relative name escaping the root is an error', () => {
    const engine = engineWith({ 'page.html': '{% extends "../x.html" %}' })
    expect(() => engine.renderToString('page.html', {})).toThrow(
      /points outside the file hierarchy/,
    )
  })
})

describe('{% include %}', () => {
  cases({
    'include a template': {
      files: { 'p.html': 'Hi {{ name }}' },
      t: '{% include "p.html" %}!',
      c: { name: 'Ada' },
      out: 'Hi Ada!',
    },
    'include with extra context': {
      files: { 'p.html': '{{ a }}{{ b }}' },
      t: '{% include "p.html" with a="1" b=x %}',
      c: { x: 2 },
      out: '12',
    },
    'extra context does not leak': {
      files: { 'p.html': '{{ a }}' },
      t: '{% include "p.html" with a="1" %}[{{ a }}]',
      out: '1[]',
    },
    'only isolates': {
      files: { 'p.html': '[{{ a }}{{ b }}]' },
      t: '{% include "p.html" with a="1" only %}',
      c: { b: 2 },
      out: '[1]',
    },
    'variable template name': {
      files: { 'p.html': 'P' },
      t: '{% include name %}',
      c: { name: 'p.html' },
      out: 'P',
    },
    'list of names picks the first that exists': {
      files: { 'b.html': 'B' },
      t: '{% include names %}',
      c: { names: ['a.html', 'b.html'] },
      out: 'B',
    },
    'Template object': {
      t: '{% include t %}',
      c: { t: engineWith({}).fromString('T{{ x }}') },
      out: 'T',
    },
    'included template sets variables locally': {
      files: { 'p.html': '{% cycle "a" "b" as v %}' },
      t: '{% include "p.html" %}[{{ v }}]',
      out: 'a[]',
    },
    'missing template': { t: '{% include "nope.html" %}', out: TemplateDoesNotExist },
    'missing name variable': {
      t: '{% include nope %}',
      out: TemplateSyntaxError,
      msg: "Invalid template name in 'include'",
    },
    'no argument': {
      t: '{% include %}',
      out: TemplateSyntaxError,
      msg: 'takes at least one argument',
    },
    'with without assignments': { t: '{% include "x" with %}', out: TemplateSyntaxError },
    'repeated option': {
      t: '{% include "x" only only %}',
      out: TemplateSyntaxError,
      msg: 'specified more than once',
    },
    'unknown option': {
      t: '{% include "x" foo %}',
      out: TemplateSyntaxError,
      msg: 'Unknown argument',
    },
    'recursive include is bounded': {
      files: { 'r.html': '{% include "r.html" %}' },
      t: '{% include "r.html" %}',
      out: TemplateError,
      msg: 'nested more than',
    },
    'recursion with a stop condition works': {
      files: {
        'tree.html':
          '{{ node.name }}{% if node.children %}({% for c in node.children %}{% include "tree.html" with node=c %}{% endfor %}){% endif %}',
      },
      t: '{% include "tree.html" with node=root %}',
      c: {
        root: {
          name: 'a',
          children: [
            { name: 'b', children: [] },
            { name: 'c', children: [{ name: 'd' }] },
          ],
        },
      },
      out: 'a(bc(d))',
    },
  })
})
