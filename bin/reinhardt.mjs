#!/usr/bin/env node
/**
 * The `reinhardt` command. Registers tsx (projects are TypeScript, run without a build
 * step), then runs the CLI from the compiled `dist/` when the package is built, or from
 * the TypeScript sources in `src/` otherwise (a fresh clone: `npm ci && npm test` builds
 * nothing). In the second case `reinhardt/*` imports must resolve to `src/` too, or the
 * project would load a second copy of the framework: a resolve hook adds the `source`
 * export condition (package.json maps it to `src/*.ts`). REINHARDT_FROM_SOURCE=1 forces
 * the sources even when `dist/` exists (working on reinhardt itself with a stale build).
 *
 * Child processes (runserver's server process, serve's workers) run this file again, so
 * they get the same hooks and the same choice.
 */
import { existsSync } from 'node:fs'
import { register } from 'node:module'
import { register as registerTypeScript } from 'tsx/esm/api'

const root = new URL('../', import.meta.url)
const built = new URL('dist/cli/main.js', root)
const fromSource = process.env.REINHARDT_FROM_SOURCE === '1' || !existsSync(built)

registerTypeScript()
if (fromSource) {
  // Registered after tsx so it runs first: tsx then resolves with the extra condition.
  const hook = `export async function resolve(specifier, context, next) {
    if (context.conditions.includes('source')) return next(specifier, context)
    return next(specifier, { ...context, conditions: [...context.conditions, 'source'] })
  }`
  register(`data:text/javascript,${encodeURIComponent(hook)}`)
  process.env.REINHARDT_FROM_SOURCE = '1'
}

const { main } = await import(fromSource ? new URL('src/cli/main.ts', root).href : built.href)
await main()
