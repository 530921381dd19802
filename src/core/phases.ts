/**
 * The request/response lifecycle as data. docs/lifecycle.md draws the same phases; a test
 * (tests/lifecycle-doc.test.ts) keeps the two in agreement, and tests/lifecycle.test.ts
 * checks that a request really passes through them in this order.
 */
export interface Phase {
  /** Stable identifier, used in docs and tests. */
  readonly id: string
  /** Where the code for this phase lives. */
  readonly module: string
  /** What happens, in one line. */
  readonly summary: string
  /** Can this phase answer early with a response (skipping to the response phase)? */
  readonly mayShortCircuit: boolean
}

export const PHASES: readonly Phase[] = Object.freeze([
  {
    id: 'gateway',
    module: 'src/http/gateways/',
    summary: 'node:http, Fetch or the test Client builds the HttpRequest and sends requestStarted',
    mayShortCircuit: false,
  },
  {
    id: 'request-middleware',
    module: 'src/core/handlers/base.ts',
    summary: 'each middleware, outermost first, runs its code before calling getResponse',
    mayShortCircuit: true,
  },
  {
    id: 'url-resolver',
    module: 'src/urls/resolvers.ts',
    summary: 'resolve(pathInfo) gives a ResolverMatch, or Resolver404 with the patterns tried',
    mayShortCircuit: false,
  },
  {
    id: 'view-middleware',
    module: 'src/core/handlers/base.ts',
    summary: 'processView hooks, top-down, after form bodies are loaded',
    mayShortCircuit: true,
  },
  {
    id: 'view',
    module: 'src/views/',
    summary:
      'view(request, params), sync or async; a throw goes to processException hooks, bottom-up',
    mayShortCircuit: false,
  },
  {
    id: 'template-response-middleware',
    module: 'src/core/handlers/base.ts',
    summary:
      'for a response with render(): processTemplateResponse hooks, bottom-up, then render()',
    mayShortCircuit: false,
  },
  {
    id: 'response-middleware',
    module: 'src/core/handlers/base.ts',
    summary: 'each middleware, innermost first, sees the response on the way out',
    mayShortCircuit: false,
  },
  {
    id: 'write',
    module: 'src/http/gateways/',
    summary: 'status, headers, cookies and body are written; close() sends requestFinished',
    mayShortCircuit: false,
  },
])
