/**
 * Variables and filter expressions: `{{ article.author.name|lower|truncatechars:20 }}`.
 *
 * A `Variable` is a literal (number, quoted string, `_("…")`) or a dotted path. Each step of
 * a path tries, in order: Map entry, object property (own or inherited, never `constructor`
 * or `prototype`), list index; then a zero-argument function found on the way is called
 * unless it is marked `doNotCallInTemplates` (kept as is) or `altersData` (the lookup fails).
 * Plain objects and Maps also answer `items`, `keys` and `values` like Python dicts, so
 * `{% for k, v in d.items %}` ports unchanged.
 *
 * Async: when a step meets a Promise (or other thenable) that does not itself have the next
 * key, the rest of the lookup continues after it settles, and a thenable final value is
 * awaited. Only then does `resolve` return a Promise; the sync path allocates none.
 */
import { MISSING, type Context } from './context.js'
import { TemplateSyntaxError, VariableDoesNotExist } from './errors.js'
import { markSafe } from './safe-string.js'
import { isThenable } from './utils/thenable.js'
import { isPlainObject } from './utils/py.js'

const FORBIDDEN = new Set(['constructor', 'prototype', '__proto__'])
const INT_RE = /^\d+$/
const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i

/** Thrown-through marker for "lookup failed quietly" (alters data, silent exceptions). */
class InvalidLookup extends VariableDoesNotExist {}

function dictMethod(obj: unknown, bit: string): unknown {
  if (obj instanceof Map) {
    if (bit === 'items') return [...obj.entries()]
    if (bit === 'keys') return [...obj.keys()]
    if (bit === 'values') return [...obj.values()]
  } else if (isPlainObject(obj)) {
    if (bit === 'items') return Object.entries(obj)
    if (bit === 'keys') return Object.keys(obj)
    if (bit === 'values') return Object.values(obj)
  }
  return MISSING
}

/**
 * getAttr's answer for a plain object (or class instance) whose property read gave undefined:
 * MISSING, or a dict method (`items`, `keys`, `values`). Does not read the property again.
 */
export function missingProperty(obj: object, bit: string): unknown {
  return bit in obj ? MISSING : dictMethod(obj, bit)
}

/** One lookup step (no calls). Returns MISSING when nothing answers to `bit`. */
export function getAttr(current: unknown, bit: string): unknown {
  if (current === null || current === undefined) return MISSING
  if (typeof current === 'object' && !FORBIDDEN.has(bit) && !(current instanceof Map)) {
    // Plain objects and class instances, the common case: one read, `in` only on a miss.
    const v = (current as Record<string, unknown>)[bit]
    if (v !== undefined) return v
    return bit in current ? MISSING : dictMethod(current, bit)
  }
  if (current instanceof Map) {
    if (current.has(bit)) return current.get(bit)
    if (INT_RE.test(bit) && current.has(Number(bit))) return current.get(Number(bit))
    return dictMethod(current, bit)
  }
  if (FORBIDDEN.has(bit)) return MISSING
  const obj =
    typeof current === 'object' || typeof current === 'function' ? current : Object(current)
  if (bit in (obj as object)) {
    const v = (obj as Record<string, unknown>)[bit]
    return v === undefined ? MISSING : v
  }
  return dictMethod(current, bit)
}

/** Call a callable met during a lookup, with Django's rules (exported for compiled paths). */
export function callMember(
  fn: (...args: unknown[]) => unknown,
  self: unknown,
  varText: string,
  bit: string,
): unknown {
  const flags = fn as {
    doNotCallInTemplates?: unknown
    do_not_call_in_templates?: unknown
    altersData?: unknown
    alters_data?: unknown
  }
  if (flags.doNotCallInTemplates || flags.do_not_call_in_templates) return fn
  if (flags.altersData || flags.alters_data || fn.length > 0) throw new InvalidLookup(varText, bit)
  try {
    return fn.call(self)
  } catch (error) {
    if (error instanceof TypeError && /without 'new'/.test(error.message))
      throw new InvalidLookup(varText, bit)
    if ((error as { silentVariableFailure?: unknown } | null)?.silentVariableFailure) {
      throw new InvalidLookup(varText, bit)
    }
    throw error
  }
}

/** Lookup steps from `start` on (exported for compiled paths' async continuation). */
export function walk(
  current: unknown,
  bits: readonly string[],
  start: number,
  varText: string,
): unknown {
  for (let i = start; i < bits.length; i++) {
    const bit = bits[i] as string
    let next = getAttr(current, bit)
    if (next === MISSING) {
      if (isThenable(current)) {
        const index = i
        return Promise.resolve(current).then((settled) => walk(settled, bits, index, varText))
      }
      throw new VariableDoesNotExist(varText, bit)
    }
    if (typeof next === 'function')
      next = callMember(next as (...a: unknown[]) => unknown, current, varText, bit)
    current = next
  }
  return isThenable(current) ? Promise.resolve(current) : current
}

