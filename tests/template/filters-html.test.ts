import { describe } from 'vitest'
import { markSafe } from '../../src/template/index.js'
import { cases } from './harness.js'

describe('html filters', () => {
  cases({
    escape: {
      t: '{% autoescape off %}{{ v|escape }}{% endautoescape %}',
      c: { v: '<a href="x">' },
      out: '&lt;a href=&quot;x&quot;&gt;',
    },
    'escape does not double escape': { t: '{{ v|escape }}', c: { v: '<' }, out: '&lt;' },
    'escape of safe string is a no-op': {
      t: '{{ v|escape }}',
      c: { v: markSafe('<b>') },
      out: '<b>',
    },
    force_escape: { t: '{{ v|force_escape }}', c: { v: markSafe('<b>') }, out: '&lt;b&gt;' },
    'force_escape twice': {
      t: '{{ v|force_escape|force_escape }}',
      c: { v: '&' },
      out: '&amp;amp;',
    },
    escapejs: {
      t: '{{ v|escapejs }}',
      c: { v: 'testing\r\njavascript \'string" <b>escaping</b>' },
      out: 'testing\\u000D\\u000Ajavascript \\u0027string\\u0022 \\u003Cb\\u003Eescaping\\u003C/b\\u003E',
    },
    escapeseq: {
      t: '{% autoescape off %}{{ l|escapeseq|join:", " }}{% endautoescape %}',
      c: { l: ['<a>', '&'] },
      out: '&lt;a&gt;, &amp;',
    },
    safe: { t: '{{ v|safe }}', c: { v: '<b>' }, out: '<b>' },
    safeseq: { t: '{{ l|safeseq|join:", " }}', c: { l: ['<a>', '<b>'] }, out: '<a>, <b>' },
    'join escapes items': {
      t: '{{ l|join:", " }}',
      c: { l: ['<a>', '<b>'] },
      out: '&lt;a&gt;, &lt;b&gt;',
    },
    json_script: {
      t: '{{ v|json_script:"hello-data" }}',
      c: { v: { hello: 'world' } },
      out: '<script id="hello-data" type="application/json">{"hello": "world"}</script>',
    },
    'json_script escapes markup': {
      t: '{{ v|json_script }}',
      c: { v: { a: '</script><b>&', n: [1, 2.5, null, true] } },
      out: '<script type="application/json">{"a": "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026", "n": [1, 2.5, null, true]}</script>',
    },
    'json_script non-ascii': {
      t: '{{ v|json_script:"x" }}',
      c: { v: 'é' },
      out: '<script id="x" type="application/json">"\\u00e9"</script>',
    },
    linebreaks: {
      t: '{{ v|linebreaks }}',
      c: { v: 'Joel\nis a slug' },
      out: '<p>Joel<br>is a slug</p>',
    },
    'linebreaks paragraphs and escaping': {
      t: '{{ v|linebreaks }}',
      c: { v: 'a<\r\n\r\nb' },
      out: '<p>a&lt;</p>\n\n<p>b</p>',
    },
    linebreaksbr: {
      t: '{{ v|linebreaksbr }}',
      c: { v: 'Joel\nis a <slug>' },
      out: 'Joel<br>is a &lt;slug&gt;',
    },
    linenumbers: {
      t: '{{ v|linenumbers }}',
      c: { v: 'one\ntwo\nthree' },
      out: '1. one\n2. two\n3. three',
    },
    'linenumbers pads': {
      t: '{{ v|linenumbers }}',
      c: { v: 'a\n'.repeat(9) + '<' },
      out: Array.from({ length: 9 }, (_, i) => `0${i + 1}. a`).join('\n') + '\n10. &lt;',
    },
    striptags: {
      t: '{{ v|striptags }}',
      c: { v: '<b>Joel</b> <button>is</button> a <span>slug</span>' },
      out: 'Joel is a slug',
    },
    'striptags repeats until no tags remain': {
      t: '{{ v|striptags }}',
      c: { v: '<<b>script>x' },
      out: 'x',
    },
    'striptags output is escaped when input was unsafe': {
      t: '{{ v|striptags }}',
      c: { v: '<b>a</b> &lt;' },
      out: 'a &lt;',
    },
    truncatechars_html: {
      t: '{{ v|truncatechars_html:9 }}',
      c: { v: markSafe('<p>Joel is a slug</p>') },
      out: '<p>Joel is …</p>',
    },
    'truncatechars_html no truncation': {
      t: '{{ v|truncatechars_html:100 }}',
      c: { v: markSafe('<p>Joel <br/>is</p>') },
      out: '<p>Joel <br/>is</p>',
    },
    'truncatechars_html exact length': {
      t: '{{ v|truncatechars_html:3 }}',
      c: { v: 'abc' },
      out: 'abc',
    },
    truncatewords_html: {
      t: '{{ v|truncatewords_html:2 }}',
      c: { v: markSafe('<p>Joel is a slug</p>') },
      out: '<p>Joel is …</p>',
    },
    'truncatewords_html nested': {
      t: '{{ v|truncatewords_html:3 }}',
      c: { v: markSafe('<div><p>one <b>two three</b> four</p></div>') },
      out: '<div><p>one <b>two three</b> …</p></div>',
    },
    'truncate html output escaped for unsafe input': {
      t: '{{ v|truncatewords_html:1 }}',
      c: { v: '<i>a b</i>' },
      out: '&lt;i&gt;a …&lt;/i&gt;',
    },
    'truncatewords_html re-escapes text': {
      t: '{{ v|truncatewords_html:5 }}',
      c: { v: markSafe("<p>it's &amp; ok</p>") },
      out: '<p>it&#x27;s &amp; ok</p>',
    },
    'truncatewords_html hostile unclosed tag': {
      t: '{{ v|truncatewords_html:2 }}',
      c: { v: markSafe('a <b c="d') },
      out: 'a &lt;b …',
    },
    'truncatewords_html zero': {
      t: '[{{ v|truncatewords_html:0 }}]',
      c: { v: '<p>a</p>' },
      out: '[]',
    },
    unordered_list: {
      t: '{{ v|unordered_list }}',
      c: { v: ['States', ['Kansas', ['Lawrence', 'Topeka'], 'Illinois']] },
      out: '\t<li>States\n\t<ul>\n\t\t<li>Kansas\n\t\t<ul>\n\t\t\t<li>Lawrence</li>\n\t\t\t<li>Topeka</li>\n\t\t</ul>\n\t\t</li>\n\t\t<li>Illinois</li>\n\t</ul>\n\t</li>',
    },
    'unordered_list escapes': {
      t: '{{ v|unordered_list }}',
      c: { v: ['<a>'] },
      out: '\t<li>&lt;a&gt;</li>',
    },
    urlencode: {
      t: '{{ v|urlencode }}',
      c: { v: 'https://www.example.org/foo?a=b&c=d' },
      out: 'https%3A//www.example.org/foo%3Fa%3Db%26c%3Dd',
    },
    'urlencode no safe chars': {
      t: '{{ v|urlencode:"" }}',
      c: { v: 'https://www.example.org/foo?a=b&c=d' },
      out: 'https%3A%2F%2Fwww.example.org%2Ffoo%3Fa%3Db%26c%3Dd',
    },
    'urlencode unicode': { t: '{{ v|urlencode }}', c: { v: 'é ü' }, out: '%C3%A9%20%C3%BC' },
    iriencode: { t: '{{ v|iriencode }}', c: { v: '?test=1&me=2' }, out: '?test=1&amp;me=2' },
    'iriencode unicode': { t: '{{ v|iriencode }}', c: { v: '/é/' }, out: '/%C3%A9/' },
    urlize: {
      t: '{{ v|urlize }}',
      c: { v: 'Check out www.djangoproject.com' },
      out: 'Check out <a href="http://www.djangoproject.com" rel="nofollow">www.djangoproject.com</a>',
    },
    'urlize http': {
      t: '{{ v|urlize }}',
      c: { v: 'see https://example.com/a?b=1&c=2.' },
      out: 'see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow">https://example.com/a?b=1&amp;c=2</a>.',
    },
    'urlize email': {
      t: '{{ v|urlize }}',
      c: { v: 'Send questions to foo@example.com' },
      out: 'Send questions to <a href="mailto:foo@example.com">foo@example.com</a>',
    },
    'urlize bare domain': {
      t: '{{ v|urlize }}',
      c: { v: 'djangoproject.org' },
      out: '<a href="http://djangoproject.org" rel="nofollow">djangoproject.org</a>',
    },
    'urlize wrapped in parens': {
      t: '{{ v|urlize }}',
      c: { v: '(www.example.com)' },
      out: '(<a href="http://www.example.com" rel="nofollow">www.example.com</a>)',
    },
    'urlize escapes other text': {
      t: '{{ v|urlize }}',
      c: { v: '<b> www.x.com' },
      out: '&lt;b&gt; <a href="http://www.x.com" rel="nofollow">www.x.com</a>',
    },
    'urlize non-url with dot': { t: '{{ v|urlize }}', c: { v: 'end. fin' }, out: 'end. fin' },
    urlizetrunc: {
      t: '{{ v|urlizetrunc:15 }}',
      c: { v: 'Check out www.djangoproject.com' },
      out: 'Check out <a href="http://www.djangoproject.com" rel="nofollow">www.djangoproj…</a>',
    },
  })
})
