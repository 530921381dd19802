/**
 * Finds and imports every installed app's migration files and builds the graph
 * (Django's MigrationLoader).
 *
 * Each app's migrations live in `<app.path>/migrations/`: one module per migration, named
 * like `0001_initial.ts`, whose default export (or `migration` export) is a Migration. The
 * CLI runs under tsx, so `.ts` files import directly; compiled projects ship `.js` files.
 * Names starting with `_` or `.`, declaration files and test files are ignored.
 *
 * A squashed migration (one with `replaces`) stands in for the migrations it replaces when
 * none of them is applied (a new database) or all of them are (it is then applied too);
 * its node takes their place and dependencies on any of them point at it. When only some
 * are applied, the originals are kept and the squashed migration is left out until they
 * are all applied. The database's record of applied migrations comes from the recorder,
 * when one is given.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AppConfig } from '../../apps/index.js'
import {
  BadMigrationError,
  InconsistentMigrationHistory,
  MigrationTargetError,
  NodeNotFoundError,
} from './exceptions.js'
import { MigrationGraph, keyId, type MigrationKey } from './graph.js'
import { Migration } from './migration.js'
import type { AppliedMigration } from './recorder.js'
import { ProjectState } from './state.js'

/** Extensions a migration module may have, most preferred first. */
const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const
const MIGRATION_NAME = /^[A-Za-z0-9][A-Za-z0-9_]*$/

export interface MigrationLoaderOptions {
  /** Installed apps, in INSTALLED_APPS order. */
  apps: readonly AppConfig[]
  /** Applied migrations from the recorder; omitted when no database is involved. */
  applied?: ReadonlyMap<string, AppliedMigration>
}

/** The directory an app's migrations live in. */
export function migrationsDirectory(app: AppConfig): string {
  return join(app.path, 'migrations')
}

/** The migration files of one directory, by migration name (one module per name). */
export function listMigrationFiles(directory: string): Map<string, string> {
  const found = new Map<string, string>()
  if (!existsSync(directory)) return found
  for (const entry of readdirSync(directory).sort()) {
    if (entry.endsWith('.d.ts') || /\.(test|spec)\.[cm]?[jt]s$/.test(entry)) continue
    const extension = EXTENSIONS.find((candidate) => entry.endsWith(candidate))
    if (extension === undefined) continue
    const name = entry.slice(0, -extension.length)
    if (!MIGRATION_NAME.test(name)) continue
    const previous = found.get(name)
    // A project compiled in place has both `x.ts` and `x.js`: the source is the truth.
    if (previous === undefined || EXTENSIONS.indexOf(extension) < rank(previous)) {
      found.set(name, join(directory, entry))
    }
  }
  return found
}

/** `{ app, name }` of an `app.name` id. */
function key(id: string): { app: string; name: string } {
  const dot = id.indexOf('.')
  return { app: id.slice(0, dot), name: id.slice(dot + 1) }
}

function rank(file: string): number {
  return EXTENSIONS.findIndex((extension) => file.endsWith(extension))
}

/** Imports one migration file and returns its Migration bound to `appLabel` and `name`. */
export async function importMigration(
  file: string,
  appLabel: string,
  name: string,
): Promise<Migration> {
  // No cache-busting query: loaders pick the TypeScript transform by extension, and a
  // query string hides it. A file rewritten in the same process keeps its first version.
  const url = pathToFileURL(file).href
  let module: { default?: unknown; migration?: unknown }
  try {
    module = (await import(url)) as { default?: unknown; migration?: unknown }
  } catch (error) {
    throw new BadMigrationError(
      `Could not import migration ${appLabel}.${name} (${file}): ${(error as Error).message}`,
      { cause: error },
    )
  }
  const value = module.default ?? module.migration
  if (!(value instanceof Migration)) {
    throw new BadMigrationError(
      `Migration ${appLabel}.${name} (${file}) must \`export default new Migration({...})\` ` +
        `(imported from 'reinhardt/db/migrations').`,
    )
  }
  return value.bind(appLabel, name)
}

