/**
 * App directories loader: the `templates/` folder of every installed app, in INSTALLED_APPS
 * order, read from the app registry (`apps.getAppConfigs()`, each config's `path`). This is
 * what `APP_DIRS: true` in a TEMPLATES entry adds after DIRS. An app's template can be
 * overridden by a file of the same name in DIRS or in an app listed earlier.
 */
import { join } from 'node:path'
import { apps } from '../../apps/registry.js'
import { FilesystemLoader } from './filesystem.js'

/**
 * The installed apps' template directories, in INSTALLED_APPS order. Throws
 * AppRegistryNotReady when apps are configured but `setup()` has not populated the registry.
 */
export function appTemplateDirs(): string[] {
  return apps.getAppConfigs().map((app) => join(app.path, 'templates'))
}

/**
 * Templates from installed apps' `templates/` directories.
 *
 * @example
 * new AppDirectoriesLoader()                  // every installed app, from the registry
 * new AppDirectoriesLoader(['polls/templates']) // explicit directories
 */
export class AppDirectoriesLoader extends FilesystemLoader {
  constructor(dirs?: readonly string[]) {
    super(dirs ?? appTemplateDirs())
  }
}
