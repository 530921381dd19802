import { migrationSuite } from './suite.js'

migrationSuite('sqlite')
