/**
 * Renders a Migration as a TypeScript module (Django's MigrationWriter).
 *
 * Operations and the fields, indexes and constraints inside them are written through their
 * `deconstruct()` (`{ type, options }` → `new Type({...})`), operations imported from
 * 'reinhardt/db/migrations' and everything else from 'reinhardt/db'. The output depends only
 * on the migration (no date header, sorted imports), so running makemigrations twice on the
 * same models writes the same bytes, and it is already in the project's prettier style.
 */
import { join } from 'node:path'
import type { AppConfig } from '../../apps/index.js'
import { migrationsDirectory } from './loader.js'
import type { Migration } from './migration.js'
import { Operation } from './operations/base.js'
import {
  construct,
  ImportSet,
  list,
  pair,
  quote,
  render,
  serializeValue,
  text,
  type CodeNode,
  type CustomSerializer,
} from './serializer.js'

/** Module migration files import operations and Migration from. */
export const MIGRATIONS_MODULE = 'reinhardt/db/migrations'
/** Module migration files import fields, indexes and constraints from. */
export const DB_MODULE = 'reinhardt/db'

interface Deconstructible {
  deconstruct(): { type: string; options: Record<string, unknown> }
}

function isDeconstructible(value: object): value is Deconstructible {
  return typeof (value as { deconstruct?: unknown }).deconstruct === 'function'
}

/** Writes objects with `deconstruct()` as `new Type({...})`, importing `Type`. */
const deconstructibles: CustomSerializer = (value, imports) => {
  if (!isDeconstructible(value)) return undefined
  const { type, options } = value.deconstruct()
  imports.add(value instanceof Operation ? MIGRATIONS_MODULE : DB_MODULE, type)
  const entries = Object.entries(options).filter(([, item]) => item !== undefined)
  if (entries.length === 0) return construct(type, null)
  return construct(type, serializeValue(options, imports, deconstructibles, type))
}

/** The TypeScript source of a migration file. */
export function renderMigration(migration: Migration): string {
  const imports = new ImportSet()
  imports.add(MIGRATIONS_MODULE, 'Migration')
  const options: CodeNode[] = []
  if (migration.initial) options.push(pair('initial', text('true')))
  if (!migration.atomic) options.push(pair('atomic', text('false')))
  options.push(pair('dependencies', list('[', migration.dependencies.map(keyNode), ']')))
  if (migration.replaces.length > 0) {
    options.push(pair('replaces', list('[', migration.replaces.map(keyNode), ']')))
  }
  if (migration.runBefore.length > 0) {
    options.push(pair('runBefore', list('[', migration.runBefore.map(keyNode), ']')))
  }
  options.push(
    pair(
      'operations',
      // One operation per line even when short: diffs of migration files stay readable.
      forceBreak(
        list(
          '[',
          migration.operations.map((operation, index) =>
            serializeValue(operation, imports, deconstructibles, `operations[${index}]`),
          ),
          ']',
        ),
      ),
    ),
  )
  const body = render(construct('Migration', forceBreak(list('{', options, '}'))))
  return `${imports.render()}\n\nexport default ${body}\n`
}

/** Where `makemigrations` writes migration `name` of `app`. */
export function migrationFilePath(app: AppConfig, name: string): string {
  return join(migrationsDirectory(app), `${name}.ts`)
}

function keyNode([app, name]: readonly [string, string]): CodeNode {
  return list('[', [text(quote(app)), text(quote(name))], ']')
}

/** Marks a list so it always renders one item per line. */
function forceBreak(node: CodeNode): CodeNode {
  return node.kind === 'list' ? list(node.open, node.items, node.close, true) : node
}
