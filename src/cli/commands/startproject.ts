/**
 * `reinhardt startproject NAME [DIR]`: creates a TypeScript project (Django's
 * startproject). Without DIR the project goes to ./NAME; DIR may be missing or empty.
 *
 *     mysite/
 *       package.json        scripts dev/start/check/test; `reinhardt.settings` names the settings
 *       tsconfig.json  vitest.config.ts  .gitignore  README.md
 *       mysite/settings.ts  urls.ts  views.ts (welcome page)  tests.ts
 *
 * The reinhardt dependency is this reinhardt's version (`^x.y.z`), or `--reinhardt-spec`
 * (e.g. `file:/path/to/checkout` to install from a local clone). Dev tool versions
 * (typescript, vitest, @types/node) are the ones reinhardt itself is tested with.
 */
import { readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { defineCommand, UsageError } from '../command.js'
import { packageRoot, packageVersion, templateDir } from '../package-root.js'
import { copyTemplate, generateSecretKey, prepareTarget, validateName } from '../scaffold.js'

/** Middleware a new project lists, when reinhardt/middleware provides them. */
const DEFAULT_MIDDLEWARE = [
  'SecurityMiddleware',
  'CommonMiddleware',
  'XFrameOptionsMiddleware',
] as const

export const startproject = defineCommand({
  help: 'Creates a reinhardt project directory structure for the given project name.',
  usage: 'NAME [DIR]',
  requiresSettings: false,
  options: {
    'reinhardt-spec': {
      type: 'string',
      valueName: 'SPEC',
      help: "Version spec of the reinhardt dependency (default ^<this version>; e.g. 'file:../reinhardt')",
    },
  },
  async run(args, context) {
    const [name, dir, ...extra] = args.positionals
    if (name === undefined) throw new UsageError('startproject needs a project NAME.')
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`)
    validateName(name, 'project', context.cwd)
    const target = await prepareTarget(resolve(context.cwd, dir ?? name))
    const version = packageVersion()
    const devVersions = devDependencyVersions()
    const middleware = await availableMiddleware()
    const files = await copyTemplate(
      templateDir('project-template'),
      target,
      { project_name: name },
      {
        projectName: name,
        packageName: name.toLowerCase().replace(/^_+/, '') || 'project',
        secretKey: `reinhardt-insecure-${generateSecretKey()}`,
        reinhardtVersion: version,
        reinhardtSpec:
          typeof args.values['reinhardt-spec'] === 'string'
            ? args.values['reinhardt-spec']
            : `^${version}`,
        typesNodeVersion: devVersions['@types/node'] ?? '^20',
        typescriptVersion: devVersions.typescript ?? '^5',
        vitestVersion: devVersions.vitest ?? '^4',
        // On one line when it fits in 100 columns, as prettier would print it.
        middlewareList:
          middleware.join(', ').length <= 100 - '  MIDDLEWARE: [],'.length
            ? middleware.join(', ')
            : `\n${middleware.map((item) => `    ${item},`).join('\n')}\n  `,
        middlewareImport:
          middleware.length === 0
            ? ''
            : `import { ${middleware.join(', ')} } from 'reinhardt/middleware'\n`,
      },
    )
    const shown = relative(context.cwd, target) || '.'
    context.stdout.write(
      `Created project '${name}' in ${target} (${files.length} files).\n\n` +
        'Next steps:\n' +
        (shown === '.' ? '' : `  cd ${shown}\n`) +
        '  npm install\n' +
        '  npm run dev      # then open http://127.0.0.1:8000/\n',
    )
  },
})

/** Versions of typescript, vitest and @types/node reinhardt is developed with. */
function devDependencyVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>
  }
  return pkg.devDependencies ?? {}
}

/** The default middleware this reinhardt exports (the list grows with the framework). */
async function availableMiddleware(): Promise<string[]> {
  const exported = (await import('../../middleware/index.js')) as Record<string, unknown>
  return DEFAULT_MIDDLEWARE.filter((name) => typeof exported[name] === 'function')
}
