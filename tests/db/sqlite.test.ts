/** The database contract suite on SQLite (a temporary WAL file, plus an in-memory alias). */
import { sqliteBackend } from './backends.js'
import { contractSuite } from './contract.js'

contractSuite(sqliteBackend())
