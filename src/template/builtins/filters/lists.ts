/**
 * List and logic filters: dictsort, dictsortreversed, first, last, join, length, random,
 * slice, pprint, default, default_if_none, yesno.
 */
import type { Context } from '../../context.js'
import { MISSING } from '../../context.js'
import type { Library } from '../../library.js'
import { conditionalEscape, escapeHtml, isSafe, markSafe, SafeString } from '../../safe-string.js'
import { isTruthy, pyCompare, pyInt, pyLen, pyRepr, toStr } from '../../utils/py.js'
import { getAttr } from '../../variable.js'

function unwrap(v: unknown): unknown {
  return v instanceof String ? v.valueOf() : v
}

/** Items of a sequence as an array (strings → characters), or null if not a sequence. */
function items(v: unknown): unknown[] | null {
  v = unwrap(v)
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return [...v]
  if (v !== null && typeof v === 'object' && Symbol.iterator in v)
    return Array.from(v as Iterable<unknown>)
  return null
}

/** Key function for dictsort: an index or a dotted path (private names refused). */
function propertyResolver(arg: unknown): ((item: unknown) => unknown) | null {
  const text = toStr(unwrap(arg))
  const index = pyInt(arg)
  if (index !== undefined && /^\s*-?\d+\s*$/.test(text)) {
    return (item) => {
      const list = items(item)
      if (!list) throw new TypeError('not indexable')
      const v = list[index < 0 ? list.length + index : index]
      if (v === undefined) throw new TypeError('index out of range')
      return v
    }
  }
  if (text.startsWith('_') || text.includes('._')) return null
  const parts = text.split('.')
  return (item) => {
    let current = item
    for (const part of parts) {
      const next = getAttr(current, part)
      if (next === MISSING) throw new TypeError(`no attribute ${part}`)
      current = typeof next === 'function' ? (next as () => unknown).call(current) : next
    }
    return current
  }
}

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  const list = items(value)
  const key = propertyResolver(arg)
  if (!list || !key) return ''
  try {
    const keyed = list.map((item, i) => ({ item, key: key(item), i }))
    keyed.sort((a, b) => {
      const c = pyCompare(a.key, b.key)
      if (c === undefined) throw new TypeError('unorderable')
      return (reverse ? -c : c) || a.i - b.i
    })
    return keyed.map((k) => k.item)
  } catch {
    return ''
  }
}

/** Python slice of a sequence with `start:stop:step` text. */
export function pySlice(value: unknown, spec: string): unknown {
  const raw = unwrap(value)
  const list = items(raw)
  if (!list) return value
  const bits = spec.split(':')
  if (bits.length > 3) return value
  const nums: (number | null)[] = []
  for (const b of bits) {
    if (b.trim() === '') nums.push(null)
    else {
      const n = pyInt(b)
      if (n === undefined) return value
      nums.push(n)
    }
  }
  const len = list.length
  let [start, stop, step] =
    bits.length === 1
      ? [null, nums[0] ?? null, null]
      : [nums[0] ?? null, nums[1] ?? null, nums[2] ?? null]
  step ??= 1
  if (step === 0) return value
  const norm = (n: number | null, dflt: number, lo: number, hi: number): number => {
    if (n === null) return dflt
    if (n < 0) n += len
    return Math.min(Math.max(n, lo), hi)
  }
  const out: unknown[] = []
  if (step > 0) {
    const s = norm(start, 0, 0, len)
    const e = norm(stop, len, 0, len)
    for (let i = s; i < e; i += step) out.push(list[i])
  } else {
    const s = norm(start, len - 1, -1, len - 1)
    const e = norm(stop, -1, -1, len - 1)
    for (let i = s; i > e; i += step) out.push(list[i])
  }
  return typeof raw === 'string' ? out.join('') : out
}

/** conditionalEscape without allocating a SafeString for plain strings. */
function escapeItem(x: unknown): string {
  if (typeof x === 'string') return escapeHtml(x)
  if (x instanceof SafeString) return x.valueOf()
  return conditionalEscape(isSafe(x) ? x : toStr(x)).valueOf()
}

/** Register the list and logic filters. */
export function registerListFilters(lib: Library): void {
  lib.filter('dictsort', (v, arg) => dictsort(v, arg, false), { arg: 'required' })
  lib.filter('dictsortreversed', (v, arg) => dictsort(v, arg, true), { arg: 'required' })
  lib.filter('first', (v) => items(v)?.[0] ?? '', { isSafe: false })
  lib.filter(
    'last',
    (v) => {
      const list = items(v)
      return list && list.length ? list[list.length - 1] : ''
    },
    { isSafe: true },
  )
  lib.filter(
    'join',
    (v, arg, ctx: Context) => {
      const list = items(v)
      if (!list) return v
      if (ctx.autoescape) {
        let out = ''
        const sep = escapeItem(arg)
        for (let i = 0; i < list.length; i++) out += (i ? sep : '') + escapeItem(list[i])
        return markSafe(out)
      }
      return markSafe(list.map(toStr).join(toStr(arg)))
    },
    { isSafe: true, needsAutoescape: true, arg: 'required' },
  )
  lib.filter('length', (v) => pyLen(unwrap(v)) ?? 0, { isSafe: false })
  lib.filter(
    'random',
    (v) => {
      const list = items(v)
      if (!list || list.length === 0) return ''
      return list[Math.floor(Math.random() * list.length)]
    },
    { isSafe: true },
  )
  lib.filter('slice', (v, arg) => pySlice(v, toStr(unwrap(arg))), { isSafe: true, arg: 'required' })
  lib.filter('pprint', (v) => pyRepr(unwrap(v)), { isSafe: true })
  lib.filter('default', (v, arg) => (isTruthy(v) ? v : arg), { arg: 'required' })
  lib.filter('default_if_none', (v, arg) => (v === null || v === undefined ? arg : v), {
    arg: 'required',
  })
  lib.filter(
    'yesno',
    (v, arg) => {
      const bits = (arg === undefined ? 'yes,no,maybe' : toStr(unwrap(arg))).split(',')
      if (bits.length < 2) return v
      const [yes, no] = bits as [string, string]
      const maybe = bits.length === 3 ? (bits[2] as string) : no
      if (v === null || v === undefined) return maybe
      return isTruthy(v) ? yes : no
    },
    { arg: 'optional' },
  )
}
