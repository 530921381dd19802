export {
  AppConfig,
  defineApp,
  toAppConfig,
  type AppConfigInput,
  type AppConfigOptions,
} from './config.js'
export { Apps, apps, AppRegistryNotReady, LookupError, type RegisteredModel } from './registry.js'
