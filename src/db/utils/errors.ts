/**
 * Database errors as typed classes (PEP 249's hierarchy, as Django exposes it), mapped
 * from the drivers' errors by each backend's `wrapError()`. The driver error stays
 * available as `cause`, with the SQLSTATE / SQLite code in `code`.
 *
 * ```ts
 * try { await Tag.objects.create({ name: 'dup' }) }
 * catch (error) { if (error instanceof IntegrityError) ... }
 * ```
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError'
  /** SQLSTATE (PostgreSQL) or SQLite result code name, when the driver gave one. */
  readonly code: string | undefined
  constructor(message: string, options: { cause?: unknown; code?: string | undefined } = {}) {
    super(message, { cause: options.cause })
    this.code = options.code
  }
}

/** A constraint failed: unique, foreign key, not null, check. */
export class IntegrityError extends DatabaseError {
  override name = 'IntegrityError'
}

/** The database could not do it for reasons outside the query: connection lost, locked, out of resources. */
export class OperationalError extends DatabaseError {
  override name = 'OperationalError'
}

/** The SQL is wrong: a missing table or column, a syntax error. */
export class ProgrammingError extends DatabaseError {
  override name = 'ProgrammingError'
}

/** A value does not fit: out of range, invalid text representation, division by zero. */
export class DataError extends DatabaseError {
  override name = 'DataError'
}

/** The database does not support what was asked. */
export class NotSupportedError extends DatabaseError {
  override name = 'NotSupportedError'
}

/** An error in the database interface itself (e.g. use after close). */
export class InterfaceError extends DatabaseError {
  override name = 'InterfaceError'
}

/** A transaction error inside atomic() left the block unusable until it exits. */
export class TransactionManagementError extends ProgrammingError {
  override name = 'TransactionManagementError'
}
