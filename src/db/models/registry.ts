/**
 * Where models register and where string references ('polls.Question') resolve.
 *
 * Real models use the process-wide `apps` registry (through `globalModelRegistry`), so
 * `apps.getModels()` sees them. Migrations build "historical" models from migration state
 * into their own `new ModelRegistry()`, where they never collide with the real classes.
 * Relations to a model not defined yet wait in `pending` until it registers.
 */
import { apps } from '../../apps/registry.js'
import type { AnyModelClass } from './model-types.js'

type Pending = (model: AnyModelClass) => void

export class ModelRegistry {
  readonly #models = new Map<string, Map<string, AnyModelClass>>()
  readonly #pending = new Map<string, Pending[]>()

  /** `parent`: a registry consulted for models this one does not have (temporary models). */
  constructor(readonly parent?: ModelRegistry) {}

  register(model: AnyModelClass): void {
    const { appLabel, modelName } = model._meta
    let app = this.#models.get(appLabel)
    if (app === undefined) this.#models.set(appLabel, (app = new Map()))
    app.set(modelName, model)
    this.registerExternally(model)
    const key = `${appLabel}.${modelName}`
    const waiting = this.#pending.get(key)
    if (waiting !== undefined) {
      this.#pending.delete(key)
      for (const callback of waiting) callback(model)
    }
  }

  /** Hook for the global registry to mirror models into `apps`. */
  protected registerExternally(_model: AnyModelClass): void {}

  /** The model, or undefined; `modelName` is case-insensitive. */
  findModel(appLabel: string, modelName: string): AnyModelClass | undefined {
    return (
      this.#models.get(appLabel)?.get(modelName.toLowerCase()) ??
      this.parent?.findModel(appLabel, modelName)
    )
  }

  getModel(appLabel: string, modelName: string): AnyModelClass {
    const model = this.findModel(appLabel, modelName)
    if (model === undefined) {
      throw new Error(
        `Model '${appLabel}.${modelName}' is not defined. Import the module that defines it, ` +
          'or check the app label and name in the relation.',
      )
    }
    return model
  }

  getModels(appLabel?: string): AnyModelClass[] {
    if (appLabel !== undefined) return [...(this.#models.get(appLabel)?.values() ?? [])]
    return [...this.#models.values()].flatMap((app) => [...app.values()])
  }

  /** Calls `callback` with the model now, or as soon as it registers. */
  whenRegistered(appLabel: string, modelName: string, callback: Pending): void {
    const model = this.findModel(appLabel, modelName)
    if (model !== undefined) return callback(model)
    const key = `${appLabel}.${modelName.toLowerCase()}`
    const list = this.#pending.get(key) ?? []
    list.push(callback)
    this.#pending.set(key, list)
  }

  /** References still waiting for their model ('app.model' keys): a check can report them. */
  pendingReferences(): string[] {
    return [...this.#pending.keys()]
  }
}

class GlobalModelRegistry extends ModelRegistry {
  protected override registerExternally(model: AnyModelClass): void {
    if (!model._meta.autoCreated) apps.registerModel(model._meta.appLabel, model)
  }
}

/** The registry real models use; mirrors into `apps` from reinhardt/apps. */
export const globalModelRegistry: ModelRegistry = new GlobalModelRegistry()
