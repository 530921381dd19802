/**
 * Type-level parsing of routes, so that a view's parameters are checked against its route:
 * `path('articles/<int:year>/', (request, { year }) => …)` gives `year: number`.
 *
 * Template literal types walk the route string: each `<conv:name>` becomes `name` typed by
 * `ConverterTypes[conv]` (`unknown` for a converter the interface does not list), and
 * `<name>` is a `str`. rePath() strings get their named groups as strings.
 */

/**
 * What each converter gives the view. Add your own converters by declaration merging:
 *
 * ```ts
 * declare module 'reinhardt/urls' {
 *   interface ConverterTypes {
 *     year4: number
 *   }
 * }
 * ```
 */
export interface ConverterTypes {
  str: string
  int: number
  slug: string
  uuid: string
  path: string
}

/** Flatten an intersection into one object type (nicer in editor tooltips). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {}

type ParamType<C extends string> = C extends keyof ConverterTypes ? ConverterTypes[C] : unknown

type ParseParam<P extends string> = P extends `${infer C}:${infer N}`
  ? { [K in N]: ParamType<C> }
  : { [K in P]: string }

type ParseRoute<R extends string> = R extends `${string}<${infer P}>${infer Rest}`
  ? ParseParam<P> & ParseRoute<Rest>
  : unknown

/**
 * The parameters a `path()` route passes to its view.
 *
 * ```ts
 * type P = RouteParams<'articles/<int:year>/<slug:title>/'> // { year: number; title: string }
 * ```
 */
// A route only known at run time (type `string`) cannot be checked, so its params are `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteParams<R extends string> = string extends R ? any : Simplify<ParseRoute<R>>

type PythonToJs<R extends string> = R extends `${infer A}(?P<${infer B}`
  ? PythonToJs<`${A}(?<${B}`>
  : R

type NamedGroups<R extends string> = R extends `${string}(?<${infer After}`
  ? After extends `=${string}` | `!${string}`
    ? NamedGroups<After>
    : After extends `${infer N}>${infer Rest}`
      ? { [K in N]: string } & NamedGroups<Rest>
      : unknown
  : unknown

/**
 * The kwargs an `rePath()` regex passes to its view: its named groups, as strings. A RegExp
 * object carries no group names at the type level, so its params are `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RegexParams<R extends string | RegExp> = R extends string
  ? string extends R
    ? any // eslint-disable-line @typescript-eslint/no-explicit-any
    : Simplify<NamedGroups<PythonToJs<R>>>
  : any // eslint-disable-line @typescript-eslint/no-explicit-any
