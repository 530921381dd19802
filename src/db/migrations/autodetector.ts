/**
 * Finds what changed between two project states and turns it into migrations (Django's
 * MigrationAutodetector). `makemigrations` compares the state the migration files build
 * with the state of the live models.
 *
 * Fields are compared through `deconstruct()` (deeply, with relation targets compared case-
 * insensitively), so anything a migration file can express is detected. Ambiguous changes
 * go to the questioner: a removed model or field plus an added one with the same definition
 * may be a rename; a new NOT NULL column needs a value for existing rows. Operations are
 * emitted per app in an order that keeps every step valid: renames, new models (sorted so a
 * ForeignKey's target exists first), index/constraint removals, field removals, additions,
 * alterations, option changes, new indexes/constraints, and model deletions last.
 */
import type { AnyField as Field } from './field-type.js'
import { keyId, type MigrationGraph, type MigrationKey } from './graph.js'
import { Migration } from './migration.js'
import { modelKey, type Operation } from './operations/base.js'
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields.js'
import { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './operations/indexes.js'
import {
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  RenameModel,
} from './operations/models.js'
import { relationTarget, renameFieldReferences, throughTarget } from './orm-adapter.js'
import { createField } from '../models/fields/index.js'
import type { MigrationQuestioner } from './questioner.js'
import {
  DATABASE_OPTIONS,
  ProjectState,
  type ModelState,
  type ModelStateOptions,
  type NamedSchemaObject,
} from './state.js'

/** Operations of one app plus the models of other apps they need. */
interface AppChanges {
  operations: Operation[]
  /** `app.modelname` keys of models in other apps these operations point at. */
  references: Set<string>
}

export interface ChangesOptions {
  /** Only these apps (and the apps they depend on) get migrations. */
  appLabels?: readonly string[]
  /** Apps allowed to get their first migration (named on the command line, or migrated). */
  mayCreateInitial?: (appLabel: string) => boolean
  /** Name for the new migrations instead of the suggested one. */
  migrationName?: string
  /** Clock for 'auto_<timestamp>' names (tests). */
  now?: Date
}

/** Deep equality on deconstructed (JSON-like) data; relation targets compare case-blind. */
function sameData(a: unknown, b: unknown, key = ''): boolean {
  if (a === b) return true
  if ((key === 'to' || key === 'through') && typeof a === 'string' && typeof b === 'string') {
    return a.toLowerCase() === b.toLowerCase()
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, i) => sameData(item, other[i]))
  }
  const aKeys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const bKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (aKeys.length !== bKeys.length) return false
  return aKeys.every((k) =>
    sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], k),
  )
}

/** Whether two fields have the same definition (optionally after a model rename). */
function sameField(a: Field, b: Field, renamedTo?: ReadonlyMap<string, string>): boolean {
  const left = a.deconstruct()
  const right = b.deconstruct()
  if (renamedTo !== undefined && typeof left.options.to === 'string') {
    const target = renamedTo.get(left.options.to.toLowerCase())
    if (target !== undefined) left.options = { ...left.options, to: target }
  }
  return sameData(left, right)
}

function sameSchemaObject(a: NamedSchemaObject, b: NamedSchemaObject): boolean {
  return sameData(a.deconstruct(), b.deconstruct())
}

/** Needs a value for existing rows: NOT NULL, no default, has a column, not database-made. */
function needsOneOffDefault(field: Field): boolean {
  const options = field.deconstruct().options
  return (
    field.concrete &&
    !field.null &&
    !field.isAuto &&
    options.default === undefined &&
    options.autoNow !== true &&
    options.autoNowAdd !== true
  )
}

function withDefault(field: Field, value: unknown): Field {
  const { type, options } = field.deconstruct()
  return createField(type, { ...options, default: value })
}

