/** Types shared by the URL resolver and the handler. */
import type { HttpRequest } from '../http/request.js'
import type { HttpResponseBase } from '../http/response.js'
import type { Awaitable } from '../utils/awaitable.js'
import type { ErrorView } from '../views/types.js'
import type { URLPattern, URLResolver } from './resolvers.js'

/** An entry of `urlpatterns`: a pattern (path/rePath) or an included resolver. */
export type URLEntry = URLPattern | URLResolver

/**
 * A URLconf: a module (`import * as urls from './urls.js'`) or an object exporting
 * `urlpatterns`, optionally `appName` and the error handlers.
 */
export interface URLConf {
  readonly urlpatterns: readonly URLEntry[]
  readonly appName?: string
  readonly handler400?: ErrorView
  readonly handler403?: ErrorView
  readonly handler404?: ErrorView
  readonly handler500?: (request: HttpRequest) => Awaitable<HttpResponseBase>
}
