/**
 * prefetchRelated: after the main query, one query per relation loads the related rows for
 * every instance at once and stores them in each instance's relation cache, where related
 * managers (`question.choiceSet`) and forward accessors (`choice.question`) find them.
 * Forward ForeignKeys fetch by key; reverse ForeignKeys by `fk__in`; many-to-many reads the
 * intermediate table, then the targets. Nested paths ('choiceSet__question') recurse on the
 * loaded objects.
 */
import { FieldError } from './exceptions.js'
import { ForeignKey, ManyToManyField } from './fields/related.js'
import type { AnyModelClass, AnyModelInstance } from './model-types.js'
import { QuerySet } from './query-set.js'
import { throughFields } from './query/query.js'

/** Runs prefetchRelated for `names` on `instances` (one query per relation level). */
export async function prefetchRelatedObjects(
  instances: AnyModelInstance[],
  names: readonly string[],
  using: string | null,
): Promise<void> {
  if (instances.length === 0) return
  for (const name of names) {
    const [first, ...rest] = name.split('__') as [string, ...string[]]
    const model = instances[0]!.constructor as AnyModelClass
    const meta = model._meta
    const field = meta.findField(first)
    let loaded: AnyModelInstance[] = []
    if (field instanceof ForeignKey) {
      const ids = [
        ...new Set(
          instances.map((o) => o[field.attname]).filter((v) => v !== null && v !== undefined),
        ),
      ]
      const target = field.relatedModel
      const objects =
        ids.length === 0
          ? []
          : await managerOf(target, using)
              .filter({ [`${field.targetField.name}__in`]: ids } as never)
              .fetch()
      const byKey = new Map(objects.map((o) => [o[field.targetField.attname], o]))
      for (const o of instances) o._state.cache.set(field.name, byKey.get(o[field.attname]) ?? null)
      loaded = objects
    } else if (field instanceof ManyToManyField) {
      const [fromFk, toFk] = throughFields(field)
      const pks = instances.map((o) => o.pk)
      const links = await managerOf(field.through!, using)
        .filter({ [`${fromFk.attname}__in`]: pks } as never)
        .valuesList(fromFk.attname, toFk.attname)
        .fetch()
      const targetIds = [...new Set(links.map((l) => (l as unknown[])[1]))]
      const targets =
        targetIds.length === 0
          ? []
          : await managerOf(field.relatedModel, using)
              .filter({ pk__in: targetIds } as never)
              .fetch()
      const byPk = new Map(targets.map((t) => [t.pk, t]))
      for (const o of instances) {
        const mine = links
          .filter((l) => (l as unknown[])[0] === o.pk)
          .map((l) => byPk.get((l as unknown[])[1])!)
        o._state.cache.set(`${field.name}:prefetch`, mine)
      }
      loaded = targets
    } else {
      const reverse = [...meta.relatedObjects.values()].find(
        (f) =>
          (f as ForeignKey).reverseAccessorName === first ||
          (f as ForeignKey).relatedQueryName === first,
      )
      if (
        reverse === undefined ||
        !(reverse instanceof ForeignKey || reverse instanceof ManyToManyField)
      ) {
        throw new FieldError(
          `Cannot prefetch '${first}': it is not a relation of ${meta.objectName}.`,
        )
      }
      if (reverse instanceof ManyToManyField) {
        const [fromFk, toFk] = throughFields(reverse)
        const pks = instances.map((o) => o.pk)
        const links = await managerOf(reverse.through!, using)
          .filter({ [`${toFk.attname}__in`]: pks } as never)
          .valuesList(toFk.attname, fromFk.attname)
          .fetch()
        const sourceIds = [...new Set(links.map((l) => (l as unknown[])[1]))]
        const sources =
          sourceIds.length === 0
            ? []
            : await managerOf(reverse.model!, using)
                .filter({ pk__in: sourceIds } as never)
                .fetch()
        const byPk = new Map(sources.map((t) => [t.pk, t]))
        for (const o of instances) {
          o._state.cache.set(
            `${reverse.reverseAccessorName}:prefetch`,
            links
              .filter((l) => (l as unknown[])[0] === o.pk)
              .map((l) => byPk.get((l as unknown[])[1])!),
          )
        }
        loaded = sources
      } else {
        const keys = instances.map((o) => o[reverse.targetField.attname])
        const children = await managerOf(reverse.model!, using)
          .filter({ [`${reverse.attname}__in`]: keys } as never)
          .fetch()
        for (const o of instances) {
          const mine = children.filter((c) => c[reverse.attname] === o[reverse.targetField.attname])
          if (reverse.oneToOne) o._state.cache.set(reverse.reverseAccessorName, mine[0] ?? null)
          else o._state.cache.set(`${reverse.reverseAccessorName}:prefetch`, mine)
          for (const c of mine) c._state.cache.set(reverse.name, o)
        }
        loaded = children
      }
    }
    if (rest.length > 0 && loaded.length > 0)
      await prefetchRelatedObjects(loaded, [rest.join('__')], using)
  }
}

function managerOf(model: AnyModelClass, using: string | null): QuerySet<AnyModelInstance> {
  const qs = new QuerySet<AnyModelInstance>(model)
  return using === null ? qs : qs.using(using)
}
