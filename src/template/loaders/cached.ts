/**
 * Cached loader: wraps other loaders and keeps each compiled template (and each miss) after
 * the first lookup, so a template is read and parsed once per process. The Engine uses it
 * by default when `debug` is off; with `debug` on templates are re-read on every lookup
 * (edits show up without a restart). `reset()` empties the cache.
 */
import type { TemplateLike } from '../nodes/base.js'
import type { LoadRequest, Loader, Tried } from './loader.js'

type Entry = { template: TemplateLike } | { tried: Tried[] }

/**
 * Memoizes its child loaders.
 *
 * @example
 * new CachedLoader([new FilesystemLoader(['templates'])])
 */
export class CachedLoader implements Loader {
  readonly loaders: readonly Loader[]
  #cache = new Map<string, Entry>()

  constructor(loaders: readonly Loader[]) {
    this.loaders = loaders
  }

  getTemplate(name: string, request: LoadRequest): TemplateLike | null {
    const key = request.skip.length ? `${name}\0${request.skip.join('\0')}` : name
    const hit = this.#cache.get(key)
    if (hit) {
      if ('template' in hit) return hit.template
      request.tried.push(...hit.tried)
      return null
    }
    const tried: Tried[] = []
    const inner: LoadRequest = { skip: request.skip, tried, compile: request.compile }
    for (const loader of this.loaders) {
      const template = loader.getTemplate(name, inner)
      if (template) {
        this.#cache.set(key, { template })
        return template
      }
    }
    this.#cache.set(key, { tried })
    request.tried.push(...tried)
    return null
  }

  reset(): void {
    this.#cache.clear()
    for (const loader of this.loaders) loader.reset?.()
  }
}
