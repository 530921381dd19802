/**
 * Which settings module the CLI loads: `--settings`, else REINHARDT_SETTINGS_MODULE, else
 * the `"reinhardt": { "settings": "./mysite/settings.ts" }` field of the nearest
 * package.json above the working directory (what startproject writes, so `npx reinhardt
 * check` works inside a project with no flag, like Django's manage.py default).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** The settings module named by the nearest package.json, as an absolute path. */
export function settingsFromPackageJson(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      let pkg: { reinhardt?: { settings?: unknown } }
      try {
        pkg = JSON.parse(readFileSync(file, 'utf8')) as typeof pkg
      } catch {
        return undefined
      }
      const settings = pkg.reinhardt?.settings
      return typeof settings === 'string' && settings !== '' ? resolve(dir, settings) : undefined
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The directory of the nearest package.json at or above `cwd` (the project root). */
export function findProjectRoot(cwd: string): string | undefined {
  let dir = resolve(cwd)
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
