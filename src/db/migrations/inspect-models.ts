/**
 * Turns introspected tables into model source for `inspectdb` (Django's inspectdb output,
 * in TypeScript): one `Model.define()` class per table, `managed: false` so migrations
 * leave the existing tables alone until the user decides otherwise.
 *
 * Column types map to the closest field class; a type with no good match becomes a
 * TextField with a comment saying it is a guess. Column names become camelCase attribute
 * names, with `dbColumn` kept whenever the ORM's snake_case rule would not give the column
 * back; `<name>_id` columns with a foreign key become a ForeignKey named `<name>`.
 */
import { toSnakeCase } from '../models/fields/field.js'
import type { ColumnInfo, TableInfo } from './introspection.js'
import { construct, ImportSet, propertyKey, quote, render, serializeValue } from './serializer.js'

interface FieldGuess {
  type: string
  options: Record<string, unknown>
  comment?: string
}

/** 'polls_question' → 'PollsQuestion'. */
export function tableToClassName(table: string): string {
  const name = table
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  return /^[A-Za-z_]/.test(name) ? name : `Table${name}`
}

/** 'question_text' → 'questionText'; invalid identifiers get a safe form. */
export function columnToAttribute(column: string): string {
  let name = column
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase())
  name = name.replace(/^_+|_+$/g, '')
  if (name === '' || /^\d/.test(name)) name = `field${name}`
  return name.charAt(0).toLowerCase() + name.slice(1)
}

