/**
 * The one place migrations meet the ORM's model layer.
 *
 * Migration states hold unattached field objects and Index / constraint objects; the ORM
 * describes models as `ModelStateData` (deconstructed, JSON) and builds live model classes
 * from it with `buildModel(data, registry)`. This module converts between the two, reads
 * relation targets from deconstructed fields, and renders a whole ProjectState as
 * "historical" models in a private ModelRegistry, so schema changes and data migrations
 * see the models as they were at that point of the history, never today's classes.
 */
import type { AnyField as Field } from './field-type.js'
import { createField } from '../models/fields/index.js'
import type { Manager } from '../models/manager.js'
import type { Model } from '../models/model.js'
import type { AnyModelClass } from '../models/model-types.js'
import { ModelRegistry } from '../models/registry.js'
import { buildModel, modelState, reconstruct, type ModelStateData } from '../models/state.js'
import { modelKey } from './operations/base.js'
import type { SchemaEditor } from './schema.js'
import {
  ModelState,
  type ModelStateOptions,
  type NamedSchemaObject,
  type ProjectState,
} from './state.js'

/** `{ appLabel, modelName }` a relation field points at, or null for other fields. */
export function relationTarget(
  field: Field,
  ownAppLabel: string,
): { appLabel: string; modelName: string } | null {
  if (!field.isRelation) return null
  const to = field.deconstruct().options.to
  // 'self' only appears on unattached fields; a model pointing at itself needs no ordering.
  if (typeof to !== 'string' || to === 'self') return null
  const dot = to.indexOf('.')
  return dot === -1
    ? { appLabel: ownAppLabel, modelName: to }
    : { appLabel: to.slice(0, dot), modelName: to.slice(dot + 1) }
}

/** The `through` model label of a ManyToManyField with an explicit through model. */
export function throughTarget(field: Field, ownAppLabel: string): string | null {
  if (!field.isRelation) return null
  const through = field.deconstruct().options.through
  if (typeof through !== 'string') return null
  return through.includes('.') ? through : `${ownAppLabel}.${through}`
}

/** A copy of a relation field pointing at `label` ('app.Model'). */
export function retargetRelation(field: Field, label: string): Field {
  const { type, options } = field.deconstruct()
  return createField(type, { ...options, to: label })
}

/** A copy of the field without its default (AddField with `preserveDefault: false`). */
export function withoutDefault(field: Field): Field {
  const { type, options } = field.deconstruct()
  const { default: _dropped, ...rest } = options
  return createField(type, rest)
}

/**
 * A copy of an index or constraint whose field references (`fields`, and the lookups of a
 * `condition` / `check` Q) follow a field rename; the object itself when nothing changes.
 */
export function renameFieldReferences(
  item: NamedSchemaObject,
  oldName: string,
  newName: string,
): NamedSchemaObject {
  const { type, options } = item.deconstruct()
  let changed = false
  const renameName = (name: string): string => {
    const bare = name.startsWith('-') ? name.slice(1) : name
    if (bare !== oldName) return name
    changed = true
    return name.startsWith('-') ? `-${newName}` : newName
  }
  const renameLookup = (lookup: string): string => {
    const [first, ...rest] = lookup.split('__')
    if (first !== oldName) return lookup
    changed = true
    return [newName, ...rest].join('__')
  }
  const renameQ = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return typeof node[0] === 'string' ? [renameLookup(node[0]), node[1]] : node.map(renameQ)
    }
    if (
      node !== null &&
      typeof node === 'object' &&
      Array.isArray((node as { children?: unknown }).children)
    ) {
      const q = node as { children: unknown[] }
      return { ...q, children: q.children.map(renameQ) }
    }
    return node
  }
  const next: Record<string, unknown> = { ...options }
  if (Array.isArray(options.fields)) next.fields = (options.fields as string[]).map(renameName)
  for (const key of ['condition', 'check']) {
    if (options[key] !== undefined) next[key] = renameQ(options[key])
  }
  return changed ? (reconstruct({ type, options: next }) as NamedSchemaObject) : item
}

/** A fresh field from deconstructed data (what migration files and model states store). */
export function fieldFromDeconstructed(data: {
  type: string
  options: Record<string, unknown>
}): Field {
  return createField(data.type, { ...data.options })
}

/** The table a model state maps to (same rule as the ORM's Options). */
export function dbTableOf(model: ModelState): string {
  return model.options.dbTable ?? `${model.appLabel}_${model.nameLower}`.toLowerCase()
}

/** A live model class's migration state (abstract and auto-created models have none). */
export function modelStateFromModel(model: AnyModelClass): ModelState | null {
  const meta = model._meta
  if (meta.abstract || meta.autoCreated) return null
  const data = modelState(model)
  const options: ModelStateOptions = {}
  for (const [key, value] of Object.entries(data.options)) {
    if (value === undefined || key === 'abstract') continue
    if (key === 'indexes' || key === 'constraints') {
      const list = value as { type: string; options: Record<string, unknown> }[]
      if (list.length > 0) options[key] = list.map((item) => reconstruct(item) as NamedSchemaObject)
      continue
    }
    if (Array.isArray(value) && value.length === 0) continue
    if (key === 'managed' && value === true) continue
    options[key] = value
  }
  return new ModelState(
    data.appLabel,
    data.name,
    data.fields.map(([name, field]) => [name, fieldFromDeconstructed(field)] as const),
    options,
  )
}

/** A ModelState as the ORM's JSON description. */
export function toStateData(model: ModelState): ModelStateData {
  const options: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(model.options)) {
    if (value === undefined) continue
    if (key === 'indexes' || key === 'constraints') {
      options[key] = (value as NamedSchemaObject[]).map((item) => item.deconstruct())
    } else options[key] = value
  }
  return {
    appLabel: model.appLabel,
    name: model.name,
    fields: [...model.fields].map(([name, field]) => [name, field.deconstruct()]),
    options: options as ModelStateData['options'],
  }
}

/**
 * A model class as a migration sees it: its fields are only known at run time, so field
 * values are `unknown`, but the manager, the Model methods (save, delete, ...) and `_meta`
 * are there.
 */
export type HistoricalModel = AnyModelClass & { readonly objects: Manager<Model> }

/** Historical models of a state, looked up like `apps.getModel('polls', 'Question')`. */
export interface HistoricalApps {
  getModel(appLabel: string, modelName: string): HistoricalModel
  getModels(appLabel?: string): HistoricalModel[]
  /** The registry the models live in (relations resolve inside it). */
  readonly registry: ModelRegistry
}

/**
 * Builds every model of `state` into a new registry. Models are built in an order where a
 * relation's target exists first when possible; the registry resolves the rest lazily.
 */
export function renderState(state: ProjectState): HistoricalApps {
  const registry = new ModelRegistry()
  for (const model of state.modelsOf()) buildModel(toStateData(model), registry)
  return {
    registry,
    // Every class in the registry was built by Model.define(), so it has a manager.
    getModel: (appLabel, modelName) => registry.getModel(appLabel, modelName) as HistoricalModel,
    getModels: (appLabel) => registry.getModels(appLabel) as HistoricalModel[],
  }
}

/** Historical models for a RunJS function (the editor is unused today, kept for parity). */
export function historicalApps(state: ProjectState, _editor: SchemaEditor): HistoricalApps {
  return renderState(state)
}

/** The historical model class for one model of a state, plus its registry. */
export function renderModel(state: ProjectState, appLabel: string, name: string): AnyModelClass {
  return renderState(state).getModel(appLabel, modelKey(name))
}
