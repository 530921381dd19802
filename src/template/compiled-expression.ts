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
 *
 * `expressionCode` is the shared generator: `compileResolver` wraps it in a function of the
 * expression's own, and generated node lists (nodes/generated-nodes.ts) paste it in place for
 * each `{{ }}` and `{% if %}` operand. There, small helpers (`isThenable`, `Context.lookup`,
 * `keepSafe`) are written out in the code rather than called, since V8 inlines only a limited
 * amount of code into one large function.
 */
import { Context, MISSING } from './context.js'
import type { FilterSpec } from './library.js'
import { SafeString, markSafe } from './safe-string.js'
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

/**
 * Filters known to leave the context's scopes alone (the built-in ones: they read only
 * `autoescape` and `timeZone`). Generated node lists keep a name's value from one `{{ }}` to
 * the next (see HeadCache) until something else could have changed the scopes: a filter not
 * in this set, a tag rendered through its own code, a condition evaluated by its node.
 */
const scopeSafeFilters = new WeakSet<FilterSpec>()

/** Mark the filters of a library as leaving the context's scopes alone (built-ins only). */
export function markScopeSafeFilters(specs: Iterable<FilterSpec>): void {
  for (const spec of specs) scopeSafeFilters.add(spec)
}

/**
 * Where a generated node list keeps the first lookup of each name, so a `for` body that
 * reads `row.a`, `row.b` and `row.c` walks the scopes for `row` once. Asked for the variable
 * caching a name (null: do not cache); told when the scopes may have changed.
 */
export interface HeadCache {
  variableFor(head: string): string | null
  /** Code forgetting every cached name (emitted where the scopes may have changed). */
  invalidate(): string
}

/** Helpers generated code refers to by name (the `env` of every generated function). */
export const EXPRESSION_HELPERS = {
  MISSING,
  /** A HeadCache variable with nothing cached yet. */
  UNSET: Symbol('unset'),
  LOOKUP: Context.prototype.lookup,
  SafeString,
  markSafe,
  callMember,
  getAttr,
  missingProperty,
  walk,
}

/**
 * Code testing whether the variable `name` holds a thenable: `isThenable` written out, so a
 * large generated function does not spend V8's inlining budget on it (strings, the usual
 * values, fail at the first `typeof`).
 */
export function thenableCode(name: string): string {
  return (
    `(${name} !== null && (typeof ${name} === 'object' || typeof ${name} === 'function') && ` +
    `typeof ${name}.then === 'function')`
  )
}

/**
 * Code setting `v` to the value of the name `head` in `ctx`, or MISSING: `Context.lookup`
 * written out (same steps: scopes from the top, a name set to undefined hides outer scopes),
 * taken only when `ctx.lookup` is Context's own method.
 */
function lookupCode(head: string): string[] {
  return [
    'if (ctx.lookup === LOOKUP) {',
    'const dicts = ctx.dicts',
    'v = MISSING',
    'for (let i = dicts.length - 1; i >= 0; i--) {',
    'const scope = dicts[i]',
    `const found = scope[${head}]`,
    'if (found !== undefined) { v = found; break }',
    `if (${head} in scope) break`,
    '}',
    `} else v = ctx.lookup(${head})`,
  ]
}

/** What code generation needs from a FilterExpression. */
export interface ExpressionParts {
  readonly variable: Variable
  readonly filters: readonly CompiledFilterStep[]
  readonly hooks: ResolverHooks
}

/**
 * Source lines computing an expression's value into the variable `v` (declared by the
 * caller), as a block labelled `e<id>`; hand-overs to the general path assign their result to
 * `v` and leave the block. Constants go into `env` under names suffixed with `id`, so several
 * expressions can share one generated function. `ignoreFailures` is a code expression
 * (`'true'`, `'false'` or a parameter name). Null for literals and paths with a forbidden
 * segment (left to the general path's checks).
 */
