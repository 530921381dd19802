/**
 * `reinhardt shell`: a Node.js REPL with the settings loaded and the apps populated
 * (Django's `manage.py shell`). `settings`, `apps` and `reverse` are predefined; use
 * `await import('./mysite/views.ts')` to load project modules.
 */
import { start } from 'node:repl'
import { apps } from '../../apps/registry.js'
import { settings } from '../../conf/settings.js'
import { reverse } from '../../urls/index.js'
import { defineCommand, UsageError } from '../command.js'
import { packageVersion } from '../package-root.js'

export const shell = defineCommand({
  help: 'Starts a Node.js REPL with the settings loaded and the apps ready.',
  options: {
    command: {
      type: 'string',
      short: 'c',
      valueName: 'CODE',
      help: 'Evaluate CODE (settings, apps and reverse in scope) instead of starting a REPL',
    },
  },
  async run(args, context) {
    if (args.positionals.length > 0) throw new UsageError('shell takes no arguments.')
    const scope = { settings, apps, reverse }
    if (typeof args.values.command === 'string') {
      const fn = new Function(
        ...Object.keys(scope),
        `return (async () => { ${args.values.command} })()`,
      )
      const result: unknown = await fn(...Object.values(scope))
      if (result !== undefined) context.stdout.write(`${String(result)}\n`)
      return 0
    }
    context.stdout.write(
      `reinhardt ${packageVersion()} shell: settings, apps and reverse are defined.\n`,
    )
    const repl = start({ prompt: '>>> ', input: process.stdin, output: context.stdout })
    Object.assign(repl.context, scope)
    await new Promise<void>((resolve) => repl.on('exit', resolve))
    return 0
  },
})
