import { describe, expect, it } from 'vitest'
import type { HttpRequest } from '../../http/request.js'
import { HttpResponse } from '../../http/response.js'
import { RequestFactory } from '../../test/request-factory.js'
import type { View } from '../types.js'
import { wrapView } from './wrap-view.js'

const rf = new RequestFactory()
const tag = (_request: HttpRequest, response: import('../../http/response.js').HttpResponseBase) =>
  response.setHeader('X-Tag', '1')

describe('wrapView', () => {
  it('stays synchronous for a synchronous view', () => {
    const view = wrapView(
      (_r: HttpRequest, { id }: { id: number }) => new HttpResponse(`${id}`),
      tag,
    )
    const result = view(rf.get('/'), { id: 3 })
    expect(result).toBeInstanceOf(HttpResponse)
    expect((result as HttpResponse).getHeader('X-Tag')).toBe('1')
  })

  it('chains onto an async view', async () => {
    const view = wrapView(async () => new HttpResponse('later'), tag)
    const result = view(rf.get('/'), {})
    expect(result).toBeInstanceOf(Promise)
    expect((await result).getHeader('X-Tag')).toBe('1')
  })

  it('keeps the name, own properties and parameter types', () => {
    function article(_r: HttpRequest, { id }: { id: number }) {
      return new HttpResponse(String(id))
    }
    const marked = Object.assign(article, { shouldAppendSlash: false })
    const view = wrapView(marked, tag)
    expect(view.name).toBe('article')
    expect(view.shouldAppendSlash).toBe(false)
    const typed: View<{ id: number }> = view
    expect(typed).toBe(view)
    // @ts-expect-error: params keep their type
    void (() => view(rf.get('/'), { id: 'x' }))
  })

  it('lets the view’s errors through, sync and async', async () => {
    const failing = wrapView(() => {
      throw new Error('boom')
    }, tag)
    expect(() => failing(rf.get('/'), {})).toThrow('boom')
    const rejecting = wrapView(async () => {
      throw new Error('later boom')
    }, tag)
    await expect(rejecting(rf.get('/'), {})).rejects.toThrow('later boom')
  })

  it('refuses something that is not a function', () => {
    expect(() => wrapView('nope' as never, tag)).toThrow(TypeError)
  })
})
