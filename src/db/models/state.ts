/**
 * A model as data, for migrations: `modelState(model)` describes a live model class in
 * JSON-serialisable form, and `buildModel(state, registry)` turns such a description back
 * into a working model class ("historical model") registered in `registry` — usable with
 * the schema editor and with QuerySets (RunJS data migrations).
 *
 * ```ts
 * const registry = new ModelRegistry()
 * const Question = buildModel(state, registry)
 * await connection.schemaEditor((editor) => editor.createModel(Question))
 * await Question.objects.filter({ votes__gt: 0 }).update({ votes: 0 })
 * ```
 */
import { CheckConstraint, UniqueConstraint } from './constraints.js'
import { createField, type Deconstructed } from './fields/index.js'
import { Index } from './indexes.js'
import type { AnyModelClass } from './model-types.js'
import { Model } from './model.js'
import type { DefineOptions } from './options.js'
import type { ModelRegistry } from './registry.js'

/** Meta options in JSON form. */
export interface MetaStateOptions {
  dbTable?: string
  ordering?: string[]
  uniqueTogether?: string[][]
  indexes?: Deconstructed[]
  constraints?: Deconstructed[]
  verboseName?: string
  verboseNamePlural?: string
  getLatestBy?: string | string[]
  managed?: boolean
}

export interface ModelStateData {
  appLabel: string
  /** Class name, e.g. 'Question'. */
  name: string
  /** [name, deconstructed field] in declaration order (the automatic id included). */
  fields: [string, Deconstructed][]
  options: MetaStateOptions
}

/** The JSON description of a model (abstract models have none: they have no table). */
export function modelState(model: AnyModelClass): ModelStateData {
  const meta = model._meta
  const declared = meta.declared
  const options: MetaStateOptions = {}
  if (declared.dbTable !== undefined) options.dbTable = declared.dbTable
  if (meta.ordering.length > 0) options.ordering = [...meta.ordering]
  if (meta.uniqueTogether.length > 0)
    options.uniqueTogether = meta.uniqueTogether.map((u) => [...u])
  if (meta.indexes.length > 0) options.indexes = meta.indexes.map((i) => i.deconstruct())
  if (meta.constraints.length > 0)
    options.constraints = meta.constraints.map((c) => c.deconstruct())
  if (declared.verboseName !== undefined) options.verboseName = declared.verboseName
  if (declared.verboseNamePlural !== undefined)
    options.verboseNamePlural = declared.verboseNamePlural
  if (declared.getLatestBy !== undefined) {
    options.getLatestBy =
      typeof declared.getLatestBy === 'string' ? declared.getLatestBy : [...declared.getLatestBy]
  }
  if (declared.managed === false) options.managed = false
  return {
    appLabel: meta.appLabel,
    name: meta.objectName,
    fields: meta.allFields.map((field) => [field.name, field.deconstruct()]),
    options,
  }
}

/** Rebuilds an Index / UniqueConstraint / CheckConstraint / field from deconstruct() output. */
export function reconstruct(data: Deconstructed): unknown {
  switch (data.type) {
    case 'Index':
      return new Index(data.options as never)
    case 'UniqueConstraint':
      return new UniqueConstraint(data.options as never)
    case 'CheckConstraint':
      return new CheckConstraint(data.options as never)
    default:
      return createField(data.type, data.options)
  }
}

/** A model class from its state, registered in `registry` (never in the global one). */
export function buildModel(state: ModelStateData, registry: ModelRegistry): AnyModelClass {
  const fields = Object.fromEntries(
    state.fields.map(([name, data]) => [name, createField(data.type, data.options)]),
  )
  const { indexes, constraints, ...rest } = state.options
  const options: DefineOptions = {
    ...rest,
    modelName: state.name,
    registry,
    ...(indexes ? { indexes: indexes.map((i) => reconstruct(i) as Index) } : {}),
    ...(constraints
      ? {
          constraints: constraints.map((c) => reconstruct(c) as UniqueConstraint | CheckConstraint),
        }
      : {}),
  }
  return Model.define(state.appLabel, fields, options) as unknown as AnyModelClass
}
