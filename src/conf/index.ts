export { globalSettings, type Settings } from './global-settings.js'
export {
  settings,
  configure,
  buildSettings,
  getSettings,
  isConfigured,
  resetSettings,
} from './settings.js'
