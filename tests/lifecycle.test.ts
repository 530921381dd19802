/**
 * The lifecycle as implemented, the PHASES list, and docs/lifecycle.md must agree.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildSettings } from '../src/conf/settings.js'
import { BaseHandler } from '../src/core/handlers/base.js'
import { PHASES } from '../src/core/phases.js'
import { requestStarted, requestFinished } from '../src/core/signals.js'
import type { HttpRequest } from '../src/http/request.js'
import { HttpResponse, type HttpResponseBase } from '../src/http/response.js'
import { toFetchHandler } from '../src/http/gateways/fetch.js'
import { MiddlewareMixin } from '../src/middleware/mixin.js'
import { path } from '../src/urls/index.js'

describe('lifecycle', () => {
  it('passes a request through the phases in the order PHASES lists them', async () => {
    const seen: string[] = []
    const note = (phase: string) => {
      if (seen.at(-1) !== phase) seen.push(phase)
    }
    class Observer extends MiddlewareMixin {
      override processRequest() {
        note('request-middleware')
        return null
      }
      processView() {
        note('view-middleware')
        return null
      }
      processTemplateResponse(_request: HttpRequest, response: HttpResponseBase) {
        note('template-response-middleware')
        return response
      }
      override processResponse(_request: HttpRequest, response: HttpResponseBase) {
        note('response-middleware')
        return response
      }
    }
    class Deferred extends HttpResponse {
      isRendered = false
      render() {
        this.isRendered = true
        return this
      }
    }
    const handler = new BaseHandler(
      buildSettings({
        ROOT_URLCONF: {
          urlpatterns: [
            path('page/', (request: HttpRequest) => {
              if (request.resolverMatch) note('url-resolver')
              note('view')
              return new Deferred('ok')
            }),
          ],
        },
        MIDDLEWARE: [Observer],
      }),
      { installGlobals: false },
    )
    const onStart = () => note('gateway')
    const onFinish = () => note('write')
    requestStarted.connect(onStart)
    requestFinished.connect(onFinish)
    try {
      const response = await toFetchHandler(handler)(new Request('http://localhost/page/'))
      await response.text()
    } finally {
      requestStarted.disconnect(onStart)
      requestFinished.disconnect(onFinish)
    }
    // The resolver runs before view middleware; the view observes its result, so reorder
    // that one observation to where it happened.
    const resolved = seen.filter((phase) => phase !== 'url-resolver')
    resolved.splice(resolved.indexOf('view-middleware'), 0, 'url-resolver')
    expect(resolved).toEqual(PHASES.map((phase) => phase.id))
  })

  it('docs/lifecycle.md names every phase, in order', () => {
    const doc = readFileSync(new URL('../docs/lifecycle.md', import.meta.url), 'utf8')
    const table = doc.slice(
      doc.indexOf('<!-- phases:start -->'),
      doc.indexOf('<!-- phases:end -->'),
    )
    const ids = [...table.matchAll(/^\|\s*`([a-z-]+)`\s*\|/gm)].map((m) => m[1])
    expect(ids).toEqual(PHASES.map((phase) => phase.id))
  })
})
