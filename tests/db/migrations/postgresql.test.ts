import { describe, it } from 'vitest'
import { postgresAvailable } from './project.js'
import { migrationSuite } from './suite.js'

if (await postgresAvailable()) {
  migrationSuite('postgresql')
} else {
  describe('migrations on postgresql', () => {
    it.skip('PostgreSQL is unreachable at 127.0.0.1:5432 (set REINHARDT_REQUIRE_PG=1 to fail)', () => {})
  })
}
