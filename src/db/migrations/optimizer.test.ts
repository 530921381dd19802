import { describe, expect, it } from 'vitest'
import { UniqueConstraint } from '../models/constraints.js'
import { createField } from '../models/fields/index.js'
import { Index } from '../models/indexes.js'
import {
  AddConstraint,
  AddField,
  AddIndex,
  AlterField,
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  Operation,
  RemoveConstraint,
  RemoveField,
  RemoveIndex,
  RenameField,
  RenameModel,
  RunJS,
  RunSQL,
} from './operations/index.js'
import { MigrationOptimizer } from './optimizer.js'

const f = (type: string, options: Record<string, unknown> = {}) => createField(type, options)
const id = () => f('BigAutoField', { primaryKey: true })
const char = (maxLength = 100, extra: Record<string, unknown> = {}) =>
  f('CharField', { maxLength, ...extra })

/** Operations as plain data (`deconstruct()` all the way down), to compare exactly. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape)
  if (value !== null && typeof value === 'object') {
    const described = value as { deconstruct?: () => { type: string; options: object } }
    if (typeof described.deconstruct === 'function') {
      const { type, options } = described.deconstruct()
      return { type, options: shape(options) }
    }
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, shape(item)]),
    )
  }
  return value
}

/** Optimizes `input` for app 'polls' and checks the result equals `expected` exactly. */
function expectOptimized(input: Operation[], expected: Operation[]): MigrationOptimizer {
  const optimizer = new MigrationOptimizer()
  const result = optimizer.optimize(input, 'polls')
  expect(shape(result)).toEqual(shape(expected))
  return optimizer
}

/** Checks that nothing in `input` reduces: the very same operation objects come back. */
function expectUnchanged(input: Operation[]): void {
  const result = new MigrationOptimizer().optimize(input, 'polls')
  expect(result).toHaveLength(input.length)
  result.forEach((operation, index) => expect(operation).toBe(input[index]))
}

const createPoll = (extra: [string, ReturnType<typeof f>][] = [], options = {}) =>
  new CreateModel({ name: 'Poll', fields: [['id', id()], ...extra], options })

