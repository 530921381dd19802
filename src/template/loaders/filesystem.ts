/**
 * Filesystem loader: looks for `name` under each directory in order. Names that would
 * escape the directory (`../secret`, absolute paths) are not looked up there. Reads are
 * synchronous: templates are read once and then cached by the cached loader.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, join, resolve, sep } from 'node:path'
import type { Origin } from '../nodes/base.js'
import { SourceLoader } from './loader.js'

/**
 * Templates from directories.
 *
 * @example
 * new FilesystemLoader(['/srv/site/templates'])
 */
export class FilesystemLoader extends SourceLoader {
  readonly dirs: readonly string[]
  constructor(dirs: readonly string[]) {
    super()
    this.dirs = dirs.map((d) => resolve(d))
  }

  protected *candidates(name: string): Iterable<Origin & { path: string }> {
    if (isAbsolute(name) || name.includes('\0')) return
    for (const dir of this.dirs) {
      const path = resolve(join(dir, name))
      if (path !== dir && !path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) continue
      yield { name, path, source: '' }
    }
  }

  protected read(origin: Origin & { path: string }): string | null {
    try {
      return readFileSync(origin.path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null
      throw error
    }
  }
}
