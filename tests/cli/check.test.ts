import { afterEach, describe, expect, it } from 'vitest'
import { apps } from '../../src/apps/registry.js'
import { defineApp } from '../../src/apps/config.js'
import { configure, resetSettings, buildSettings } from '../../src/conf/settings.js'
import {
  checkInstalledApps,
  checkMiddleware,
  checkRootUrlconf,
} from '../../src/core/checks/core.js'
import { checkUrlConfig, checkUrlNames } from '../../src/core/checks/urls.js'
import { checkDatabaseConnections } from '../../src/core/checks/database.js'
import { CheckWarning } from '../../src/core/checks/messages.js'
import { registry, type CheckContext } from '../../src/core/checks/registry.js'
import { HttpResponse } from '../../src/http/response.js'
import { include, path, rePath } from '../../src/urls/index.js'
import type { Middleware } from '../../src/core/handlers/middleware.js'
import type { SettingsInput } from '../../src/conf/settings.js'
import { cli, tempDir } from './helpers.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const view = () => new HttpResponse('ok')
const context = (overrides: SettingsInput): CheckContext => ({
  settings: buildSettings(overrides),
  appConfigs: null,
  databases: null,
})
const ids = (messages: readonly { id: string }[]) => messages.map((m) => m.id)

afterEach(() => {
  resetSettings()
  apps.reset()
})

describe('core checks', () => {
  it('settings.E001 without ROOT_URLCONF, urls.E004 without urlpatterns', () => {
    expect(ids(checkRootUrlconf(context({})))).toEqual(['settings.E001'])
    expect(ids(checkRootUrlconf(context({ ROOT_URLCONF: 'mysite.urls' as never })))).toEqual([
      'settings.E001',
    ])
    expect(ids(checkRootUrlconf(context({ ROOT_URLCONF: {} as never })))).toEqual(['urls.E004'])
    expect(checkRootUrlconf(context({ ROOT_URLCONF: { urlpatterns: [] } }))).toEqual([])
  })

  it('middleware.E001 for entries that are not factories, W001 for duplicates', () => {
    const factory: Middleware = (getResponse) => (request) => getResponse(request)
    const messages = checkMiddleware(
      context({ MIDDLEWARE: [factory, 'x.y.Middleware' as never, factory, 42 as never] }),
    )
    expect(ids(messages)).toEqual(['middleware.E001', 'middleware.W001', 'middleware.E001'])
    expect(messages[0]!.msg).toContain("MIDDLEWARE[1] is the string 'x.y.Middleware'")
    expect(messages[0]!.hint).toContain("from 'reinhardt/middleware'")
    expect(checkMiddleware(context({ MIDDLEWARE: [factory] }))).toEqual([])
  })

  it('apps.E001 for non-configs, E002 for duplicate labels, E003 for duplicate names', () => {
    const a = defineApp({ name: 'shop.polls', path: '/a' })
    const b = defineApp({ name: 'blog.polls', path: '/b' })
    const c = defineApp({ name: 'shop.polls', path: '/c', label: 'other' })
    expect(
      ids(checkInstalledApps(context({ INSTALLED_APPS: [a, 'polls' as never, b, c] }))),
    ).toEqual(['apps.E001', 'apps.E002', 'apps.E003'])
    const d = defineApp({ name: 'blog', path: '/d' })
    expect(checkInstalledApps(context({ INSTALLED_APPS: [a, { default: d }] }))).toEqual([])
  })
})

describe('URL checks', () => {
  it("reports a route starting with '/', invalid entries and non-unique namespaces", () => {
    const inner = { appName: 'inner', urlpatterns: [path('x/', view)] }
    const urls = {
      urlpatterns: [
        path('/slash/', view),
        'not a pattern' as never,
        path('a/', include(inner)),
        path('b/', include(inner)),
      ],
    }
    expect(ids(checkUrlConfig(context({ ROOT_URLCONF: urls })))).toEqual([
      'urls.W002',
      'urls.E004',
      'urls.W005',
    ])
  })

  it('urls.W100 for a name on two routes with the same parameters, not for an overloaded name', () => {
    const shop = {
      appName: 'shop',
      urlpatterns: [path('item/<int:id>/', view, { name: 'item' })],
    }
    const urls = {
      urlpatterns: [
        path('archive/', view, { name: 'archive' }),
        path('archive/<int:year>/', view, { name: 'archive' }),
        path('about/', view, { name: 'about' }),
        path('about-us/', view, { name: 'about' }),
        rePath('^p/(?<slug>[a-z]+)/$', view, { name: 'page' }),
        path('page/<slug:slug>/', view, { name: 'page' }),
        path('shop/', include(shop)),
        path('store/', include(shop, { namespace: 'store' })),
      ],
    }
    const messages = checkUrlNames(context({ ROOT_URLCONF: urls }))
    expect(ids(messages)).toEqual(['urls.W100', 'urls.W100'])
    expect(messages[0]!.msg).toBe(
      "The URL name 'about' is used by 'about/' and 'about-us/', which take the same " +
        "parameters: reverse('about') can only ever build one of them.",
    )
    expect(messages[1]!.msg).toContain("The URL name 'page'")
  })
})