describe('MigrationOptimizer reductions', () => {
  it('CreateModel + DeleteModel → nothing', () => {
    expectOptimized([createPoll(), new DeleteModel({ name: 'poll' })], [])
  })

  it('CreateModel + AddField → CreateModel with the field', () => {
    expectOptimized(
      [createPoll(), new AddField({ modelName: 'Poll', name: 'title', field: char() })],
      [createPoll([['title', char()]])],
    )
  })

  it('CreateModel + AddField with a one-off default → the field without it', () => {
    expectOptimized(
      [
        createPoll(),
        new AddField({
          modelName: 'Poll',
          name: 'rank',
          field: f('IntegerField', { default: 7 }),
          preserveDefault: false,
        }),
      ],
      [createPoll([['rank', f('IntegerField')]])],
    )
  })

  it('CreateModel + AlterField → CreateModel with the new definition', () => {
    expectOptimized(
      [
        createPoll([['title', char()]]),
        new AlterField({ modelName: 'poll', name: 'title', field: char(200, { null: true }) }),
      ],
      [createPoll([['title', char(200, { null: true })]])],
    )
  })

  it('CreateModel + RemoveField → CreateModel without the field', () => {
    expectOptimized(
      [createPoll([['title', char()]]), new RemoveField({ modelName: 'Poll', name: 'title' })],
      [createPoll()],
    )
  })

  it('CreateModel + RenameField → renamed field, uniqueTogether and index follow', () => {
    const index = new Index({ fields: ['-title'], name: 'poll_title_idx' })
    expectOptimized(
      [
        createPoll([['title', char()]], { uniqueTogether: [['id', 'title']], indexes: [index] }),
        new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
      ],
      [
        createPoll([['heading', char()]], {
          uniqueTogether: [['id', 'heading']],
          indexes: [new Index({ fields: ['-heading'], name: 'poll_title_idx' })],
        }),
      ],
    )
  })

  it('CreateModel + RenameModel → CreateModel under the new name (self relations follow)', () => {
    expectOptimized(
      [
        createPoll([['parent', f('ForeignKey', { to: 'polls.Poll', onDelete: 'CASCADE' })]]),
        new RenameModel({ oldName: 'Poll', newName: 'Survey' }),
      ],
      [
        new CreateModel({
          name: 'Survey',
          fields: [
            ['id', id()],
            ['parent', f('ForeignKey', { to: 'polls.Survey', onDelete: 'CASCADE' })],
          ],
        }),
      ],
    )
  })

  it('CreateModel absorbs option, table, uniqueTogether, index and constraint changes', () => {
    const index = new Index({ fields: ['title'], name: 'poll_t_idx' })
    const unique = new UniqueConstraint({ fields: ['title'], name: 'poll_t_uniq' })
    expectOptimized(
      [
        createPoll([['title', char()]], { ordering: ['id'] }),
        new AlterModelOptions({ name: 'Poll', options: { verboseName: 'survey' } }),
        new AlterModelTable({ name: 'Poll', table: 'surveys' }),
        new AlterUniqueTogether({ name: 'Poll', uniqueTogether: [['id', 'title']] }),
        new AddIndex({ modelName: 'Poll', index }),
        new AddConstraint({ modelName: 'Poll', constraint: unique }),
        new RemoveIndex({ modelName: 'Poll', name: 'poll_t_idx' }),
      ],
      [
        createPoll([['title', char()]], {
          verboseName: 'survey',
          dbTable: 'surveys',
          uniqueTogether: [['id', 'title']],
          constraints: [unique],
        }),
      ],
    )
  })

  it('AddField + AlterField → AddField with the new definition', () => {
    expectOptimized(
      [
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
        new AlterField({ modelName: 'Poll', name: 'title', field: char(300) }),
      ],
      [new AddField({ modelName: 'Poll', name: 'title', field: char(300) })],
    )
  })

  it('AddField + RemoveField → nothing', () => {
    expectOptimized(
      [
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
        new RemoveField({ modelName: 'poll', name: 'title' }),
      ],
      [],
    )
  })

  it('AddField + RenameField → AddField under the new name', () => {
    expectOptimized(
      [
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
        new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
      ],
      [new AddField({ modelName: 'Poll', name: 'heading', field: char() })],
    )
  })

  it('AlterField + AlterField → the later one; AlterField + RemoveField → RemoveField', () => {
    expectOptimized(
      [
        new AlterField({ modelName: 'Poll', name: 'title', field: char(200) }),
        new AlterField({ modelName: 'Poll', name: 'title', field: char(300) }),
      ],
      [new AlterField({ modelName: 'Poll', name: 'title', field: char(300) })],
    )
    expectOptimized(
      [
        new AlterField({ modelName: 'Poll', name: 'title', field: char(200) }),
        new RemoveField({ modelName: 'Poll', name: 'title' }),
      ],
      [new RemoveField({ modelName: 'Poll', name: 'title' })],
    )
  })

  it('AlterField + RenameField → the rename, then the alteration under the new name', () => {
    expectOptimized(
      [
        new AlterField({ modelName: 'Poll', name: 'title', field: char(200) }),
        new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
      ],
      [
        new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
        new AlterField({ modelName: 'Poll', name: 'heading', field: char(200) }),
      ],
    )
  })

  it('RenameField + RenameField → one rename, or nothing when renamed back', () => {
    expectOptimized(
      [
        new RenameField({ modelName: 'Poll', oldName: 'a', newName: 'b' }),
        new RenameField({ modelName: 'Poll', oldName: 'b', newName: 'c' }),
      ],
      [new RenameField({ modelName: 'Poll', oldName: 'a', newName: 'c' })],
    )
    expectOptimized(
      [
        new RenameField({ modelName: 'Poll', oldName: 'a', newName: 'b' }),
        new RenameField({ modelName: 'Poll', oldName: 'b', newName: 'a' }),
      ],
      [],
    )
  })

  it('RenameModel + RenameModel → one rename, or nothing when renamed back', () => {
    expectOptimized(
      [
        new RenameModel({ oldName: 'Poll', newName: 'Survey' }),
        new RenameModel({ oldName: 'survey', newName: 'Vote' }),
      ],
      [new RenameModel({ oldName: 'Poll', newName: 'Vote' })],
    )
    expectOptimized(
      [
        new RenameModel({ oldName: 'Poll', newName: 'Survey' }),
        new RenameModel({ oldName: 'Survey', newName: 'Poll' }),
      ],
      [],
    )
  })

  it('RemoveField or an option change + DeleteModel → DeleteModel', () => {
    expectOptimized(
      [
        new RemoveField({ modelName: 'Poll', name: 'title' }),
        new AlterUniqueTogether({ name: 'Poll', uniqueTogether: [] }),
        new AlterModelTable({ name: 'Poll', table: 'x' }),
        new DeleteModel({ name: 'Poll' }),
      ],
      [new DeleteModel({ name: 'Poll' })],
    )
  })

  it('the same option changed twice → the later change', () => {
    expectOptimized(
      [
        new AlterModelTable({ name: 'Poll', table: 'a' }),
        new AlterModelTable({ name: 'Poll', table: 'b' }),
        new AlterModelOptions({ name: 'Poll', options: { ordering: ['id'] } }),
        new AlterModelOptions({ name: 'Poll', options: {} }),
      ],
      [
        new AlterModelTable({ name: 'Poll', table: 'b' }),
        new AlterModelOptions({ name: 'Poll', options: {} }),
      ],
    )
  })

  it('adding an index or constraint and removing it → nothing', () => {
    expectOptimized(
      [
        new AddIndex({ modelName: 'Poll', index: new Index({ fields: ['a'], name: 'p_a' }) }),
        new AddConstraint({
          modelName: 'Poll',
          constraint: new UniqueConstraint({ fields: ['a'], name: 'p_u' }),
        }),
        new RemoveIndex({ modelName: 'Poll', name: 'p_a' }),
        new RemoveConstraint({ modelName: 'Poll', name: 'p_u' }),
      ],
      [],
    )
  })

  it('chains reductions over several passes', () => {
    const optimizer = expectOptimized(
      [
        createPoll(),
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
        new AlterField({ modelName: 'Poll', name: 'title', field: char(300) }),
        new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
        new RenameModel({ oldName: 'Poll', newName: 'Survey' }),
      ],
      [
        new CreateModel({
          name: 'Survey',
          fields: [
            ['id', id()],
            ['heading', char(300)],
          ],
        }),
      ],
    )
    expect(optimizer.iterations).toBeGreaterThan(1)
  })
})

