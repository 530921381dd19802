/**
 * The migration suite on MariaDB (127.0.0.1:3306, user root, a database of its own).
 * Skipped with a message when the server is unreachable, unless REINHARDT_REQUIRE_MARIADB=1.
 */
import { describe, it } from 'vitest'
import { mariadbAvailable } from './project.js'
import { migrationSuite } from './suite.js'

if (await mariadbAvailable()) {
  migrationSuite('mariadb')
} else {
  describe('migrations on mariadb', () => {
    it.skip('MariaDB is unreachable at 127.0.0.1:3306 (set REINHARDT_REQUIRE_MARIADB=1 to fail)', () => {})
  })
}
