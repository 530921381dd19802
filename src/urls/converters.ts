/**
 * Path converters: the `int` in `<int:year>`. A converter is a regex fragment that finds the
 * segment, `toJs` turning the matched text into the view's value, and `toUrl` doing the
 * reverse for reverse(). The registry is module-level (like Django's) and read when a path()
 * is built, so register custom converters before the URLconf module that uses them loads.
 */
import { ImproperlyConfigured } from '../core/exceptions.js'

/**
 * A path converter. Throwing from `toJs` means "this pattern does not match, try the next";
 * throwing from `toUrl` during reverse() means "this candidate does not fit, try another".
 *
 * ```ts
 * const fourDigitYear: Converter<number> = {
 *   regex: '[0-9]{4}',
 *   toJs: (value) => Number(value),
 *   toUrl: (value) => String(value).padStart(4, '0'),
 * }
 * ```
 */
export interface Converter<T = unknown> {
  /** Regex source (JavaScript syntax, no anchors) matching one value in the path. */
  readonly regex: string
  toJs(value: string): T
  toUrl(value: T): string
}

/** Any text up to the next '/'. */
export const StringConverter: Converter<string> = {
  regex: '[^/]+',
  toJs: (value) => value,
  toUrl: (value) => String(value),
}

/** Zero or a positive integer, given to the view as a number. */
export const IntConverter: Converter<number> = {
  regex: '[0-9]+',
  toJs: (value) => {
    const n = Number(value)
    // Past 2^53 a number can no longer round-trip the digits; treat it as "no match".
    if (!Number.isSafeInteger(n)) throw new RangeError(`${value} is not a safe integer`)
    return n
  },
  toUrl: (value) => String(value),
}

/** ASCII letters, digits, hyphens and underscores. */
export const SlugConverter: Converter<string> = {
  regex: '[-a-zA-Z0-9_]+',
  toJs: (value) => value,
  toUrl: (value) => String(value),
}

/** A lower-case UUID such as `075194d3-6885-417e-a8a8-6c931e272f00`, kept as a string. */
export const UUIDConverter: Converter<string> = {
  regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  toJs: (value) => value,
  toUrl: (value) => String(value),
}

/** Any non-empty text, slashes included: the rest of the path. */
export const PathConverter: Converter<string> = {
  regex: '.+',
  toJs: (value) => value,
  toUrl: (value) => String(value),
}

const registry = new Map<string, Converter>([
  ['str', StringConverter],
  ['int', IntConverter as Converter],
  ['slug', SlugConverter],
  ['uuid', UUIDConverter],
  ['path', PathConverter],
])

/**
 * Make a converter usable in routes as `<typeName:param>`. Registering another converter
 * under a name already taken is an error; registering the same one again is allowed, so
 * a module that registers on import may be imported twice.
 *
 * ```ts
 * registerConverter(fourDigitYear, 'year4')
 * path('articles/<year4:year>/', yearArchive)
 * ```
 *
 * For typed view parameters, tell the type checker what the converter produces:
 * `declare module 'reinhardt/urls' { interface ConverterTypes { year4: number } }`.
 */
export function registerConverter<T>(converter: Converter<T>, typeName: string): void {
  const existing = registry.get(typeName)
  if (existing !== undefined && existing !== converter) {
    throw new ImproperlyConfigured(
      `Converter '${typeName}' is already registered. Pick another name for the new converter.`,
    )
  }
  if (typeof converter.regex !== 'string') {
    throw new TypeError(`Converter '${typeName}' needs a string \`regex\`.`)
  }
  registry.set(typeName, converter as Converter)
}

/** The converter registered under `typeName`, or undefined. */
export function getConverter(typeName: string): Converter | undefined {
  return registry.get(typeName)
}
