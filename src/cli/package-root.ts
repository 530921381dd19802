/**
 * Where the reinhardt package itself lives, found from this module's own location so it
 * works the same from `src/` (a checkout run through tsx) and from `dist/` (a build).
 * The CLI needs it for `version`, for the bin that child processes run (runserver's
 * autoreloader, serve's workers), and for the startproject/startapp templates.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

let root: string | undefined

/** The directory holding reinhardt's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root
  let dir = import.meta.dirname
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }
      if (pkg.name === 'reinhardt') return (root = dir)
    }
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error(`reinhardt's package.json not found above ${import.meta.dirname}`)
    dir = parent
  }
}

/** reinhardt's version, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string
  }
  return pkg.version
}

/** The `reinhardt` bin script, which child processes run. */
export function binPath(): string {
  return join(packageRoot(), 'bin', 'reinhardt.mjs')
}

/** A template directory shipped with the CLI ('project-template' or 'app-template'). */
export function templateDir(name: 'project-template' | 'app-template'): string {
  // Templates are not compiled: from dist/ they are read from the shipped src/ folder.
  const beside = join(import.meta.dirname, name)
  return existsSync(beside) ? beside : join(packageRoot(), 'src', 'cli', name)
}