export class MigrationAutodetector {
  readonly #from: ProjectState
  readonly #to: ProjectState
  readonly #questioner: MigrationQuestioner
  readonly #changes = new Map<string, AppChanges>()
  /** 'app.oldname' → 'app.NewName' for models the user confirmed as renamed. */
  readonly #renamedModels = new Map<string, string>()

  constructor(from: ProjectState, to: ProjectState, questioner: MigrationQuestioner) {
    this.#from = from
    this.#to = to
    this.#questioner = questioner
  }

  /**
   * The new migrations, by app, numbered and named after `graph`'s current leaves, with
   * their dependencies filled in. Empty when the models match the migrations.
   */
  async changes(
    graph: MigrationGraph,
    options: ChangesOptions = {},
  ): Promise<Map<string, Migration[]>> {
    await this.#detect()
    return this.#arrange(graph, options)
  }

  #app(appLabel: string): AppChanges {
    let changes = this.#changes.get(appLabel)
    if (changes === undefined) {
      this.#changes.set(appLabel, (changes = { operations: [], references: new Set() }))
    }
    return changes
  }

  #add(appLabel: string, operation: Operation, fields: readonly Field[] = []): void {
    const changes = this.#app(appLabel)
    changes.operations.push(operation)
    for (const field of fields) {
      for (const label of [relationTarget(field, appLabel), throughLabel(field, appLabel)]) {
        if (label !== null && label.appLabel !== appLabel) {
          changes.references.add(`${label.appLabel}.${modelKey(label.modelName)}`)
        }
      }
    }
  }

  async #detect(): Promise<void> {
    const oldKeys = new Set(this.#from.models.keys())
    const newKeys = new Set(this.#to.models.keys())
    const added = this.#to.modelsOf().filter((m) => !oldKeys.has(keyOf(m)))
    const removed = this.#from.modelsOf().filter((m) => !newKeys.has(keyOf(m)))

    // Renamed models: a removed and an added model of one app with the same fields.
    const created: ModelState[] = []
    for (const model of added) {
      const candidate = removed.find(
        (old) =>
          old.appLabel === model.appLabel &&
          !this.#renamedModels.has(keyOf(old)) &&
          this.#sameFields(old, model),
      )
      if (
        candidate !== undefined &&
        (await this.#questioner.askRenameModel(model.appLabel, candidate.name, model.name))
      ) {
        this.#renamedModels.set(keyOf(candidate), `${model.appLabel}.${model.name}`)
        this.#add(model.appLabel, new RenameModel({ oldName: candidate.name, newName: model.name }))
      } else created.push(model)
    }
    const deleted = removed.filter((old) => !this.#renamedModels.has(keyOf(old)))

    this.#generateCreated(created)
    for (const model of this.#to.modelsOf()) {
      const oldKey = this.#oldKeyOf(model)
      if (oldKey === null) continue
      await this.#compareModel(this.#from.models.get(oldKey)!, model)
    }
    this.#generateDeleted(deleted)
  }

  /** The key the model had in the old state (itself, or the model it was renamed from). */
  #oldKeyOf(model: ModelState): string | null {
    if (this.#from.models.has(keyOf(model))) return keyOf(model)
    for (const [oldKey, newLabel] of this.#renamedModels) {
      if (newLabel.toLowerCase() === keyOf(model)) return oldKey
    }
    return null
  }

  #sameFields(old: ModelState, model: ModelState): boolean {
    if (old.fields.size !== model.fields.size) return false
    const renamed = new Map([
      [`${old.appLabel}.${old.name}`.toLowerCase(), `${model.appLabel}.${model.name}`],
    ])
    for (const [name, field] of old.fields) {
      const other = model.fields.get(name)
      if (other === undefined || !sameField(field, other, renamed)) return false
    }
    return true
  }

  /** CreateModel operations, ordered so that relation targets are created first. */
  #generateCreated(models: readonly ModelState[]): void {
    const pendingKeys = new Set(models.map(keyOf))
    const done = new Set<string>()
    const deferred: { model: ModelState; name: string; field: Field }[] = []
    const remaining = [...models]
    while (remaining.length > 0) {
      // Prefer a model whose relation targets all exist; with a cycle, take the first one
      // and add its relations to not-yet-created models afterwards with AddField.
      let index = remaining.findIndex((model) =>
        [...model.fields.values()].every((field) => {
          const target = relatedKey(field, model.appLabel)
          return (
            target === null ||
            target === keyOf(model) ||
            !pendingKeys.has(target) ||
            done.has(target)
          )
        }),
      )
      if (index === -1) index = 0
      const [model] = remaining.splice(index, 1) as [ModelState]
      const fields: [string, Field][] = []
      for (const [name, field] of model.fields) {
        const target = relatedKey(field, model.appLabel)
        const waits =
          target !== null && target !== keyOf(model) && pendingKeys.has(target) && !done.has(target)
        if (waits) deferred.push({ model, name, field })
        else fields.push([name, field])
      }
      const options = creationOptions(model.options)
      this.#add(
        model.appLabel,
        new CreateModel({
          name: model.name,
          fields,
          ...(Object.keys(options).length > 0 ? { options } : {}),
        }),
        fields.map(([, field]) => field),
      )
      done.add(keyOf(model))
    }
    for (const { model, name, field } of deferred) {
      this.#add(model.appLabel, new AddField({ modelName: model.name, name, field }), [field])
    }
  }

  /** DeleteModel operations, models that point at others first. */
  #generateDeleted(models: readonly ModelState[]): void {
    const keys = new Set(models.map(keyOf))
    const remaining = [...models]
    while (remaining.length > 0) {
      let index = remaining.findIndex(
        (model) =>
          !remaining.some(
            (other) =>
              other !== model &&
              [...other.fields.values()].some(
                (field) => relatedKey(field, other.appLabel) === keyOf(model),
              ),
          ),
      )
      if (index === -1) index = 0
      const [model] = remaining.splice(index, 1) as [ModelState]
      keys.delete(keyOf(model))
      this.#add(model.appLabel, new DeleteModel({ name: model.name }))
    }
  }

  async #compareModel(old: ModelState, model: ModelState): Promise<void> {
    const app = model.appLabel
    const name = model.name
    const ops = {
      renames: [] as Operation[],
      removeIndexes: [] as Operation[],
      removeFields: [] as Operation[],
      addFields: [] as [Operation, Field][],
      alterFields: [] as [Operation, Field][],
      options: [] as Operation[],
      addIndexes: [] as Operation[],
    }

    // Fields: renames (confirmed by the questioner), removals, additions, alterations.
    const addedNames = [...model.fields.keys()].filter((n) => !old.fields.has(n))
    let removedNames = [...old.fields.keys()].filter((n) => !model.fields.has(n))
    const renamedFields = new Map<string, string>()
    for (const newName of addedNames) {
      const field = model.fields.get(newName)!
      for (const oldName of removedNames) {
        if (!sameField(old.fields.get(oldName)!, field, this.#renamedModels)) continue
        if (await this.#questioner.askRenameField(app, name, oldName, newName)) {
          renamedFields.set(newName, oldName)
          removedNames = removedNames.filter((n) => n !== oldName)
          ops.renames.push(new RenameField({ modelName: name, oldName, newName }))
          break
        }
      }
    }
    for (const fieldName of removedNames) {
      ops.removeFields.push(new RemoveField({ modelName: name, name: fieldName }))
    }
    for (const fieldName of addedNames) {
      if (renamedFields.has(fieldName)) continue
      const field = model.fields.get(fieldName)!
      if (needsOneOffDefault(field)) {
        const value = await this.#questioner.askNotNullAddition(app, name, fieldName)
        ops.addFields.push([
          new AddField({
            modelName: name,
            name: fieldName,
            field: withDefault(field, value),
            preserveDefault: false,
          }),
          field,
        ])
      } else {
        ops.addFields.push([new AddField({ modelName: name, name: fieldName, field }), field])
      }
    }
    for (const [fieldName, field] of model.fields) {
      const oldName = renamedFields.get(fieldName) ?? fieldName
      const oldField = old.fields.get(oldName)
      if (oldField === undefined || sameField(oldField, field, this.#renamedModels)) continue
      if (oldField.null && !field.null && needsOneOffDefault(field)) {
        const value = await this.#questioner.askNotNullAlteration(app, name, fieldName)
        if (value !== undefined) {
          ops.alterFields.push([
            new AlterField({
              modelName: name,
              name: fieldName,
              field: withDefault(field, value),
              preserveDefault: false,
            }),
            field,
          ])
          continue
        }
      }
      ops.alterFields.push([new AlterField({ modelName: name, name: fieldName, field }), field])
    }

    // Options.
    const oldOptions = old.options
    const newOptions = model.options
    if ((oldOptions.dbTable ?? null) !== (newOptions.dbTable ?? null)) {
      ops.options.push(
        new AlterModelTable({
          name,
          ...(newOptions.dbTable !== undefined ? { table: newOptions.dbTable } : {}),
        }),
      )
    }
    const renameInSets = (sets: readonly (readonly string[])[] = []) =>
      sets.map((set) => set.map((f) => [...renamedFields].find(([, o]) => o === f)?.[0] ?? f))
    if (!sameData(renameInSets(oldOptions.uniqueTogether), newOptions.uniqueTogether ?? [])) {
      ops.options.push(
        new AlterUniqueTogether({ name, uniqueTogether: newOptions.uniqueTogether ?? [] }),
      )
    }
    const oldPlain = plainOptions(oldOptions)
    const newPlain = plainOptions(newOptions)
    if (!sameData(oldPlain, newPlain)) {
      ops.options.push(new AlterModelOptions({ name, options: newPlain }))
    }
    for (const kind of ['indexes', 'constraints'] as const) {
      // Compare with the old definitions as the renames above leave them.
      const renamedOld = (oldOptions[kind] ?? []).map((item) => {
        let current = item
        for (const [newName, oldName] of renamedFields) {
          current = renameFieldReferences(current, oldName, newName)
        }
        return current
      })
      const before = new Map(renamedOld.map((item) => [item.name, item]))
      const after = new Map((newOptions[kind] ?? []).map((item) => [item.name, item]))
      for (const [itemName, item] of before) {
        const next = after.get(itemName)
        if (next !== undefined && sameSchemaObject(item, next)) continue
        ops.removeIndexes.push(
          kind === 'indexes'
            ? new RemoveIndex({ modelName: name, name: itemName })
            : new RemoveConstraint({ modelName: name, name: itemName }),
        )
      }
      for (const [itemName, item] of after) {
        const previous = before.get(itemName)
        if (previous !== undefined && sameSchemaObject(previous, item)) continue
        ops.addIndexes.push(
          kind === 'indexes'
            ? new AddIndex({ modelName: name, index: item })
            : new AddConstraint({ modelName: name, constraint: item }),
        )
      }
    }

    for (const op of ops.renames) this.#add(app, op)
    for (const op of ops.removeIndexes) this.#add(app, op)
    for (const op of ops.removeFields) this.#add(app, op)
    for (const [op, field] of ops.addFields) this.#add(app, op, [field])
    for (const [op, field] of ops.alterFields) this.#add(app, op, [field])
    for (const op of ops.options) this.#add(app, op)
    for (const op of ops.addIndexes) this.#add(app, op)
  }

  /**
   * Numbers, names and links the per-app operation lists into Migrations: one per app,
   * depending on the app's current leaf and on the migrations (new or existing) that
   * create the models of other apps its relations point at.
   */
  #arrange(graph: MigrationGraph, options: ChangesOptions): Map<string, Migration[]> {
    // Start from the named apps (or every app allowed to have migrations) and add, for
    // each, the apps whose models its relations need: their migrations must exist too.
    const allowed = (app: string): boolean =>
      graph.leafNodes(app).length > 0 || options.mayCreateInitial?.(app) !== false
    const roots =
      options.appLabels !== undefined
        ? options.appLabels.filter((app) => this.#changes.has(app))
        : [...this.#changes.keys()].filter(allowed)
    const apps = new Set(roots)
    const queue = [...roots]
    while (queue.length > 0) {
      const app = queue.pop()!
      for (const reference of this.#changes.get(app)?.references ?? []) {
        const other = reference.slice(0, reference.indexOf('.'))
        if (this.#changes.has(other) && !apps.has(other)) {
          apps.add(other)
          queue.push(other)
        }
      }
    }
    const keys = new Map<string, MigrationKey>()
    const result = new Map<string, Migration[]>()
    for (const app of [...apps].sort()) {
      const leaves = graph.leafNodes(app)
      const changes = this.#changes.get(app)!
      if (changes.operations.length === 0) continue
      const leaf = leaves[leaves.length - 1]
      const number = leaf === undefined ? 1 : nextNumber(leaf[1])
      const migration = new Migration({
        initial: leaf === undefined,
        operations: changes.operations,
        dependencies: leaf === undefined ? [] : [leaf],
      })
      const name = `${String(number).padStart(4, '0')}_${options.migrationName ?? migration.suggestName(options.now)}`
      keys.set(app, [app, name])
      result.set(app, [migration.bind(app, name)])
    }
    // Cross-app dependencies, now that every new migration has its name.
    for (const [app, [migration]] of result as Map<string, [Migration]>) {
      const dependencies = new Map(migration.dependencies.map((key) => [keyId(key), key]))
      for (const reference of this.#changes.get(app)!.references) {
        const other = reference.slice(0, reference.indexOf('.'))
        const key = keys.get(other) ?? graph.leafNodes(other).at(-1)
        if (key !== undefined) dependencies.set(keyId(key), key)
      }
      const sorted = [...dependencies.values()].sort((a, b) => (keyId(a) < keyId(b) ? -1 : 1))
      const linked = new Migration({
        initial: migration.initial,
        operations: migration.operations,
        dependencies: sorted,
      })
      result.set(app, [linked.bind(app, migration.name)])
    }
    return result
  }
}

function keyOf(model: ModelState): string {
  return ProjectState.key(model.appLabel, model.name)
}

function relatedKey(field: Field, appLabel: string): string | null {
  const target = relationTarget(field, appLabel)
  return target === null ? null : `${target.appLabel}.${modelKey(target.modelName)}`
}

function throughLabel(
  field: Field,
  appLabel: string,
): { appLabel: string; modelName: string } | null {
  const through = throughTarget(field, appLabel)
  if (through === null) return null
  const dot = through.indexOf('.')
  return { appLabel: through.slice(0, dot), modelName: through.slice(dot + 1) }
}

/** CreateModel's options: everything the state tracks (indexes and constraints included). */
function creationOptions(options: ModelStateOptions): ModelStateOptions {
  const result: ModelStateOptions = {}
  for (const [key, value] of Object.entries(options)) if (value !== undefined) result[key] = value
  return result
}

/** Options AlterModelOptions carries: every option without a database effect. */
function plainOptions(options: ModelStateOptions): ModelStateOptions {
  const result: ModelStateOptions = {}
  for (const [key, value] of Object.entries(options)) {
    if (!DATABASE_OPTIONS.has(key) && value !== undefined) result[key] = value
  }
  return result
}

/**
 * The number after a migration name's leading digits ('0003_x' → 4); after a squashed
 * migration, the number after the last one it squashed ('0001_squashed_0004_x' → 5), as
 * Django numbers them.
 */
function nextNumber(name: string): number {
  const match = /_squashed_(\d+)/.exec(name) ?? /^(\d+)/.exec(name)
  return match === null ? 1 : Number(match[1]) + 1
}
