import { describe, expect, it } from 'vitest'
import { Index } from '../../models/indexes.js'
import { createField } from '../../models/fields/index.js'
import type { SchemaEditor } from '../schema.js'
import { ModelState, ProjectState } from '../state.js'
import {
  AddField,
  AddIndex,
  AlterModelOptions,
  CreateModel,
  RemoveIndex,
  RenameField,
  RenameModel,
  RunJS,
  RunSQL,
} from './index.js'

const f = (type: string, options: Record<string, unknown> = {}) => createField(type, options)

function pollsState(): ProjectState {
  const state = new ProjectState()
  new CreateModel({
    name: 'Question',
    fields: [
      ['id', f('BigAutoField')],
      ['pubDate', f('DateTimeField')],
      ['tags', f('ManyToManyField', { to: 'polls.Tag' })],
    ],
    options: {
      ordering: ['-pubDate'],
      indexes: [new Index({ fields: ['-pubDate'], name: 'q_pub_idx' })],
    },
  }).stateForwards('polls', state)
  new CreateModel({
    name: 'Choice',
    fields: [
      ['id', f('BigAutoField')],
      ['question', f('ForeignKey', { to: 'polls.Question', onDelete: 'CASCADE' })],
    ],
  }).stateForwards('polls', state)
  new CreateModel({ name: 'Tag', fields: [['id', f('BigAutoField')]] }).stateForwards(
    'polls',
    state,
  )
  return state
}

describe('operation state changes', () => {
  it('RenameField follows the field into ordering and indexes', () => {
    const state = pollsState()
    new RenameField({
      modelName: 'question',
      oldName: 'pubDate',
      newName: 'publishedAt',
    }).stateForwards('polls', state)
    const question = state.getModel('polls', 'Question')
    expect([...question.fields.keys()]).toEqual(['id', 'publishedAt', 'tags'])
    expect(question.options.ordering).toEqual(['-publishedAt'])
    expect(question.options.indexes![0]!.deconstruct().options.fields).toEqual(['-publishedAt'])
  })

  it('RenameModel repoints relations; states stay independent after clone()', () => {
    const state = pollsState()
    const before = state.clone()
    new RenameModel({ oldName: 'Question', newName: 'Poll' }).stateForwards('polls', state)
    expect(state.hasModel('polls', 'poll')).toBe(true)
    expect(state.getModel('polls', 'Choice').getField('question').deconstruct().options.to).toBe(
      'polls.Poll',
    )
    expect(before.getModel('polls', 'Choice').getField('question').deconstruct().options.to).toBe(
      'polls.Question',
    )
  })

  it('refuses invalid changes with messages naming the model', () => {
    const state = pollsState()
    expect(() =>
      new AddField({
        modelName: 'Question',
        name: 'pubDate',
        field: f('IntegerField'),
      }).stateForwards('polls', state),
    ).toThrow(/Model polls\.Question already has a field named 'pubDate'/)
    expect(() =>
      new RemoveIndex({ modelName: 'Question', name: 'nope' }).stateForwards('polls', state),
    ).toThrow(/has no index named 'nope'/)
    expect(() =>
      new AddIndex({
        modelName: 'Question',
        index: new Index({ fields: ['id'], name: 'q_pub_idx' }),
      }).stateForwards('polls', state),
    ).toThrow(/already has an index named 'q_pub_idx'/)
    expect(() =>
      new CreateModel({ name: 'Tag', fields: [] }).stateForwards('polls', state),
    ).toThrow(/created twice/)
    expect(() => new AlterModelOptions({ name: 'Tag', options: { dbTable: 'x' } })).toThrow(
      /use AlterModelTable/,
    )
    expect(() => state.getModel('polls', 'Ghost')).toThrow(
      /No model 'Ghost' in app 'polls'.*Question, Choice, Tag/,
    )
  })

  it('AddField with preserveDefault: false keeps the default out of the state', () => {
    const state = pollsState()
    new AddField({
      modelName: 'Question',
      name: 'votes',
      field: f('IntegerField', { default: 7 }),
      preserveDefault: false,
    }).stateForwards('polls', state)
    expect(state.getModel('polls', 'Question').getField('votes').deconstruct().options).toEqual({})
  })

  it('RunSQL and RunJS are reversible only with a reverse', () => {
    expect(new RunSQL({ sql: 'SELECT 1' }).reversible).toBe(false)
    expect(new RunSQL({ sql: 'SELECT 1', reverseSql: RunSQL.noop }).reversible).toBe(true)
    expect(new RunJS({ forwards: () => {} }).reversible).toBe(false)
    expect(new RunJS({ forwards: () => {}, backwards: RunJS.noop }).reversible).toBe(true)
  })

  it('RenameModel stops before leaving auto-created many-to-many tables behind', async () => {
    const from = pollsState()
    const to = from.clone()
    const operation = new RenameModel({ oldName: 'Question', newName: 'Poll' })
    operation.stateForwards('polls', to)
    const calls: string[] = []
    const editor = {
      alterDbTable: async (_ref: unknown, a: string, b: string) => void calls.push(`${a}->${b}`),
    } as unknown as SchemaEditor
    await expect(operation.databaseForwards('polls', editor, from, to)).rejects.toThrow(
      /auto-created many-to-many table\(s\) of Poll\.tags/,
    )
    expect(calls).toEqual([])
    // Without the many-to-many field the table simply moves.
    const plainFrom = new ProjectState([
      new ModelState('polls', 'Question', [['id', f('BigAutoField')]]),
    ])
    const plainTo = plainFrom.clone()
    operation.stateForwards('polls', plainTo)
    await operation.databaseForwards('polls', editor, plainFrom, plainTo)
    expect(calls).toEqual(['polls_question->polls_poll'])
  })
})
