/**
 * Builds a squashed migration (what `reinhardt squashmigrations` writes; Django's
 * squashmigrations command without the file handling).
 *
 * The range is the app's migrations from `start` (default: its first) up to `end`, in the
 * order `migrate` applies them. Their operations are concatenated and, unless told not to,
 * shortened by the optimizer; the new migration `replaces` them. It keeps the first
 * migration's dependencies and every dependency on other apps; dependencies inside the
 * range disappear. A range that cannot stand as one migration is refused with a
 * SquashError: a migration already squashed, a start that is not an ancestor of the end,
 * a migration depending on one of its app's migrations that the squashed migration would
 * not wait for, or a dependency on another app's migration that itself needs part of the
 * range (the squashed migration would depend on itself).
 *
 * Before answering, the optimized operations are replayed against the original ones: both
 * must describe the same schema, or the squash stops (use `optimize: false`).
 */
import { SquashError } from './exceptions.js'
import { keyId, type MigrationKey } from './graph.js'
import type { MigrationLoader } from './loader.js'
import { Migration } from './migration.js'
import type { Operation } from './operations/base.js'
import { RunJS } from './operations/special.js'
import { MigrationOptimizer } from './optimizer.js'
import { toStateData } from './orm-adapter.js'
import { ProjectState } from './state.js'

export interface SquashOptions {
  appLabel: string
  /** The first migration to squash (name or unique prefix); default: the app's first. */
  start?: string
  /** The last migration to squash (name or unique prefix). */
  end: string
  /** Name after the number (default: `<start>_squashed_<end>`, or `0001_squashed_<end>`). */
  squashedName?: string
  /** Run the optimizer (default true). */
  optimize?: boolean
}

