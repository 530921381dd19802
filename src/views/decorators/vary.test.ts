import { describe, expect, it } from 'vitest'
import { HttpResponse, type HttpResponseBase } from '../../http/response.js'
import { RequestFactory } from '../../test/request-factory.js'
import { varyOnCookie, varyOnHeaders } from './vary.js'

const rf = new RequestFactory()

describe('vary decorators', () => {
  it('varyOnHeaders adds the names after the existing ones', () => {
    const view = varyOnHeaders(
      'Accept-Language',
      'User-Agent',
    )(() => new HttpResponse('x', { headers: { Vary: 'Accept-Encoding' } }))
    expect((view(rf.get('/'), {}) as HttpResponseBase).getHeader('Vary')).toBe(
      'Accept-Encoding, Accept-Language, User-Agent',
    )
  })

  it('varyOnCookie adds Cookie once', async () => {
    const view = varyOnCookie(async () => new HttpResponse('x', { headers: { Vary: 'cookie' } }))
    expect((await view(rf.get('/'), {})).getHeader('Vary')).toBe('cookie')
    const fresh = varyOnCookie(() => new HttpResponse('x'))
    expect((fresh(rf.get('/'), {}) as HttpResponseBase).getHeader('Vary')).toBe('Cookie')
  })
})
