/**
 * MariaDB/MySQL errors → the typed errors of db/utils/errors.ts, by server error number
 * (what Django's MySQL backend and MySQLdb go by), then by SQLSTATE class for the rest.
 * `code` on the typed error is the error number as text ('1062'), or mysql2's code for
 * client-side errors ('ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST').
 */
import {
  DataError,
  DatabaseError,
  IntegrityError,
  InterfaceError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
} from '../../utils/errors.js'

/** The fields of a mysql2 error we look at. */
interface DriverError extends Error {
  code?: string
  errno?: number
  sqlState?: string
  fatal?: boolean
}

const INTEGRITY = new Set([
  1022, // ER_DUP_KEY
  1048, // ER_BAD_NULL_ERROR
  1062, // ER_DUP_ENTRY
  1169, // ER_DUP_UNIQUE
  1216, // ER_NO_REFERENCED_ROW
  1217, // ER_ROW_IS_REFERENCED
  1364, // ER_NO_DEFAULT_FOR_FIELD
  1451, // ER_ROW_IS_REFERENCED_2
  1452, // ER_NO_REFERENCED_ROW_2
  1557, // ER_FOREIGN_DUPLICATE_KEY
  1586, // ER_DUP_ENTRY_WITH_KEY_NAME
  1690, // ER_DATA_OUT_OF_RANGE on an UNSIGNED column (Django calls it an IntegrityError)
  3819, // ER_CHECK_CONSTRAINT_VIOLATED (MySQL)
  4025, // ER_CONSTRAINT_FAILED (MariaDB CHECK)
])

const DATA = new Set([
  1264, // ER_WARN_DATA_OUT_OF_RANGE
  1265, // WARN_DATA_TRUNCATED
  1292, // ER_TRUNCATED_WRONG_VALUE (a bad date)
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1367, // ER_ILLEGAL_VALUE_FOR_TYPE
  1406, // ER_DATA_TOO_LONG
  1411, // ER_WRONG_VALUE_FOR_TYPE
  1416, // ER_CANT_CREATE_GEOMETRY_OBJECT
  3140, // ER_INVALID_JSON_TEXT (MySQL)
  4038, // ER_JSON_SYNTAX (MariaDB)
])

const OPERATIONAL = new Set([
  1040, // ER_CON_COUNT_ERROR
  1044, // ER_DBACCESS_DENIED_ERROR
  1045, // ER_ACCESS_DENIED_ERROR
  1049, // ER_BAD_DB_ERROR
  1205, // ER_LOCK_WAIT_TIMEOUT (also selectForUpdate({ nowait }))
  1213, // ER_LOCK_DEADLOCK
  3572, // ER_LOCK_NOWAIT (MySQL)
])

const NOT_SUPPORTED = new Set([
  1235, // ER_NOT_SUPPORTED_YET
  1295, // ER_UNSUPPORTED_PS
])

/** Client-side codes of a server that could not be reached. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT'])

/** Client-side codes of a connection lost mid-way. */
const LOST = new Set([
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
])

/** Server errors of a connection that is gone: shutdown, killed, gone away, lost. */
const LOST_ERRNO = new Set([1053, 1927, 2006, 2013])

/** True when the connection the error came from cannot be used again. */
export function isFatal(error: unknown): boolean {
  const e = error as DriverError | undefined
  return (
    e?.fatal === true ||
    (e?.code !== undefined && (LOST.has(e.code) || UNREACHABLE.has(e.code))) ||
    (e?.errno !== undefined && LOST_ERRNO.has(e.errno))
  )
}

/** Maps a mysql2 error (or anything thrown) to a typed DatabaseError. */
export function wrapMysqlError(error: unknown, alias: string, sql?: string): Error {
  if (error instanceof DatabaseError) return error
  if (!(error instanceof Error)) return new DatabaseError(String(error), { cause: error })
  const e = error as DriverError
  const errno = e.errno
  const code = errno !== undefined && errno < 2000 ? String(errno) : e.code
  const options = { cause: error, code }
  const message = e.message
  if (e.code !== undefined && UNREACHABLE.has(e.code)) {
    return new OperationalError(
      `Cannot reach MariaDB/MySQL for database '${alias}' (${e.code}): ${message}. ` +
        'Check HOST/PORT in DATABASES and that the server is running.',
      options,
    )
  }
  if (isFatal(error)) {
    return new OperationalError(
      `The connection to MariaDB/MySQL (database '${alias}') was lost: ${message}. ` +
        'The statement did not complete; the next query opens a new connection.',
      options,
    )
  }
  if (errno === undefined) {
    return /closed state|Pool is closed|connection is in closed/i.test(message)
      ? new InterfaceError(message, options)
      : new DatabaseError(message, options)
  }
  if (INTEGRITY.has(errno)) return new IntegrityError(message, options)
  if (DATA.has(errno)) return new DataError(message, options)
  if (OPERATIONAL.has(errno)) return new OperationalError(message, options)
  if (NOT_SUPPORTED.has(errno)) return new NotSupportedError(message, options)
  const klass = e.sqlState?.slice(0, 2)
  if (klass === '23') return new IntegrityError(message, options)
  if (klass === '22') return new DataError(message, options)
  if (klass === '42')
    return new ProgrammingError(sql !== undefined ? `${message}\nSQL: ${sql}` : message, options)
  if (klass === '08' || klass === '40' || (klass === 'HY' && errno >= 2000))
    return new OperationalError(message, options)
  return new DatabaseError(message, options)
}
