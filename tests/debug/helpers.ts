/** Shared set-up of the debug-page suites: a client on a real BaseHandler. */
import type { Settings } from '../../src/conf/global-settings.js'
import { buildSettings } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { Client } from '../../src/test/client.js'
import type { URLConf } from '../../src/urls/types.js'

export function makeClient(urlconf: URLConf, overrides: Partial<Settings> = {}): Client {
  const settings = buildSettings({ ROOT_URLCONF: urlconf, ...overrides })
  return new Client({
    handler: new BaseHandler(settings, { installGlobals: false }),
    raiseRequestException: false,
  })
}
