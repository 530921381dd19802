import { describe, expect, it } from 'vitest'
import { Index } from '../models/indexes.js'
import { createField } from '../models/fields/index.js'
import { MigrationAutodetector } from './autodetector.js'
import { MigrationGraph } from './graph.js'
import { Migration } from './migration.js'
import { NonInteractiveQuestioner, parseRenameHint } from './questioner.js'
import { ModelState, ProjectState, type ModelStateOptions } from './state.js'

const f = (type: string, options: Record<string, unknown> = {}) => createField(type, options)

function model(
  app: string,
  name: string,
  fields: Record<string, ReturnType<typeof f>>,
  options: ModelStateOptions = {},
) {
  return new ModelState(app, name, Object.entries(fields), options)
}

const question = (
  extra: Record<string, ReturnType<typeof f>> = {},
  options: ModelStateOptions = {},
) =>
  model(
    'polls',
    'Question',
    {
      id: f('BigAutoField', { primaryKey: true }),
      questionText: f('CharField', { maxLength: 200 }),
      ...extra,
    },
    options,
  )

async function detect(
  from: ModelState[],
  to: ModelState[],
  options: { renames?: string[]; graph?: MigrationGraph } = {},
) {
  const questioner = new NonInteractiveQuestioner((options.renames ?? []).map(parseRenameHint))
  const detector = new MigrationAutodetector(
    new ProjectState(from),
    new ProjectState(to),
    questioner,
  )
  return detector.changes(options.graph ?? new MigrationGraph())
}

function describeAll(changes: Map<string, Migration[]>): string[] {
  return [...changes.values()]
    .flat()
    .flatMap((m) => m.operations.map((op) => `${m.appLabel}.${m.name}: ${op.describe()}`))
}

function graphWith(...keys: [string, string][]): MigrationGraph {
  const graph = new MigrationGraph()
  let previous: [string, string] | undefined
  for (const key of keys) {
    graph.addNode(key, new Migration())
    if (previous !== undefined && previous[0] === key[0]) graph.addDependency(key, previous)
    previous = key
  }
  return graph
}

describe('MigrationAutodetector', () => {
  it('finds nothing when the states match', async () => {
    expect((await detect([question()], [question()])).size).toBe(0)
  })

  it('creates models with relation targets first, depending on other apps', async () => {
    const choice = model('polls', 'Choice', {
      id: f('BigAutoField', { primaryKey: true }),
      question: f('ForeignKey', { to: 'polls.Question', onDelete: 'CASCADE' }),
      owner: f('ForeignKey', { to: 'auth.User', onDelete: 'CASCADE' }),
    })
    const user = model('auth', 'User', { id: f('AutoField', { primaryKey: true }) })
    const changes = await detect([user], [user, choice, question()], {
      graph: graphWith(['auth', '0001_initial']),
    })
    const [migration] = changes.get('polls')!
    expect(migration!.name).toBe('0001_initial')
    expect(migration!.initial).toBe(true)
    expect(migration!.operations.map((op) => op.describe())).toEqual([
      'Create model Question',
      'Create model Choice',
    ])
    expect(migration!.dependencies).toEqual([['auth', '0001_initial']])
  })

  it('splits a foreign key cycle between new models into an AddField', async () => {
    const a = model('app', 'A', {
      id: f('AutoField', { primaryKey: true }),
      b: f('ForeignKey', { to: 'app.B', onDelete: 'CASCADE' }),
    })
    const b = model('app', 'B', {
      id: f('AutoField', { primaryKey: true }),
      a: f('ForeignKey', { to: 'app.A', onDelete: 'CASCADE' }),
    })
    expect(describeAll(await detect([], [a, b]))).toEqual([
      'app.0001_initial: Create model A',
      'app.0001_initial: Create model B',
      'app.0001_initial: Add field b to A',
    ])
  })

  it('numbers after the leaf and names from the operations', async () => {
    const changes = await detect(
      [question()],
      [question({ votes: f('IntegerField', { default: 0 }) })],
      {
        graph: graphWith(['polls', '0001_initial'], ['polls', '0002_x']),
      },
    )
    const [migration] = changes.get('polls')!
    expect(migration!.name).toBe('0003_question_votes')
    expect(migration!.dependencies).toEqual([['polls', '0002_x']])
  })

  it('treats a disappearing and an appearing field as remove + add unless told it is a rename', async () => {
    const before = question({ pubDate: f('DateTimeField') })
    const after = question({ publishedAt: f('DateTimeField', { null: true }) })
    const plain = describeAll(await detect([before], [after]))
    expect(plain.map((line) => line.split(': ')[1])).toEqual([
      'Remove field pubDate from Question',
      'Add field publishedAt to Question',
    ])
    const same = question({ publishedAt: f('DateTimeField') })
    const renamed = describeAll(
      await detect([before], [same], { renames: ['polls.Question.pubDate=publishedAt'] }),
    )
    expect(renamed.map((line) => line.split(': ')[1])).toEqual([
      'Rename field pubDate on Question to publishedAt',
    ])
  })

  it('detects altered fields, options, indexes and removed models', async () => {
    const tag = model('polls', 'Tag', { id: f('AutoField', { primaryKey: true }) })
    const before = question({}, { ordering: ['questionText'] })
    const after = model(
      'polls',
      'Question',
      {
        id: f('BigAutoField', { primaryKey: true }),
        questionText: f('CharField', { maxLength: 300 }),
      },
      {
        ordering: ['-questionText'],
        indexes: [new Index({ fields: ['questionText'], name: 'q_text_idx' })],
        dbTable: 'questions',
      },
    )
    const ops = describeAll(await detect([before, tag], [after])).map((line) => line.split(': ')[1])
    expect(ops).toEqual([
      'Alter field questionText on Question',
      'Rename table for Question to questions',
      'Change Meta options on Question',
      'Create index q_text_idx on Question',
      'Delete model Tag',
    ])
  })

  it('refuses a new NOT NULL column without default when it cannot ask', async () => {
    await expect(detect([question()], [question({ rank: f('IntegerField') })])).rejects.toThrow(
      /non-nullable field 'rank' to polls\.Question/,
    )
  })

  it('renames models only when confirmed', async () => {
    const poll = model('polls', 'Poll', {
      id: f('BigAutoField', { primaryKey: true }),
      questionText: f('CharField', { maxLength: 200 }),
    })
    const plain = describeAll(await detect([question()], [poll])).map((l) => l.split(': ')[1])
    expect(plain).toEqual(['Create model Poll', 'Delete model Question'])
    const renamed = describeAll(
      await detect([question()], [poll], { renames: ['polls.Question=Poll'] }),
    )
    expect(renamed.map((l) => l.split(': ')[1])).toEqual(['Rename model Question to Poll'])
  })
})
