/**
 * `reinhardt startapp NAME [DIR]`: creates an app skeleton (Django's startapp) in ./NAME
 * or DIR: apps.ts (the config for INSTALLED_APPS), urls.ts, views.ts, models.ts, tests.ts,
 * and templates/NAME/ and migrations/ directories.
 */
import { relative, resolve } from 'node:path'
import { defineCommand, UsageError } from '../command.js'
import { templateDir } from '../package-root.js'
import { copyTemplate, prepareTarget, validateName } from '../scaffold.js'

export const startapp = defineCommand({
  help: 'Creates a reinhardt app directory structure for the given app name.',
  usage: 'NAME [DIR]',
  requiresSettings: false,
  async run(args, context) {
    const [name, dir, ...extra] = args.positionals
    if (name === undefined) throw new UsageError('startapp needs an app NAME.')
    if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`)
    validateName(name, 'app', context.cwd)
    const target = await prepareTarget(resolve(context.cwd, dir ?? name))
    const files = await copyTemplate(
      templateDir('app-template'),
      target,
      { app_name: name },
      { appName: name },
    )
    const from = relative(context.cwd, target) || '.'
    context.stdout.write(
      `Created app '${name}' in ${target} (${files.length} files).\n\n` +
        'To use it, add its config to INSTALLED_APPS and include its URLs:\n' +
        `  import ${name} from '<path to>/${from}/apps.js'      // INSTALLED_APPS: [${name}]\n` +
        `  import * as ${name}Urls from '<path to>/${from}/urls.js'\n` +
        `  path('${name}/', include(${name}Urls)),               // in the root urlpatterns\n`,
    )
  },
})
