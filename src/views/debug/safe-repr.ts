/**
 * A bounded, never-throwing text rendering of any value, for the technical 500 page.
 *
 * Values come from settings, request data and error properties, so anything goes: cycles,
 * getters that throw, revoked proxies, megabyte strings. The writer stops once `limit`
 * characters are out (4 KB by default) and marks the cut; containers show at most
 * MAX_ITEMS entries and nest at most MAX_DEPTH deep. Keys the `isSensitiveKey` predicate
 * matches (object properties and string Map keys, at any depth) show the masked
 * substitute instead of their value: that is how the exception reporter filter cleanses
 * settings recursively.
 */

/** What masked values are shown as (Django's cleansed_substitute). */
export const CLEANSED_SUBSTITUTE = '********************'

export const DEFAULT_REPR_LIMIT = 4096
const MAX_DEPTH = 6
const MAX_ITEMS = 100

export interface ReprOptions {
  /** Longest output in characters (DEFAULT_REPR_LIMIT). */
  limit?: number
  /** Property / Map keys whose values are masked. */
  isSensitiveKey?: (key: string) => boolean
}

class Full extends Error {}

class Writer {
  out = ''
  constructor(readonly limit: number) {}

  write(text: string): void {
    if (this.out.length + text.length > this.limit) {
      this.out += text.slice(0, Math.max(0, this.limit - this.out.length))
      throw new Full()
    }
    this.out += text
  }
}

/**
 * `value` as text, JavaScript-flavoured (`{ a: 1, b: [ 'x' ] }` style, strings quoted).
 *
 * ```ts
 * safeRepr({ PASSWORD: 'x', HOST: 'db' }, { isSensitiveKey: (k) => /PASS/i.test(k) })
 * // "{ PASSWORD: '********************', HOST: 'db' }"
 * ```
 */
export function safeRepr(value: unknown, options: ReprOptions = {}): string {
  const writer = new Writer(options.limit ?? DEFAULT_REPR_LIMIT)
  try {
    writeValue(writer, value, 0, new Set(), options.isSensitiveKey)
  } catch (error) {
    if (error instanceof Full) return writer.out + `… (cut at ${writer.limit} characters)`
    return writer.out + `<unrepresentable: ${describeFailure(error)}>`
  }
  return writer.out
}