describe('MigrationOptimizer across other operations', () => {
  it('reduces past operations on other models (a right reduction keeps the FK target first)', () => {
    const tag = new CreateModel({ name: 'Tag', fields: [['id', id()]] })
    expectOptimized(
      [
        createPoll(),
        tag,
        new AddField({
          modelName: 'Poll',
          name: 'tag',
          field: f('ForeignKey', { to: 'polls.Tag', onDelete: 'CASCADE' }),
        }),
      ],
      [tag, createPoll([['tag', f('ForeignKey', { to: 'polls.Tag', onDelete: 'CASCADE' })]])],
    )
  })

  it('reduces on the left when the in-between operation points at the created model', () => {
    const choice = new CreateModel({
      name: 'Choice',
      fields: [
        ['id', id()],
        ['poll', f('ForeignKey', { to: 'polls.Poll', onDelete: 'CASCADE' })],
      ],
    })
    expectOptimized(
      [createPoll(), choice, new AddField({ modelName: 'Poll', name: 'title', field: char() })],
      [createPoll([['title', char()]]), choice],
    )
  })

  it('moves a field operation past operations on other fields', () => {
    const other = new AddField({ modelName: 'Tag', name: 'name', field: char() })
    expectOptimized(
      [
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
        other,
        new RemoveField({ modelName: 'Poll', name: 'title' }),
      ],
      [other],
    )
  })

  it('drops elidable RunSQL / RunJS, and reduces across where they stood', () => {
    expectOptimized(
      [
        createPoll(),
        new RunSQL({ sql: 'UPDATE x SET y = 1', reverseSql: '', elidable: true }),
        new RunJS({ forwards: RunJS.noop, elidable: true }),
        new AddField({ modelName: 'Poll', name: 'title', field: char() }),
      ],
      [createPoll([['title', char()]])],
    )
  })
})

