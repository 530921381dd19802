/** Shared set-up of the middleware suites: a Client over the real handler with given settings. */
import { buildSettings, type SettingsInput } from '../../src/conf/settings.js'
import { BaseHandler } from '../../src/core/handlers/base.js'
import { Client } from '../../src/test/client.js'

export function clientWith(settings: SettingsInput, raiseRequestException = true): Client {
  const handler = new BaseHandler(buildSettings({ ALLOWED_HOSTS: ['testserver'], ...settings }), {
    installGlobals: false,
  })
  return new Client({ handler, raiseRequestException })
}
