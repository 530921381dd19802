/**
 * RequestContext: a Context that also carries the request, filled by context processors.
 * Processors are functions of the request returning variables (`{ user, perms }`); the
 * engine's `contextProcessors` run when the context is first bound to a template, then any
 * passed here. Their variables sit below the view's own, so the view's values win, as in
 * Django.
 */
import { Context, type ContextOptions, type Scope } from './context.js'

/** Returns variables every template rendered with a request gets. */
export type ContextProcessor = (request: unknown) => Scope | Map<string, unknown>

/**
 * @example
 * const ctx = new RequestContext(request, { title: 'Home' }, [(r) => ({ path: r.path })])
 * engine.getTemplate('home.html').render(ctx)
 */
export class RequestContext extends Context {
  readonly request: unknown
  readonly processors: readonly ContextProcessor[]
  #processorScope: Scope
  #bound = false

  constructor(
    request: unknown,
    values?: Scope | Map<string, unknown> | null,
    processors: readonly ContextProcessor[] = [],
    options: ContextOptions = {},
  ) {
    super(null, options)
    this.request = request
    this.processors = processors
    // dicts: [builtins, processor scope, values]
    this.#processorScope = this.dicts[1] as Scope
    this.push(values)
  }

  /** Run the engine's processors, then this context's own (once). */
  bind(engineProcessors: readonly ContextProcessor[]): void {
    if (this.#bound) return
    this.#bound = true
    for (const processor of [...engineProcessors, ...this.processors]) {
      const values = processor(this.request)
      if (values instanceof Map) for (const [k, v] of values) this.#processorScope[k] = v
      else Object.assign(this.#processorScope, values)
    }
  }

  override new(values?: Scope | Map<string, unknown> | null): Context {
    const ctx = new Context(values, {
      autoescape: this.autoescape,
      timeZone: this.timeZone,
      useTz: this.useTz,
      useL10n: this.useL10n,
      numberFormats: this.numberFormats,
    })
    ctx.renderContext = this.renderContext
    ctx.template = this.template
    return ctx
  }
}

/** Processor exposing `request` to templates (Django's context_processors.request). */
export const requestProcessor: ContextProcessor = (request) => ({ request })
