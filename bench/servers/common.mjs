/**
 * What every bench server shares: the scenario names, the route table's shape, the URL
 * the load generator hits, and the command-line/env parsing.
 *
 * Each server script builds the same routes in its framework's own syntax from these
 * constants, so a change of shape (say, more decoys) reaches every framework at once.
 */
import { parseArgs } from 'node:util'

/** Scenarios served over HTTP (resolve-500 is in-process, see bench/resolve.ts). */
export const SCENARIOS = ['hello', 'json-params', 'middleware']

/** Decoy routes declared before the target in json-params and middleware. */
export const DECOY_COUNT = 99

/** No-op middleware layers in the middleware scenario. */
export const MIDDLEWARE_COUNT = 7

/** Body of the hello scenario. */
export const HELLO = 'Hello, world!'

/** URL requested per scenario (the target route is the 100th, after the decoys). */
export const SCENARIO_URL = {
  hello: '/',
  'json-params': '/users/42/posts/7/',
  middleware: '/users/42/posts/7/',
}

/** Exact body a server must answer per scenario; run.mjs checks it before measuring. */
export const SCENARIO_BODY = {
  hello: HELLO,
  'json-params': '{"userId":42,"postId":7}',
  middleware: '{"userId":42,"postId":7}',
}

/**
 * Reads `--port` and `--scenario` (or PORT and SCENARIO from the environment) and checks
 * the scenario name, so a typo fails loudly instead of benchmarking a 404. Also makes the
 * server exit normally on SIGINT/SIGTERM (the default is to die on the signal), so that
 * `node --cpu-prof` gets to write its profile when the server is stopped.
 */
export function serverOptions(argv = process.argv.slice(2)) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, scenario: { type: 'string' } },
    strict: true,
  })
  const port = Number(values.port ?? process.env.PORT ?? 3000)
  const scenario = values.scenario ?? process.env.SCENARIO ?? 'hello'
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`bad --port ${JSON.stringify(values.port ?? process.env.PORT)}`)
  }
  if (!SCENARIOS.includes(scenario)) {
    throw new Error(`unknown --scenario ${scenario}; expected one of ${SCENARIOS.join(', ')}`)
  }
  return { port, scenario, host: '127.0.0.1' }
}

/** Announces readiness the way run.mjs waits for it: a line reading `ready`. */
export function ready() {
  process.stdout.write('ready\n')
}
