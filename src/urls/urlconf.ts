/**
 * The default root URLconf and the script prefix: module-level state that the handler sets
 * once at start-up (from ROOT_URLCONF and FORCE_SCRIPT_NAME or the gateway's mount path),
 * so that resolve() and reverse() work without being handed a URLconf each time.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'
import type { URLConf } from './types.js'

let rootUrlconf: URLConf | null = null
let scriptPrefix = '/'

/**
 * Set (or with null, clear) the URLconf that resolve() and reverse() use by default.
 *
 * ```ts
 * import * as urls from './urls.js'
 * setUrlconf(urls)
 * ```
 */
export function setUrlconf(urlconf: URLConf | null): void {
  rootUrlconf = urlconf
}

/** The default URLconf, or null when none is set. */
export function getUrlconf(): URLConf | null {
  return rootUrlconf
}

/** The URLconf to use: the one given, else the default; throws when there is neither. */
export function requireUrlconf(urlconf?: URLConf | null): URLConf {
  const conf = urlconf ?? rootUrlconf
  if (conf === null) {
    throw new ImproperlyConfigured(
      'No URLconf to resolve against: set ROOT_URLCONF in your settings (the handler then ' +
        'calls setUrlconf() at start-up), or pass `urlconf` explicitly.',
    )
  }
  return conf
}

/**
 * Set the prefix reverse() puts before every URL (where the app is mounted). It always
 * ends with '/'.
 *
 * ```ts
 * setScriptPrefix('/blog')
 * reverse('index') // '/blog/'
 * ```
 */
export function setScriptPrefix(prefix: string): void {
  scriptPrefix = prefix.endsWith('/') ? prefix : `${prefix}/`
}

/** The current script prefix ('/' unless setScriptPrefix() was called). */
export function getScriptPrefix(): string {
  return scriptPrefix
}
