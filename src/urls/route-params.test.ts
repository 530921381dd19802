import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import { path, rePath, registerConverter, type RegexParams, type RouteParams } from './index.js'

declare module 'reinhardt/urls' {
  interface ConverterTypes {
    year4: number
  }
}

registerConverter(
  { regex: '[0-9]{4}', toJs: (v: string) => Number(v), toUrl: (v: number) => String(v) },
  'year4',
)

const response = null as unknown as HttpResponseBase

describe('RouteParams', () => {
  it('parses converters into typed params', () => {
    expectTypeOf<RouteParams<'articles/<int:year>/<slug:title>/'>>().toEqualTypeOf<{
      year: number
      title: string
    }>()
    expectTypeOf<RouteParams<'<name>/<path:rest>'>>().toEqualTypeOf<{
      name: string
      rest: string
    }>()
    expectTypeOf<RouteParams<'u/<uuid:id>/<str:s>'>>().toEqualTypeOf<{ id: string; s: string }>()
    expectTypeOf<RouteParams<'static/'>>().toEqualTypeOf<{}>()
    expectTypeOf<RouteParams<'a/<nope:x>/'>>().toEqualTypeOf<{ x: unknown }>()
  })

  it('reads custom converter types from the augmentable ConverterTypes', () => {
    expectTypeOf<RouteParams<'<year4:year>/'>>().toEqualTypeOf<{ year: number }>()
  })

  it('gives rePath named groups as strings', () => {
    expectTypeOf<RegexParams<'^a/(?P<year>[0-9]+)/(?<slug>[a-z]+)/$'>>().toEqualTypeOf<{
      year: string
      slug: string
    }>()
    expectTypeOf<RegexParams<'^(?<=x)(?<id>[0-9]+)$'>>().toEqualTypeOf<{ id: string }>()
  })

  it('types the view passed to path()', () => {
    const pattern = path('articles/<int:year>/', (request, params) => {
      expectTypeOf(request).toEqualTypeOf<HttpRequest>()
      expectTypeOf(params).toEqualTypeOf<{ year: number }>()
      return response
    })
    expect(pattern.name).toBeNull()

    path(
      'a/<int:year>/',
      (_r, { year, flag }) => {
        expectTypeOf(year).toEqualTypeOf<number>()
        expectTypeOf(flag).toEqualTypeOf<boolean>()
        return response
      },
      { kwargs: { flag: true } },
    )

    const annotated = (_r: HttpRequest, { year }: { year: number }) => (year ? response : response)
    path('b/<int:year>/', annotated)

    const wrong = (_r: HttpRequest, { year }: { year: string }) => (year ? response : response)
    // @ts-expect-error an int route gives a number, not a string
    path('c/<int:year>/', wrong)

    const needsMore = (_r: HttpRequest, p: { year: number; extra: string }) =>
      p ? response : response
    // @ts-expect-error `extra` is neither captured nor given as an extra kwarg
    path('d/<int:year>/', needsMore)
    path('d/<int:year>/', needsMore, { kwargs: { extra: 'x' } })

    const dynamicRoute: string = 'e/<int:year>/'
    path(dynamicRoute, annotated)

    rePath('^f/(?P<year>[0-9]{4})/$', (_r, { year }) => {
      expectTypeOf(year).toEqualTypeOf<string>()
      return response
    })
    // @ts-expect-error rePath groups are strings
    rePath('^g/(?P<year>[0-9]{4})/$', annotated)
    rePath(/^h\/(?<year>[0-9]{4})\/$/, annotated)
  })
})
