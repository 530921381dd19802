import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ImproperlyConfigured } from './core/exceptions.js'
import { HttpResponse } from './http/response.js'
import { HttpResponsePermanentRedirect, HttpResponseRedirect } from './http/response-redirect.js'
import { NoReverseMatch } from './urls/exceptions.js'
import { path, setUrlconf, type URLConf } from './urls/index.js'
import { redirect, resolveUrl } from './shortcuts.js'

const articleDetail = (_request: unknown, { id }: { id: number }) =>
  new HttpResponse(`article ${id}`)
const index = () => new HttpResponse('index')
const unrouted = () => new HttpResponse('nowhere')

const urlconf: URLConf = {
  urlpatterns: [
    path('', index, { name: 'index' }),
    path('articles/<int:id>/', articleDetail, { name: 'article-detail' }),
    // A name that looks like a URL: reversing wins over taking it literally.
    path('dotted/', index, { name: 'page.html' }),
  ],
}

class Article {
  constructor(readonly id: number) {}
  getAbsoluteUrl(): string {
    return `/articles/${this.id}/`
  }
}

beforeEach(() => setUrlconf(urlconf))
afterEach(() => setUrlconf(null))

describe('resolveUrl', () => {
  it('uses getAbsoluteUrl() of an object', () => {
    expect(resolveUrl(new Article(5))).toBe('/articles/5/')
  })

  it('reverses a pattern name with kwargs or args', () => {
    expect(resolveUrl('index')).toBe('/')
    expect(resolveUrl('article-detail', { kwargs: { id: 3 } })).toBe('/articles/3/')
    expect(resolveUrl('article-detail', { args: [4] })).toBe('/articles/4/')
  })

  it('reverses a view function', () => {
    expect(resolveUrl(articleDetail, { kwargs: { id: 9 } })).toBe('/articles/9/')
  })

  it('prefers a pattern name over a literal URL', () => {
    expect(resolveUrl('page.html')).toBe('/dotted/')
  })

  it("takes strings with '/' or '.' as URLs when they do not reverse", () => {
    expect(resolveUrl('/some/url/')).toBe('/some/url/')
    expect(resolveUrl('https://example.com/')).toBe('https://example.com/')
    expect(resolveUrl('other.html')).toBe('other.html')
  })

  it('returns relative URLs as they are, without trying reverse()', () => {
    expect(resolveUrl('./')).toBe('./')
    expect(resolveUrl('../up/')).toBe('../up/')
    setUrlconf(null)
    expect(resolveUrl('../up/')).toBe('../up/')
  })

  it('accepts URL objects', () => {
    expect(resolveUrl(new URL('https://example.com/a b'))).toBe('https://example.com/a%20b')
  })

  it('rethrows NoReverseMatch for a bare name', () => {
    expect(() => resolveUrl('no-such-name')).toThrow(NoReverseMatch)
  })

  it('rethrows NoReverseMatch for a view function that is not routed', () => {
    expect(() => resolveUrl(unrouted)).toThrow(NoReverseMatch)
  })

  it('rethrows NoReverseMatch when the arguments do not fit a known name', () => {
    expect(() => resolveUrl('article-detail', { kwargs: { slug: 'x' } })).toThrow(NoReverseMatch)
  })

  it('takes URL-looking strings literally without any URLconf, but not names', () => {
    setUrlconf(null)
    expect(resolveUrl('/login/')).toBe('/login/')
    expect(() => resolveUrl('index')).toThrow(ImproperlyConfigured)
  })

  it('reverses against an explicit urlconf', () => {
    setUrlconf(null)
    expect(resolveUrl('article-detail', { urlconf, kwargs: { id: 1 } })).toBe('/articles/1/')
  })

  it('adds query and fragment to every kind of target', () => {
    expect(resolveUrl('index', { query: { q: 'a b' } })).toBe('/?q=a+b')
    expect(resolveUrl('/login/', { query: { next: '/x/' } })).toBe('/login/?next=%2Fx%2F')
    expect(resolveUrl('/s/?a=1#top', { query: { b: ['2', '3'] } })).toBe('/s/?a=1&b=2&b=3#top')
    expect(resolveUrl(new Article(1), { fragment: 'comments' })).toBe('/articles/1/#comments')
    expect(resolveUrl('/s/#old', { fragment: 'new' })).toBe('/s/#new')
    expect(resolveUrl('/s/', { query: new URLSearchParams() })).toBe('/s/')
  })

  it('refuses targets it cannot read', () => {
    // @ts-expect-error: not a valid target
    expect(() => resolveUrl({ id: 1 })).toThrow(/without getAbsoluteUrl/)
    // @ts-expect-error: not a valid target
    expect(() => resolveUrl(null)).toThrow(TypeError)
    // @ts-expect-error: not a valid target
    expect(() => resolveUrl(42)).toThrow(/a number/)
  })
})

describe('redirect', () => {
  it('answers 302 to the resolved URL', () => {
    const response = redirect('article-detail', { kwargs: { id: 2 } })
    expect(response).toBeInstanceOf(HttpResponseRedirect)
    expect(response.statusCode).toBe(302)
    expect(response.getHeader('Location')).toBe('/articles/2/')
  })

  it('answers 301 when permanent', () => {
    const response = redirect(new Article(8), { permanent: true })
    expect(response).toBeInstanceOf(HttpResponsePermanentRedirect)
    expect(response.statusCode).toBe(301)
    expect(response.getHeader('Location')).toBe('/articles/8/')
  })

  it('answers 307/308 with preserveRequest', () => {
    expect(redirect('/x/', { preserveRequest: true }).statusCode).toBe(307)
    expect(redirect('/x/', { preserveRequest: true, permanent: true }).statusCode).toBe(308)
  })

  it('redirects to a view function, a URL and a query', () => {
    expect(redirect(articleDetail, { args: [1] }).getHeader('Location')).toBe('/articles/1/')
    expect(redirect('https://example.com/').getHeader('Location')).toBe('https://example.com/')
    expect(redirect('index', { query: { page: '2' } }).getHeader('Location')).toBe('/?page=2')
  })

  it('propagates NoReverseMatch', () => {
    expect(() => redirect('missing')).toThrow(NoReverseMatch)
  })
})
