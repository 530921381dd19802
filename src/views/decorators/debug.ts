/**
 * sensitivePostParameters and sensitiveVariables (Django's django.views.decorators.debug):
 * mark what the technical 500 page must mask for requests this view handles.
 *
 * How it works: the wrapper records the names on the request (in a WeakMap, so the request
 * object is untouched and nothing outlives it) before calling the view; the exception
 * reporter filter reads them back when it renders the page. JavaScript gives no access to
 * a frame's local variables, so the page has none to hide; what it shows instead are the
 * error's own properties (`error.config`, `error.params`, …), and sensitiveVariables masks
 * those by name (all of them when no name is given).
 *
 * Unlike Django, where these only apply with DEBUG off (to the e-mailed reports), they
 * apply to the DEBUG page too: it is the one place reinhardt shows request data.
 */
import type { HttpRequest } from '../../http/request.js'
import type { View } from '../types.js'

/** Every name: the decorator was given none. */
export const ALL = Symbol('all')

export type SensitiveNames = readonly string[] | typeof ALL

const postParameters = new WeakMap<HttpRequest, SensitiveNames>()
const variables = new WeakMap<HttpRequest, SensitiveNames>()

/** A decorator produced by sensitivePostParameters / sensitiveVariables. */
export type SensitiveDecorator = <F extends View>(view: F) => F

function decorator(
  registry: WeakMap<HttpRequest, SensitiveNames>,
  names: readonly unknown[],
  what: string,
): SensitiveDecorator {
  if (typeof names[0] === 'function') {
    throw new TypeError(
      `${what} must be called to make the decorator: write ${what}()(view) or ` +
        `${what}('field', …)(view), not ${what}(view).`,
    )
  }
  for (const name of names) {
    if (typeof name !== 'string') {
      throw new TypeError(`${what} takes names as strings; got ${typeof name}.`)
    }
  }
  const marked: SensitiveNames = names.length === 0 ? ALL : Object.freeze([...(names as string[])])
  return <F extends View>(view: F): F => {
    const wrapper = function (this: unknown, request: HttpRequest, params: unknown) {
      const current = registry.get(request)
      registry.set(request, merge(current, marked))
      return view.call(this, request, params)
    }
    Object.assign(wrapper, view)
    Object.defineProperty(wrapper, 'name', { value: view.name, configurable: true })
    return wrapper as unknown as F
  }
}

function merge(current: SensitiveNames | undefined, added: SensitiveNames): SensitiveNames {
  if (current === undefined) return added
  if (current === ALL || added === ALL) return ALL
  return Object.freeze([...new Set([...current, ...added])])
}

/**
 * Masks the named POST fields (all of them when no name is given) on the technical 500
 * page for requests this view handles.
 *
 * ```ts
 * export const checkout = sensitivePostParameters('cardNumber', 'cvv')(
 *   async (request: HttpRequest) => { … },
 * )
 * ```
 */
export function sensitivePostParameters(...names: string[]): SensitiveDecorator {
  return decorator(postParameters, names, 'sensitivePostParameters')
}

/**
 * Masks the named properties of an error raised while this view handles a request (every
 * property when no name is given) on the technical 500 page.
 *
 * ```ts
 * export const login = sensitiveVariables('password', 'token')(async (request) => { … })
 * ```
 */
export function sensitiveVariables(...names: string[]): SensitiveDecorator {
  return decorator(variables, names, 'sensitiveVariables')
}

/** The POST fields marked sensitive for `request` (undefined: none). */
export function getSensitivePostParameters(request: HttpRequest): SensitiveNames | undefined {
  return postParameters.get(request)
}

/** The error property names marked sensitive for `request` (undefined: none). */
export function getSensitiveVariables(request: HttpRequest): SensitiveNames | undefined {
  return variables.get(request)
}
