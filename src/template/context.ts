/**
 * Context: the stack of variable scopes a template renders against. Lookups walk the stack
 * from the top; `push()` adds a scope (a `{% with %}` or a loop body) and `pop()` drops it.
 * The bottom scope holds `True`, `False` and `None`, as in Django, so those names work in
 * templates. Scopes are null-prototype objects: a name such as `constructor` never resolves
 * to something inherited from Object.prototype.
 *
 * `renderContext` is separate per-render state for tags (cycle positions, ifchanged values,
 * extends' block stack); it is scoped per template so an include has its own.
 */
import type { TemplateLike } from './nodes/base.js'
import { DEFAULT_NUMBER_FORMATS, type NumberFormats } from './utils/number-formats.js'

/** A variable scope: names to values. */
export type Scope = Record<string, unknown>

/** Sentinel for "name not found" (distinct from a value of undefined/null). */
export const MISSING: unique symbol = Symbol('reinhardt.template.missing')

function toScope(values: Scope | Map<string, unknown> | undefined | null): Scope {
  const scope: Scope = Object.create(null)
  if (values instanceof Map) for (const [k, v] of values) scope[k] = v
  else if (values) for (const k of Object.keys(values)) scope[k] = values[k]
  return scope
}

/**
 * Per-render state for tags, scoped per template (an include pushes a fresh scope;
 * extends shares its child's). Keys are usually the node object itself.
 */
export class RenderContext {
  #stack: Map<unknown, unknown>[] = [new Map()]
  /** The template currently rendering. */
  template: TemplateLike | null = null

  #top(): Map<unknown, unknown> {
    return this.#stack[this.#stack.length - 1] as Map<unknown, unknown>
  }
  get(key: unknown): unknown {
    return this.#top().get(key)
  }
  has(key: unknown): boolean {
    return this.#top().has(key)
  }
  set(key: unknown, value: unknown): void {
    this.#top().set(key, value)
  }
  delete(key: unknown): void {
    this.#top().delete(key)
  }
  /** Enter a template; `isolated` starts empty state (include), otherwise shares (extends). */
  pushState(template: TemplateLike, isolated = true): () => void {
    const previous = this.template
    this.template = template
    if (isolated) this.#stack.push(new Map())
    return () => {
      this.template = previous
      if (isolated) this.#stack.pop()
    }
  }
}

/** Options a Context carries besides its variables. */
export interface ContextOptions {
  /** Escape variables on output (default true). */
  autoescape?: boolean
  /** IANA time zone for date/time output (default 'UTC'). */
  timeZone?: string
  /** Print dates in `timeZone` (default true); `{% localtime off %}` turns it off. */
  useTz?: boolean
  /** Localize output (default true); `{% localize off %}` turns it off. */
  useL10n?: boolean
  /**
   * How localized numbers print (the engine's, given by `engine.makeContext`; Django's
   * defaults otherwise).
   */
  numberFormats?: NumberFormats
}

/**
 * The variables a template sees while rendering.
 *
 * @example
 * const ctx = new Context({ name: 'Ada' })
 * ctx.push({ name: 'Grace' }); ctx.get('name') // 'Grace'
 * ctx.pop();                    ctx.get('name') // 'Ada'
 */
export class Context {
  /** Scopes, bottom first. Exposed for tags; prefer get/set/push/pop. */
  readonly dicts: Scope[]
  autoescape: boolean
  /** The current time zone (`{% timezone %}` changes it for its body). */
  timeZone: string
  /** Convert dates to `timeZone` on output (Django's `context.use_tz`). */
  useTz: boolean
  /** Localize values on output (Django's `context.use_l10n`). */
  useL10n: boolean
  /** The number formats of the engine rendering this context (separators, grouping). */
  numberFormats: NumberFormats
  renderContext: RenderContext = new RenderContext()
  /** The template being rendered (set by Template.render). */
  template: TemplateLike | null = null

  constructor(values?: Scope | Map<string, unknown> | null, options: ContextOptions = {}) {
    const builtins: Scope = Object.create(null)
    builtins.True = true
    builtins.False = false
    builtins.None = null
    this.dicts = [builtins, toScope(values)]
    this.autoescape = options.autoescape ?? true
    this.timeZone = options.timeZone ?? 'UTC'
    this.useTz = options.useTz ?? true
    this.useL10n = options.useL10n ?? true
    this.numberFormats = options.numberFormats ?? DEFAULT_NUMBER_FORMATS
  }

  /** Value of a name, or MISSING. Undefined values count as missing. */
  lookup(name: string): unknown {
    const dicts = this.dicts
    for (let i = dicts.length - 1; i >= 0; i--) {
      const scope = dicts[i] as Scope
      // One property read in the common case; `in` only to tell "set to undefined" (which
      // hides outer scopes) from "not set here".
      const v = scope[name]
      if (v !== undefined) return v
      if (name in scope) return MISSING
    }
    return MISSING
  }

  /** Value of a name, or `fallback` (default undefined) when not set. */
  get(name: string, fallback?: unknown): unknown {
    const v = this.lookup(name)
    return v === MISSING ? fallback : v
  }

  /** True when the name is set in any scope. */
  has(name: string): boolean {
    return this.lookup(name) !== MISSING
  }

  /** Set a name in the top scope. */
  set(name: string, value: unknown): void {
    ;(this.dicts[this.dicts.length - 1] as Scope)[name] = value
  }

  /** Set a name in the nearest scope that has it, else the top one (Django's set_upward). */
  setUpward(name: string, value: unknown): void {
    for (let i = this.dicts.length - 1; i >= 1; i--) {
      const scope = this.dicts[i] as Scope
      if (name in scope) {
        scope[name] = value
        return
      }
    }
    this.set(name, value)
  }

  /** Add a scope on top; returns it so callers can fill it cheaply. */
  push(values?: Scope | Map<string, unknown> | null): Scope {
    const scope = toScope(values)
    this.dicts.push(scope)
    return scope
  }

  /** Drop the top scope. The initial scopes cannot be popped. */
  pop(): Scope {
    if (this.dicts.length <= 2) throw new Error('Context.pop() called more times than push()')
    return this.dicts.pop() as Scope
  }

  /** Push a scope holding `values` (Django's `update`). */
  update(values: Scope | Map<string, unknown>): Scope {
    return this.push(values)
  }

  /** All variables merged into one object, top scopes winning. */
  flatten(): Scope {
    const out: Scope = Object.create(null)
    for (const scope of this.dicts) Object.assign(out, scope)
    return out
  }

  /** A fresh context with the same options and render state (used by isolated includes). */
  new(values?: Scope | Map<string, unknown> | null): Context {
    const ctx = new (this.constructor as typeof Context)(values, this.#options())
    ctx.renderContext = this.renderContext
    ctx.template = this.template
    return ctx
  }

  /** The options a derived context starts with (Django's `new()` copies them too). */
  #options(): ContextOptions {
    return {
      autoescape: this.autoescape,
      timeZone: this.timeZone,
      useTz: this.useTz,
      useL10n: this.useL10n,
      numberFormats: this.numberFormats,
    }
  }

  /** A shallow copy with its own scope stack (Django's `copy(context)`). */
  copy(): Context {
    const ctx = this.new()
    ctx.dicts.length = 0
    for (const scope of this.dicts) ctx.dicts.push(Object.assign(Object.create(null), scope))
    return ctx
  }
}
