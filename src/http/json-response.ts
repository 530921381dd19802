/**
 * JsonResponse: serialises data with one JSON.stringify call and keeps the result as the
 * body string (encoded once, by the gateway).
 *
 * `safe` (on by default) only accepts plain objects, as Django does: a top-level array was
 * once a JSON-hijacking vector, and a stray `null` or string usually means a bug in the view.
 *
 * JSON.stringify already handles Date (ISO 8601 via toJSON). What it cannot handle — bigint
 * throws, Map/Set come out as `{}` — is for the optional `encoder` hook, the counterpart of
 * Django's `encoder=` class. `jsonEncoder` is a ready one (bigint → string, Map → object,
 * Set → array, URL → string). Without an encoder no replacer runs, which keeps the common
 * path as fast as JSON.stringify itself.
 */
import { HttpResponse, type ResponseInit } from './response.js'

/**
 * Called for every value JSON cannot represent faithfully by itself: bigints and objects that
 * are neither plain objects nor arrays (Map, Set, class instances). Return a JSON-able
 * replacement, or the value itself to keep JSON.stringify's default.
 */
export type JsonEncoder = (value: unknown) => unknown

/** JSON.stringify's replacer: a function or an allow-list of keys. */
export type JsonReplacer =
  ((this: unknown, key: string, value: unknown) => unknown) | (string | number)[]

export interface JsonResponseOptions extends ResponseInit {
  /** Only accept plain objects (true by default); pass false to send arrays or scalars. */
  safe?: boolean
  /** Converts values JSON cannot represent; see `jsonEncoder`. */
  encoder?: JsonEncoder
  /** Passed to JSON.stringify (runs before `encoder`). */
  replacer?: JsonReplacer
  /** Indentation passed to JSON.stringify (pretty printing). */
  space?: string | number
}

/**
 * A response whose body is `data` as JSON, with Content-Type `application/json`.
 *
 * ```ts
 * return new JsonResponse({ id: poll.id, question: poll.question })
 * return new JsonResponse([1, 2, 3], { safe: false })
 * return new JsonResponse({ total: 10n ** 20n }, { encoder: jsonEncoder })
 * return new JsonResponse({ error: 'not found' }, { status: 404 })
 * ```
 */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, options: JsonResponseOptions = {}) {
    const { safe = true, encoder, replacer, space, ...init } = options
    if (safe && !isPlainObject(data)) {
      throw new TypeError(
        'JsonResponse only serialises plain objects by default; to send an array or any ' +
          'other value, pass { safe: false }.',
      )
    }
    super(stringify(data, encoder, replacer, space), {
      ...init,
      contentType: init.contentType ?? 'application/json',
    })
  }
}

/**
 * An encoder for the usual values JSON lacks: bigint → decimal string (Django sends Decimal
 * as a string too, so no precision is lost), Map → object, Set → array, URL → string.
 * Anything else is left to JSON.stringify.
 *
 * ```ts
 * new JsonResponse({ id: 9007199254740993n, tags: new Set(['a']) }, { encoder: jsonEncoder })
 * ```
 */
export const jsonEncoder: JsonEncoder = (value) => {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Map) return Object.fromEntries(value)
  if (value instanceof Set) return [...value]
  if (value instanceof URL) return value.href
  return value
}

function stringify(
  data: unknown,
  encoder: JsonEncoder | undefined,
  replacer: JsonReplacer | undefined,
  space: string | number | undefined,
): string {
  let json: string | undefined
  try {
    if (encoder === undefined) {
      json = JSON.stringify(data, replacer as Parameters<typeof JSON.stringify>[1], space)
    } else {
      json = JSON.stringify(data, encodingReplacer(encoder, replacer), space)
    }
  } catch (error) {
    if (error instanceof TypeError && /BigInt/i.test(error.message)) {
      throw new TypeError(
        `JsonResponse cannot serialise a bigint (${error.message}); pass { encoder: jsonEncoder } ` +
          'to send bigints as strings, or convert them first.',
      )
    }
    throw error
  }
  if (json === undefined) {
    throw new TypeError(
      `JsonResponse cannot serialise ${typeof data} data: JSON.stringify produced nothing.`,
    )
  }
  return json
}

function encodingReplacer(
  encoder: JsonEncoder,
  replacer: JsonReplacer | undefined,
): (this: unknown, key: string, value: unknown) => unknown {
  const allowed = Array.isArray(replacer) ? new Set(replacer.map(String)) : undefined
  const userReplacer = typeof replacer === 'function' ? replacer : undefined
  return function (this: unknown, key: string, value: unknown): unknown {
    // An allow-list applies to object keys only (never array indexes or the root).
    if (allowed !== undefined && key !== '' && !Array.isArray(this) && !allowed.has(key)) {
      return undefined
    }
    const replaced = userReplacer === undefined ? value : userReplacer.call(this, key, value)
    if (typeof replaced === 'bigint') return encoder(replaced)
    if (typeof replaced === 'object' && replaced !== null && !Array.isArray(replaced)) {
      if (!isPlainObject(replaced)) return encoder(replaced)
    }
    return replaced
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
