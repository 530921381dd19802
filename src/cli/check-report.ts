/**
 * Runs the system checks and formats the outcome the way Django's `check` prints it:
 * messages grouped CRITICALS, ERRORS, WARNINGS, INFOS, DEBUGS (sorted within a group),
 * then "System check identified N issues (M silenced)." Used by `check`, `runserver` and
 * `serve`.
 */
import type { AppConfig } from '../apps/config.js'
import type { Settings } from '../conf/global-settings.js'
import {
  CRITICAL,
  DEBUG,
  ERROR,
  INFO,
  runChecks,
  WARNING,
  type CheckLevel,
  type CheckMessage,
} from '../core/checks/index.js'
import type { Style } from './style.js'

export interface CheckReport {
  /** Messages not silenced by SILENCED_SYSTEM_CHECKS. */
  readonly visible: readonly CheckMessage[]
  /** How many messages SILENCED_SYSTEM_CHECKS hid. */
  readonly silenced: number
  /** True when a visible message is at or above the fail level. */
  readonly failed: boolean
  /** The formatted report, '' when there is nothing to say and no summary was asked for. */
  readonly text: string
}

export interface CheckRunOptions {
  settings: Readonly<Settings>
  tags?: readonly string[]
  includeDeploymentChecks?: boolean
  /** Apps the app-level checks look at; null/undefined for every installed app. */
  appConfigs?: readonly AppConfig[] | null
  /** DATABASES aliases the database checks may open; null/undefined runs none. */
  databases?: readonly string[] | null
  /** Level from which the report counts as failed (default ERROR). */
  failLevel?: CheckLevel
  /** Print the "System check identified …" line even with no issues (default true). */
  summary?: boolean
  style: Style
}

/** Level names accepted by `--fail-level`. */
export const FAIL_LEVELS: Readonly<Record<string, CheckLevel>> = {
  CRITICAL,
  ERROR,
  WARNING,
  INFO,
  DEBUG,
}

const GROUPS: readonly [string, (level: number) => boolean][] = [
  ['CRITICALS', (level) => level >= CRITICAL],
  ['ERRORS', (level) => level >= ERROR && level < CRITICAL],
  ['WARNINGS', (level) => level >= WARNING && level < ERROR],
  ['INFOS', (level) => level >= INFO && level < WARNING],
  ['DEBUGS', (level) => level < INFO],
]

/** Runs the checks (silenced ones counted, not shown) and formats the report. */
export async function runCheckReport(options: CheckRunOptions): Promise<CheckReport> {
  const silencedIds = options.settings.SILENCED_SYSTEM_CHECKS
  // Run with nothing silenced so the silenced ones can be counted, as Django reports them.
  const all = await runChecks({
    settings: { ...options.settings, SILENCED_SYSTEM_CHECKS: [] },
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    includeDeploymentChecks: options.includeDeploymentChecks === true,
    appConfigs: options.appConfigs ?? null,
    databases: options.databases ?? null,
  })
  const visible = all.filter((message) => !message.isSilenced(silencedIds))
  const failLevel = options.failLevel ?? ERROR
  const failed = visible.some((message) => message.isSerious(failLevel))
  return {
    visible,
    silenced: all.length - visible.length,
    failed,
    text: formatReport(visible, all.length - visible.length, failed, options),
  }
}

function formatReport(
  visible: readonly CheckMessage[],
  silenced: number,
  failed: boolean,
  options: CheckRunOptions,
): string {
  const { style } = options
  let body = ''
  for (const [group, inGroup] of GROUPS) {
    const messages = visible.filter((message) => inGroup(message.level))
    if (messages.length === 0) continue
    const painted = messages
      .map((message) => ({ text: String(message), serious: message.isSerious() }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .map(({ text, serious }) => (serious ? style.error(text) : style.warning(text)))
    body += `\n${group}:\n${painted.join('\n')}\n`
  }
  const header = visible.length > 0 ? 'System check identified some issues:\n' : ''
  let footer = ''
  if (options.summary !== false || visible.length > 0) {
    const count =
      visible.length === 0
        ? 'no issues'
        : visible.length === 1
          ? '1 issue'
          : `${visible.length} issues`
    footer = `${visible.length > 0 ? '\n' : ''}System check identified ${count} (${silenced} silenced).`
  }
  if (failed) return `${style.error(`SystemCheckError: ${header}`)}${body}${footer}\n`
  return header + body + footer === '' ? '' : `${header}${body}${footer}\n`
}
