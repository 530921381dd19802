/**
 * The number formats an engine localizes with: Django's USE_THOUSAND_SEPARATOR,
 * THOUSAND_SEPARATOR, NUMBER_GROUPING and DECIMAL_SEPARATOR, given to the Engine as options
 * (the Django backend passes the settings). An engine builds one frozen NumberFormats and
 * every Context it makes carries it, so printing a number reads one object, never settings.
 *
 * Where the values come from: Django takes them from the active language's format module and
 * falls back to the settings when there is none. reinhardt has no per-language formats, so
 * the settings are the format values, with one thing taken from Django's `en` format module
 * (the formats of the default LANGUAGE_CODE): while localizing, NUMBER_GROUPING 0 (the
 * default) groups by 3. So USE_THOUSAND_SEPARATOR = true alone prints 1,234,567, and
 * floatformat's `g` groups as in a default Django project; unlocalized output (floatformat's
 * `u`) uses NUMBER_GROUPING as set, as Django does.
 *
 * `plain` marks formats under which a localized number prints exactly as `String(n)` does
 * (a '.' and no thousand separator, the defaults): renderValue then skips formatting, so the
 * default path costs one property read.
 */
import { checkGrouping, numberFormat, type NumberGrouping } from '../../utils/number-format.js'

/** The four number settings, as Engine options (Django's names, camel-cased). */
export interface NumberFormatSettings {
  /** USE_THOUSAND_SEPARATOR: group localized numbers (default false). */
  useThousandSeparator?: boolean
  /** THOUSAND_SEPARATOR: between digit groups (default ','). */
  thousandSeparator?: string
  /** NUMBER_GROUPING: digits per group, or a sequence such as [3, 2, 0] (default 0). */
  numberGrouping?: NumberGrouping
  /** DECIMAL_SEPARATOR: before the fraction (default '.'). */
  decimalSeparator?: string
}

/** Resolved number formats (see the module comment). */
export interface NumberFormats {
  readonly useThousandSeparator: boolean
  readonly thousandSeparator: string
  readonly decimalSeparator: string
  /** NUMBER_GROUPING as set: the grouping of unlocalized output (floatformat's `u`). */
  readonly numberGrouping: NumberGrouping
  /** The grouping while localizing: NUMBER_GROUPING, or 3 (Django's `en`) when it is 0. */
  readonly localizedGrouping: NumberGrouping
  /** A localized number prints as `String(n)` under these formats. */
  readonly plain: boolean
}

/** Django's `en` NUMBER_GROUPING, used while localizing when NUMBER_GROUPING is 0. */
const EN_GROUPING = 3

/** Option names as the Engine knows them, for error messages. */
export const NUMBER_FORMAT_OPTION_NAMES: Readonly<Record<keyof NumberFormatSettings, string>> = {
  useThousandSeparator: 'useThousandSeparator',
  thousandSeparator: 'thousandSeparator',
  numberGrouping: 'numberGrouping',
  decimalSeparator: 'decimalSeparator',
}

/**
 * Check and resolve number format options; a TypeError names the bad one (`names` gives the
 * names to use: the settings backend passes the settings' names).
 */
export function makeNumberFormats(
  options: NumberFormatSettings,
  names: Readonly<Record<keyof NumberFormatSettings, string>> = NUMBER_FORMAT_OPTION_NAMES,
): NumberFormats {
  const useThousandSeparator = options.useThousandSeparator ?? false
  if (typeof useThousandSeparator !== 'boolean') {
    throw new TypeError(
      `${names.useThousandSeparator} must be true or false, got ${String(useThousandSeparator)}.`,
    )
  }
  const thousandSeparator = separator(options.thousandSeparator ?? ',', names.thousandSeparator)
  const decimalSeparator = separator(options.decimalSeparator ?? '.', names.decimalSeparator)
  let numberGrouping = checkGrouping(options.numberGrouping ?? 0, names.numberGrouping)
  if (Array.isArray(numberGrouping)) numberGrouping = Object.freeze([...numberGrouping])
  const localizedGrouping = numberGrouping === 0 ? EN_GROUPING : numberGrouping
  return Object.freeze({
    useThousandSeparator,
    thousandSeparator,
    decimalSeparator,
    numberGrouping,
    localizedGrouping,
    plain: decimalSeparator === '.' && !useThousandSeparator,
  })
}

function separator(value: unknown, name: string): string {
  if (typeof value === 'string') return value
  throw new TypeError(`${name} must be a string, got ${String(value)}.`)
}

/** Django's defaults: '.', no thousand separator. */
export const DEFAULT_NUMBER_FORMATS: NumberFormats = makeNumberFormats({})

/**
 * A number as localized output prints it (Django's `formats.localize` for int, float and
 * Decimal): the decimal separator, and groups when USE_THOUSAND_SEPARATOR is on. Callers
 * print a value as it is when localization is off (Django's `str(value)`).
 */
export function localizeNumber(value: number | bigint, formats: NumberFormats): string {
  return numberFormat(value, {
    decimalSeparator: formats.decimalSeparator,
    grouping: formats.localizedGrouping,
    thousandSeparator: formats.thousandSeparator,
    useThousandSeparator: formats.useThousandSeparator,
  })
}
