/**
 * Errors raised while loading, planning, writing or applying migrations. Each message says
 * which migration or app is at fault and what to do about it.
 */

/** A migration names a dependency (or a target) that no migration file provides. */
export class NodeNotFoundError extends Error {
  override name = 'NodeNotFoundError'
  constructor(
    message: string,
    readonly node: readonly [string, string],
  ) {
    super(message)
  }
}

/** The dependency graph has a cycle; the message lists the migrations on it. */
export class CircularDependencyError extends Error {
  override name = 'CircularDependencyError'
}

/** An app has more than one leaf migration (two branches were written independently). */
export class ConflictingMigrationsError extends Error {
  override name = 'ConflictingMigrationsError'
  constructor(
    message: string,
    readonly conflicts: ReadonlyMap<string, readonly string[]>,
  ) {
    super(message)
  }
}

/** A migration file could not be imported or does not export a Migration. */
export class BadMigrationError extends Error {
  override name = 'BadMigrationError'
}

/** Applied migrations are not consistent with the graph (a dependency is unapplied). */
export class InconsistentMigrationHistory extends Error {
  override name = 'InconsistentMigrationHistory'
}

/** An operation cannot be reversed (RunSQL / RunJS without a reverse, for example). */
export class IrreversibleError extends Error {
  override name = 'IrreversibleError'
}

/** A target such as `migrate polls 0003` names no migration, or is ambiguous. */
export class MigrationTargetError extends Error {
  override name = 'MigrationTargetError'
}

/** The state built from operations is invalid (a field added twice, a missing model). */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError'
}

/** `squashmigrations` was asked for a range it cannot squash (the message says why). */
export class SquashError extends Error {
  override name = 'SquashError'
}
