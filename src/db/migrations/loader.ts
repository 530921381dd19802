/**
 * Finds and imports every installed app's migration files and builds the graph
 * (Django's MigrationLoader).
 *
 * Each app's migrations live in `<app.path>/migrations/`: one module per migration, named
 * like `0001_initial.ts`, whose default export (or `migration` export) is a Migration. The
 * CLI runs under tsx, so `.ts` files import directly; compiled projects ship `.js` files.
 * Names starting with `_` or `.`, declaration files and test files are ignored. The
 * database's record of applied migrations (the recorder) is read when one is given, so
 * squashed migrations can stand in for the ones they replace.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AppConfig } from '../../apps/index.js'
import {
  BadMigrationError,
  InconsistentMigrationHistory,
  MigrationTargetError,
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
  /** Applied migrations recorded in the database, by `app.name`. */
  readonly appliedMigrations: Map<string, AppliedMigration>
  /** Labels of apps that have a migrations directory. */
  readonly migratedApps = new Set<string>()
  /** Labels of apps without one. */
  readonly unmigratedApps = new Set<string>()
  readonly #apps: readonly AppConfig[]

  private constructor(options: MigrationLoaderOptions) {
    this.#apps = options.apps
    this.appliedMigrations = new Map(options.applied ?? [])
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
    this.graph.validateConsistency()
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
      const appliedCount = migration.replaces.filter((key) =>
        this.appliedMigrations.has(keyId(key)),
      ).length
      if (appliedCount === 0 || appliedCount === migration.replaces.length) {
        if (appliedCount > 0) {
          const first = this.appliedMigrations.get(keyId(migration.replaces[0]!))!
          this.appliedMigrations.set(keyId(migration.key), first)
        }
        this.graph.removeReplacedNodes(migration.key, migration.replaces)
      } else {
        // Part of the squashed history is applied: keep using the original migrations.
        this.graph.removeReplacementNode(migration.key)
      }
    }
  }

  /** The migration of `app` whose name starts with `prefix` (as `migrate polls 0002`). */
  getMigrationByPrefix(appLabel: string, prefix: string): Migration {
    const matches = this.graph
      .nodes()
      .filter(([app, name]) => app === appLabel && name.startsWith(prefix))
    if (matches.length === 0) {
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
