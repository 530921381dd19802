/**
 * Recording the templates a request renders, for the test Client's `response.templates` and
 * `response.context` (Django's test-runner instrumentation).
 *
 * The engine sends `templateRendered` for every template it starts (the page, each parent
 * layout, each include) only when a receiver is connected. `recordTemplates(fn)` connects
 * one while at least one recording runs, and files each template under the recording whose
 * async context rendered it (AsyncLocalStorage), so concurrent requests from several clients
 * never see each other's templates. Each context is copied when its template starts, so
 * later pushes and pops of the engine do not change what the test sees.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Context } from '../template/context.js'
import type { TemplateLike } from '../template/nodes/base.js'
import { templateRendered } from '../template/signals.js'

/**
 * The contexts of the templates a request rendered, in render order. `get(name)` finds a
 * variable in the first context that has it (Django's ContextList).
 *
 * @example
 * expect(response.context.get('latestQuestions')).toHaveLength(5)
 */
export class ContextList extends Array<Context> {
  /** The value of `name` in the first context that has it; `fallback` otherwise. */
  get(name: string, fallback?: unknown): unknown {
    for (const context of this) if (context.has(name)) return context.get(name)
    return fallback
  }

  /** True when any context has `name`. */
  has(name: string): boolean {
    return this.some((context) => context.has(name))
  }

  /** Every variable name of every context (Django's `ContextList.keys()`). */
  variableNames(): string[] {
    const names = new Set<string>()
    for (const context of this) for (const name of Object.keys(context.flatten())) names.add(name)
    return [...names]
  }

  // Array methods that build new arrays (map, filter, …) should build plain arrays.
  static override get [Symbol.species](): ArrayConstructor {
    return Array
  }
}

/** What one recording collected. */
export interface RenderedTemplates {
  templates: TemplateLike[]
  contexts: ContextList
}

const storage = new AsyncLocalStorage<RenderedTemplates>()
const UID = 'reinhardt.test.templateRecorder'
let recordings = 0

function receiver({ template, context }: { template: TemplateLike; context: Context }): void {
  const rendered = storage.getStore()
  if (rendered === undefined) return
  rendered.templates.push(template)
  rendered.contexts.push(context.copy())
}

/**
 * Runs `fn`, collecting the templates rendered inside it (and in everything it awaits).
 *
 * @example
 * const { result, rendered } = await recordTemplates(() => handler.getResponse(request))
 */
export async function recordTemplates<T>(
  fn: () => Promise<T> | T,
): Promise<{ result: T; rendered: RenderedTemplates }> {
  const rendered: RenderedTemplates = { templates: [], contexts: new ContextList() }
  if (recordings++ === 0) templateRendered.connect(receiver, { dispatchUid: UID })
  try {
    const result = await storage.run(rendered, fn)
    return { result, rendered }
  } finally {
    if (--recordings === 0) templateRendered.disconnect({ dispatchUid: UID })
  }
}

/** Anything with the recorded templates (a test Client response). */
export interface HasTemplates {
  readonly templates: readonly TemplateLike[]
}

/**
 * Throws unless a template of this name was rendered (`count` times, when given).
 *
 * @example
 * assertTemplateUsed(await client.get('/polls/'), 'polls/index.html')
 */
export function assertTemplateUsed(response: HasTemplates, name: string, count?: number): void {
  const names = response.templates.map((template) => template.name)
  const used = names.filter((n) => n === name).length
  const rendered = names.length ? names.join(', ') : 'no templates'
  if (count === undefined && used === 0) {
    throw new Error(
      `Template '${name}' was not a template used to render the response. Rendered: ${rendered}.`,
    )
  }
  if (count !== undefined && used !== count) {
    throw new Error(
      `Template '${name}' was expected to be rendered ${count} time(s) but was rendered ` +
        `${used} time(s). Rendered: ${rendered}.`,
    )
  }
}

/** Throws if a template of this name was rendered. */
export function assertTemplateNotUsed(response: HasTemplates, name: string): void {
  if (response.templates.some((template) => template.name === name)) {
    throw new Error(`Template '${name}' was used unexpectedly in rendering the response.`)
  }
}