export interface SquashResult {
  /** The new migration, bound to its app and name. */
  readonly migration: Migration
  /** The migrations it replaces, in the order they apply. */
  readonly squashed: readonly Migration[]
  /** How many operations the squashed migrations had (before optimizing). */
  readonly operationCount: number
  /** True when RunJS functions were copied by their source (they must be self-contained). */
  readonly copiesFunctions: boolean
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Builds the squashed migration for a range of `options.appLabel`'s migrations. */
export function squashMigrations(loader: MigrationLoader, options: SquashOptions): SquashResult {
  const { appLabel } = options
  if (!loader.migratedApps.has(appLabel)) {
    throw new SquashError(
      `App '${appLabel}' does not have migrations (so squashmigrations on it makes no sense).`,
    )
  }
  if (options.squashedName !== undefined && !NAME.test(options.squashedName)) {
    throw new SquashError(
      `--squashed-name '${options.squashedName}' must be a valid identifier (letters, digits, _).`,
    )
  }
  const { graph } = loader
  const end = loader.getMigrationByPrefix(appLabel, options.end)
  let range = graph
    .forwardsPlan(end.key)
    .filter(([app]) => app === appLabel)
    .map((key) => graph.migration(key))
  const start =
    options.start === undefined ? undefined : loader.getMigrationByPrefix(appLabel, options.start)
  if (start !== undefined) {
    const index = range.findIndex((migration) => migration.name === start.name)
    if (index === -1) {
      throw new SquashError(
        `The migration '${keyId(start.key)}' cannot be found. Maybe it comes after the ` +
          `migration '${keyId(end.key)}'?\nHave a look at:\n  reinhardt showmigrations ` +
          `${appLabel}\nto debug this issue.`,
      )
    }
    range = range.slice(index)
  }
  const squashed = range.find((migration) => migration.replaces.length > 0)
  if (squashed !== undefined) {
    throw new SquashError(
      `You cannot squash squashed migrations! ${keyId(squashed.key)} is one: transition it ` +
        'to a normal migration first (delete the files it replaces, point their dependents ' +
        "at it, remove its 'replaces'; see 'Squashing migrations' in docs/migrations.md).",
    )
  }
  checkDependencies(loader, range)

  const operations = range.flatMap((migration) => migration.operations)
  const optimized =
    options.optimize === false
      ? operations
      : new MigrationOptimizer().optimize(operations, appLabel)
  if (optimized !== operations) checkSameSchema(loader, range, operations, optimized)

  const first = range[0]!
  const name =
    start === undefined
      ? `0001_${options.squashedName ?? `squashed_${end.name}`}`
      : options.squashedName !== undefined
        ? `${start.name.split('_')[0]}_${options.squashedName}`
        : `${start.name}_squashed_${end.name}`
  const migration = new Migration({
    initial: start === undefined || first.initial,
    atomic: range.every((m) => m.atomic),
    dependencies: unique(
      range.flatMap((m) => (m === first ? m.dependencies : outside(appLabel, m.dependencies))),
    ),
    replaces: range.map((m) => m.key),
    runBefore: unique(range.flatMap((m) => outside(appLabel, m.runBefore))),
    operations: optimized,
  }).bind(appLabel, name)
  return {
    migration,
    squashed: range,
    operationCount: operations.length,
    copiesFunctions: optimized.some((operation) => operation instanceof RunJS),
  }
}

/**
 * Refuses a range whose migrations need something the squashed migration would not
 * provide: an in-app migration outside the range that is not applied before the range
 * starts (its dependency would be dropped), or an other app's migration that depends on
 * part of the range (a cycle once the range is one node).
 */
function checkDependencies(loader: MigrationLoader, range: readonly Migration[]): void {
  const { graph } = loader
  const first = range[0]!
  const inRange = new Set(range.map((migration) => keyId(migration.key)))
  const beforeStart = new Set(graph.forwardsPlan(first.key).map(keyId))
  const label = `${keyId(first.key)} to ${range.at(-1)!.name}`
  for (const migration of range) {
    for (const parent of graph.parents(migration.key)) {
      const parentId = keyId(parent)
      if (inRange.has(parentId)) continue
      if (parent[0] === migration.appLabel) {
        if (migration === first || beforeStart.has(parentId)) continue
        throw new SquashError(
          `Cannot squash ${label}: ${keyId(migration.key)} depends on ${parentId}, which is ` +
            `not in the range and not applied before ${keyId(first.key)}. Start the range ` +
            'after it, or squash a range that includes it.',
        )
      }
      const needed = graph.forwardsPlan(parent).find((key) => inRange.has(keyId(key)))
      if (needed !== undefined) {
        throw new SquashError(
          `Cannot squash ${label}: ${keyId(migration.key)} depends on ${parentId}, which ` +
            `depends on ${keyId(needed)}; the squashed migration would depend on itself ` +
            `(CircularDependencyError). Squash up to the migration before ` +
            `${keyId(migration.key)}, and the rest separately.`,
        )
      }
    }
  }
}

/**
 * Throws when the optimized operations do not build the same schema state as the original
 * ones, starting from the state the range's dependencies give.
 */
function checkSameSchema(
  loader: MigrationLoader,
  range: readonly Migration[],
  original: readonly Operation[],
  optimized: readonly Operation[],
): void {
  const { graph } = loader
  const inRange = new Set(range.map((migration) => keyId(migration.key)))
  const outsideParents = range
    .flatMap((migration) => graph.parents(migration.key))
    .filter((key) => !inRange.has(keyId(key)))
  const before =
    outsideParents.length > 0 ? loader.projectState(outsideParents) : new ProjectState()
  const appLabel = range[0]!.appLabel
  const replay = (operations: readonly Operation[]): string => {
    const state = before.clone()
    for (const operation of operations) operation.stateForwards(appLabel, state)
    return canonical(state.modelsOf().map(toStateData))
  }
  let same: boolean
  try {
    same = replay(original) === replay(optimized)
  } catch {
    same = false
  }
  if (!same) {
    throw new SquashError(
      `The optimized operations of ${keyId(range[0]!.key)} to ${range.at(-1)!.name} do not ` +
        'describe the same schema as the original ones. Squash with --no-optimize (and ' +
        'please report the migrations that caused this).',
    )
  }
}

/** Stable text for plain data: object keys sorted, bigint and functions spelled out. */
function canonical(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return String(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

function outside(appLabel: string, keys: readonly MigrationKey[]): MigrationKey[] {
  return keys.filter(([app]) => app !== appLabel)
}

/** Keys without repeats, sorted (as Django writes dependencies). */
function unique(keys: readonly MigrationKey[]): MigrationKey[] {
  const byId = new Map(keys.map((key) => [keyId(key), key] as const))
  return [...byId.keys()].sort().map((id) => byId.get(id)!)
}
