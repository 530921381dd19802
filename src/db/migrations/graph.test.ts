import { describe, expect, it } from 'vitest'
import { CircularDependencyError, NodeNotFoundError } from './exceptions.js'
import { MigrationGraph, type MigrationKey } from './graph.js'
import { Migration } from './migration.js'

function graphOf(edges: Record<string, string[]>): MigrationGraph {
  const graph = new MigrationGraph()
  const key = (id: string): MigrationKey => id.split('.') as unknown as MigrationKey
  for (const id of Object.keys(edges)) graph.addNode(key(id), new Migration())
  for (const [id, parents] of Object.entries(edges)) {
    for (const parent of parents) graph.addDependency(key(id), key(parent))
  }
  return graph
}

const ids = (keys: readonly MigrationKey[]): string[] => keys.map(([a, n]) => `${a}.${n}`)

describe('MigrationGraph', () => {
  const graph = graphOf({
    'polls.0001_initial': ['auth.0001_initial'],
    'polls.0002_choice': ['polls.0001_initial'],
    'polls.0003_votes': ['polls.0002_choice', 'auth.0002_email'],
    'auth.0001_initial': [],
    'auth.0002_email': ['auth.0001_initial'],
  })

  it('plans forwards with every dependency first', () => {
    expect(ids(graph.forwardsPlan(['polls', '0003_votes']))).toEqual([
      'auth.0001_initial',
      'auth.0002_email',
      'polls.0001_initial',
      'polls.0002_choice',
      'polls.0003_votes',
    ])
  })

  it('plans backwards with every dependant first', () => {
    expect(ids(graph.backwardsPlan(['auth', '0001_initial']))).toEqual([
      'polls.0003_votes',
      'auth.0002_email',
      'polls.0002_choice',
      'polls.0001_initial',
      'auth.0001_initial',
    ])
  })

  it('finds leaves and roots per app', () => {
    expect(ids(graph.leafNodes())).toEqual(['auth.0002_email', 'polls.0003_votes'])
    expect(ids(graph.rootNodes('polls'))).toEqual(['polls.0001_initial'])
    expect(graph.conflicts().size).toBe(0)
  })

  it('reports two leaves in one app as a conflict', () => {
    const conflicted = graphOf({
      'polls.0001_initial': [],
      'polls.0002_a': ['polls.0001_initial'],
      'polls.0002_b': ['polls.0001_initial'],
    })
    expect([...conflicted.conflicts()]).toEqual([['polls', ['0002_a', '0002_b']]])
  })

  it('names the migration that depends on a missing one', () => {
    const broken = graphOf({ 'polls.0002_x': ['polls.0001_initial'] })
    expect(() => broken.validateConsistency()).toThrow(NodeNotFoundError)
    expect(() => broken.validateConsistency()).toThrow(
      /polls\.0002_x depends on polls\.0001_initial, which does not exist/,
    )
    expect(() => broken.forwardsPlan(['polls', '0001_initial'])).toThrow(NodeNotFoundError)
  })

  it('reports cycles with the migrations on them', () => {
    const cyclic = graphOf({
      'a.0001': ['b.0001'],
      'b.0001': ['c.0001'],
      'c.0001': ['a.0001'],
    })
    expect(() => cyclic.ensureNotCyclic()).toThrow(CircularDependencyError)
    expect(() => cyclic.ensureNotCyclic()).toThrow(/a\.0001 -> b\.0001 -> c\.0001 -> a\.0001/)
    expect(() => graph.ensureNotCyclic()).not.toThrow()
  })

  it('replaces squashed migrations, moving outside edges onto the replacement', () => {
    const squashed = graphOf({
      'polls.0001_initial': [],
      'polls.0002_x': ['polls.0001_initial'],
      'polls.0001_squashed_0002_x': [],
      'polls.0003_y': ['polls.0002_x'],
    })
    squashed.removeReplacedNodes(
      ['polls', '0001_squashed_0002_x'],
      [
        ['polls', '0001_initial'],
        ['polls', '0002_x'],
      ],
    )
    expect(ids(squashed.forwardsPlan(['polls', '0003_y']))).toEqual([
      'polls.0001_squashed_0002_x',
      'polls.0003_y',
    ])
  })

  it('handles long histories without recursion limits', () => {
    const edges: Record<string, string[]> = {}
    for (let i = 0; i < 5000; i++)
      edges[`app.${String(i).padStart(5, '0')}`] = i
        ? [`app.${String(i - 1).padStart(5, '0')}`]
        : []
    const long = graphOf(edges)
    long.ensureNotCyclic()
    expect(long.forwardsPlan(['app', '04999'])).toHaveLength(5000)
  })
})
