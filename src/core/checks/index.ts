/**
 * System checks. Importing this module registers the built-in checks (one file per
 * area below) on the global registry.
 */
export * from './messages.js'
export * from './registry.js'
import './core.js'
import './urls.js'
import './security.js'
import './database.js'
