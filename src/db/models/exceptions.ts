/** Errors of the model layer (database driver errors live in db/utils/errors.ts). */

/** A query asked for an object that does not exist; each model has its own subclass. */
export class ObjectDoesNotExist extends Error {
  override name = 'ObjectDoesNotExist'
}

/** get() matched more than one row; each model has its own subclass. */
export class MultipleObjectsReturned extends Error {
  override name = 'MultipleObjectsReturned'
}

/** A lookup, ordering or value names a field that does not exist or cannot be used so. */
export class FieldError extends Error {
  override name = 'FieldError'
}

/** Deleting would remove objects protected by on_delete=PROTECT. */
export class ProtectedError extends Error {
  override name = 'ProtectedError'
  constructor(
    message: string,
    readonly protectedObjects: readonly unknown[],
  ) {
    super(message)
  }
}

/** Deleting would remove objects restricted by on_delete=RESTRICT. */
export class RestrictedError extends Error {
  override name = 'RestrictedError'
  constructor(
    message: string,
    readonly restrictedObjects: readonly unknown[],
  ) {
    super(message)
  }
}

/** A related object was read before it was loaded (use selectRelated or getRelated()). */
export class RelatedNotLoaded extends Error {
  override name = 'RelatedNotLoaded'
}
