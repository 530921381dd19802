/**
 * The project state of the live models: every concrete model the installed apps registered
 * (Django's `ProjectState.from_apps`). `makemigrations` compares it with the state the
 * migration files build; `migrate` uses it to warn about changes not yet in a migration.
 */
import type { Apps } from '../../apps/index.js'
import type { AnyModelClass } from '../models/model-types.js'
import { modelStateFromModel } from './orm-adapter.js'
import { ProjectState } from './state.js'

/** The state of the models registered by the installed apps (all, or only `appLabels`). */
export function liveProjectState(registry: Apps, appLabels?: ReadonlySet<string>): ProjectState {
  const state = new ProjectState()
  for (const app of registry.getAppConfigs()) {
    if (appLabels !== undefined && !appLabels.has(app.label)) continue
    for (const model of registry.getModels(app.label)) {
      // The app registry stores what the ORM registered: model classes.
      const modelState = modelStateFromModel(model as unknown as AnyModelClass)
      if (modelState !== null) state.addModel(modelState)
    }
  }
  return state
}
