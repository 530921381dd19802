/**
 * Turns the values inside operations (field options, defaults, index definitions) into
 * TypeScript source for migration files.
 *
 * Values become a small tree of code nodes, rendered on one line when it fits in 100
 * columns and broken one element per line otherwise, so the output matches the project's
 * prettier style and is byte-for-byte the same for the same input. Objects that know how to
 * describe themselves (fields, indexes, constraints) implement `deconstruct()` through the
 * adapter in `deconstruct.ts`; anything else that is not plain data is an error naming the
 * value, never a silently wrong file.
 */

/** A piece of generated code: text, or a bracketed list that may break across lines. */
export type CodeNode =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'list'
      readonly open: string
      readonly items: readonly CodeNode[]
      readonly close: string
      /** Always one item per line (the operations of a migration). */
      readonly forceBreak?: boolean
    }
  | { readonly kind: 'pair'; readonly key: string; readonly value: CodeNode }

/** Collects the named imports a file needs, by module. */
export class ImportSet {
  readonly #modules = new Map<string, Set<string>>()

  add(module: string, name: string): void {
    let names = this.#modules.get(module)
    if (names === undefined) this.#modules.set(module, (names = new Set()))
    names.add(name)
  }

  /** `import { a, b } from 'm'` lines, modules and names sorted. */
  render(): string {
    return [...this.#modules.keys()]
      .sort()
      .map((module) => {
        const names = [...this.#modules.get(module)!].sort().join(', ')
        return `import { ${names} } from '${module}'`
      })
      .join('\n')
  }
}

export const text = (value: string): CodeNode => ({ kind: 'text', text: value })
export const list = (
  open: string,
  items: readonly CodeNode[],
  close: string,
  forceBreak = false,
): CodeNode => ({ kind: 'list', open, items, close, forceBreak })
export const pair = (key: string, value: CodeNode): CodeNode => ({ kind: 'pair', key, value })

/** `new Name({ ... })` with the given options object. */
export function construct(name: string, options: CodeNode | null): CodeNode {
  return list(`new ${name}(`, options === null ? [] : [options], ')')
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A property key as written in source: bare when it is an identifier. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key)
}

/** A single-quoted string literal. */
export function quote(value: string): string {
  let out = "'"
  for (const char of value) {
    const code = char.codePointAt(0)!
    if (char === "'") out += "\\'"
    else if (char === '\\') out += '\\\\'
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x2028 || code === 0x2029 || code === 0x7f) {
      out += `\\u${code.toString(16).padStart(4, '0')}`
    } else out += char
  }
  return `${out}'`
}

/** Hook for objects the plain-data rules do not cover (fields, indexes, ...). */
export type CustomSerializer = (value: object, imports: ImportSet) => CodeNode | undefined

/**
 * The code node for a value. Plain data (primitives, arrays, plain objects, Dates, bigint)
 * is handled here; `custom` gets the other objects first; functions are copied by source
 * (they must be self-contained, see docs/migrations.md).
 */
export function serializeValue(
  value: unknown,
  imports: ImportSet,
  custom?: CustomSerializer,
  path = 'value',
): CodeNode {
  if (value === null) return text('null')
  switch (typeof value) {
    case 'undefined':
      return text('undefined')
    case 'boolean':
      return text(String(value))
    case 'number':
      if (Number.isNaN(value)) return text('Number.NaN')
      if (!Number.isFinite(value)) return text(value > 0 ? 'Infinity' : '-Infinity')
      return text(Object.is(value, -0) ? '-0' : String(value))
    case 'bigint':
      return text(`${value}n`)
    case 'string':
      return text(quote(value))
    case 'function':
      return text(functionSource(value as (...args: unknown[]) => unknown, path))
    case 'symbol':
      throw new TypeError(`Cannot write ${path} (a symbol) into a migration file.`)
  }
  const object = value as object
  const customNode = custom?.(object, imports)
  if (customNode !== undefined) return customNode
  if (Array.isArray(object)) {
    return list(
      '[',
      object.map((item, index) => serializeValue(item, imports, custom, `${path}[${index}]`)),
      ']',
    )
  }
  if (object instanceof Date) return text(`new Date(${quote(object.toISOString())})`)
  if (object instanceof RegExp) return text(String(object))
  const prototype = Object.getPrototypeOf(object) as unknown
  if (prototype === Object.prototype || prototype === null) {
    const entries = Object.entries(object).filter(([, item]) => item !== undefined)
    return list(
      '{',
      entries.map(([key, item]) =>
        pair(propertyKey(key), serializeValue(item, imports, custom, `${path}.${key}`)),
      ),
      '}',
    )
  }
  const name = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object'
  throw new TypeError(
    `Cannot write ${path} (an instance of ${name}) into a migration file: give it a ` +
      'deconstruct() method or use plain data.',
  )
}

/** Source of a function default, as an expression (method shorthand gets `function`). */
function functionSource(fn: (...args: unknown[]) => unknown, path: string): string {
  const source = fn.toString()
  if (source.includes('[native code]')) {
    throw new TypeError(
      `Cannot write ${path} (the built-in function ${fn.name || 'anonymous'}) into a ` +
        'migration file: wrap it, e.g. () => Date.now().',
    )
  }
  if (/^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(source)) return source
  if (/^class\b/.test(source)) {
    throw new TypeError(`Cannot write ${path} (a class) into a migration file.`)
  }
  // `default() { ... }` shorthand: turn it into a function expression.
  const isAsync = /^async\s+/.test(source)
  return `${isAsync ? 'async ' : ''}function ${source.replace(/^async\s+/, '')}`
}

const WIDTH = 100

/** Renders a node at `indent` spaces, breaking lists that do not fit in the width. */
export function render(node: CodeNode, indent = 0, prefixWidth = 0): string {
  const flat = inline(node)
  if (!flat.includes('\n') && indent + prefixWidth + flat.length <= WIDTH) return flat
  switch (node.kind) {
    case 'text':
      return node.text
    case 'pair':
      return `${node.key}: ${render(node.value, indent, prefixWidth + node.key.length + 2)}`
    case 'list': {
      if (node.items.length === 0) return `${node.open}${node.close}`
      // A call with one object argument hugs it: `new X({` ... `})`, as prettier does.
      if (node.items.length === 1 && node.open.endsWith('(')) {
        const only = node.items[0]!
        if (only.kind === 'list' && (only.open === '{' || only.open === '[')) {
          return `${node.open}${render(only, indent, prefixWidth + node.open.length)}${node.close}`
        }
      }
      const inner = ' '.repeat(indent + 2)
      const lines = node.items.map((item) => `${inner}${render(item, indent + 2)},`)
      return `${node.open}\n${lines.join('\n')}\n${' '.repeat(indent)}${node.close}`
    }
  }
}

function inline(node: CodeNode): string {
  switch (node.kind) {
    case 'text':
      return node.text
    case 'pair':
      return `${node.key}: ${inline(node.value)}`
    case 'list': {
      if (node.forceBreak === true && node.items.length > 0) return '\n'
      const items = node.items.map(inline).join(', ')
      if (node.open === '{') return items === '' ? '{}' : `{ ${items} }`
      return `${node.open}${items}${node.close}`
    }
  }
}
