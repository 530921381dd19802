/**
 * The built-in commands, by name. One command per file; an app adds its own through
 * `defineApp({ commands })` instead of editing this table.
 */
import type { Command } from '../command.js'
import { check } from './check.js'
import { diffsettings } from './diffsettings.js'
import { help } from './help.js'
import { inspectdbCommand as inspectdb } from './inspectdb.js'
import { makemigrationsCommand as makemigrations } from './makemigrations.js'
import { migrateCommand as migrate } from './migrate.js'
import { runserver } from './runserver.js'
import { serve } from './serve.js'
import { shell } from './shell.js'
import { showmigrationsCommand as showmigrations } from './showmigrations.js'
import { sqlmigrateCommand as sqlmigrate } from './sqlmigrate.js'
import { squashmigrationsCommand as squashmigrations } from './squashmigrations.js'
import { startapp } from './startapp.js'
import { startproject } from './startproject.js'
import { version } from './version.js'

export const builtinCommands: Readonly<Record<string, Command>> = {
  check,
  diffsettings,
  help,
  inspectdb,
  makemigrations,
  migrate,
  runserver,
  serve,
  shell,
  showmigrations,
  sqlmigrate,
  squashmigrations,
  startapp,
  startproject,
  version,
}