describe('MigrationOptimizer non-reductions', () => {
  it('RunSQL and RunJS are walls', () => {
    expectUnchanged([
      createPoll(),
      new RunSQL({ sql: 'SELECT 1', reverseSql: '' }),
      new AddField({ modelName: 'Poll', name: 'title', field: char() }),
    ])
    expectUnchanged([
      createPoll(),
      new RunJS({ forwards: RunJS.noop }),
      new DeleteModel({ name: 'Poll' }),
    ])
  })

  it('an elidable RunSQL that describes schema changes is kept', () => {
    expectUnchanged([
      createPoll(),
      new RunSQL({
        sql: 'ALTER TABLE polls_poll ADD COLUMN note text',
        reverseSql: '',
        stateOperations: [new AddField({ modelName: 'Poll', name: 'note', field: f('TextField') })],
        elidable: true,
      }),
    ])
  })

  it('a model deleted while another model points at it stays', () => {
    expectUnchanged([
      createPoll(),
      new CreateModel({
        name: 'Choice',
        fields: [['poll', f('ForeignKey', { to: 'polls.Poll', onDelete: 'CASCADE' })]],
      }),
      new DeleteModel({ name: 'Poll' }),
    ])
  })

  it('an operation on the same field in between blocks a reduction', () => {
    expectUnchanged([
      new AddField({ modelName: 'Poll', name: 'title', field: char() }),
      new AlterUniqueTogether({ name: 'Poll', uniqueTogether: [['id', 'title']] }),
      new RemoveField({ modelName: 'Poll', name: 'title' }),
    ])
  })

  it('operations on different models or fields do not combine', () => {
    expectUnchanged([
      createPoll(),
      new AddField({ modelName: 'Tag', name: 'title', field: char() }),
      new DeleteModel({ name: 'Tag' }),
    ])
    expectUnchanged([
      new AddField({ modelName: 'Poll', name: 'a', field: char() }),
      new RemoveField({ modelName: 'Poll', name: 'b' }),
    ])
  })

  it('a one-off default is never merged away', () => {
    expectUnchanged([
      new AddField({
        modelName: 'Poll',
        name: 'rank',
        field: f('IntegerField', { default: 0 }),
        preserveDefault: false,
      }),
      new AlterField({ modelName: 'Poll', name: 'rank', field: f('IntegerField') }),
    ])
    expectUnchanged([
      new AlterField({
        modelName: 'Poll',
        name: 'rank',
        field: f('IntegerField', { default: 0 }),
        preserveDefault: false,
      }),
      new AlterField({ modelName: 'Poll', name: 'rank', field: f('IntegerField', { null: true }) }),
    ])
  })

  it('CreateModel keeps a field an index names, and a change of managed', () => {
    expectUnchanged([
      createPoll([['title', char()]], {
        indexes: [new Index({ fields: ['title'], name: 'poll_t_idx' })],
      }),
      new RemoveField({ modelName: 'Poll', name: 'title' }),
    ])
    expectUnchanged([
      createPoll([], { managed: false }),
      new AlterModelOptions({ name: 'Poll', options: { managed: true } }),
    ])
  })

  it('AlterField with an explicit column is not moved past a rename', () => {
    expectUnchanged([
      new AlterField({ modelName: 'Poll', name: 'title', field: char(200, { dbColumn: 't' }) }),
      new RenameField({ modelName: 'Poll', oldName: 'title', newName: 'heading' }),
    ])
  })

  it('does not modify its input and settles on an already optimal list', () => {
    const input = [createPoll(), new DeleteModel({ name: 'Poll' })]
    new MigrationOptimizer().optimize(input, 'polls')
    expect(input).toHaveLength(2)
    const optimizer = new MigrationOptimizer()
    optimizer.optimize([createPoll()], 'polls')
    expect(optimizer.iterations).toBe(1)
  })
})
