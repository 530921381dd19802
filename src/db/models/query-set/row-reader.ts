/**
 * Row readers: the function turning a SELECT's rows (arrays, in the compiler's column order)
 * into a QuerySet's results — model instances with their selectRelated instances and
 * annotations, or plain objects, arrays or single values for values()/valuesList(). The
 * layout (which positions build which instance) is worked out once per query shape, so
 * reading a row is a loop over precomputed positions.
 */
import type { DatabaseWrapper } from '../../backends/base/base.js'
import type { Field } from '../fields/field.js'
import type { AnyModelClass, AnyModelInstance } from '../model-types.js'
import type { SelectedColumn } from '../query/compiler.js'
import type { Query } from '../query/query.js'
import { modelHooks } from './model-hooks.js'

/** What a QuerySet returns: instances, values() objects, valuesList() arrays or flat values. */
export type ResultKind = 'model' | 'dict' | 'list' | 'flat'

/** Turns result rows into a QuerySet's results (instances, objects, arrays or values). */
export type RowReader = (rows: unknown[][], connection: DatabaseWrapper) => unknown[]

/**
 * The reader for rows of `query` selected as `columns`. Instances: which positions build the
 * instance, each selectRelated instance (contiguous runs of columns, in selectRelated order,
 * parents first) and annotations. `skip` names a selected value left off the instances (a
 * column the caller reads itself, such as the source key of a many-to-many prefetch).
 */
export function rowReader(
  model: AnyModelClass,
  kind: ResultKind,
  query: Query,
  columns: readonly SelectedColumn[],
  skip: string | null = null,
): RowReader {
  if (kind !== 'model') return valuesReader(kind, columns)
  const selections = query.selectRelated
  const baseFields: Field[] = []
  const groups = selections.map((selection) => ({
    model: selection.field.relatedModel,
    name: selection.field.name,
    parent: selection.parent === null ? -1 : selections.indexOf(selection.parent),
    fields: [] as Field[],
    offset: -1,
    pk: -1,
  }))
  const annotations: [string, number, Field | undefined][] = []
  columns.forEach((c, i) => {
    if (c.kind === 'value') {
      if (c.name !== skip) annotations.push([c.name, i, c.outputField])
    } else if (c.selection === null) baseFields.push(c.field)
    else {
      const group = groups[selections.indexOf(c.selection)]!
      if (group.offset === -1) group.offset = i
      if (c.field.primaryKey) group.pk = i
      group.fields.push(c.field)
    }
  })
  const groupCount = groups.length
  return (rows, connection) => {
    const alias = connection.alias
    const out = new Array<unknown>(rows.length)
    const built = groupCount > 0 ? new Array<AnyModelInstance | null>(groupCount) : null
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!
      const instance = modelHooks.fromRow(model, alias, connection, baseFields, row, 0)
      for (let g = 0; g < groupCount; g++) {
        const group = groups[g]!
        const related =
          row[group.pk] === null
            ? null
            : modelHooks.fromRow(group.model, alias, connection, group.fields, row, group.offset)
        built![g] = related
        const owner = group.parent === -1 ? instance : built![group.parent]
        owner?._state.cache.set(group.name, related)
      }
      for (let a = 0; a < annotations.length; a++) {
        const [name, position, field] = annotations[a]!
        const value = row[position]
        instance[name] =
          field !== undefined && value !== null ? field.fromDb(value, connection) : value
      }
      out[r] = instance
    }
    return out
  }
}

/** values() / valuesList() rows: each column converted by its field, then shaped. */
function valuesReader(kind: Exclude<ResultKind, 'model'>, columns: readonly SelectedColumn[]) {
  const count = columns.length
  const converters = columns.map((c) => (c.kind === 'value' ? c.outputField : c.field))
  const names = columns.map((c) => (c.kind === 'value' ? c.name : c.field.attname))
  return (rows: unknown[][], connection: DatabaseWrapper): unknown[] => {
    const out = new Array<unknown>(rows.length)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!
      const values = new Array<unknown>(count)
      for (let i = 0; i < count; i++) {
        const value = row[i]
        const field = converters[i]
        values[i] = field !== undefined && value !== null ? field.fromDb(value, connection) : value
      }
      if (kind === 'flat') out[r] = values[0]
      else if (kind === 'list') out[r] = values
      else {
        const object: Record<string, unknown> = {}
        for (let i = 0; i < count; i++) object[names[i]!] = values[i]
        out[r] = object
      }
    }
    return out
  }
}
