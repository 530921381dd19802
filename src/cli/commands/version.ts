/** `reinhardt version`: prints the installed reinhardt version. */
import { defineCommand, UsageError } from '../command.js'
import { packageVersion } from '../package-root.js'

export const version = defineCommand({
  help: 'Prints the reinhardt version.',
  requiresSettings: false,
  run(args, context) {
    if (args.positionals.length > 0) throw new UsageError('version takes no arguments.')
    context.stdout.write(`${packageVersion()}\n`)
  },
})
