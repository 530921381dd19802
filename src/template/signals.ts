/**
 * Template signals. `templateRendered` is sent each time a template (a page, its parent
 * layouts, every include) starts rendering, with the context it renders against. The test
 * Client listens to it to record `response.templates` and `response.context`, as Django's
 * test runner does.
 *
 * The engine checks `hasListeners()` before sending, so with no receiver (production) the
 * signal costs one loop over an empty array per template render and allocates nothing.
 */
import { Signal } from '../core/signal.js'
import type { Context } from './context.js'
import type { TemplateLike } from './nodes/base.js'

/**
 * Sent with the template (also as sender) and the live context it is rendering with. Copy
 * the context (`context.copy()`) to keep its values: the engine pushes and pops scopes on it
 * as rendering goes on.
 *
 * @example
 * templateRendered.connect(({ template, context }) => console.log(template.name, context.flatten()))
 */
export const templateRendered = new Signal<
  { template: TemplateLike; context: Context },
  TemplateLike
>()