function guessType(column: ColumnInfo): FieldGuess {
  const type = column.type
  const options: Record<string, unknown> = {}
  const base = type.replace(/\(.*$/, '').trim()
  if (column.primaryKey && column.autoIncrement) {
    return {
      type: base === 'bigint' || base === 'bigserial' ? 'BigAutoField' : 'AutoField',
      options: { primaryKey: true },
    }
  }
  switch (base) {
    case 'integer':
    case 'int':
    case 'int4':
    case 'serial':
    case 'mediumint':
      return { type: 'IntegerField', options }
    case 'bigint':
    case 'int8':
    case 'bigserial':
      return { type: 'BigIntegerField', options }
    case 'smallint':
    case 'int2':
    case 'tinyint':
      return { type: 'SmallIntegerField', options }
    case 'varchar':
    case 'character varying':
    case 'char':
    case 'character':
    case 'nvarchar':
    case 'nchar':
      if (column.maxLength !== null)
        return { type: 'CharField', options: { maxLength: column.maxLength } }
      return { type: 'TextField', options }
    case 'text':
    case 'clob':
      return { type: 'TextField', options }
    case 'bool':
    case 'boolean':
      return { type: 'BooleanField', options }
    case 'real':
    case 'double':
    case 'double precision':
    case 'float':
    case 'float4':
    case 'float8':
      return { type: 'FloatField', options }
    case 'decimal':
    case 'numeric':
      if (column.precision !== null) {
        return {
          type: 'DecimalField',
          options: { maxDigits: column.precision, decimalPlaces: column.scale ?? 0 },
        }
      }
      return {
        type: 'DecimalField',
        options: { maxDigits: 65535, decimalPlaces: 65535 },
        comment:
          'max_digits and decimal_places have been guessed, as this database handles decimal fields as float',
      }
    case 'date':
      return { type: 'DateField', options }
    case 'datetime':
    case 'timestamp':
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'timestamptz':
      return { type: 'DateTimeField', options }
    case 'time':
    case 'time without time zone':
    case 'time with time zone':
      return { type: 'TimeField', options }
    case 'interval':
      return { type: 'DurationField', options }
    case 'uuid':
      return { type: 'UUIDField', options }
    case 'json':
    case 'jsonb':
      return { type: 'JSONField', options }
    case 'blob':
    case 'bytea':
      return { type: 'BinaryField', options }
    case 'inet':
      return { type: 'GenericIPAddressField', options }
    default:
      return {
        type: 'TextField',
        options,
        comment: `This field type is a guess (column type '${type || 'none'}').`,
      }
  }
}

export interface InspectOptions {
  /** App label the generated models declare. */
  appLabel: string
}

/** The TypeScript module defining one model per table. */
export function renderInspectedModels(
  tables: readonly TableInfo[],
  options: InspectOptions,
): string {
  const imports = new ImportSet()
  imports.add('reinhardt/db', 'Model')
  const classNames = new Map(tables.map((table) => [table.name, tableToClassName(table.name)]))
  const blocks: string[] = []
  for (const table of tables) {
    const lines: string[] = []
    const used = new Set<string>()
    const fieldLines: string[] = []
    if (table.primaryKey.length > 1) {
      lines.push(
        `// The table has a composite primary key (${table.primaryKey.join(', ')}), which the ORM ` +
          'does not support: the first column is used as the primary key and the set is unique together.',
      )
    }
    for (const column of table.columns) {
      const foreignKey = table.foreignKeys.find((key) => key.column === column.name)
      let attribute = columnToAttribute(column.name)
      let guess: FieldGuess
      if (foreignKey !== undefined) {
        const target =
          classNames.get(foreignKey.targetTable) ?? tableToClassName(foreignKey.targetTable)
        const relationOptions: Record<string, unknown> = {
          to: `${options.appLabel}.${target}`,
          onDelete: 'DO_NOTHING',
        }
        if (foreignKey.targetColumn !== 'id')
          relationOptions.toField = columnToAttribute(foreignKey.targetColumn)
        if (attribute.endsWith('Id') && attribute.length > 2) attribute = attribute.slice(0, -2)
        guess = { type: column.unique ? 'OneToOneField' : 'ForeignKey', options: relationOptions }
        if (!classNames.has(foreignKey.targetTable)) {
          guess.comment = `Points at table '${foreignKey.targetTable}', which was not inspected.`
        }
        // A table referencing itself needs a relatedName to avoid clashing reverse accessors.
        if (foreignKey.targetTable === table.name) relationOptions.relatedName = `${attribute}Set`
      } else {
        guess = guessType(column)
      }
      while (used.has(attribute)) attribute = `${attribute}Field`
      used.add(attribute)
      const isRelation = guess.type === 'ForeignKey' || guess.type === 'OneToOneField'
      const expectedColumn = toSnakeCase(isRelation ? `${attribute}Id` : attribute)
      const fieldOptions: Record<string, unknown> = { ...guess.options }
      const isPrimary =
        column.primaryKey && (table.primaryKey.length === 1 || table.primaryKey[0] === column.name)
      if (isPrimary && fieldOptions.primaryKey === undefined) fieldOptions.primaryKey = true
      if (column.unique && !isPrimary && guess.type !== 'OneToOneField') fieldOptions.unique = true
      if (column.nullable && !isPrimary) {
        fieldOptions.null = true
        fieldOptions.blank = true
      }
      if (expectedColumn !== column.name) fieldOptions.dbColumn = column.name
      imports.add('reinhardt/db', guess.type)
      const node = construct(
        guess.type,
        Object.keys(fieldOptions).length > 0 ? serializeValue(fieldOptions, imports) : null,
      )
      const code = `${propertyKey(attribute)}: ${render(node, 4, attribute.length + 2)},`
      if (guess.comment !== undefined) fieldLines.push(`    // ${guess.comment}`)
      fieldLines.push(`    ${code}`)
    }
    const meta: Record<string, unknown> = { dbTable: table.name, managed: false }
    if (table.primaryKey.length > 1) {
      meta.uniqueTogether = [table.primaryKey.map(columnToAttribute)]
    }
    const className = classNames.get(table.name)!
    lines.push(
      `export class ${className} extends Model.define(`,
      `  ${quote(options.appLabel)},`,
      '  {',
      ...fieldLines,
      '  },',
      `  ${render(serializeValue(meta, imports), 2)},`,
      ') {',
      '  static {',
      '    this.register()',
      '  }',
      '}',
    )
    blocks.push(lines.join('\n'))
  }
  const header = [
    '// Models generated by `reinhardt inspectdb` from an existing database. Review them:',
    '//   * rearrange the classes and check each field type, especially the guessed ones;',
    '//   * choose onDelete for every ForeignKey (DO_NOTHING leaves it to the database);',
    "//   * keep `managed: false` for tables reinhardt's migrations must not create or alter,",
    '//     or remove it to let makemigrations take the table over.',
  ].join('\n')
  return `${header}\n${imports.render()}\n\n${blocks.join('\n\n')}\n`
}
