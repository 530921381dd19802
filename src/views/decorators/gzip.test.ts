import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { HttpResponse } from '../../http/response.js'
import { RequestFactory } from '../../test/request-factory.js'
import { gzipPage } from './gzip.js'

const rf = new RequestFactory()
const BODY = 'compress me please, '.repeat(40)

describe('gzipPage', () => {
  it('compresses the view’s response for a client accepting gzip', () => {
    const view = gzipPage(() => new HttpResponse(BODY))
    const response = view(rf.get('/', undefined, { headers: { 'accept-encoding': 'gzip' } }), {})
    expect(response).toBeInstanceOf(HttpResponse)
    const compressed = response as HttpResponse
    expect(compressed.getHeader('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(compressed.content).toString()).toBe(BODY)
  })

  it('leaves it alone otherwise', async () => {
    const view = gzipPage(async () => new HttpResponse(BODY))
    const response = (await view(rf.get('/'), {})) as HttpResponse
    expect(response.hasHeader('Content-Encoding')).toBe(false)
    expect(response.getHeader('Vary')).toBe('Accept-Encoding')
    expect(response.text()).toBe(BODY)
  })
})
