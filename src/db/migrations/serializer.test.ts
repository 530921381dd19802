import { describe, expect, it } from 'vitest'
import { CharField, ForeignKey, IntegerField } from '../models/fields/index.js'
import { Migration } from './migration.js'
import { AddField, CreateModel, RunSQL } from './operations/index.js'
import { ImportSet, quote, render, serializeValue } from './serializer.js'
import { renderMigration } from './writer.js'

describe('serializeValue', () => {
  const code = (value: unknown): string => render(serializeValue(value, new ImportSet()))

  it('writes plain data as TypeScript literals', () => {
    expect(code({ a: 1, 'b-c': [true, null, 'x'], d: -0, e: 10n })).toBe(
      "{ a: 1, 'b-c': [true, null, 'x'], d: -0, e: 10n }",
    )
    expect(code(new Date('2024-01-02T03:04:05.000Z'))).toBe("new Date('2024-01-02T03:04:05.000Z')")
    expect(code([Number.NaN, Infinity, -Infinity])).toBe('[Number.NaN, Infinity, -Infinity]')
  })

  it('escapes strings so the output cannot break out of the literal', () => {
    expect(quote("it's\n\\ \u2028")).toBe("'it\\'s\\n\\\\ \\u2028'")
    // The generated literal evaluates back to the same string.
    const value = "a'b\\c\r\n\t\u0000\u2029"
    expect(new Function(`return ${quote(value)}`)()).toBe(value)
  })

  it('refuses values it cannot write faithfully', () => {
    expect(() => code(new Map())).toThrow(/instance of Map/)
    expect(() => code(Symbol('x'))).toThrow(/symbol/)
    expect(() => code(Math.max)).toThrow(/built-in function/)
  })

  it('copies functions by source, turning method shorthand into a function', () => {
    const holder = {
      fn() {
        return 1
      },
    }
    expect(code(() => 2)).toBe('() => 2')
    expect(code(holder.fn)).toMatch(/^function fn\(\) \{/)
  })

  it('breaks long lists one item per line', () => {
    const long = Array.from({ length: 12 }, (_, i) => `item_number_${i}`)
    const text = code(long)
    expect(text.split('\n')).toHaveLength(14)
    expect(text.split('\n')[1]).toBe("  'item_number_0',")
  })
})

describe('renderMigration', () => {
  const migration = new Migration({
    initial: true,
    dependencies: [['auth', '0001_initial']],
    operations: [
      new CreateModel({
        name: 'Question',
        fields: [
          ['questionText', new CharField({ maxLength: 200 })],
          ['votes', new IntegerField({ default: 0 })],
        ],
        options: { ordering: ['-votes'] },
      }),
      new AddField({
        modelName: 'question',
        name: 'author',
        field: new ForeignKey({ to: 'auth.User', onDelete: 'CASCADE' }),
      }),
      new RunSQL({ sql: 'SELECT 1', reverseSql: RunSQL.noop }),
    ],
  })

  it('writes sorted imports, the options and one operation per line', () => {
    const source = renderMigration(migration)
    expect(source).toBe(`import { CharField, ForeignKey, IntegerField } from 'reinhardt/db'
import { AddField, CreateModel, Migration, RunSQL } from 'reinhardt/db/migrations'

export default new Migration({
  initial: true,
  dependencies: [['auth', '0001_initial']],
  operations: [
    new CreateModel({
      name: 'Question',
      fields: [
        ['questionText', new CharField({ maxLength: 200 })],
        ['votes', new IntegerField({ default: 0 })],
      ],
      options: { ordering: ['-votes'] },
    }),
    new AddField({
      modelName: 'question',
      name: 'author',
      field: new ForeignKey({ to: 'auth.User', onDelete: 'CASCADE' }),
    }),
    new RunSQL({ sql: 'SELECT 1', reverseSql: '' }),
  ],
})
`)
  })

  it('is deterministic', () => {
    expect(renderMigration(migration)).toBe(renderMigration(migration))
  })

  it('suggests names from the operations', () => {
    expect(migration.suggestName()).toBe('initial')
    const next = new Migration({
      operations: [
        new AddField({ modelName: 'Question', name: 'pubDate', field: new IntegerField() }),
      ],
    })
    expect(next.suggestName()).toBe('question_pubdate')
    const raw = new Migration({ operations: [new RunSQL({ sql: 'SELECT 1' })] })
    expect(raw.suggestName(new Date(2024, 0, 2, 3, 4))).toBe('auto_20240102_0304')
  })
})
