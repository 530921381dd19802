export {
  globalSettings,
  type Settings,
  type TemplateBackendSettings,
  type DatabaseSettings,
  type LoggingSettings,
  type LoggingHandlerSettings,
  type LogLevelName,
} from './global-settings.js'
export {
  settings,
  configure,
  defineSettings,
  buildSettings,
  getSettings,
  isConfigured,
  resetSettings,
  overrideSettings,
  type SettingsInput,
} from './settings.js'
export { setup, loadSettings, SETTINGS_MODULE_ENV } from './setup.js'
