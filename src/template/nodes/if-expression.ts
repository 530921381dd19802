/**
 * The `{% if %}` expression language: a Pratt parser over the tag's words with Django's
 * operators and binding powers (or 6, and 7, not 8, in / not in 9, is / is not and the
 * comparisons 10). Operands are filter expressions resolved with failures as None.
 *
 * Evaluation follows Python: `or`/`and` return an operand, comparisons that Python would
 * reject (a number against a string, anything against None ordering) are simply false, and
 * an operand that resolves to a Promise makes the whole expression async.
 */
import type { Context } from '../context.js'
import { TemplateSyntaxError } from '../errors.js'
import type { FilterExpression } from '../filter-expression.js'
import { isTruthy, pyCompare, pyContains, pyEquals } from '../utils/py.js'
import { isThenable } from '../utils/thenable.js'

/** A compiled if-expression: evaluates to a value (truthiness decides), or a Promise. */
export interface Condition {
  evaluate(ctx: Context): unknown
}

type Binary = (a: unknown, b: unknown) => boolean

function identical(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null)
}

const BINARY: Record<string, [number, Binary]> = {
  in: [9, (a, b) => pyContains(b, a) === true],
  'not in': [9, (a, b) => pyContains(b, a) === false],
  is: [10, identical],
  'is not': [10, (a, b) => !identical(a, b)],
  '==': [10, pyEquals],
  '!=': [10, (a, b) => !pyEquals(a, b)],
  '>': [10, (a, b) => (pyCompare(a, b) ?? NaN) > 0],
  '>=': [10, (a, b) => (pyCompare(a, b) ?? NaN) >= 0],
  '<': [10, (a, b) => (pyCompare(a, b) ?? NaN) < 0],
  '<=': [10, (a, b) => (pyCompare(a, b) ?? NaN) <= 0],
}

function both(a: unknown, b: unknown, f: (x: unknown, y: unknown) => unknown): unknown {
  if (isThenable(a) || isThenable(b)) return Promise.all([a, b]).then(([x, y]) => f(x, y))
  return f(a, b)
}

function then(a: unknown, f: (x: unknown) => unknown): unknown {
  return isThenable(a) ? (a as Promise<unknown>).then(f) : f(a)
}

/** A single operand (`{% if row.active %}`): a filter expression, failures as None. */
export class Operand implements Condition {
  constructor(readonly expr: FilterExpression) {}
  evaluate(ctx: Context): unknown {
    return this.expr.resolve(ctx, true)
  }
}

class Not implements Condition {
  constructor(readonly first: Condition) {}
  evaluate(ctx: Context): unknown {
    return then(this.first.evaluate(ctx), (v) => !isTruthy(v))
  }
}

class Or implements Condition {
  constructor(
    readonly first: Condition,
    readonly second: Condition,
  ) {}
  evaluate(ctx: Context): unknown {
    return then(this.first.evaluate(ctx), (v) => (isTruthy(v) ? v : this.second.evaluate(ctx)))
  }
}

class And implements Condition {
  constructor(
    readonly first: Condition,
    readonly second: Condition,
  ) {}
  evaluate(ctx: Context): unknown {
    return then(this.first.evaluate(ctx), (v) => (isTruthy(v) ? this.second.evaluate(ctx) : v))
  }
}

class Compare implements Condition {
  constructor(
    readonly op: Binary,
    readonly first: Condition,
    readonly second: Condition,
  ) {}
  evaluate(ctx: Context): unknown {
    return both(this.first.evaluate(ctx), this.second.evaluate(ctx), (a, b) => {
      try {
        return this.op(a, b)
      } catch {
        return false
      }
    })
  }
}

const MAX_DEPTH = 200

/**
 * Parse the words after `if`/`elif` into a Condition.
 *
 * @example
 * parseCondition(['a', 'and', 'not', 'b'], (t) => parser.compileFilter(t))
 */
export function parseCondition(
  words: readonly string[],
  compile: (text: string) => FilterExpression,
): Condition {
  // Merge two-word operators.
  const tokens: string[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string
    if (w === 'not' && words[i + 1] === 'in') {
      tokens.push('not in')
      i++
    } else if (w === 'is' && words[i + 1] === 'not') {
      tokens.push('is not')
      i++
    } else tokens.push(w)
  }
  let pos = 0
  let depth = 0
  const isOperator = (t: string | undefined): boolean =>
    t !== undefined && (t in BINARY || t === 'or' || t === 'and' || t === 'not')
  const lbp = (t: string | undefined): number => {
    if (t === undefined) return 0
    if (t === 'or') return 6
    if (t === 'and') return 7
    if (t === 'not') return 8
    return BINARY[t]?.[0] ?? 0
  }

  const expression = (rbp: number): Condition => {
    if (++depth > MAX_DEPTH)
      throw new TemplateSyntaxError(`if expression nested more than ${MAX_DEPTH} levels deep`)
    const t = tokens[pos++]
    if (t === undefined) throw new TemplateSyntaxError('Unexpected end of expression in if tag.')
    let left: Condition
    if (t === 'not') left = new Not(expression(8))
    else if (isOperator(t))
      throw new TemplateSyntaxError(`Not expecting '${t}' in this position in if tag.`)
    else left = new Operand(compile(t))
    while (rbp < lbp(tokens[pos])) {
      const op = tokens[pos++] as string
      if (op === 'not')
        throw new TemplateSyntaxError(`Not expecting 'not' as infix operator in if tag.`)
      const power = lbp(op)
      const right = expression(power)
      if (op === 'or') left = new Or(left, right)
      else if (op === 'and') left = new And(left, right)
      else left = new Compare((BINARY[op] as [number, Binary])[1], left, right)
    }
    if (pos < tokens.length && !isOperator(tokens[pos]) && rbp === 0) {
      throw new TemplateSyntaxError(`Unused '${tokens[pos]}' at end of if expression.`)
    }
    depth--
    return left
  }
  const result = expression(0)
  if (pos < tokens.length)
    throw new TemplateSyntaxError(`Unused '${tokens[pos]}' at end of if expression.`)
  return result
}
