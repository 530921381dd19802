/**
 * Shortens a list of operations without changing what it does (Django's
 * MigrationOptimizer); `squashmigrations` runs it over the operations of the migrations it
 * squashes.
 *
 * Each operation is compared with the ones after it through `operation.reduce(other)`,
 * which answers with the operations replacing the pair (CreateModel + AddField → one
 * CreateModel, AddField + RemoveField → none, ...), or with whether the operation may be
 * moved past `other` (it may not when `other` references its model or field, nor past
 * RunSQL / RunJS). A pair separated by other operations is combined either:
 *
 * - on the right: the result takes the place of `other`, when the first operation may
 *   move past every operation in between;
 * - on the left: the result takes the place of the first operation, when `other` may move
 *   back past every operation in between (each of them reduces through `other`).
 *
 * One reduction per pass; passes repeat until nothing changes. Every reduction returns at
 * most two operations for two, and the two-for-two ones (AlterField + RenameField) cannot
 * apply again to their own result, so the loop ends.
 */
import { isReduction, type Operation } from './operations/base.js'

export class MigrationOptimizer {
  /** Passes the last `optimize()` took (tests check that the loop settles). */
  iterations = 0

  /**
   * The optimized list (the input is not modified). `appLabel` is the app the operations
   * belong to: relations to models of other apps never block a reduction.
   *
   *     new MigrationOptimizer().optimize(
   *       [new CreateModel({ name: 'Poll', fields: [...] }), new DeleteModel({ name: 'Poll' })],
   *       'polls',
   *     ) // []
   */
  optimize(operations: readonly Operation[], appLabel: string): Operation[] {
    this.iterations = 0
    let current = [...operations]
    for (;;) {
      const next = this.#optimizeOnce(current, appLabel)
      this.iterations++
      if (sameOperations(next, current)) return next
      current = next
    }
  }

  /** One pass: the list after the first reduction found, or an equal list if none. */
  #optimizeOnce(operations: readonly Operation[], appLabel: string): Operation[] {
    const result: Operation[] = []
    for (let i = 0; i < operations.length; i++) {
      const operation = operations[i]!
      let right = true
      let reduced = false
      for (let j = i + 1; j < operations.length; j++) {
        const other = operations[j]!
        const answer = operation.reduce(other, appLabel)
        if (isReduction(answer)) {
          const between = operations.slice(i + 1, j)
          if (right) {
            result.push(...between, ...answer)
          } else if (between.every((middle) => middle.reduce(other, appLabel) === true)) {
            result.push(...answer, ...between)
          } else {
            // Neither side works: keep the operation and look at the next one.
            break
          }
          result.push(...operations.slice(j + 1))
          reduced = true
          break
        }
        if (!answer) right = false
      }
      if (reduced) return result
      result.push(operation)
    }
    return result
  }
}

function sameOperations(a: readonly Operation[], b: readonly Operation[]): boolean {
  return a.length === b.length && a.every((operation, index) => operation === b[index])
}
