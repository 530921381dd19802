import { describe, expect, it } from 'vitest'
import { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import {
  ALL,
  getSensitivePostParameters,
  getSensitiveVariables,
  sensitivePostParameters,
  sensitiveVariables,
} from './debug.js'

const request = () => new HttpRequest({ method: 'POST', url: '/pay/', headers: {} })

describe('sensitivePostParameters / sensitiveVariables', () => {
  it('record the names on the request before the view runs, and keep the view’s identity', async () => {
    let seenInside: unknown
    async function pay(req: HttpRequest, params: { id: number }) {
      seenInside = getSensitivePostParameters(req)
      return new HttpResponse(`paid ${params.id}`)
    }
    ;(pay as unknown as { viewClass: string }).viewClass = 'Marker'
    const decorated = sensitivePostParameters('card', 'cvv')(pay)
    expect(decorated.name).toBe('pay')
    expect((decorated as unknown as { viewClass: string }).viewClass).toBe('Marker')
    const req = request()
    expect(getSensitivePostParameters(req)).toBeUndefined()
    const response = await decorated(req, { id: 7 })
    expect(response.content.toString()).toBe('paid 7')
    expect(seenInside).toEqual(['card', 'cvv'])
  })

  it('mean every name when called with none, and combine when stacked', () => {
    const view = (_request: HttpRequest, _params: unknown) => new HttpResponse('ok')
    const req = request()
    sensitiveVariables()(view)(req, {})
    expect(getSensitiveVariables(req)).toBe(ALL)
    const req2 = request()
    sensitivePostParameters('a')(sensitivePostParameters('b', 'a')(view))(req2, {})
    expect(getSensitivePostParameters(req2)).toEqual(['a', 'b'])
    const req3 = request()
    sensitivePostParameters()(sensitivePostParameters('b')(view))(req3, {})
    expect(getSensitivePostParameters(req3)).toBe(ALL)
  })

  it('refuse to be used without being called, or with non-string names', () => {
    const view = () => new HttpResponse('ok')
    expect(() => sensitivePostParameters(view as never)).toThrow(
      /sensitivePostParameters must be called to make the decorator/,
    )
    expect(() => sensitiveVariables(1 as never)).toThrow(/takes names as strings; got number/)
  })
})
