/**
 * The loader contract. A loader answers `getTemplate(name, request)` with a compiled Template
 * or null, recording every place it looked in `request.tried` so TemplateDoesNotExist can
 * list them. `request.skip` holds origins to pass over: `{% extends "base.html" %}` inside an
 * overriding base.html skips itself and finds the next one, which is also what stops an
 * extends loop.
 */
import type { Origin, TemplateLike } from '../nodes/base.js'

/** One place a loader looked, and why it did not use it. */
export interface Tried {
  origin: string
  reason: string
}

/** What the engine passes to a loader. */
export interface LoadRequest {
  /** Origin paths not to use (extends' recursion guard). */
  skip: readonly string[]
  /** Appended to by loaders: every place looked at. */
  tried: Tried[]
  /** Compile a found source (the engine's compiler). */
  compile(source: string, origin: Origin): TemplateLike
}

/**
 * Finds templates by name.
 *
 * @example
 * const loader: Loader = new LocmemLoader({ 'index.html': 'Hello {{ name }}' })
 */
export interface Loader {
  getTemplate(name: string, request: LoadRequest): TemplateLike | null
  /** Forget cached state (the cached loader). */
  reset?(): void
}

/** Loaders that read sources from candidate locations (filesystem, locmem, app dirs). */
export abstract class SourceLoader implements Loader {
  /** Candidate origins for a name, in priority order. */
  protected abstract candidates(name: string): Iterable<Origin & { path: string }>
  /** The source at an origin, or null when there is none. */
  protected abstract read(origin: Origin & { path: string }): string | null

  getTemplate(name: string, request: LoadRequest): TemplateLike | null {
    for (const origin of this.candidates(name)) {
      if (request.skip.includes(origin.path)) {
        request.tried.push({ origin: origin.path, reason: 'Skipped to avoid recursion' })
        continue
      }
      const source = this.read(origin)
      if (source === null) {
        request.tried.push({ origin: origin.path, reason: 'Source does not exist' })
        continue
      }
      return request.compile(source, { ...origin, source })
    }
    return null
  }
}
