import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { apps } from '../../src/apps/registry.js'
import { defineApp } from '../../src/apps/config.js'
import { CommandError, defineCommand } from '../../src/cli/command.js'
import { configure, resetSettings } from '../../src/conf/settings.js'
import { cli } from './helpers.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}

afterEach(() => {
  resetSettings()
  apps.reset()
})

describe('dispatch and usage errors', () => {
  it('prints the command list with no arguments and exits 0', async () => {
    const { code, stdout } = await cli([])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: reinhardt <command>')
    expect(stdout).toMatch(/\[reinhardt\]\n {4}check/)
    for (const name of ['runserver', 'serve', 'startproject', 'startapp', 'diffsettings']) {
      expect(stdout).toContain(`    ${name}`)
    }
  })

  it('refuses an unknown command with exit code 2', async () => {
    const { code, stderr, stdout } = await cli(['frobnicate'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe("Unknown command: 'frobnicate'. Type 'reinhardt help' for usage.\n")
  })

  it('refuses an unknown option with the usage line and exit code 2', async () => {
    const { code, stderr } = await cli(['version', '--bogus'])
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: reinhardt version')
    expect(stderr).toMatch(/error: .*--bogus/)
  })

  it('refuses a missing option value', async () => {
    const { code, stderr } = await cli(['check', '--fail-level'])
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: reinhardt check [options]')
  })

  it('reports a command that needs settings when there are none', async () => {
    const { code, stderr } = await cli(['check'])
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^ImproperlyConfigured: No settings module: set REINHARDT_SETTINGS_MODULE/,
    )
  })

  it('reports a settings module that does not exist', async () => {
    const { code, stderr } = await cli(['check', '--settings', './nope/settings.ts'])
    expect(code).toBe(1)
    expect(stderr).toContain("Settings module './nope/settings.ts' was not found")
  })
})

describe('version and help', () => {
  it('prints the package version', async () => {
    expect(await cli(['version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`)
  })

  it('shows one command with its options and the global ones', async () => {
    const { code, stdout } = await cli(['help', 'check'])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: reinhardt check [options]')
    expect(stdout).toContain('-t, --tag TAG')
    expect(stdout).toContain('(repeatable)')
    expect(stdout).toContain('--fail-level LEVEL')
    expect(stdout).toContain('--settings MODULE')
    expect((await cli(['check', '--help'])).stdout).toBe(stdout)
  })

  it('refuses help for an unknown command', async () => {
    const { code, stderr } = await cli(['help', 'nope'])
    expect(code).toBe(2)
    expect(stderr).toContain("Unknown command: 'nope'")
  })

  it('notes why app commands are missing when the settings cannot load', async () => {
    const { code, stdout } = await cli(['help', '--settings', './missing.ts'])
    expect(code).toBe(0)
    expect(stdout).toContain("only reinhardt's own commands are listed")
    expect(stdout).toContain('missing.ts')
  })
})

describe('app commands', () => {
  const ran: string[] = []
  const polls = defineApp({
    name: 'polls',
    path: '/srv/polls',
    commands: {
      closepoll: defineCommand({
        help: 'Closes a poll.',
        usage: 'POLL_ID',
        options: { force: { type: 'boolean', help: 'Close even if open votes' } },
        run({ positionals, values }, { stdout }) {
          if (positionals.length !== 1) throw new CommandError('Give exactly one poll id.', 3)
          ran.push(`${positionals[0]}:${values.force === true}`)
          stdout.write(`Closed poll ${positionals[0]}\n`)
        },
      }),
      version: defineCommand({
        help: 'Overrides version (app commands win over built-ins).',
        run({ positionals: _ }, { stdout }) {
          stdout.write('polls version\n')
        },
      }),
    },
  })
  const other = defineApp({
    name: 'other',
    path: '/srv/other',
    commands: {
      closepoll: defineCommand({ help: 'Shadowed by polls (listed first).', run: () => 9 }),
    },
  })

  it('runs an app command, groups it under its app in help, and lets the first app win', async () => {
    configure({ INSTALLED_APPS: [polls, other] })
    const result = await cli(['closepoll', '7', '--force'])
    expect(result).toEqual({ code: 0, stdout: 'Closed poll 7\n', stderr: '' })
    expect(ran).toEqual(['7:true'])
    const help = await cli(['help'])
    expect(help.stdout).toMatch(/\[polls\]\n {4}closepoll/)
    expect(help.stdout).not.toContain('Shadowed by polls')
  })

  it('prints a CommandError without a stack and uses its exit code', async () => {
    configure({ INSTALLED_APPS: [polls] })
    const { code, stderr } = await cli(['closepoll'])
    expect(code).toBe(3)
    expect(stderr).toBe('CommandError: Give exactly one poll id.\n')
    const traced = await cli(['closepoll', '--traceback'])
    expect(traced.stderr).toMatch(/CommandError: Give exactly one poll id\.\n.*at /s)
  })

  it('an app command replaces a built-in that needs settings, not one that runs without', async () => {
    configure({ INSTALLED_APPS: [polls] })
    // `version` needs no settings, so the built-in always answers (documented).
    expect((await cli(['version'])).stdout).toBe(`${pkg.version}\n`)
  })
})
