/**
 * Exceptions of the URL resolver. Resolver404 is an Http404, so the handler turns it into a
 * 404 response; its `tried` chains feed the technical 404 page. NoReverseMatch is a plain
 * error: a reverse() that fails is a bug in the project, not in the client's request.
 */
import { Http404 } from '../http/exceptions.js'
import type { URLEntry } from './types.js'

export interface Resolver404Init {
  /** The part of the path that was left to match (Django's `path`: no leading slash). */
  path: string
  /** The chains tried, or a function computing them on first access. */
  tried?: readonly URLEntry[][] | (() => URLEntry[][])
}

/**
 * No URL pattern matches the path.
 *
 * `tried` lists every chain of patterns the resolver would have tried in declaration order
 * (outermost include first); it is computed when first read, so a 404 on a hot path costs
 * nothing unless the debug page asks for it.
 */
export class Resolver404 extends Http404 {
  override name = 'Resolver404'
  /** The unmatched remainder of the path, without the leading '/' (as Django reports it). */
  readonly path: string
  #tried: readonly URLEntry[][] | (() => URLEntry[][])
  #computed: URLEntry[][] | undefined

  constructor(init: Resolver404Init) {
    super(`No URL pattern matches '${init.path}'`)
    this.path = init.path
    this.#tried = init.tried ?? []
  }

  /** Chains of patterns tried, each `[outer include, …, pattern]`. */
  get tried(): URLEntry[][] {
    if (this.#computed === undefined) {
      const t = this.#tried
      this.#computed = typeof t === 'function' ? t() : t.map((chain) => [...chain])
    }
    return this.#computed
  }
}

/** reverse() found no pattern for the name (or view) and arguments; the message lists the tries. */
export class NoReverseMatch extends Error {
  override name = 'NoReverseMatch'
}
