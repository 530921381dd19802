/**
 * Settings the model layer needs, pushed in by the connections handler when it reads
 * settings (core classes do not read settings themselves).
 */
import { setDefaultAutoField } from './models/model.js'
import { modelHooks } from './models/query-set.js'

export function setTimeZoneHook(timeZone: string): void {
  modelHooks.timeZone = () => timeZone
}

export function setDefaultAutoFieldHook(value: 'AutoField' | 'BigAutoField'): void {
  setDefaultAutoField(value)
}
