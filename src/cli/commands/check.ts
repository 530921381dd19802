/**
 * `reinhardt check`: runs the system checks (Django's `manage.py check`). Exits 1 when a
 * message reaches `--fail-level` (ERROR by default); the report goes to stderr when there
 * are issues, else the summary line to stdout.
 */
import { getSettings } from '../../conf/settings.js'
import { registry } from '../../core/checks/index.js'
import { FAIL_LEVELS, runCheckReport } from '../check-report.js'
import { defineCommand, UsageError } from '../command.js'
import { createStyle, supportsColor } from '../style.js'

export const check = defineCommand({
  help: 'Checks the project for common problems (system checks).',
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
    'fail-level': {
      type: 'string',
      valueName: 'LEVEL',
      help: 'Level that makes the command fail: CRITICAL, ERROR (default), WARNING, INFO, DEBUG',
    },
  },
  async run(args, context) {
    if (args.positionals.length > 0) {
      throw new UsageError(
        'check takes no positional arguments (app labels are not supported yet).',
      )
    }
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
    const report = await runCheckReport({
      settings: getSettings(),
      ...(tags.length > 0 ? { tags } : {}),
      includeDeploymentChecks: deploy,
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