function quote(text: string): string {
  // JSON's escaping keeps control characters visible; single quotes read as JS.
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`
}

function describeFailure(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  } catch {
    return 'an error that cannot be described'
  }
}

function writeValue(
  w: Writer,
  value: unknown,
  depth: number,
  ancestors: Set<object>,
  sensitive: ((key: string) => boolean) | undefined,
): void {
  switch (typeof value) {
    case 'string':
      w.write(quote(value.length > w.limit ? value.slice(0, w.limit) : value))
      return
    case 'number':
    case 'boolean':
    case 'undefined':
      w.write(String(value))
      return
    case 'bigint':
      w.write(`${value}n`)
      return
    case 'symbol':
      w.write(value.toString())
      return
    case 'function':
      w.write(describeFunction(value))
      return
  }
  if (value === null) {
    w.write('null')
    return
  }
  const object = value as object
  if (ancestors.has(object)) {
    w.write('[Circular]')
    return
  }
  let special: string | undefined
  try {
    special = describeSpecial(object)
  } catch (error) {
    w.write(`<unrepresentable: ${describeFailure(error)}>`)
    return
  }
  if (special !== undefined) {
    w.write(special)
    return
  }
  if (depth >= MAX_DEPTH) {
    w.write(Array.isArray(object) ? `[Array(${object.length})]` : `[${typeName(object)}]`)
    return
  }
  ancestors.add(object)
  try {
    if (Array.isArray(object)) writeArray(w, object, depth, ancestors, sensitive)
    else if (object instanceof Map) writeMap(w, object, depth, ancestors, sensitive)
    else if (object instanceof Set) writeSet(w, object, depth, ancestors, sensitive)
    else writeObject(w, object, depth, ancestors, sensitive)
  } catch (error) {
    if (error instanceof Full) throw error
    w.write(`<unrepresentable: ${describeFailure(error)}>`)
  } finally {
    ancestors.delete(object)
  }
}

function describeFunction(fn: Function): string {
  let source = ''
  try {
    source = Function.prototype.toString.call(fn)
  } catch {
    // A revoked proxy or an exotic callable: fall back to the name.
  }
  const name = safeName(fn)
  if (source.startsWith('class')) return `[class ${name || '(anonymous)'}]`
  return name ? `[Function ${name}]` : '[Function (anonymous)]'
}

function safeName(fn: Function): string {
  try {
    return typeof fn.name === 'string' ? fn.name : ''
  } catch {
    return ''
  }
}

function typeName(object: object): string {
  try {
    const tag = (object as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]
    if (typeof tag === 'string') return tag
    const proto = Object.getPrototypeOf(object) as { constructor?: { name?: unknown } } | null
    if (proto === null) return 'Object: null prototype'
    const name = proto.constructor?.name
    return typeof name === 'string' && name !== '' ? name : 'Object'
  } catch {
    return 'Object'
  }
}

/** One-line renderings of objects whose properties are not the point. */
function describeSpecial(object: object): string | undefined {
  if (object instanceof Date) {
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString()
  }
  if (object instanceof RegExp) return String(object)
  if (object instanceof Error) {
    return `${String(object.name)}(${quote(String(object.message).slice(0, 500))})`
  }
  if (Buffer.isBuffer(object)) return `<Buffer ${object.byteLength} bytes>`
  if (ArrayBuffer.isView(object)) return `${typeName(object)}(${object.byteLength} bytes)`
  if (object instanceof Promise) return 'Promise'
  if (object instanceof WeakMap || object instanceof WeakSet || object instanceof WeakRef) {
    return typeName(object)
  }
  return undefined
}

function writeArray(
  w: Writer,
  array: readonly unknown[],
  depth: number,
  ancestors: Set<object>,
  sensitive: ((key: string) => boolean) | undefined,
): void {
  if (array.length === 0) return w.write('[]')
  w.write('[ ')
  const shown = Math.min(array.length, MAX_ITEMS)
  for (let i = 0; i < shown; i++) {
    if (i > 0) w.write(', ')
    writeValue(w, array[i], depth + 1, ancestors, sensitive)
  }
  if (array.length > shown) w.write(`, … ${array.length - shown} more`)
  w.write(' ]')
}

function writeMap(
  w: Writer,
  map: Map<unknown, unknown>,
  depth: number,
  ancestors: Set<object>,
  sensitive: ((key: string) => boolean) | undefined,
): void {
  w.write(`Map(${map.size}) {`)
  let i = 0
  for (const [key, value] of map) {
    if (i === MAX_ITEMS) {
      w.write(`, … ${map.size - i} more`)
      break
    }
    w.write(i === 0 ? ' ' : ', ')
    writeValue(w, key, depth + 1, ancestors, sensitive)
    w.write(' => ')
    if (typeof key === 'string' && sensitive?.(key)) w.write(quote(CLEANSED_SUBSTITUTE))
    else writeValue(w, value, depth + 1, ancestors, sensitive)
    i++
  }
  w.write(i === 0 ? '}' : ' }')
}

function writeSet(
  w: Writer,
  set: Set<unknown>,
  depth: number,
  ancestors: Set<object>,
  sensitive: ((key: string) => boolean) | undefined,
): void {
  w.write(`Set(${set.size}) {`)
  let i = 0
  for (const value of set) {
    if (i === MAX_ITEMS) {
      w.write(`, … ${set.size - i} more`)
      break
    }
    w.write(i === 0 ? ' ' : ', ')
    writeValue(w, value, depth + 1, ancestors, sensitive)
    i++
  }
  w.write(i === 0 ? '}' : ' }')
}

function writeObject(
  w: Writer,
  object: object,
  depth: number,
  ancestors: Set<object>,
  sensitive: ((key: string) => boolean) | undefined,
): void {
  const name = typeName(object)
  const keys = Object.keys(object)
  const prefix = name === 'Object' ? '' : `${name} `
  if (keys.length === 0) return w.write(`${prefix}{}`)
  w.write(`${prefix}{ `)
  const shown = Math.min(keys.length, MAX_ITEMS)
  for (let i = 0; i < shown; i++) {
    const key = keys[i]!
    if (i > 0) w.write(', ')
    w.write(/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key))
    w.write(': ')
    if (sensitive?.(key)) {
      w.write(quote(CLEANSED_SUBSTITUTE))
      continue
    }
    let value: unknown
    try {
      value = (object as Record<string, unknown>)[key]
    } catch (error) {
      w.write(`<getter threw: ${describeFailure(error)}>`)
      continue
    }
    writeValue(w, value, depth + 1, ancestors, sensitive)
  }
  if (keys.length > shown) w.write(`, … ${keys.length - shown} more`)
  w.write(' }')
}
