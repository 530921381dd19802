/**
 * The built-in commands, by name. One command per file; an app adds its own through
 * `defineApp({ commands })` instead of editing this table.
 */
import type { Command } from '../command.js'
import { check } from './check.js'
import { diffsettings } from './diffsettings.js'
import { help } from './help.js'
import { runserver } from './runserver.js'
import { serve } from './serve.js'
import { shell } from './shell.js'
import { startapp } from './startapp.js'
import { startproject } from './startproject.js'
import { version } from './version.js'

export const builtinCommands: Readonly<Record<string, Command>> = {
  check,
  diffsettings,
  help,
  runserver,
  serve,
  shell,
  startapp,
  startproject,
  version,
}
