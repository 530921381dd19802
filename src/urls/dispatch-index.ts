/**
 * DispatchIndex: which entries of a urlpatterns list could match a path, without testing
 * them all.
 *
 * Each pattern knows the leading path segments every matching path must have (its
 * `indexPath`: `['articles']` for `articles/<int:year>/`, `['api', 'users', '']` for the
 * static `api/users/`, `[]` when it cannot say, as for a leading converter, most regexes or
 * an include() mounted at ''). The index is a trie over those segments. Every node holds the
 * entries ending there merged, in declaration order, with those of its ancestors (the root's
 * being the unkeyed entries). A lookup walks the path's segments down the trie as far as it
 * goes and returns that node's list, so the resolver tries a short list in exactly the
 * order a linear scan would, and the first match is Django's first match.
 */
import type { Pattern } from './pattern.js'

interface Node<T> {
  readonly children: Map<string, Node<T>>
  /** Declaration indexes of entries whose indexPath ends here. */
  readonly own: number[]
  /** Candidates for paths that stop here: own entries merged with the ancestors'. */
  list: readonly T[]
}

const newNode = <T>(): Node<T> => ({ children: new Map(), own: [], list: [] })

export class DispatchIndex<T extends { readonly pattern: Pick<Pattern, 'indexPath'> }> {
  readonly #root: Node<T> = newNode()

  constructor(entries: readonly T[]) {
    entries.forEach((entry, i) => {
      let node = this.#root
      for (const segment of entry.pattern.indexPath) {
        let child = node.children.get(segment)
        if (child === undefined) node.children.set(segment, (child = newNode()))
        node = child
      }
      node.own.push(i)
    })
    const fill = (node: Node<T>, inherited: readonly number[], list: readonly T[]): void => {
      // A node with no entries of its own shares its parent's list instead of copying it.
      if (node.own.length > 0) {
        inherited = mergeSorted(inherited, node.own)
        list = inherited.map((i) => entries[i] as T)
      }
      node.list = list
      for (const child of node.children.values()) fill(child, inherited, list)
    }
    fill(this.#root, [], [])
  }

  /** Entries that may match `path` (no leading '/'), in declaration order. */
  candidates(path: string): readonly T[] {
    let node = this.#root
    let pos = 0
    while (node.children.size > 0) {
      const slash = path.indexOf('/', pos)
      const child = node.children.get(slash === -1 ? path.slice(pos) : path.slice(pos, slash))
      if (child === undefined) break
      node = child
      if (slash === -1) break
      pos = slash + 1
    }
    return node.list
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    out.push((a[i] as number) < (b[j] as number) ? (a[i++] as number) : (b[j++] as number))
  }
  while (i < a.length) out.push(a[i++] as number)
  while (j < b.length) out.push(b[j++] as number)
  return out
}
