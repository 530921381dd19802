/**
 * The deletion collector (Django's Collector): before rows are deleted it walks every
 * relation pointing at them and applies each ForeignKey's onDelete:
 * CASCADE collects the related rows too (recursively), PROTECT refuses with ProtectedError,
 * RESTRICT refuses with RestrictedError unless the related rows are being deleted anyway
 * through a cascade, SET_NULL / SET_DEFAULT update them, DO_NOTHING leaves them (the
 * database's constraint decides). Then preDelete signals, the DELETEs, postDelete signals.
 * QuerySet.delete() and instance.delete() run it inside atomic().
 */
import { ProtectedError, RestrictedError } from './exceptions.js'
import { ForeignKey } from './fields/related.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'
import { QuerySet } from './query-set.js'
import { postDelete, preDelete, sendAsync } from './signals.js'

const BATCH = 500

export class Collector {
  /** Instances to delete per model, in collection order (parents first). */
  readonly data = new Map<AnyModelClass, Map<unknown, AnyModelInstance>>()
  readonly #updates: { model: AnyModelClass; field: ForeignKey; value: unknown; pks: unknown[] }[] =
    []
  readonly #restricted: { field: ForeignKey; objects: AnyModelInstance[] }[] = []

  constructor(readonly using: string) {}

  #qs(model: AnyModelClass): QuerySet<AnyModelInstance> {
    return new QuerySet<AnyModelInstance>(model).using(this.using)
  }

  /** Adds `objects` and, recursively, what their deletion implies. */
  async collect(model: AnyModelClass, objects: readonly AnyModelInstance[]): Promise<void> {
    let bucket = this.data.get(model)
    if (bucket === undefined) this.data.set(model, (bucket = new Map()))
    const added = objects.filter((o) => o.pk !== null && o.pk !== undefined && !bucket.has(o.pk))
    if (added.length === 0) return
    for (const o of added) bucket.set(o.pk, o)
    for (const relation of new Set(model._meta.relatedObjects.values())) {
      if (!(relation instanceof ForeignKey)) continue
      const keys = added.map((o) => o[relation.targetField.attname])
      for (let i = 0; i < keys.length; i += BATCH) {
        const related = this.#qs(relation.model!).filter({
          [`${relation.attname}__in`]: keys.slice(i, i + BATCH),
        } as never)
        switch (relation.onDelete) {
          case 'DO_NOTHING':
            break
          case 'CASCADE':
            await this.collect(relation.model!, await related.fetch())
            break
          case 'PROTECT': {
            const blocking = await related.fetch()
            if (blocking.length > 0) {
              throw new ProtectedError(
                `Cannot delete some instances of model '${model._meta.objectName}' because they are referenced ` +
                  `through protected foreign keys: '${relation.model!._meta.objectName}.${relation.name}'.`,
                blocking,
              )
            }
            break
          }
          case 'RESTRICT': {
            const blocking = await related.fetch()
            if (blocking.length > 0) this.#restricted.push({ field: relation, objects: blocking })
            break
          }
          case 'SET_NULL':
          case 'SET_DEFAULT': {
            const pks = await related.valuesList(['pk'], { flat: true }).fetch()
            if (pks.length > 0) {
              const value = relation.onDelete === 'SET_NULL' ? null : relation.getDefault()
              this.#updates.push({ model: relation.model!, field: relation, value, pks })
            }
            break
          }
        }
      }
    }
  }

  /** Runs the deletion; returns `[total, { 'app.Model': count }]`. */
  async delete(): Promise<[number, Record<string, number>]> {
    for (const { field, objects } of this.#restricted) {
      const remaining = objects.filter((o) => !this.data.get(field.model!)?.has(o.pk))
      if (remaining.length > 0) {
        throw new RestrictedError(
          `Cannot delete some instances of model '${field.relatedModel._meta.objectName}' because they are ` +
            `referenced through restricted foreign keys: '${field.model!._meta.objectName}.${field.name}'.`,
          remaining,
        )
      }
    }
    for (const [model, bucket] of this.data) {
      for (const instance of bucket.values())
        await sendAsync(preDelete, model, { instance, using: this.using })
    }
    for (const { model, field, value, pks } of this.#updates) {
      const alive = pks.filter((pk) => !this.data.get(model)?.has(pk))
      if (alive.length > 0)
        await this.#qs(model)
          .filter({ pk__in: alive } as never)
          .update({ [field.attname]: value } as never)
    }
    const counts: Record<string, number> = {}
    let total = 0
    // Children were collected after their parents: delete in reverse order.
    for (const [model, bucket] of [...this.data].reverse()) {
      const pks = [...bucket.keys()]
      let deleted = 0
      for (let i = 0; i < pks.length; i += BATCH) {
        deleted += await this.#qs(model)
          .filter({ pk__in: pks.slice(i, i + BATCH) } as never)
          .rawDelete()
      }
      if (deleted > 0 || bucket.size > 0)
        counts[model._meta.label] = (counts[model._meta.label] ?? 0) + deleted
      total += deleted
    }
    for (const [model, bucket] of this.data) {
      for (const instance of bucket.values()) {
        await sendAsync(postDelete, model, { instance, using: this.using })
        instance[model._meta.pk.attname] = null
        instance._state.adding = true
      }
    }
    return [total, counts]
  }
}
