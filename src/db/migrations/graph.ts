/**
 * The migration dependency graph (Django's MigrationGraph).
 *
 * Nodes are migrations keyed by `[appLabel, name]`; an edge runs from a dependency (parent)
 * to the migration that needs it (child). The loader adds every migration file as a node,
 * then every dependency as an edge; an edge to a migration that does not exist becomes a
 * "dummy" node that `validateConsistency()` reports with the name of the migration that asked
 * for it. Plans are depth-first walks with children and parents visited in sorted order, so
 * the same files always give the same plan.
 */
import { CircularDependencyError, NodeNotFoundError } from './exceptions.js'
import type { Migration } from './migration.js'

/** A migration's identity: `[appLabel, name]`. */
export type MigrationKey = readonly [appLabel: string, name: string]

interface GraphNode {
  readonly key: MigrationKey
  readonly id: string
  readonly parents: Set<GraphNode>
  readonly children: Set<GraphNode>
  /** Set for placeholders created by an edge to a migration that has no file. */
  missing?: { readonly requiredBy: string }
}

/** `app.name`, the form used in messages and as a map key. */
export function keyId(key: MigrationKey): string {
  return `${key[0]}.${key[1]}`
}

export class MigrationGraph {
  readonly #nodes = new Map<string, GraphNode>()
  readonly #migrations = new Map<string, Migration>()

  /** Adds a migration (a node with its file). */
  addNode(key: MigrationKey, migration: Migration): void {
    const id = keyId(key)
    const existing = this.#nodes.get(id)
    if (existing !== undefined && existing.missing === undefined) {
      throw new Error(`Migration ${id} is defined twice.`)
    }
    if (existing !== undefined) delete existing.missing
    else this.#nodes.set(id, { key, id, parents: new Set(), children: new Set() })
    this.#migrations.set(id, migration)
  }

  /**
   * Records that `child` depends on `parent`. A parent that is not (yet) a node becomes a
   * placeholder; `validateConsistency()` turns any left over into NodeNotFoundError.
   */
  addDependency(child: MigrationKey, parent: MigrationKey): void {
    const childNode = this.#nodes.get(keyId(child))
    if (childNode === undefined) {
      throw new NodeNotFoundError(
        `Migration ${keyId(child)} is not in the graph (add it before its dependencies).`,
        child,
      )
    }
    let parentNode = this.#nodes.get(keyId(parent))
    if (parentNode === undefined) {
      parentNode = {
        key: parent,
        id: keyId(parent),
        parents: new Set(),
        children: new Set(),
        missing: { requiredBy: childNode.id },
      }
      this.#nodes.set(parentNode.id, parentNode)
    }
    childNode.parents.add(parentNode)
    parentNode.children.add(childNode)
  }

  /**
   * Removes `replaced` nodes in favour of `replacement` (a squashed migration), moving their
   * outside edges onto it. Used when none or all of the replaced migrations are applied.
   */
  removeReplacedNodes(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const target = this.#node(replacement)
    const replacedIds = new Set(replaced.map(keyId))
    for (const id of replacedIds) {
      const node = this.#nodes.get(id)
      if (node === undefined) continue
      for (const child of node.children) {
        child.parents.delete(node)
        if (!replacedIds.has(child.id) && child !== target) {
          child.parents.add(target)
          target.children.add(child)
        }
      }
      for (const parent of node.parents) {
        parent.children.delete(node)
        if (!replacedIds.has(parent.id) && parent !== target) {
          target.parents.add(parent)
          parent.children.add(target)
        }
      }
      this.#nodes.delete(id)
      this.#migrations.delete(id)
    }
  }

  /**
   * Removes a squashed migration, leaving the migrations it replaces in place (used when
   * only some of them are applied). Migrations that depend on the squashed one now depend
   * on the last of the replaced ones (those no other replaced migration depends on).
   */
  removeReplacementNode(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const node = this.#nodes.get(keyId(replacement))
    if (node === undefined) return
    const replacedNodes = new Set<GraphNode>()
    for (const key of replaced) {
      const found = this.#nodes.get(keyId(key))
      if (found !== undefined) replacedNodes.add(found)
    }
    const lastReplaced = [...replacedNodes].filter(
      (candidate) => ![...candidate.children].some((child) => replacedNodes.has(child)),
    )
    for (const parent of node.parents) parent.children.delete(node)
    for (const child of node.children) {
      child.parents.delete(node)
      for (const last of lastReplaced) {
        child.parents.add(last)
        last.children.add(child)
      }
    }
    this.#nodes.delete(node.id)
    this.#migrations.delete(node.id)
  }

  /** Throws NodeNotFoundError for the first dependency on a migration that has no file. */
  validateConsistency(): void {
    for (const node of this.#nodes.values()) {
      if (node.missing !== undefined) {
        throw new NodeNotFoundError(
          `Migration ${node.missing.requiredBy} depends on ${node.id}, which does not exist. ` +
            `Check the dependencies of ${node.missing.requiredBy} and that app ` +
            `'${node.key[0]}' is in INSTALLED_APPS.`,
          node.key,
        )
      }
    }
  }