export function expressionCode(
  parts: ExpressionParts,
  id: string,
  ignoreFailures: string,
  env: Record<string, unknown>,
  headCache: HeadCache | null = null,
): string[] | null {
  const { variable, filters, hooks } = parts
  const lookups = variable.lookups
  if (lookups === null || !variable.plainPath) return null
  const q = (s: string): string => JSON.stringify(s)
  const label = `e${id}`
  const text = `T${id}`
  const hooksName = `H${id}`
  env[text] = variable.text
  env[`L${id}`] = lookups
  env[hooksName] = hooks
  const code: string[] = [`${label}: {`, 'try {', 'look: {']
  const cached = headCache?.variableFor(lookups[0] as string) ?? null
  if (cached === null) code.push(...lookupCode(q(lookups[0] as string)))
  else {
    // The value found (or MISSING) is kept as found: a callable is still called each time.
    code.push(`if (${cached} !== UNSET) v = ${cached}`, 'else {')
    code.push(...lookupCode(q(lookups[0] as string)), `${cached} = v`, '}')
  }
  code.push('if (v === MISSING) break look')
  code.push(
    `if (typeof v === 'function') v = callMember(v, undefined, ${text}, ${q(lookups[0] as string)})`,
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
      `if (${thenableCode('v')}) v = Promise.resolve(v).then((settled) => walk(settled, L${id}, ${i}, ${text}))`,
      'else v = MISSING',
      'break look',
      '}',
      `if (typeof n === 'function') n = callMember(n, v, ${text}, ${bit})`,
      'v = n',
      '}',
    )
  }
  code.push(
    '}',
    '} catch (error) {',
    `v = ${hooksName}.invalid(ctx, error, ${ignoreFailures})`,
    `break ${label}`,
    '}',
  )
  code.push(
    `if (v === MISSING) { v = ${hooksName}.missing(ctx, ${ignoreFailures}); break ${label} }`,
  )
  code.push(
    `if (${thenableCode('v')}) { v = ${hooksName}.settle(ctx, Promise.resolve(v), ${ignoreFailures}); break ${label} }`,
  )
  filters.forEach(({ spec, arg }, i) => {
    const fn = `f${id}_${i}`
    const argName = `a${id}_${i}`
    env[fn] = spec.fn
    let argCode = 'undefined'
    if (arg !== null && arg.lookups === null) {
      env[argName] = arg.literal
      argCode = argName
    } else if (arg !== null) {
      env[`v${id}_${i}`] = arg
      argCode = argName
      code.push(
        `const ${argName} = v${id}_${i}.resolve(ctx)`,
        `if (${thenableCode(argName)}) { v = ${hooksName}.argPending(ctx, v, ${i}, ${argName}); break ${label} }`,
      )
    }
    code.push(
      '{',
      `const r = ${fn}(v, ${argCode}, ctx)`,
      `if (${thenableCode('r')}) { v = ${hooksName}.outPending(ctx, v, ${i}, r); break ${label} }`,
      headCache !== null && !scopeSafeFilters.has(spec) ? headCache.invalidate() : '',
      // keepSafe written out: a safe input keeps a string output safe.
      spec.isSafe
        ? `v = v instanceof SafeString && !(r instanceof SafeString) && typeof r === 'string' ? markSafe(r) : r`
        : 'v = r',
      '}',
    )
  })
  code.push('}')
  return code
}

/**
 * Build a function from generated source: `source` is a function body that reads its
 * constants from `env` and returns the generated function. Null where code generation is
 * refused (a Content-Security-Policy without 'unsafe-eval', some edge runtimes).
 */
export function buildGenerated<T>(
  env: Record<string, unknown>,
  body: string,
  name: string,
  params: string,
): T | null {
  const names = Object.keys(env)
  const source =
    `'use strict'\nconst { ${names.join(', ')} } = env\n` +
    `return function ${name}(${params}) {\n${body}\n}`
  try {
    const factory = new Function('env', source) as (env: object) => T
    return factory(env)
  } catch {
    return null
  }
}

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
  const env: Record<string, unknown> = { ...EXPRESSION_HELPERS }
  const code = expressionCode({ variable, filters, hooks }, '', 'ignoreFailures', env)
  if (code === null) return null
  return buildGenerated<ExpressionResolver>(
    env,
    ['let v', ...code, 'return v'].join('\n'),
    'compiledExpression',
    'ctx, ignoreFailures',
  )
}