export class MigrationLoader {
  readonly graph = new MigrationGraph()
  /** Every migration found on disk, by `app.name`. */
  readonly diskMigrations = new Map<string, Migration>()
  /**
   * Applied migrations by `app.name`: the database's records, with each squashed migration
   * marked applied exactly when all the migrations it replaces are.
   */
  readonly appliedMigrations: Map<string, AppliedMigration>
  /** The rows of the database's record as they are (no squashed-migration adjustment). */
  readonly recordedMigrations: ReadonlyMap<string, AppliedMigration>
  /** Squashed migrations found on disk (those with `replaces`), by `app.name`. */
  readonly replacements = new Map<string, Migration>()
  /** Labels of apps that have a migrations directory. */
  readonly migratedApps = new Set<string>()
  /** Labels of apps without one. */
  readonly unmigratedApps = new Set<string>()
  readonly #apps: readonly AppConfig[]

  private constructor(options: MigrationLoaderOptions) {
    this.#apps = options.apps
    this.recordedMigrations = new Map(options.applied ?? [])
    this.appliedMigrations = new Map(this.recordedMigrations)
  }

  /** Loads every app's migrations and builds a validated, acyclic graph. */
  static async load(options: MigrationLoaderOptions): Promise<MigrationLoader> {
    const loader = new MigrationLoader(options)
    await loader.#loadDisk()
    loader.#buildGraph()
    return loader
  }

  /** The installed apps the loader looked at. */
  get apps(): readonly AppConfig[] {
    return this.#apps
  }

