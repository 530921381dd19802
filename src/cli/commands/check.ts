/**
 * `reinhardt check [APP_LABEL ...]`: runs the system checks (Django's `manage.py check`).
 * Exits 1 when a message reaches `--fail-level` (ERROR by default); the report goes to
 * stderr when there are issues, else the summary line to stdout.
 *
 * App labels limit the app-level checks (those that look at `appConfigs`) to those apps;
 * project-wide checks (settings, URLs, security) still run, as in Django. The database
 * checks run only for the aliases named with `--database`.
 */
import { apps, LookupError } from '../../apps/registry.js'
import type { AppConfig } from '../../apps/config.js'
import { getSettings } from '../../conf/settings.js'
import { registry } from '../../core/checks/index.js'
import { FAIL_LEVELS, runCheckReport } from '../check-report.js'
import { CommandError, defineCommand, UsageError } from '../command.js'
import { createStyle, supportsColor } from '../style.js'

export const check = defineCommand({
  help: 'Checks the project for common problems (system checks).',
  usage: '[APP_LABEL ...]',
  options: {
    tag: {
      type: 'string',
      short: 't',
      multiple: true,
      valueName: 'TAG',
      help: 'Run only the checks with this tag',
    },
    'list-tags': { type: 'boolean', help: 'List the available tags and exit' },
    deploy: { type: 'boolean', help: 'Also run the deployment checks' },
    database: {
      type: 'string',
      multiple: true,
      valueName: 'ALIAS',
      help: 'Run the database checks on this DATABASES alias (repeatable; none by default)',
    },
    'fail-level': {
      type: 'string',
      valueName: 'LEVEL',
      help: 'Level that makes the command fail: CRITICAL, ERROR (default), WARNING, INFO, DEBUG',
    },
  },
  async run(args, context) {
    const appConfigs = appConfigsFor(args.positionals)
    const deploy = args.values.deploy === true
    if (args.values['list-tags'] === true) {
      const tags = [...registry.tagsAvailable(deploy)].sort()
      context.stdout.write(tags.map((tag) => `${tag}\n`).join(''))
      return 0
    }
    const levelName = String(args.values['fail-level'] ?? 'ERROR').toUpperCase()
    const failLevel = FAIL_LEVELS[levelName]
    if (failLevel === undefined) {
      throw new UsageError(
        `--fail-level must be one of ${Object.keys(FAIL_LEVELS).join(', ')}; got '${levelName}'.`,
      )
    }
    const tags = (args.values.tag as string[] | undefined) ?? []
    const available = registry.tagsAvailable(deploy)
    const unknown = tags.filter((tag) => !available.has(tag))
    if (unknown.length > 0) {
      throw new UsageError(
        `There is no system check with the ${unknown.map((t) => `'${t}'`).join(', ')} tag` +
          (deploy ? '.' : ' (deployment checks need --deploy).'),
      )
    }
    const databases = [...new Set((args.values.database as string[] | undefined) ?? [])]
    const report = await runCheckReport({
      settings: getSettings(),
      ...(tags.length > 0 ? { tags } : {}),
      includeDeploymentChecks: deploy,
      appConfigs,
      databases: databases.length > 0 ? databases : null,
      failLevel,
      style: createStyle(
        args.values['no-color'] !== true && supportsColor(context.stderr, context.env),
      ),
    })
    const stream = report.visible.length > 0 ? context.stderr : context.stdout
    stream.write(report.text)
    return report.failed ? 1 : 0
  },
})

/** The configs of the given app labels, null for none (every app); unknown labels fail. */
function appConfigsFor(labels: readonly string[]): AppConfig[] | null {
  if (labels.length === 0) return null
  try {
    return [...new Set(labels)].map((label) => apps.getAppConfig(label))
  } catch (error) {
    if (error instanceof LookupError) throw new CommandError(error.message)
    throw error
  }
}
