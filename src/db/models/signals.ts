/**
 * Model signals: preSave/postSave, preDelete/postDelete, m2mChanged. The sender is the
 * model class; connect with `{ sender: Question }` to hear one model only. Receivers may be
 * async: save() and delete() await them.
 *
 * ```ts
 * postSave.connect(({ instance, created }) => { if (created) audit(instance) }, { sender: Question })
 * ```
 */
import { Signal } from '../../core/signal.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'

export const preSave = new Signal<
  { instance: AnyModelInstance; using: string; updateFields: readonly string[] | null },
  AnyModelClass
>()
export const postSave = new Signal<
  {
    instance: AnyModelInstance
    created: boolean
    using: string
    updateFields: readonly string[] | null
  },
  AnyModelClass
>()
export const preDelete = new Signal<{ instance: AnyModelInstance; using: string }, AnyModelClass>()
export const postDelete = new Signal<{ instance: AnyModelInstance; using: string }, AnyModelClass>()
export const m2mChanged = new Signal<
  {
    instance: AnyModelInstance
    action: 'preAdd' | 'postAdd' | 'preRemove' | 'postRemove' | 'preClear' | 'postClear'
    /** True when sent from the reverse side (tag.questionSet.add(...)). */
    reverse: boolean
    model: AnyModelClass
    pkSet: ReadonlySet<unknown> | null
    using: string
  },
  AnyModelClass
>()

/** Sends and awaits async receivers. */
export async function sendAsync<A extends object>(
  signal: Signal<A, AnyModelClass>,
  sender: AnyModelClass,
  args: A,
): Promise<void> {
  if (!signal.hasListeners(sender)) return
  const results = signal.send(sender, args)
  for (const result of results) {
    if (
      result !== null &&
      typeof result === 'object' &&
      typeof (result as PromiseLike<unknown>).then === 'function'
    ) {
      await result
    }
  }
}
