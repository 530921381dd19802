/**
 * Checks of the core settings every project needs right (tag `settings`, plus `urls`,
 * `middleware`, `apps`). Ids are reinhardt's own where Django has no equivalent, because
 * these settings hold values here (imported modules, factories, app configs) where Django
 * holds dotted strings:
 *
 * - settings.E001 ROOT_URLCONF is not set
 * - urls.E004     ROOT_URLCONF has no `urlpatterns` list (Django's "invalid pattern" id)
 * - middleware.E001 a MIDDLEWARE entry is not a factory or class
 * - middleware.W001 the same middleware is listed twice
 * - apps.E001     an INSTALLED_APPS entry is not an app config
 * - apps.E002     two apps share a label      - apps.E003 two apps share a name
 */
import { toAppConfig, type AppConfig } from '../../apps/config.js'
import { CheckError, CheckWarning, type CheckMessage } from './messages.js'
import { register, Tags, type CheckContext } from './registry.js'

/** settings.E001 / urls.E004: the root URLconf is set and has patterns. */
export function checkRootUrlconf({ settings }: CheckContext): CheckMessage[] {
  const urlconf = settings.ROOT_URLCONF as unknown
  if (urlconf === null || urlconf === undefined) {
    return [
      new CheckError('ROOT_URLCONF is not set.', {
        id: 'settings.E001',
        obj: 'ROOT_URLCONF',
        hint:
          "Import your URLconf module and set it: `import * as urls from './urls.js'` then " +
          '`ROOT_URLCONF: urls`.',
      }),
    ]
  }
  if (typeof urlconf !== 'object') {
    return [
      new CheckError(`ROOT_URLCONF must be a module or object, not ${describe(urlconf)}.`, {
        id: 'settings.E001',
        obj: 'ROOT_URLCONF',
        hint: "Import the module instead of naming it: `import * as urls from './urls.js'`.",
      }),
    ]
  }
  if (!Array.isArray((urlconf as { urlpatterns?: unknown }).urlpatterns)) {
    return [
      new CheckError('The root URLconf does not export a `urlpatterns` list.', {
        id: 'urls.E004',
        obj: 'ROOT_URLCONF',
        hint: 'Export `const urlpatterns = [path(...), ...]` from the URLconf module.',
      }),
    ]
  }
  return []
}

/** middleware.E001 / W001: every MIDDLEWARE entry can be built, and none twice. */
export function checkMiddleware({ settings }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = []
  const middleware = settings.MIDDLEWARE as unknown
  if (!Array.isArray(middleware)) {
    return [
      new CheckError(`MIDDLEWARE must be a list, not ${describe(middleware)}.`, {
        id: 'middleware.E001',
        obj: 'MIDDLEWARE',
      }),
    ]
  }
  const seen = new Set<unknown>()
  middleware.forEach((entry: unknown, index) => {
    if (typeof entry !== 'function') {
      messages.push(
        new CheckError(
          `MIDDLEWARE[${index}] is ${describe(entry)}, not a middleware factory or class.`,
          {
            id: 'middleware.E001',
            obj: 'MIDDLEWARE',
            hint:
              typeof entry === 'string'
                ? 'List the imported middleware itself, not its name: ' +
                  "`import { SecurityMiddleware } from 'reinhardt/middleware'`."
                : 'A middleware is `(getResponse, settings) => handler`, or a class with a ' +
                  '`call(request)` method.',
          },
        ),
      )
      return
    }
    if (seen.has(entry)) {
      messages.push(
        new CheckWarning(
          `MIDDLEWARE lists ${entry.name || 'a middleware'} more than once; it runs twice.`,
          { id: 'middleware.W001', obj: 'MIDDLEWARE', hint: 'Remove the duplicate entry.' },
        ),
      )
    }
    seen.add(entry)
  })
  return messages
}

/** apps.E001–E003: INSTALLED_APPS holds app configs with unique labels and names. */
export function checkInstalledApps({ settings }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = []
  const installed = settings.INSTALLED_APPS as unknown
  if (!Array.isArray(installed)) {
    return [
      new CheckError(`INSTALLED_APPS must be a list, not ${describe(installed)}.`, {
        id: 'apps.E001',
        obj: 'INSTALLED_APPS',
      }),
    ]
  }
  const labels = new Map<string, AppConfig>()
  const names = new Map<string, AppConfig>()
  installed.forEach((entry, index) => {
    let config: AppConfig
    try {
      config = toAppConfig(entry)
    } catch (error) {
      messages.push(
        new CheckError(`INSTALLED_APPS[${index}]: ${(error as Error).message}`, {
          id: 'apps.E001',
          obj: 'INSTALLED_APPS',
          hint: "Import the app's config: `import polls from './polls/apps.js'`.",
        }),
      )
      return
    }
    if (labels.has(config.label)) {
      messages.push(
        new CheckError(`Application labels aren't unique, duplicates: ${config.label}.`, {
          id: 'apps.E002',
          obj: 'INSTALLED_APPS',
          hint: 'Give one of them another label with `label:` in defineApp().',
        }),
      )
    } else if (names.has(config.name)) {
      messages.push(
        new CheckError(`Application names aren't unique, duplicates: ${config.name}.`, {
          id: 'apps.E003',
          obj: 'INSTALLED_APPS',
        }),
      )
    }
    labels.set(config.label, config)
    names.set(config.name, config)
  })
  return messages
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `the string '${value}'`
  if (Array.isArray(value)) return 'an array'
  return `a value of type ${typeof value}`
}

register(checkRootUrlconf, { tags: [Tags.urls, Tags.settings] })
register(checkMiddleware, { tags: [Tags.middleware] })
register(checkInstalledApps, { tags: ['apps', Tags.settings] })