  /** Throws CircularDependencyError naming the migrations of the first cycle found. */
  ensureNotCyclic(): void {
    const state = new Map<GraphNode, 'visiting' | 'done'>()
    for (const start of this.#sorted(this.#nodes.values())) {
      if (state.has(start)) continue
      // Iterative DFS: deep histories (hundreds of migrations) must not overflow the stack.
      const stack: { node: GraphNode; parents: GraphNode[] }[] = [
        { node: start, parents: this.#sorted(start.parents) },
      ]
      state.set(start, 'visiting')
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!
        const next = top.parents.shift()
        if (next === undefined) {
          state.set(top.node, 'done')
          stack.pop()
          continue
        }
        const seen = state.get(next)
        if (seen === 'visiting') {
          const cycle = stack.slice(stack.findIndex((entry) => entry.node === next))
          const names = [...cycle.map((entry) => entry.node.id), next.id]
          throw new CircularDependencyError(
            `Circular dependency between migrations: ${names.join(' -> ')}. Remove one of ` +
              'these dependencies.',
          )
        }
        if (seen === undefined) {
          state.set(next, 'visiting')
          stack.push({ node: next, parents: this.#sorted(next.parents) })
        }
      }
    }
  }

  /** True if the graph has this migration. */
  has(key: MigrationKey): boolean {
    const node = this.#nodes.get(keyId(key))
    return node !== undefined && node.missing === undefined
  }

  /** The migration object of a node. */
  migration(key: MigrationKey): Migration {
    const migration = this.#migrations.get(keyId(key))
    if (migration === undefined) {
      throw new NodeNotFoundError(`Migration ${keyId(key)} does not exist.`, key)
    }
    return migration
  }

  /** Every migration key, sorted by app then name. */
  nodes(): MigrationKey[] {
    return this.#sorted(this.#nodes.values())
      .filter((node) => node.missing === undefined)
      .map((node) => node.key)
  }

  /** Direct dependencies of a migration. */
  parents(key: MigrationKey): MigrationKey[] {
    return this.#sorted(this.#node(key).parents).map((node) => node.key)
  }

  /** Migrations that depend directly on this one. */
  children(key: MigrationKey): MigrationKey[] {
    return this.#sorted(this.#node(key).children).map((node) => node.key)
  }

  /**
   * The migrations to apply, in order, to reach `target`: every ancestor first, the target
   * last.
   */
  forwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(this.#node(target), 'parents').map((node) => node.key)
  }

  /**
   * The migrations to unapply, in order, to undo `target`: every descendant first, the
   * target last.
   */
  backwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(this.#node(target), 'children').map((node) => node.key)
  }

  /**
   * Migrations no other migration of the same app depends on. One per app is normal; two
   * in one app is a conflict (see `conflicts()`).
   */
  leafNodes(appLabel?: string): MigrationKey[] {
    const leaves: MigrationKey[] = []
    for (const node of this.#sorted(this.#nodes.values())) {
      if (node.missing !== undefined) continue
      if (appLabel !== undefined && node.key[0] !== appLabel) continue
      const hasChildInApp = [...node.children].some((child) => child.key[0] === node.key[0])
      if (!hasChildInApp) leaves.push(node.key)
    }
    return leaves
  }

  /** Migrations with no dependency inside their own app (each app's first migration). */
  rootNodes(appLabel?: string): MigrationKey[] {
    const roots: MigrationKey[] = []
    for (const node of this.#sorted(this.#nodes.values())) {
      if (node.missing !== undefined) continue
      if (appLabel !== undefined && node.key[0] !== appLabel) continue
      const hasParentInApp = [...node.parents].some((parent) => parent.key[0] === node.key[0])
      if (!hasParentInApp) roots.push(node.key)
    }
    return roots
  }

  /** Apps with more than one leaf migration, with the names of those leaves. */
  conflicts(): Map<string, string[]> {
    const byApp = new Map<string, string[]>()
    for (const [app, name] of this.leafNodes()) {
      const list = byApp.get(app)
      if (list === undefined) byApp.set(app, [name])
      else list.push(name)
    }
    for (const [app, names] of byApp) if (names.length < 2) byApp.delete(app)
    return byApp
  }

  /** Post-order depth-first walk along `direction`, the start node last. */
  #walk(start: GraphNode, direction: 'parents' | 'children'): GraphNode[] {
    const result: GraphNode[] = []
    const visited = new Set<GraphNode>([start])
    const stack: { node: GraphNode; pending: GraphNode[] }[] = [
      { node: start, pending: this.#sorted(start[direction]) },
    ]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const next = top.pending.shift()
      if (next === undefined) {
        result.push(top.node)
        stack.pop()
        continue
      }
      if (visited.has(next)) continue
      visited.add(next)
      stack.push({ node: next, pending: this.#sorted(next[direction]) })
    }
    return result
  }

  #node(key: MigrationKey): GraphNode {
    const node = this.#nodes.get(keyId(key))
    if (node === undefined || node.missing !== undefined) {
      throw new NodeNotFoundError(`Migration ${keyId(key)} does not exist.`, key)
    }
    return node
  }

  #sorted(nodes: Iterable<GraphNode>): GraphNode[] {
    return [...nodes].sort((a, b) =>
      a.key[0] === b.key[0] ? compare(a.key[1], b.key[1]) : compare(a.key[0], b.key[0]),
    )
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
