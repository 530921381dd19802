/** In-memory loader: templates from an object or Map of name → source (tests, small apps). */
import type { Origin } from '../nodes/base.js'
import { SourceLoader } from './loader.js'

/**
 * Templates held in memory.
 *
 * @example
 * new Engine({ loaders: [new LocmemLoader({ 'base.html': '<title>{% block t %}{% endblock %}</title>' })] })
 */
export class LocmemLoader extends SourceLoader {
  readonly templates: Map<string, string>
  constructor(templates: Record<string, string> | Map<string, string>) {
    super()
    this.templates = templates instanceof Map ? templates : new Map(Object.entries(templates))
  }
  protected *candidates(name: string): Iterable<Origin & { path: string }> {
    yield { name, path: `locmem:${name}`, source: '' }
  }
  protected read(origin: Origin & { path: string }): string | null {
    return this.templates.get(origin.name) ?? null
  }
}
