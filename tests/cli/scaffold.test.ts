import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { describe, expect, it } from 'vitest'
import { cli, tempDir } from './helpers.js'

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  )
}

describe('startproject', () => {
  it('creates a TypeScript project with scripts, settings and a welcome page', async () => {
    const cwd = tempDir()
    const { code, stdout, stderr } = await cli(['startproject', 'mysite'], { cwd })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain("Created project 'mysite'")
    expect(stdout).toContain('npm run dev')
    const root = join(cwd, 'mysite')
    expect(listFiles(root).sort()).toEqual([
      '.gitignore',
      '.prettierignore',
      '.prettierrc.json',
      'README.md',
      'mysite/settings.ts',
      'mysite/tests.ts',
      'mysite/urls.ts',
      'mysite/views.ts',
      'package.json',
      'templates/.gitkeep',
      'tsconfig.json',
      'vitest.config.ts',
    ])
    expect(readFileSync(join(root, 'mysite/settings.ts'), 'utf8')).toContain('APP_DIRS: true')
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(pkg.name).toBe('mysite')
    expect(pkg.type).toBe('module')
    expect(pkg.scripts).toMatchObject({
      dev: 'reinhardt runserver',
      start: 'reinhardt serve',
      check: 'reinhardt check',
      test: 'vitest run',
    })
    expect(pkg.reinhardt.settings).toBe('./mysite/settings.ts')
    expect(pkg.dependencies.reinhardt).toMatch(/^\^\d+\.\d+\.\d+$/)
    for (const file of listFiles(root)) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/\{\{|\}\}/)
    }
    const settings = readFileSync(join(root, 'mysite/settings.ts'), 'utf8')
    expect(settings).toContain("import * as urls from './urls.js'")
    expect(settings).toContain('ROOT_URLCONF: urls')
    expect(settings).toContain('process.env')
    const key = /'reinhardt-insecure-([^']+)'/.exec(settings)![1]!
    expect(key).toHaveLength(50)
    expect(readFileSync(join(root, 'mysite/views.ts'), 'utf8')).toContain(
      'The install worked successfully!',
    )
  })

  it('uses --reinhardt-spec, a DIR argument, and a fresh secret key each time', async () => {
    const cwd = tempDir()
    const spec = 'file:/path/to/reinhardt'
    expect((await cli(['startproject', 'one', 'a', '--reinhardt-spec', spec], { cwd })).code).toBe(
      0,
    )
    expect((await cli(['startproject', 'two', 'b/c'], { cwd })).code).toBe(0)
    const pkg = JSON.parse(readFileSync(join(cwd, 'a', 'package.json'), 'utf8'))
    expect(pkg.dependencies.reinhardt).toBe(spec)
    expect(existsSync(join(cwd, 'b/c/two/settings.ts'))).toBe(true)
    const keyOf = (file: string) =>
      /reinhardt-insecure-([^']+)/.exec(readFileSync(file, 'utf8'))![1]
    expect(keyOf(join(cwd, 'a/one/settings.ts'))).not.toBe(keyOf(join(cwd, 'b/c/two/settings.ts')))
  })

  it.each([
    ['my-site', 'is not a valid project name'],
    ['1site', 'is not a valid project name'],
    ['class', 'is a reserved word'],
    ['test', 'conflicts with the name of an existing module'],
    ['fs', 'conflicts with the name of an existing module'],
    ['reinhardt', 'conflicts with the name of an existing module'],
  ])('refuses the name %s', async (name, message) => {
    const cwd = tempDir()
    const { code, stderr } = await cli(['startproject', name], { cwd })
    expect(code).toBe(1)
    expect(stderr).toContain(`CommandError: '${name}' ${message}`)
    expect(readdirSync(cwd)).toEqual([])
  })

  it('refuses an installed package name and a non-empty target, accepts an empty one', async () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, 'node_modules/leftpad'), { recursive: true })
    writeFileSync(join(cwd, 'node_modules/leftpad/package.json'), '{"name":"leftpad"}')
    expect((await cli(['startproject', 'leftpad'], { cwd })).stderr).toContain('conflicts')
    mkdirSync(join(cwd, 'taken'))
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'keep me')
    const refused = await cli(['startproject', 'site', 'taken'], { cwd })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already exists and is not empty \(notes\.txt\)/)
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt'])
    mkdirSync(join(cwd, 'empty'))
    expect((await cli(['startproject', 'site', 'empty'], { cwd })).code).toBe(0)
  })

  it('needs a name and refuses extra arguments', async () => {
    const missing = await cli(['startproject'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Usage: reinhardt startproject [options] NAME [DIR]')
    expect((await cli(['startproject', 'a', 'b', 'c'])).code).toBe(2)
  })
})

