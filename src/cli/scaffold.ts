/**
 * What startproject and startapp share (Django's TemplateCommand): name validation, the
 * target directory, and copying a template directory with substitutions.
 *
 * Template files end in `-tpl` (so tools never treat them as live code: tsc, vitest and
 * npm-pack leave them alone) and have the suffix removed; a `dot-` prefix becomes `.`
 * (npm drops real `.gitignore` files from packages); directories named `project_name` /
 * `app_name` take the new name. `{{ key }}` placeholders are replaced; an unknown key is
 * a bug in the template and throws.
 */
import { randomInt } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { createRequire, isBuiltin } from 'node:module'
import { join, resolve } from 'node:path'
import { CommandError } from './command.js'

/** Words that cannot name a project or app (they are used as identifiers in code). */
const RESERVED_WORDS = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum ' +
    'export extends false finally for function if implements import in instanceof interface ' +
    'let new null package private protected public return static super switch this throw ' +
    'true try typeof var void while with yield arguments eval undefined NaN Infinity'
  ).split(' '),
)

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Refuses a name that is not an identifier, is a reserved word, or is already a module
 * name (a Node.js built-in such as `test`, reinhardt itself, or an installed package).
 */
export function validateName(name: string, kind: 'project' | 'app', cwd: string): void {
  if (!IDENTIFIER.test(name) || name.includes('$')) {
    throw new CommandError(
      `'${name}' is not a valid ${kind} name. Please make sure the name is a valid ` +
        'identifier (letters, digits and underscores, not starting with a digit).',
    )
  }
  if (RESERVED_WORDS.has(name)) {
    throw new CommandError(
      `'${name}' is a reserved word in JavaScript and cannot be used as a ${kind} name. ` +
        'Please try another name.',
    )
  }
  if (
    name === 'reinhardt' ||
    isBuiltin(name) ||
    isBuiltin(`node:${name}`) ||
    isInstalled(name, cwd)
  ) {
    throw new CommandError(
      `'${name}' conflicts with the name of an existing module and cannot be used as a ` +
        `${kind} name. Please try another name.`,
    )
  }
}

function isInstalled(name: string, cwd: string): boolean {
  try {
    createRequire(join(cwd, 'noop.js')).resolve(`${name}/package.json`)
    return true
  } catch (error) {
    // Resolvable but not exported still means the package exists.
    return (error as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
  }
}

/**
 * Creates (or accepts an empty) target directory; refuses a non-empty one so nothing is
 * overwritten. A `.git` directory alone does not count as content.
 */
export async function prepareTarget(dir: string): Promise<string> {
  const target = resolve(dir)
  let entries: string[]
  try {
    const info = await stat(target)
    if (!info.isDirectory()) throw new CommandError(`'${target}' exists and is not a directory.`)
    entries = await readdir(target)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error
    await mkdir(target, { recursive: true })
    return target
  }
  const content = entries.filter((entry) => entry !== '.git')
  if (content.length > 0) {
    throw new CommandError(
      `'${target}' already exists and is not empty (${content.slice(0, 3).join(', ')}` +
        `${content.length > 3 ? ', …' : ''}). Choose another directory or empty it first.`,
    )
  }
  return target
}

/** Copies `source` into `target`, renaming and substituting as described above. */
export async function copyTemplate(
  source: string,
  target: string,
  names: Readonly<Record<string, string>>,
  context: Readonly<Record<string, string>>,
): Promise<string[]> {
  const written: string[] = []
  await copyDirectory(source, target, '', names, context, written)
  return written.sort()
}

async function copyDirectory(
  source: string,
  target: string,
  relative: string,
  names: Readonly<Record<string, string>>,
  context: Readonly<Record<string, string>>,
  written: string[],
): Promise<void> {
  await mkdir(target, { recursive: true })
  for (const entry of await readdir(source, { withFileTypes: true })) {
    let name = names[entry.name] ?? entry.name
    if (entry.isDirectory()) {
      const childRelative = relative === '' ? name : `${relative}/${name}`
      await copyDirectory(
        join(source, entry.name),
        join(target, name),
        childRelative,
        names,
        context,
        written,
      )
      continue
    }
    if (name.startsWith('dot-')) name = `.${name.slice(4)}`
    const isTemplate = name.endsWith('-tpl')
    if (isTemplate) name = name.slice(0, -4)
    const raw = await readFile(join(source, entry.name))
    const content = isTemplate ? render(raw.toString('utf8'), context, entry.name) : raw
    await writeFile(join(target, name), content, { flag: 'wx' })
    written.push(relative === '' ? name : `${relative}/${name}`)
  }
}

/** Replaces `{{ key }}` placeholders. */
export function render(
  text: string,
  context: Readonly<Record<string, string>>,
  file: string,
): string {
  return text.replace(/\{\{ ([A-Za-z]\w*) \}\}/g, (_match, key: string) => {
    const value = context[key]
    if (value === undefined) throw new Error(`Template ${file} uses an unknown variable '${key}'.`)
    return value
  })
}

/** Characters of a generated SECRET_KEY (Django's get_random_secret_key alphabet). */
const SECRET_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)'

/** A random 50-character secret key from a cryptographic source. */
export function generateSecretKey(): string {
  let key = ''
  for (let i = 0; i < 50; i++) key += SECRET_KEY_CHARS[randomInt(SECRET_KEY_CHARS.length)]
  return key
}
