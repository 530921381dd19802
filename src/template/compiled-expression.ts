/**
 * Compiled filter expressions: the hot path of `FilterExpression.resolve`, generated as
 * JavaScript once an expression has been resolved a few times.
 *
 * `FilterExpression` resolves through general code: a loop over the path segments and one
 * over the filters. Every expression shares that code, so V8 sees every object shape and every
 * filter function at the same property reads and calls and can only treat them generically.
 * Here the loops are unrolled into a function of the expression's own: each segment is a
 * property read with a constant name and each filter a call of a constant function, so V8
 * caches the shapes this expression meets and can inline small filters such as `upper`.
 *
 * The generated code does exactly what the general path does, step by step (the same helpers
 * handle Maps, primitives, dict methods, callables and async values); anything unusual calls
 * back into the expression (`ResolverHooks`). Safety: the only template text in the source is
 * path segments, written as JSON string literals; constants (the variable text, filter
 * functions and arguments) are passed in as values, never spliced into code. Where code
 * generation is not allowed (a Content-Security-Policy without 'unsafe-eval', some edge
 * runtimes), `compileResolver` returns null and the general path stays in use.
 */
import { MISSING, type Context } from './context.js'
import type { FilterSpec } from './library.js'
import { SafeString, markSafe } from './safe-string.js'
import { isThenable } from './utils/thenable.js'
import { callMember, getAttr, missingProperty, walk, type Variable } from './variable.js'

/** A compiled `resolve(ctx, ignoreFailures)`. */
export type ExpressionResolver = (ctx: Context, ignoreFailures: boolean) => unknown

/** The expression's general paths, which the compiled code hands over to. */
export interface ResolverHooks {
  /** The lookup failed (a name or segment missing). */
  missing(ctx: Context, ignoreFailures: boolean): unknown
  /** The lookup threw (a callable's error, or VariableDoesNotExist from one). */
  invalid(ctx: Context, error: unknown, ignoreFailures: boolean): unknown
  /** The looked-up value is async: apply the filters once it settles. */
  settle(ctx: Context, pending: Promise<unknown>, ignoreFailures: boolean): unknown
  /** Filter `index`'s argument is async. */
  argPending(ctx: Context, input: unknown, index: number, arg: Promise<unknown>): unknown
  /** Filter `index` returned a Promise. */
  outPending(ctx: Context, input: unknown, index: number, output: Promise<unknown>): unknown
}

/** A filter step as FilterExpression holds it. */
export interface CompiledFilterStep {
  spec: FilterSpec
  arg: Variable | null
}

/** Django's rule for `isSafe` filters: a safe input keeps a string output safe. */
export function keepSafe(spec: FilterSpec, input: unknown, output: unknown): unknown {
  if (spec.isSafe && input instanceof SafeString && !(output instanceof SafeString)) {
    return typeof output === 'string' ? markSafe(output) : output
  }
  return output
}

const HELPERS = { MISSING, callMember, getAttr, missingProperty, walk, isThenable, keepSafe }

/**
 * Generate the resolver of a path expression (`a.b|f:x|g`), or null when the expression is a
 * literal, uses a forbidden segment name (left to the general path's checks) or code cannot
 * be generated here.
 */
export function compileResolver(
  variable: Variable,
  filters: readonly CompiledFilterStep[],
  hooks: ResolverHooks,
): ExpressionResolver | null {
  const lookups = variable.lookups
  if (lookups === null || !variable.plainPath) return null
  const q = (s: string): string => JSON.stringify(s)
  const code: string[] = []
  code.push('let v', 'try {', 'look: {')
  code.push(`v = ctx.lookup(${q(lookups[0] as string)})`, 'if (v === MISSING) break look')
  code.push(
    `if (typeof v === 'function') v = callMember(v, undefined, TEXT, ${q(lookups[0] as string)})`,
  )
  for (let i = 1; i < lookups.length; i++) {
    const bit = q(lookups[i] as string)
    code.push(
      '{',
      'let n',
      `if (v !== null && typeof v === 'object' && !(v instanceof Map)) {`,
      `n = v[${bit}]`,
      `if (n === undefined) n = missingProperty(v, ${bit})`,
      `} else n = getAttr(v, ${bit})`,
      'if (n === MISSING) {',
      // A thenable without the segment: continue the lookup once it settles (as `walk`).
      `if (isThenable(v)) v = Promise.resolve(v).then((s) => walk(s, LOOKUPS, ${i}, TEXT))`,
      'else v = MISSING',
      'break look',
      '}',
      `if (typeof n === 'function') n = callMember(n, v, TEXT, ${bit})`,
      'v = n',
      '}',
    )
  }
  code.push('}', '} catch (error) {', 'return HOOKS.invalid(ctx, error, ignoreFailures)', '}')
  code.push('if (v === MISSING) return HOOKS.missing(ctx, ignoreFailures)')
  code.push('if (isThenable(v)) return HOOKS.settle(ctx, Promise.resolve(v), ignoreFailures)')
  const constants: Record<string, unknown> = {
    TEXT: variable.text,
    LOOKUPS: lookups,
    HOOKS: hooks,
  }
  filters.forEach(({ spec, arg }, i) => {
    constants[`f${i}`] = spec.fn
    constants[`s${i}`] = spec
    let argCode = 'undefined'
    if (arg !== null && arg.lookups === null) {
      constants[`a${i}`] = arg.literal
      argCode = `a${i}`
    } else if (arg !== null) {
      constants[`v${i}`] = arg
      argCode = `a${i}`
      code.push(
        `const a${i} = v${i}.resolve(ctx)`,
        `if (isThenable(a${i})) return HOOKS.argPending(ctx, v, ${i}, a${i})`,
      )
    }
    code.push(
      '{',
      `const r = f${i}(v, ${argCode}, ctx)`,
      `if (isThenable(r)) return HOOKS.outPending(ctx, v, ${i}, r)`,
      spec.isSafe ? `v = keepSafe(s${i}, v, r)` : 'v = r',
      '}',
    )
  })
  code.push('return v')
  const names = [...Object.keys(HELPERS), ...Object.keys(constants)]
  const source =
    `'use strict'\nconst { ${names.join(', ')} } = env\n` +
    `return function compiledExpression(ctx, ignoreFailures) {\n${code.join('\n')}\n}`
  try {
    const factory = new Function('env', source) as (env: object) => ExpressionResolver
    return factory({ ...HELPERS, ...constants })
  } catch {
    // Code generation refused (CSP, edge runtime): the general path serves.
    return null
  }
}