/**
 * A literal or a dotted path, parsed once.
 *
 * @example
 * new Variable('user.name').resolve(new Context({ user: { name: 'Ada' } })) // 'Ada'
 * new Variable('"hi"').resolve(ctx) // SafeString 'hi'
 */
export class Variable {
  readonly text: string
  /** The literal value, when this is not a path. */
  readonly literal: unknown = undefined
  /** Path segments, or null for a literal. */
  readonly lookups: readonly string[] | null = null
  /** True for `_("…")`: translated at render (a passthrough until i18n exists). */
  readonly translate: boolean = false
  /** The first path segment ('' for a literal). */
  readonly #head: string = ''
  /** No segment is `constructor`/`prototype`: plain-object steps may skip getAttr's checks. */
  readonly #plainPath: boolean = false

  /** True for a path none of whose segments needs getAttr's forbidden-name check. */
  get plainPath(): boolean {
    return this.#plainPath
  }

  constructor(text: string) {
    this.text = text
    let t = text
    if (NUMBER_RE.test(t)) {
      if (t.endsWith('.')) throw new TemplateSyntaxError(`Could not parse the number '${t}'`)
      this.literal = Number(t)
      return
    }
    if (t.startsWith('_(') && t.endsWith(')')) {
      this.translate = true
      t = t.slice(2, -1)
    }
    const q = t[0]
    if ((q === '"' || q === "'") && t.length >= 2 && t.endsWith(q)) {
      this.literal = markSafe(unescapeLiteral(t.slice(1, -1), q))
      return
    }
    if (this.translate) throw new TemplateSyntaxError(`_() takes a quoted string, got '${text}'`)
    if (t.startsWith('_') || t.includes('._')) {
      throw new TemplateSyntaxError(
        `Variables and attributes may not begin with underscores: '${t}'`,
      )
    }
    if (t === '' || t.startsWith('.') || t.endsWith('.') || t.includes('..')) {
      throw new TemplateSyntaxError(`Invalid variable name '${t}'`)
    }
    this.lookups = t.split('.')
    this.#head = this.lookups[0] as string
    this.#plainPath = !this.lookups.some((bit) => FORBIDDEN.has(bit))
  }

  /**
   * `resolve` without the exception for a missing name: returns MISSING instead (the engine's
   * hot path, where a failed lookup just renders stringIfInvalid and a thrown error would cost
   * a stack trace). Everything else is `resolve`'s behaviour: calls, Maps, async values, and
   * errors from callables (VariableDoesNotExist for altersData and silent failures) thrown.
   */
  resolveOrMissing(ctx: Context): unknown {
    const lookups = this.lookups
    if (lookups === null) return this.literal
    const head = this.#head
    let value = ctx.lookup(head)
    if (value === MISSING) return MISSING
    if (typeof value === 'function') {
      value = callMember(value as (...a: unknown[]) => unknown, undefined, this.text, head)
    }
    const n = lookups.length
    for (let i = 1; i < n; i++) {
      const bit = lookups[i] as string
      let next: unknown
      if (
        this.#plainPath &&
        value !== null &&
        typeof value === 'object' &&
        !(value instanceof Map)
      ) {
        // getAttr's object branch with its name check done at parse time.
        next = (value as Record<string, unknown>)[bit]
        if (next === undefined) next = missingProperty(value, bit)
      } else next = getAttr(value, bit)
      if (next === MISSING) {
        if (isThenable(value)) {
          const settled = Promise.resolve(value)
          return settled.then((v) => walk(v, lookups, i, this.text))
        }
        return MISSING
      }
      if (typeof next === 'function') {
        next = callMember(next as (...a: unknown[]) => unknown, value, this.text, bit)
      }
      value = next
    }
    return isThenable(value) ? Promise.resolve(value) : value
  }

  /** The value, a Promise of it (async values met), or throws VariableDoesNotExist. */
  resolve(ctx: Context): unknown {
    const lookups = this.lookups
    if (lookups === null) return this.literal
    const head = lookups[0] as string
    let value = ctx.lookup(head)
    if (value === MISSING) throw new VariableDoesNotExist(this.text, head)
    if (typeof value === 'function') {
      value = callMember(value as (...a: unknown[]) => unknown, undefined, this.text, head)
    }
    if (lookups.length === 1) return isThenable(value) ? Promise.resolve(value) : value
    return walk(value, lookups, 1, this.text)
  }

  toString(): string {
    return this.text
  }
}

function unescapeLiteral(s: string, quote: string): string {
  if (!s.includes('\\')) return s
  return s.replace(/\\(.)/g, (m, ch: string) => (ch === quote || ch === '\\' ? ch : m))
}
