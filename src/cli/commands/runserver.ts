/**
 * `reinhardt runserver [ADDR:PORT]`: the development server (Django's runserver).
 *
 * By default the process is only a supervisor (autoreload.ts): it watches the project and
 * runs the server in a child process that it restarts on every change. The child (or this
 * process with `--noreload`) loads the settings, runs the system checks (serious ones
 * stop it until the next change), serves with the node:http gateway and logs one line per
 * request to the `reinhardt.server` logger.
 */
import { getSettings } from '../../conf/settings.js'
import { setup } from '../../conf/setup.js'
import { BaseHandler } from '../../core/handlers/base.js'
import { serve as serveHttp, type RunningServer } from '../../http/gateways/node.js'
import { addressArgument, addressOptions, type AddrPort } from '../addrport.js'
import {
  Autoreloader,
  EXIT_FATAL,
  READY_MESSAGE,
  RUN_MAIN_ENV,
  STANDBY_ENV,
  START_MESSAGE,
} from '../autoreload.js'
import { runCheckReport } from '../check-report.js'
import { defineCommand, type CommandContext, type ParsedArguments } from '../command.js'
import { binPath, packageVersion } from '../package-root.js'
import { createRequestLogger } from '../request-log.js'
import { findProjectRoot } from '../settings-module.js'
import { createStyle, supportsColor, type Style } from '../style.js'

export const runserver = defineCommand({
  help: 'Starts the development server, restarting it when a file changes.',
  usage: '[ADDR:PORT | PORT]',
  // The supervisor must not import the project: the server process does, once per restart.
  requiresSettings: false,
  options: {
    noreload: { type: 'boolean', help: 'Serve in this process, without the autoreloader' },
    ...addressOptions,
  },
  async run(args, context) {
    const address = addressArgument(args)
    const env = context.env ?? process.env
    if (args.values.noreload === true || env[RUN_MAIN_ENV] === 'true') {
      return serveInProcess(address, args, context, env[RUN_MAIN_ENV] === 'true')
    }
    const root = projectRoot(context)
    const reloader = new Autoreloader({
      root,
      childArgs: [binPath(), 'runserver', ...rebuildArguments(address, args, context)],
      env: { ...env },
      output: context.stderr,
    })
    return reloader.run()
  },
})

/** The directory to watch: the project's (nearest package.json), else the working directory. */
function projectRoot(context: CommandContext): string {
  return findProjectRoot(context.cwd) ?? context.cwd
}

function rebuildArguments(
  address: AddrPort,
  args: ParsedArguments,
  context: CommandContext,
): string[] {
  const out = [`${address.displayHost}:${address.port}`]
  if (context.settingsModule !== undefined) out.push('--settings', context.settingsModule)
  if (args.values['skip-checks'] === true) out.push('--skip-checks')
  if (args.values['no-color'] === true) out.push('--no-color')
  return out
}

/** Loads the project, checks it and serves until SIGINT/SIGTERM (or the supervisor goes). */
async function serveInProcess(
  address: AddrPort,
  args: ParsedArguments,
  context: CommandContext,
  underReloader: boolean,
): Promise<number> {
  const noColor = args.values['no-color'] === true
  const errStyle = createStyle(!noColor && supportsColor(context.stderr, context.env))
  if (underReloader) {
    // The supervisor is gone (killed, crashed): do not outlive it.
    process.on('disconnect', () => process.exit(0))
    if (context.env?.[STANDBY_ENV] === '1') await waitForStart()
  }
  let running: RunningServer
  try {
    await setup({ settingsModule: context.settingsModule, cwd: context.cwd })
    if (args.values['skip-checks'] !== true) {
      context.stdout.write('Performing system checks...\n\n')
      const report = await runCheckReport({ settings: getSettings(), style: errStyle })
      ;(report.visible.length > 0 ? context.stderr : context.stdout).write(report.text)
      if (report.failed) return 1
    }
    const settings = getSettings()
    const handler = new BaseHandler(settings)
    running = await serveHttp(handler, {
      host: address.host,
      port: address.port,
      handleSignals: false,
      onResponse: createRequestLogger(errStyle),
    })
    printBanner(running, address, context, settings.DEBUG, errStyle)
    if (underReloader) process.send?.(READY_MESSAGE)
  } catch (error) {
    return reportStartupError(error, context, errStyle)
  }
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      // A development server need not drain: close sockets now so a restart is quick.
      running.server.closeAllConnections()
      running.server.close(() => resolve(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

/** A standby child: everything is loaded but the project; wait until told to serve. */
function waitForStart(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if ((message as { cmd?: unknown } | null)?.cmd !== START_MESSAGE.cmd) return
      process.off('message', onMessage)
      resolve()
    }
    process.on('message', onMessage)
  })
}

function printBanner(
  running: RunningServer,
  address: AddrPort,
  context: CommandContext,
  debug: boolean,
  style: Style,
): void {
  const now = new Date()
  const month = now.toLocaleString('en-US', { month: 'long' })
  const time = now.toTimeString().slice(0, 8)
  const date = `${month} ${now.getDate()}, ${now.getFullYear()} - ${time}`
  const host = address.displayHost
  context.stdout.write(
    `${date}\n` +
      `reinhardt version ${packageVersion()}, using settings '${context.settingsModule ?? '(configured)'}'\n` +
      `Starting development server at http://${host}:${running.address.port}/\n` +
      'Quit the server with CONTROL-C.\n\n' +
      style.warning(
        'WARNING: This is a development server. Do not use it in a production setting. ' +
          'Use `reinhardt serve` instead.',
      ) +
      '\n' +
      (debug ? '' : style.warning('DEBUG is off: error pages are the plain production ones.\n')),
  )
}

/** Prints why the server could not start; EADDRINUSE & co. are fatal, code errors are not. */
function reportStartupError(error: unknown, context: CommandContext, style: Style): number {
  const code = (error as { code?: string } | null)?.code
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const reason =
      code === 'EADDRINUSE'
        ? 'That port is already in use.'
        : code === 'EACCES'
          ? "You don't have permission to access that port."
          : "Can't assign the requested address."
    context.stderr.write(style.error(`Error: ${reason}`) + '\n')
    return EXIT_FATAL
  }
  // esbuild's syntax errors carry the file:line in the message; their stack is esbuild's own.
  const isSyntax =
    (error as Error | null)?.name === 'TransformError' ||
    Array.isArray((error as { errors?: unknown } | null)?.errors)
  const text =
    error instanceof Error
      ? ((isSyntax ? error.message : error.stack) ?? error.message)
      : String(error)
  context.stderr.write(`${style.error('Error while loading the project:')}\n${text}\n`)
  return 1
}
