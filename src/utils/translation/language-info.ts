/**
 * Language information lookup (Django's `translation.get_language_info`). A code is looked up
 * as given (codes are lower case, as in Django's LANGUAGES: 'pt-br', 'zh-hans'); a code with
 * a fallback row ('zh-tw') answers with the row it points to; an unknown regional code
 * answers with its generic language ('de-at' → 'de'). Anything else is an
 * `UnknownLanguageCode` error, as Django raises KeyError.
 *
 * Without translation catalogs, `name_translated` is the English name (what Django gives
 * for a language that has no catalog).
 */
import { FALLBACKS, LANGUAGE_ROWS } from './lang-info.js'

/**
 * What is known about a language. Keys are Django's (`{{ lang.name_local }}` in a template
 * reads the same as in Django).
 */
export interface LanguageInfo {
  /** Written right to left. */
  readonly bidi: boolean
  readonly code: string
  /** English name. */
  readonly name: string
  /** The name in the language itself. */
  readonly name_local: string
  /** The English name in the active language (the English name without catalogs). */
  readonly name_translated: string
}

/** The language code is not in the table, nor is its generic language. */
export class UnknownLanguageCode extends Error {
  override name = 'UnknownLanguageCode'
  /** The code that was asked for. */
  readonly code: string
  constructor(code: string, generic?: string) {
    super(
      generic === undefined
        ? `Unknown language code ${code}.`
        : `Unknown language code ${code} and ${generic}.`,
    )
    this.code = code
  }
}

const TABLE: ReadonlyMap<string, LanguageInfo> = (() => {
  const table = new Map<string, LanguageInfo>()
  for (const [code, name, nameLocal, rtl] of LANGUAGE_ROWS) {
    table.set(
      code,
      Object.freeze({
        bidi: rtl === true,
        code,
        name,
        name_local: nameLocal,
        name_translated: name,
      }),
    )
  }
  for (const [code, target] of FALLBACKS) table.set(code, table.get(target) as LanguageInfo)
  return table
})()

/**
 * Information about a language code.
 *
 * @example
 * getLanguageInfo('de').name_local // 'Deutsch'
 * getLanguageInfo('de-at').code // 'de' (the generic language)
 * getLanguageInfo('zh-tw').code // 'zh-hant'
 * getLanguageInfo('xx') // throws UnknownLanguageCode: Unknown language code xx.
 */
export function getLanguageInfo(code: string): LanguageInfo {
  const info = TABLE.get(code)
  if (info) return info
  const dash = code.indexOf('-')
  if (dash < 0) throw new UnknownLanguageCode(code)
  const generic = code.slice(0, dash)
  const genericInfo = TABLE.get(generic)
  if (!genericInfo) throw new UnknownLanguageCode(code, generic)
  return genericInfo
}
