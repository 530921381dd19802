/**
 * Filter expressions: a variable followed by `|filter` or `|filter:arg` steps, parsed once
 * into a Variable and a list of (filter, argument) pairs.
 *
 * Resolution follows Django: a failed lookup yields the engine's `stringIfInvalid` (returned
 * as is when it is non-empty, with `%s` replaced by the variable text; otherwise filters run
 * on ''), or null when the caller asks to ignore failures (`if`, `for`). String literal
 * arguments are safe; a filter declaring `isSafe` keeps a safe input safe. Any step that
 * yields a Promise switches the rest of the chain to async.
 *
 * An expression resolved COMPILE_AFTER times gets a generated resolver of its own
 * (compiled-expression.ts) doing the same steps; the methods here remain its fallbacks.
 */
import { MISSING, type Context } from './context.js'
import { TemplateSyntaxError, VariableDoesNotExist } from './errors.js'
import type { FilterSpec } from './library.js'
import {
  compileResolver,
  keepSafe,
  type ExpressionParts,
  type ExpressionResolver,
  type ResolverHooks,
} from './compiled-expression.js'
import { isThenable } from './utils/thenable.js'
import { Variable } from './variable.js'

const STR_DQ = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`
const STR_SQ = String.raw`'[^'\\]*(?:\\.[^'\\]*)*'`
const CONSTANT = `(?:_\\(${STR_DQ}\\)|_\\(${STR_SQ}\\)|${STR_DQ}|${STR_SQ})`
const NUM = String.raw`[-+.]?\d[\d.e]*`
const VAR = String.raw`[\p{L}\p{N}_.]+`
const HEAD_RE = new RegExp(`(?:(${CONSTANT})|(${VAR}|${NUM}))`, 'uy')
const FILTER_RE = new RegExp(
  `\\s*\\|\\s*([\\p{L}\\p{N}_]+)(?::(?:(${CONSTANT})|(${VAR}|${NUM})))?`,
  'uy',
)

/** Resolves before an expression is compiled (see compiled-expression.ts). */
const COMPILE_AFTER = 4

/** Looks filters up by name while parsing (the Parser implements it). */
export interface FilterFinder {
  findFilter(name: string): FilterSpec
}

interface FilterStep {
  spec: FilterSpec
  arg: Variable | null
}

/** What failed lookups resolve to: the engine setting, '' without a template. */
function stringIfInvalid(ctx: Context): string {
  return ctx.template?.engine.stringIfInvalid ?? ''
}

/**
 * `var|filter:arg|…`, compiled.
 *
 * @example
 * const fe = new FilterExpression('name|upper', parser)
 * fe.resolve(new Context({ name: 'ada' })) // 'ADA'
 */
export class FilterExpression {
  readonly token: string
  readonly variable: Variable
  readonly filters: readonly FilterStep[]
  /** True when the head is a literal (no lookup can fail). */
  readonly isLiteral: boolean
  /**
   * Resolves seen so far, until the expression counts as hot and gets a compiled resolver
   * (compiled-expression.ts); templates rendered once never pay for code generation.
   */
  #uses = 0
  #compiled: ExpressionResolver | null = null
  /** The general paths generated code hands over to, made once. */
  #hooks: ResolverHooks | null = null

  constructor(token: string, parser: FilterFinder) {
    this.token = token
    HEAD_RE.lastIndex = 0
    const head = HEAD_RE.exec(token)
    if (!head)
      throw new TemplateSyntaxError(`Could not parse the remainder: '${token}' from '${token}'`)
    this.variable = new Variable((head[1] ?? head[2]) as string)
    this.isLiteral = this.variable.lookups === null
    const filters: FilterStep[] = []
    let pos = HEAD_RE.lastIndex
    while (pos < token.length) {
      FILTER_RE.lastIndex = pos
      const m = FILTER_RE.exec(token)
      if (!m) {
        throw new TemplateSyntaxError(
          `Could not parse the remainder: '${token.slice(pos)}' from '${token}'`,
        )
      }
      const name = m[1] as string
      const spec = parser.findFilter(name)
      const argText = m[2] ?? m[3]
      const arg = argText === undefined ? null : new Variable(argText)
      if (arg === null && spec.arg === 'required') {
        throw new TemplateSyntaxError(`${name} requires 2 arguments, 1 provided`)
      }
      if (arg !== null && spec.arg === 'none') {
        throw new TemplateSyntaxError(`${name} requires 1 arguments, 2 provided`)
      }
      filters.push({ spec, arg })
      pos = FILTER_RE.lastIndex
    }
    this.filters = filters
  }

  /**
   * The value after filters, or a Promise of it. `ignoreFailures` turns a failed lookup into
   * null instead of stringIfInvalid (what `if` and `for` want).
   */
  resolve(ctx: Context, ignoreFailures = false): unknown {
    const compiled = this.#compiled
    if (compiled !== null) return compiled(ctx, ignoreFailures)
    if (++this.#uses === COMPILE_AFTER) this.#compile()
    let obj: unknown
    try {
      obj = this.variable.resolveOrMissing(ctx)
    } catch (error) {
      return this.#invalid(ctx, error, ignoreFailures)
    }
    if (obj === MISSING) return this.#missing(ctx, ignoreFailures)
    // resolveOrMissing hands back async values as native Promises, so this is exact.
    if (obj instanceof Promise) {
      return obj.then(
        (value: unknown) => this.#apply(ctx, value, 0),
        (error: unknown) => this.#invalid(ctx, error, ignoreFailures),
      )
    }
    return this.filters.length === 0 ? obj : this.#apply(ctx, obj, 0)
  }

  #compile(): void {
    this.#compiled = compileResolver(this.variable, this.filters, this.#resolverHooks())
  }

  /** The general paths generated code hands over to (see ResolverHooks). */
  #resolverHooks(): ResolverHooks {
    return (this.#hooks ??= {
      missing: (ctx, ignoreFailures) => this.#missing(ctx, ignoreFailures),
      invalid: (ctx, error, ignoreFailures) => this.#invalid(ctx, error, ignoreFailures),
      settle: (ctx, pending, ignoreFailures) =>
        pending.then(
          (value) => this.#apply(ctx, value, 0),
          (error: unknown) => this.#invalid(ctx, error, ignoreFailures),
        ),
      argPending: (ctx, input, index, arg) => arg.then((a) => this.#applyOne(ctx, input, index, a)),
      outPending: (ctx, input, index, output) =>
        output.then((v) =>
          this.#apply(ctx, keepSafe((this.filters[index] as FilterStep).spec, input, v), index + 1),
        ),
    })
  }

  /**
   * What code generation needs to inline this expression into a generated node list
   * (nodes/generated-nodes.ts): the parsed parts and the general paths to hand over to.
   */
  get parts(): ExpressionParts {
    return { variable: this.variable, filters: this.filters, hooks: this.#resolverHooks() }
  }

  #invalid(ctx: Context, error: unknown, ignoreFailures: boolean): unknown {
    if (!(error instanceof VariableDoesNotExist)) throw error
    return this.#missing(ctx, ignoreFailures)
  }

  /** A failed lookup: null for `if`/`for`, else stringIfInvalid (filters run on '' only). */
  #missing(ctx: Context, ignoreFailures: boolean): unknown {
    if (ignoreFailures) return null
    const fallback = stringIfInvalid(ctx)
    if (fallback)
      return fallback.includes('%s') ? fallback.replace('%s', this.variable.text) : fallback
    return this.filters.length === 0 ? fallback : this.#apply(ctx, fallback, 0)
  }

  #apply(ctx: Context, obj: unknown, from: number): unknown {
    const filters = this.filters
    for (let i = from; i < filters.length; i++) {
      const { spec, arg } = filters[i] as FilterStep
      let argValue: unknown = undefined
      if (arg !== null) {
        argValue = arg.lookups === null ? arg.literal : arg.resolve(ctx)
        if (isThenable(argValue)) {
          const index = i
          const input = obj
          return (argValue as Promise<unknown>).then((a) => this.#applyOne(ctx, input, index, a))
        }
      }
      const out = spec.fn(obj, argValue, ctx)
      if (isThenable(out)) {
        const index = i
        const input = obj
        return (out as Promise<unknown>).then((v) =>
          this.#apply(ctx, keepSafe(spec, input, v), index + 1),
        )
      }
      obj = keepSafe(spec, obj, out)
    }
    return obj
  }

  #applyOne(ctx: Context, obj: unknown, index: number, argValue: unknown): unknown {
    const spec = (this.filters[index] as FilterStep).spec
    const out = spec.fn(obj, argValue, ctx)
    if (isThenable(out)) {
      return (out as Promise<unknown>).then((v) =>
        this.#apply(ctx, keepSafe(spec, obj, v), index + 1),
      )
    }
    return this.#apply(ctx, keepSafe(spec, obj, out), index + 1)
  }

  toString(): string {
    return this.token
  }
}
