/** ResolverMatch: what resolve() returns and the handler stores on `request.resolverMatch`. */
import type { View, ViewParams } from '../views/types.js'

export interface ResolverMatchInit {
  func: View
  args: readonly string[]
  kwargs: ViewParams
  urlName: string | null
  route: string
  appNames: readonly string[]
  namespaces: readonly string[]
  /**
   * The chains tried; or a function, or a source plus `triedPath`, computing them when first
   * read (resolve() passes itself, so a hit allocates nothing for this).
   */
  tried?: readonly (readonly unknown[])[] | (() => readonly (readonly unknown[])[]) | TriedSource
  /** The path to hand to a TriedSource. */
  triedPath?: string
  captured?: ViewParams
}

/** Something that can list the pattern chains tried for a path (URLResolver). */
export interface TriedSource {
  triedFor(path: string): readonly (readonly unknown[])[]
}

export class ResolverMatch {
  /** The view to call. */
  readonly func: View
  /** Values of unnamed groups (rePath only), in order. */
  readonly args: readonly string[]
  /** Named parameters (converted by their converters) plus the pattern's extra kwargs. */
  readonly kwargs: ViewParams
  /** The matched pattern's name, or null. */
  readonly urlName: string | null
  /** The matched route, joined across includes (e.g. `polls/<int:id>/`). */
  readonly route: string
  /** Application namespaces, outermost first. */
  readonly appNames: readonly string[]
  /** Instance namespaces, outermost first. */
  readonly namespaces: readonly string[]
  #tried: ResolverMatchInit['tried']
  #triedPath: string
  /** Only the parameters captured from the path (kwargs without the extra kwargs). */
  readonly captured: ViewParams

  constructor(init: ResolverMatchInit) {
    this.func = init.func
    this.args = init.args
    this.kwargs = init.kwargs
    this.urlName = init.urlName
    this.route = init.route
    this.appNames = init.appNames
    this.namespaces = init.namespaces
    this.#tried = init.tried
    this.#triedPath = init.triedPath ?? ''
    this.captured = init.captured ?? init.kwargs
  }

  /**
   * Chains of patterns tried up to and including the match (for debugging pages), computed
   * on first read so that resolving stays cheap.
   */
  get tried(): readonly (readonly unknown[])[] | undefined {
    const t = this.#tried
    if (typeof t === 'function') this.#tried = t()
    else if (t !== undefined && 'triedFor' in t) this.#tried = t.triedFor(this.#triedPath)
    return this.#tried as readonly (readonly unknown[])[] | undefined
  }

  /** Application namespace path, e.g. `admin:polls` ('' when none). */
  get appName(): string {
    return this.appNames.join(':')
  }

  /** Instance namespace path ('' when none). */
  get namespace(): string {
    return this.namespaces.join(':')
  }

  /** `namespace:urlName`, or the view's function name when the pattern has no name. */
  get viewName(): string {
    const name = this.urlName ?? (this.func.name || '<anonymous view>')
    return [...this.namespaces, name].join(':')
  }
}