  async #loadDisk(): Promise<void> {
    for (const app of this.#apps) {
      const directory = migrationsDirectory(app)
      if (!existsSync(directory)) {
        this.unmigratedApps.add(app.label)
        continue
      }
      this.migratedApps.add(app.label)
      for (const [name, file] of listMigrationFiles(directory)) {
        const migration = await importMigration(file, app.label, name)
        this.diskMigrations.set(keyId(migration.key), migration)
      }
    }
  }

  #buildGraph(): void {
    for (const migration of this.diskMigrations.values()) {
      this.graph.addNode(migration.key, migration)
    }
    for (const migration of this.diskMigrations.values()) {
      for (const dependency of migration.dependencies) {
        const parent = this.#resolveDependency(migration, dependency)
        if (parent !== null) this.graph.addDependency(migration.key, parent)
      }
      for (const before of migration.runBefore) {
        const child = this.#resolveDependency(migration, before)
        if (child !== null && this.graph.has(child)) {
          this.graph.addDependency(child, migration.key)
        }
      }
    }
    this.#applyReplacements()
    try {
      this.graph.validateConsistency()
    } catch (error) {
      throw this.#explainMissingReplaced(error)
    }
    this.graph.ensureNotCyclic()
  }

  /** `__first__` / `__latest__` resolve to an app's root or leaf; unmigrated apps drop out. */
  #resolveDependency(migration: Migration, dependency: MigrationKey): MigrationKey | null {
    const [app, name] = dependency
    if (name !== '__first__' && name !== '__latest__') return dependency
    if (this.unmigratedApps.has(app)) return null
    const candidates = [...this.diskMigrations.values()].filter((m) => m.appLabel === app)
    if (candidates.length === 0) {
      if (this.migratedApps.has(app)) return null
      throw new BadMigrationError(
        `Migration ${keyId(migration.key)} depends on app '${app}' (${name}), which is not ` +
          'installed: add it to INSTALLED_APPS.',
      )
    }
    // Before the graph exists, the first/last migration of an app is its lowest/highest
    // name; dependency numbering (0001, 0002...) makes that the root/leaf.
    const names = candidates.map((m) => m.name).sort()
    return [app, name === '__first__' ? names[0]! : names[names.length - 1]!]
  }

  #applyReplacements(): void {
    for (const migration of this.diskMigrations.values()) {
      if (migration.replaces.length === 0) continue
      const id = keyId(migration.key)
      this.replacements.set(id, migration)
      const records = migration.replaces.map((key) => this.recordedMigrations.get(keyId(key)))
      const appliedCount = records.filter((record) => record !== undefined).length
      const allApplied = appliedCount === migration.replaces.length
      // Applied exactly when everything it replaces is (Django ignores its own row, which
      // `migrate` writes once the replaced migrations are all recorded).
      if (allApplied) {
        const latest = records.reduce((a, b) => (a!.applied >= b!.applied ? a : b))!
        this.appliedMigrations.set(id, this.recordedMigrations.get(id) ?? { ...latest, ...key(id) })
      } else {
        this.appliedMigrations.delete(id)
      }
      if (allApplied || appliedCount === 0) {
        this.graph.removeReplacedNodes(migration.key, migration.replaces)
      } else {
        // Part of the squashed history is applied: finish it with the original migrations.
        this.graph.removeReplacementNode(migration.key, migration.replaces)
      }
    }
  }

  /**
   * A dependency on a replaced migration whose file is gone, while the squashed migration
   * could not stand in for it (some replaced migrations are applied): say so.
   */
  #explainMissingReplaced(error: unknown): unknown {
    if (!(error instanceof NodeNotFoundError)) return error
    const missing = keyId(error.node)
    const candidates = [...this.replacements.values()].filter((squashed) =>
      squashed.replaces.some((key) => keyId(key) === missing),
    )
    if (candidates.length === 0 || candidates.some((squashed) => this.graph.has(squashed.key))) {
      return error
    }
    const names = candidates.map((squashed) => keyId(squashed.key)).join(', ')
    return new NodeNotFoundError(
      `${error.message} It is replaced by ${names}, which cannot stand in for it because ` +
        'only some of the migrations it replaces are applied on this database: restore the ' +
        'replaced migration files and run migrate, then delete them again.',
      error.node,
    )
  }

  /** The migration of `app` whose name starts with `prefix` (as `migrate polls 0002`). */
  getMigrationByPrefix(appLabel: string, prefix: string): Migration {
    const matches = this.graph
      .nodes()
      .filter(([app, name]) => app === appLabel && name.startsWith(prefix))
    if (matches.length === 0) {
      const replacedBy = this.#replacedBy(appLabel, prefix)
      if (replacedBy !== undefined) {
        throw new MigrationTargetError(
          `Migration ${replacedBy.replaced} is replaced by the squashed migration ` +
            `${keyId(replacedBy.squashed.key)}, which stands in for it here: name the ` +
            'squashed migration (or a migration outside it) instead.',
        )
      }
      throw new MigrationTargetError(
        `Cannot find a migration matching '${prefix}' from app '${appLabel}'.`,
      )
    }
    const exact = matches.find(([, name]) => name === prefix)
    if (exact !== undefined) return this.graph.migration(exact)
    if (matches.length > 1) {
      throw new MigrationTargetError(
        `More than one migration matches '${prefix}' in app '${appLabel}' ` +
          `(${matches.map(([, name]) => name).join(', ')}). Please be more specific.`,
      )
    }
    return this.graph.migration(matches[0]!)
  }

  /** The squashed migration in the graph that replaces a migration matching `prefix`. */
  #replacedBy(
    appLabel: string,
    prefix: string,
  ): { replaced: string; squashed: Migration } | undefined {
    for (const squashed of this.replacements.values()) {
      if (!this.graph.has(squashed.key)) continue
      const replaced = squashed.replaces.find(
        ([app, name]) => app === appLabel && name.startsWith(prefix),
      )
      if (replaced !== undefined) return { replaced: keyId(replaced), squashed }
    }
    return undefined
  }

  /**
   * Throws InconsistentMigrationHistory if an applied migration has a dependency that is not
   * applied (the database was migrated with other files than these).
   */
  checkConsistentHistory(): void {
    for (const id of this.appliedMigrations.keys()) {
      const dot = id.indexOf('.')
      const key: MigrationKey = [id.slice(0, dot), id.slice(dot + 1)]
      if (!this.graph.has(key)) continue
      for (const parent of this.graph.parents(key)) {
        if (!this.appliedMigrations.has(keyId(parent))) {
          throw new InconsistentMigrationHistory(
            `Migration ${id} is applied before its dependency ${keyId(parent)} on the ` +
              'database. Apply the dependency (or fake it) first.',
          )
        }
      }
    }
  }

  /** Apps with more than one leaf migration (see MigrationGraph.conflicts). */
  detectConflicts(): Map<string, string[]> {
    return this.graph.conflicts()
  }

  /**
   * The project state after applying `nodes` and everything they depend on (default: every
   * leaf, i.e. the state all migration files describe). With `atEnd` false, the nodes
   * themselves are left out: the state just before them.
   */
  projectState(
    nodes: readonly MigrationKey[] = this.graph.leafNodes(),
    atEnd = true,
  ): ProjectState {
    const state = new ProjectState()
    const seen = new Set<string>()
    const excluded = new Set(atEnd ? [] : nodes.map(keyId))
    for (const node of nodes) {
      for (const key of this.graph.forwardsPlan(node)) {
        const id = keyId(key)
        if (seen.has(id) || excluded.has(id)) continue
        seen.add(id)
        this.graph.migration(key).mutateState(state)
      }
    }
    return state
  }
}