describe('the check command', () => {
  const clean = { urlpatterns: [path('', view)] }

  it('reports no issues on stdout and exits 0', async () => {
    configure({ ROOT_URLCONF: clean })
    expect(await cli(['check'])).toEqual({
      code: 0,
      stdout: 'System check identified no issues (0 silenced).\n',
      stderr: '',
    })
  })

  it('prints warnings Django-style on stderr, counts silenced ones, exits 0', async () => {
    configure({
      ROOT_URLCONF: {
        urlpatterns: [
          path('/a/', view),
          path('a/', view, { name: 'n' }),
          path('b/', view, { name: 'n' }),
        ],
      },
      SILENCED_SYSTEM_CHECKS: ['urls.W100'],
    })
    const { code, stdout, stderr } = await cli(['check'])
    expect(code).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'System check identified some issues:\n\nWARNINGS:\n' +
        "?: (urls.W002) Your URL pattern '/a/' has a route beginning with a '/'.\n" +
        "\tHINT: Remove this slash, it is unnecessary. If the pattern is inside an include(), make sure the include()'s own route ends with '/'.\n" +
        '\nSystem check identified 1 issue (1 silenced).\n',
    )
  })

  it('fails with SystemCheckError on errors, or on warnings with --fail-level WARNING', async () => {
    configure({ ROOT_URLCONF: { urlpatterns: [path('/a/', view)] }, MIDDLEWARE: ['x' as never] })
    const failed = await cli(['check'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(
      /^SystemCheckError: System check identified some issues:\n\nERRORS:\nMIDDLEWARE: \(middleware\.E001\)/,
    )
    expect(failed.stderr).toContain('System check identified 2 issues (0 silenced).')
    resetSettings()
    configure({ ROOT_URLCONF: { urlpatterns: [path('/a/', view)] } })
    expect((await cli(['check'])).code).toBe(0)
    expect((await cli(['check', '--fail-level', 'WARNING'])).code).toBe(1)
    expect((await cli(['check', '--tag', 'middleware'])).stdout).toContain('no issues')
  })

  it('lists tags, and refuses unknown tags and fail levels', async () => {
    configure({ ROOT_URLCONF: clean })
    const tags = await cli(['check', '--list-tags'])
    expect(tags.stdout.split('\n')).toEqual(expect.arrayContaining(['urls', 'middleware', 'apps']))
    const badTag = await cli(['check', '--tag', 'nope'])
    expect(badTag.code).toBe(2)
    expect(badTag.stderr).toContain("There is no system check with the 'nope' tag")
    const badLevel = await cli(['check', '--fail-level', 'LOUD'])
    expect(badLevel.code).toBe(2)
    expect(badLevel.stderr).toContain(
      '--fail-level must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG',
    )
  })
})

describe('check APP_LABEL ...', () => {
  const clean = { urlpatterns: [path('', view)] }
  const polls = defineApp({ name: 'shop.polls', path: '/polls' })
  const blog = defineApp({ name: 'blog', path: '/blog' })
  /** An app-level check: one warning per app it is given (all installed ones for null). */
  const seen: (readonly string[] | null)[] = []
  const perApp = ({ appConfigs }: CheckContext) => {
    seen.push(appConfigs === null ? null : appConfigs.map((config) => config.label))
    const configs = appConfigs ?? apps.getAppConfigs()
    return configs.map(
      (config) =>
        new CheckWarning(`looked at ${config.label}`, { id: 'test.W001', obj: config.label }),
    )
  }

  afterEach(() => {
    registry.unregister(perApp)
    seen.length = 0
  })

  it('limits app-level checks to the given apps; project checks still run', async () => {
    configure({ ROOT_URLCONF: { urlpatterns: [path('/a/', view)] }, INSTALLED_APPS: [polls, blog] })
    registry.register(perApp, { tags: ['models'] })
    const all = await cli(['check'])
    expect(all.code).toBe(0)
    expect(all.stderr).toContain('polls: (test.W001) looked at polls')
    expect(all.stderr).toContain('blog: (test.W001) looked at blog')
    const one = await cli(['check', 'polls', 'polls'])
    expect(one.code).toBe(0)
    expect(one.stderr).toContain('polls: (test.W001) looked at polls')
    expect(one.stderr).not.toContain('looked at blog')
    // The URL check is not app-level: it runs whatever labels are given.
    expect(one.stderr).toContain('(urls.W002)')
    expect(seen).toEqual([null, ['polls']])
  })

  it('refuses an unknown label, naming the installed apps', async () => {
    configure({ ROOT_URLCONF: clean, INSTALLED_APPS: [polls, blog] })
    const result = await cli(['check', 'polls', 'nope'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      "CommandError: No installed app with label 'nope'. Installed: polls, blog.\n",
    )
  })
})

describe('check --database', () => {
  const clean = { urlpatterns: [path('', view)] }

  it('runs no database check unless an alias is given', async () => {
    const dir = tempDir()
    const file = join(dir, 'missing-dir', 'db.sqlite3')
    configure({ ROOT_URLCONF: clean, DATABASES: { default: { ENGINE: 'sqlite', NAME: file } } })
    expect((await cli(['check'])).code).toBe(0)
    expect((await cli(['check', '--tag', 'database'])).stdout).toContain('no issues')
    expect(await checkDatabaseConnections(context({}))).toEqual([])
  })

  it('opens each given alias: database.E001 when it cannot, unknown aliases included', async () => {
    const dir = tempDir()
    configure({
      ROOT_URLCONF: clean,
      DATABASES: {
        default: { ENGINE: 'sqlite', NAME: join(dir, 'db.sqlite3') },
        broken: { ENGINE: 'sqlite', NAME: join(dir, 'no', 'such', 'dir', 'db.sqlite3') },
        odd: { ENGINE: 'oracle', NAME: 'x' },
      },
    })
    const ok = await cli(['check', '--database', 'default'])
    expect(ok).toEqual({
      code: 0,
      stdout: 'System check identified no issues (0 silenced).\n',
      stderr: '',
    })
    expect(existsSync(join(dir, 'db.sqlite3'))).toBe(true)
    const bad = await cli(['check', '--database', 'broken', '--database', 'odd', '--database', 'x'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^SystemCheckError: /)
    expect(bad.stderr).toContain(
      "DATABASES['broken']: (database.E001) Cannot connect to the database 'broken' (sqlite): ",
    )
    expect(bad.stderr).toContain(
      "DATABASES['odd']: (database.E001) Cannot connect to the database 'odd' (oracle): ",
    )
    expect(bad.stderr).toContain(
      "DATABASES['x']: (database.E001) The database alias 'x' is not in DATABASES.\n\tHINT: Configured aliases: default, broken, odd.",
    )
    expect(bad.stderr).toContain('System check identified 3 issues (0 silenced).')
    // --tag selects the database checks like any other tag.
    expect((await cli(['check', '--tag', 'database', '--database', 'x'])).code).toBe(1)
    expect((await cli(['check', '--tag', 'urls', '--database', 'x'])).code).toBe(0)
  })

  it('reaches PostgreSQL, and reports a server that refuses the connection', async () => {
    configure({
      ROOT_URLCONF: clean,
      DATABASES: {
        pg: { ENGINE: 'postgresql', NAME: 'test', USER: 'postgres', HOST: '127.0.0.1', PORT: 5432 },
        down: { ENGINE: 'postgresql', NAME: 'test', USER: 'postgres', HOST: '127.0.0.1', PORT: 1 },
      },
    })
    expect((await cli(['check', '--database', 'pg'])).code).toBe(0)
    const down = await cli(['check', '--database', 'down'])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain(
      "DATABASES['down']: (database.E001) Cannot connect to the database 'down' (postgresql): ",
    )
  })
})

describe('diffsettings', () => {
  const urls = { urlpatterns: [] }
  const setUp = () =>
    configure({
      ROOT_URLCONF: urls,
      DEBUG: true,
      APPEND_SLASH: true,
      MY_FLAG: 'on',
    } as SettingsInput)

  it('hash output: changed settings, and ### after ones the defaults lack', async () => {
    setUp()
    const { code, stdout } = await cli(['diffsettings'])
    expect(code).toBe(0)
    expect(stdout).toBe("DEBUG = true\nMY_FLAG = 'on'  ###\nROOT_URLCONF = {urlpatterns: []}\n")
    const all = await cli(['diffsettings', '--all'])
    expect(all.stdout).toContain('### APPEND_SLASH = true\n')
    expect(all.stdout).toContain('DEBUG = true\n')
  })

  it('unified output and bad --output', async () => {
    setUp()
    const { stdout } = await cli(['diffsettings', '--output', 'unified'])
    expect(stdout).toBe(
      '- DEBUG = false\n+ DEBUG = true\n' +
        "+ MY_FLAG = 'on'\n" +
        '- ROOT_URLCONF = null\n+ ROOT_URLCONF = {urlpatterns: []}\n',
    )
    const bad = await cli(['diffsettings', '--output', 'json'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("--output must be 'hash' or 'unified', not 'json'.")
  })
})