/**
 * Files that prettier, run in the generated project with the project's own
 * .prettierrc.json (what `npx prettier --check .` there does), would change.
 */
async function unformatted(root: string): Promise<string[]> {
  const bad: string[] = []
  for (const file of listFiles(root)) {
    if (!/\.(?:ts|json|md)$/.test(file)) continue
    const filepath = join(root, file)
    const config = await prettier.resolveConfig(filepath, { editorconfig: false })
    expect(config, `${file} finds the project's .prettierrc.json`).toMatchObject({ semi: false })
    const text = readFileSync(filepath, 'utf8')
    if (!(await prettier.check(text, { ...config, filepath }))) bad.push(file)
  }
  return bad
}

describe('generated code style', () => {
  it.each([
    ['mysite', 'polls'],
    // Long names: no generated line may depend on a short name to fit in 100 columns.
    ['a_project_name_of_thirty_chars', 'an_app_name_of_thirty_chars_x'],
  ])('startproject %s + startapp %s are prettier-formatted', async (project, app) => {
    const cwd = tempDir()
    expect((await cli(['startproject', project], { cwd })).code).toBe(0)
    const root = join(cwd, project)
    expect((await cli(['startapp', app], { cwd: root })).code).toBe(0)
    expect(listFiles(root).filter((file) => file.endsWith('.ts')).length).toBeGreaterThanOrEqual(9)
    expect(await unformatted(root)).toEqual([])
  })

  it('the check catches an unformatted file', async () => {
    const cwd = tempDir()
    expect((await cli(['startproject', 'mysite'], { cwd })).code).toBe(0)
    const root = join(cwd, 'mysite')
    writeFileSync(join(root, 'mysite/extra.ts'), 'export const x = {a:1};\n')
    expect(await unformatted(root)).toEqual(['mysite/extra.ts'])
  })

  it('the project ignores templates for prettier (it would reflow {% %} tags)', async () => {
    const cwd = tempDir()
    expect((await cli(['startproject', 'mysite'], { cwd })).code).toBe(0)
    const ignore = join(cwd, 'mysite/.prettierignore')
    const info = await prettier.getFileInfo(join(cwd, 'mysite/templates/base.html'), {
      ignorePath: ignore,
    })
    expect(info.ignored).toBe(true)
    const views = await prettier.getFileInfo(join(cwd, 'mysite/mysite/views.ts'), {
      ignorePath: ignore,
    })
    expect(views.ignored).toBe(false)
  })
})

describe('startapp', () => {
  it('creates the app skeleton with templates/NAME and migrations kept by .gitkeep', async () => {
    const cwd = tempDir()
    const { code, stdout } = await cli(['startapp', 'polls'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toContain('INSTALLED_APPS')
    expect(listFiles(join(cwd, 'polls')).sort()).toEqual([
      'apps.ts',
      'migrations/.gitkeep',
      'models.ts',
      'templates/polls/.gitkeep',
      'tests.ts',
      'urls.ts',
      'views.ts',
    ])
    const config = readFileSync(join(cwd, 'polls/apps.ts'), 'utf8')
    expect(config).toContain("name: 'polls'")
    expect(config).toContain('path: import.meta.dirname')
    expect(readFileSync(join(cwd, 'polls/urls.ts'), 'utf8')).toContain(
      "export const appName = 'polls'",
    )
  })

  it('refuses bad names and an existing app directory', async () => {
    const cwd = tempDir()
    expect((await cli(['startapp', 'my-app'], { cwd })).code).toBe(1)
    expect((await cli(['startapp', 'delete'], { cwd })).stderr).toContain('reserved word')
    expect((await cli(['startapp', 'polls'], { cwd })).code).toBe(0)
    const again = await cli(['startapp', 'polls'], { cwd })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists and is not empty')
  })
})
