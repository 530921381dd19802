/**
 * The database contract suite on PostgreSQL (127.0.0.1:5432, database test, a schema of its
 * own). Skipped with a message when the server is unreachable, unless REINHARDT_REQUIRE_PG=1.
 */
import { postgresBackend } from './backends.js'
import { contractSuite } from './contract.js'

contractSuite(await postgresBackend())
