/**
 * Types derived from field declarations: instance attributes, values accepted by create(),
 * and filter() keys checked at compile time (`questionText__startswith`), with no code
 * generation. The field map travels on the instance type as the phantom `__fields`.
 */
import type { FieldValue, Field } from './fields/field.js'
import type { AutoField } from './fields/auto.js'
import type { ForeignKey, ManyToManyField, PkOf } from './fields/related.js'
import type { JSONField, JsonValue } from './fields/json.js'
import type { DateField, DateTimeField } from './fields/temporal.js'
import type { Expression, QNode } from './expressions.js'
import type { DateTransformName, LookupName } from './lookups.js'
import type { AnyModelClass } from './model-types.js'
import type { ManyRelatedManager } from './related-managers.js'

/**
 * The fields given to Model.define. Deliberately loose (`object`): a `Field<unknown,
 * boolean>` constraint would make TypeScript infer every field's nullability as `boolean`
 * from the context; define() checks at run time that each value is a Field.
 */
export type FieldMap = Record<string, object>

type AnyForeignKey = ForeignKey<AnyModelClass, boolean>
type AnyManyToMany = ManyToManyField<AnyModelClass>

/** Keys of F whose field is (or is not) of type U. */
type KeysOf<F, U> = { [K in keyof F]: F[K] extends U ? K : never }[keyof F] & string
type KeysNotOf<F, U> = { [K in keyof F]: F[K] extends U ? never : K }[keyof F] & string

/** True when one of the fields is a primary key (detected from primaryKey: true in the type). */
type DeclaresPk<F> = {
  [K in keyof F]: F[K] extends AutoField
    ? true
    : F[K] extends { options: { primaryKey: true } }
      ? true
      : never
}[keyof F]

/** The automatic `id` unless a field declares itself primary key. */
export type AutoPk<F> = [DeclaresPk<F>] extends [never] ? { id: number } : unknown

/** The pk type: the automatic id's number, else unknown (declared pk types are not tracked). */
export type PkType<F> = [DeclaresPk<F>] extends [never]
  ? number
  : F[DeclaredPkKey<F>] extends Field<infer T>
    ? T
    : unknown
type DeclaredPkKey<F> = {
  [K in keyof F]: F[K] extends AutoField
    ? K
    : F[K] extends { options: { primaryKey: true } }
      ? K
      : never
}[keyof F]

type Target<F> =
  F extends ForeignKey<infer M, boolean> ? M : F extends ManyToManyField<infer M> ? M : never

/** Instance attributes for the fields (relations: the object and its `<name>Id`). */
export type FieldValues<F> = {
  -readonly [K in KeysNotOf<F, AnyManyToMany>]: FieldValue<F[K]>
} & {
  -readonly [K in KeysOf<F, AnyForeignKey> as `${K}Id`]: F[K] extends ForeignKey<infer M, infer N>
    ? [N] extends [true]
      ? PkOf<M> | null
      : PkOf<M>
    : never
}

/** Many-to-many managers: `question.tags.add(tag)`. */
export type ManyToManyAccessors<F> = {
  readonly [K in KeysOf<F, AnyManyToMany>]: ManyRelatedManager<InstanceType<Target<F[K]>>>
}

/** Values accepted by `new Model({...})`, `create()` and `update()`: every field optional. */
export type CreateValues<F> = {
  [K in KeysNotOf<F, AnyManyToMany>]?: FieldValue<F[K]> | Expression
} & {
  [K in KeysOf<F, AnyForeignKey> as `${K}Id`]?: unknown
} & { pk?: unknown }

type TransformSuffix = DateTransformName | `${DateTransformName}__${LookupName}`

/** Lookup suffixes a field accepts after `__`. */
type SuffixFor<Fd> = Fd extends AnyForeignKey | AnyManyToMany | AnyJsonField
  ? string
  : Fd extends DateTimeField<boolean> | DateField<boolean>
    ? LookupName | TransformSuffix
    : LookupName

/** Value accepted for an exact lookup on a field. */
type ExactValue<Fd> = Fd extends AnyForeignKey ? unknown : FieldValue<Fd> | Expression | null

type AnyJsonField = JSONField<JsonValue, boolean>

/**
 * The JSON lookups on a JSONField itself, with the value each takes (on key paths,
 * `data__owner__has_key`, the value is not checked: key names are open).
 */
type JsonLookups<F> = {
  [K in KeysOf<F, AnyJsonField> as `${K}__has_key`]?: string
} & {
  [K in KeysOf<F, AnyJsonField> as `${K}__has_keys` | `${K}__has_any_keys`]?: readonly string[]
} & {
  [K in KeysOf<F, AnyJsonField> as `${K}__contains` | `${K}__contained_by`]?: JsonValue | Expression
}

/** filter()/exclude()/get() keyword lookups: direct fields checked, relations open. */
export type Lookups<F> = JsonLookups<F> & {
  [K in keyof F & string]?: ExactValue<F[K]>
} & {
  [K in keyof F & string as `${K}__${SuffixFor<F[K]> & string}`]?: unknown
} & {
  pk?: unknown
  id?: unknown
} & {
  [K in `pk__${LookupName}` | `id__${LookupName}`]?: unknown
}

/** Anything filter() takes: lookups, a Q, or a boolean expression (Exists). */
export type FilterArg<F> = Lookups<F> | QNode | Expression

/** The field map of an instance type. */
export type FieldsOf<T> = T extends { __fields: infer F } ? F : FieldMap

/** Names usable in values()/orderBy() for direct fields ('-name' for orderBy too). */
export type FieldName<T> = (keyof FieldsOf<T> & string) | 'pk' | (string & {})

export type { Target }
