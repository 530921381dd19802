/**
 * Which models and fields an operation's contents point at, for the optimizer's "may this
 * operation move past that one?" question (see `Operation.reduce`). Answers lean to "yes,
 * it references it": a wrong "yes" only keeps two operations apart, a wrong "no" could
 * reorder operations that depend on each other.
 */
import type { AnyField as Field } from '../field-type.js'
import { relationTarget, throughTarget } from '../orm-adapter.js'
import type { ModelState, NamedSchemaObject } from '../state.js'
import { modelKey } from './base.js'

/**
 * True when `field` (declared on a model of `ownAppLabel`) is a relation to model
 * `modelName` of `appLabel`, directly or through its explicit `through` model.
 */
export function fieldReferencesModel(
  field: Field,
  ownAppLabel: string,
  modelName: string,
  appLabel: string,
): boolean {
  const target = relationTarget(field, ownAppLabel)
  if (
    target !== null &&
    target.appLabel === appLabel &&
    modelKey(target.modelName) === modelKey(modelName)
  ) {
    return true
  }
  const through = throughTarget(field, ownAppLabel)
  return through !== null && modelKey(through) === modelKey(`${appLabel}.${modelName}`)
}

/**
 * True when an index or constraint may name field `fieldName`: in its `fields`, in the
 * lookups of a condition or check (`pubDate__gte`), or as any other string value (an F()
 * reference). The object's own `name` is not a field reference and is skipped.
 */
export function mentionsField(item: NamedSchemaObject, fieldName: string): boolean {
  const { name: _name, ...options } = item.deconstruct().options
  return strings(options).some((value) => {
    const bare = value.startsWith('-') ? value.slice(1) : value
    return bare.split('__')[0] === fieldName
  })
}

/** True when uniqueTogether, an index or a constraint of `model` names field `name`. */
export function schemaMentionsField(model: ModelState, name: string): boolean {
  const { uniqueTogether = [], indexes = [], constraints = [] } = model.options
  return (
    uniqueTogether.some((set) => set.includes(name)) ||
    [...indexes, ...constraints].some((item) => mentionsField(item, name))
  )
}

/** Every string inside a value made of arrays and plain objects. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}
