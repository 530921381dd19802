/**
 * Query counts (Django's assertNumQueries) on both backends: selectRelated loads N objects
 * with their related objects in one query, prefetchRelated adds one query per relation
 * whatever N is (many-to-many included: the targets joined to the intermediate table),
 * and reading the loaded relations afterwards runs no query at all. Also
 * checks the cached query plans (get/filter by simple lookups) run exactly one statement,
 * the same SQL as an uncached compile, with the new values bound.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { configure, resetSettings } from '../../src/conf/settings.js'
import {
  connections,
  Manager,
  RelatedNotLoaded,
  type DatabaseWrapper,
  type ManyToManyField,
} from '../../src/db/index.js'
import { postgresBackend, sqliteBackend, type TestBackend } from './backends.js'
import { allModels, Author, Choice, Question, Tag } from './polls-models.js'

const day = new Date('2024-05-01T12:00:00Z')

function queryCountSuite(backend: TestBackend): void {
  describe.skipIf(backend.unavailable !== null)(`query counts: ${backend.name}`, () => {
    let db: DatabaseWrapper

    /** Runs `fn` and returns the statements it executed. */
    async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
      db.queryLog = []
      try {
        await fn()
        return db.queryLog.map((entry) => entry.sql)
      } finally {
        db.queryLog = null
      }
    }

    beforeAll(async () => {
      configure({ DATABASES: backend.databases, USE_TZ: true, TIME_ZONE: 'UTC' })
      connections.reset() // this file runs two backends: forget the previous DATABASES
      db = connections.get('default')
      await db.schemaEditor(async (editor) => {
        for (const model of allModels) await editor.createModel(model)
      })
    })

    afterAll(async () => {
      await connections.closeAll()
      resetSettings()
      await backend.cleanup()
    })

    beforeEach(async () => {
      const tables = [...allModels].reverse().map((m) => m._meta.dbTable)
      tables.unshift((Question._meta.manyToMany[0] as ManyToManyField).through!._meta.dbTable)
      for (const table of tables) await db.execute(`DELETE FROM ${db.quoteName(table)}`)
    })

    /** `n` questions by one author, each with 3 choices and 2 tags. */
    async function polls(n: number): Promise<void> {
      const author = await Author.objects.create({ name: `author-${n}` })
      const tags = await Tag.objects.bulkCreate([
        new Tag({ name: `red-${n}` }),
        new Tag({ name: `blue-${n}` }),
      ])
      for (let i = 0; i < n; i++) {
        const question = await Question.objects.create({
          questionText: `Q${i}`,
          pubDate: day,
          author,
        })
        await Choice.objects.bulkCreate(
          [0, 1, 2].map((j) => new Choice({ question, choiceText: `c${j}`, votes: j })),
        )
        await question.tags.add(...tags)
      }
    }

    for (const n of [1, 10]) {
      it(`selectRelated loads ${n} × 3 choices with question and author in 1 query`, async () => {
        await polls(n)
        let choices: Choice[] = []
        const sql = await statementsOf(async () => {
          choices = await Choice.objects.selectRelated('question__author').orderBy('id')
        })
        expect(sql).toHaveLength(1)
        expect(sql[0]).toMatch(/JOIN/)
        expect(choices).toHaveLength(3 * n)
        const reads = await statementsOf(async () => {
          for (const choice of choices) {
            expect(choice.question.questionText).toMatch(/^Q\d+$/)
            expect((choice.question.author as Author).name).toBe(`author-${n}`)
          }
        })
        expect(reads).toEqual([])
      })

      it(`prefetchRelated loads ${n} questions' choices in 2 queries and their tags in 2`, async () => {
        await polls(n)
        let questions: Question[] = []
        const reverse = await statementsOf(async () => {
          questions = await Question.objects.prefetchRelated('choiceSet')
        })
        expect(reverse).toHaveLength(2)
        expect(reverse[1]).toMatch(/ IN \(/)
        const reads = await statementsOf(async () => {
          for (const question of questions) expect(await question.choiceSet.all()).toHaveLength(3)
          for (const question of questions) expect(await question.choiceSet.count()).toBe(3)
        })
        expect(reads).toEqual([])
        // Many-to-many: the parents, then the targets joined to the links (one query).
        const m2m = await statementsOf(async () => {
          questions = await Question.objects.prefetchRelated('tags')
        })
        expect(m2m).toHaveLength(2)
        expect(m2m[1]).toMatch(/FROM "polls_tag" AS "t0" LEFT OUTER JOIN "polls_question_tags"/)
        const tagReads = await statementsOf(async () => {
          for (const question of questions) {
            const names = (await question.tags.all()).map((t) => t.name).sort()
            expect(names).toEqual([`blue-${n}`, `red-${n}`])
          }
        })
        expect(tagReads).toEqual([])
        // The reverse side: each tag's questions, also one query.
        let tags: Tag[] = []
        const reverseM2m = await statementsOf(async () => {
          tags = await Tag.objects.prefetchRelated('questions').orderBy('name')
        })
        expect(reverseM2m).toHaveLength(2)
        const questionReads = await statementsOf(async () => {
          for (const tag of tags) expect(await tag.questions.count()).toBe(n)
        })
        expect(questionReads).toEqual([])
      })

      it(`prefetchRelated forward and nested on ${n} choices: one query per level`, async () => {
        await polls(n)
        let choices: Choice[] = []
        const sql = await statementsOf(async () => {
          choices = await Choice.objects.prefetchRelated('question__author')
        })
        expect(sql).toHaveLength(3) // choices, their questions, the questions' authors
        const reads = await statementsOf(async () => {
          for (const c of choices) expect((c.question.author as Author).name).toBe(`author-${n}`)
        })
        expect(reads).toEqual([])
      })
    }

    it('an unloaded relation is an error, never a hidden query per row', async () => {
      await polls(2)
      const choices = await Choice.objects.all()
      const sql = await statementsOf(async () => {
        expect(() => choices[0]!.question).toThrow(RelatedNotLoaded)
      })
      expect(sql).toEqual([])
    })

    it('get() and filter() with cached plans run one statement each, with fresh values', async () => {
      await polls(3)
      const ids = (await Question.objects.orderBy('id')).map((q) => q.id)
      const base = Choice.objects.selectRelated('question')
      // The first use compiles as usual; later uses of the same shape reuse the plan.
      const gets = await statementsOf(async () => {
        for (const id of [...ids, ...ids]) {
          const question = await Question.objects.get({ pk: id })
          expect(question.id).toBe(id)
          expect(question.pubDate).toEqual(day)
        }
      })
      expect(gets).toHaveLength(6)
      expect(new Set(gets).size).toBe(1)
      db.queryLog = []
      for (const id of ids) {
        const choices = await base.filter({ question: id, votes__gte: 1 }).orderBy('votes')
        expect(choices.map((c) => [c.questionId, c.votes, c.question.id])).toEqual([
          [id, 1, id],
          [id, 2, id],
        ])
      }
      const filters = db.queryLog.map((entry) => entry.sql)
      const params = db.queryLog.map((entry) => entry.params)
      db.queryLog = null
      expect(filters).toHaveLength(3)
      expect(new Set(filters).size).toBe(1)
      expect(params.map((p) => p.includes(ids[2]!))).toEqual([false, false, true])
      // A missing row and a duplicate are reported the same way on the cached path.
      for (let i = 0; i < 3; i++) {
        await expect(Question.objects.get({ pk: -1 })).rejects.toThrow(Question.DoesNotExist)
        await expect(Choice.objects.get({ votes: 1 })).rejects.toThrow(
          Choice.MultipleObjectsReturned,
        )
      }
      // A value the database refuses fails the same way before and after the plan exists.
      const outcomes: string[] = []
      for (let i = 0; i < 3; i++) {
        outcomes.push(
          await Question.objects.get({ pk: 'not a number' }).then(
            () => 'found',
            (error: Error) => error.name,
          ),
        )
      }
      expect(outcomes[0]).not.toBe('found')
      expect(new Set(outcomes).size).toBe(1)
    })

    it('plans serve values(), valuesList(), prefetchRelated and keep a subclass filter()', async () => {
      await polls(2)
      const [first, second] = await Question.objects.orderBy('id')
      for (let i = 0; i < 3; i++) {
        expect(await Question.objects.values('id', 'questionText').get({ pk: first!.id })).toEqual({
          id: first!.id,
          questionText: 'Q0',
        })
        expect(
          await Choice.objects
            .valuesList(['votes'], { flat: true })
            .filter({ question: second!.id }),
        ).toEqual([0, 1, 2])
        const [withChoices] = await Question.objects
          .prefetchRelated('choiceSet')
          .filter({ questionText: 'Q1' })
        expect((await withChoices!.choiceSet.all()).map((c) => c.choiceText).sort()).toEqual([
          'c0',
          'c1',
          'c2',
        ])
      }
      class VotedChoices extends Manager<Choice> {
        override filter(...args: Parameters<Manager<Choice>['filter']>): this {
          return super.filter(...args, { votes__gte: 1 })
        }
      }
      const voted = new VotedChoices(Choice)
      const unvoted = await Choice.objects.get({ question: first!.id, votes: 0 })
      for (let i = 0; i < 3; i++) {
        await expect(voted.get({ pk: unvoted.id })).rejects.toThrow(Choice.DoesNotExist)
        expect((await voted.filter({ question: first!.id })).map((c) => c.votes).sort()).toEqual([
          1, 2,
        ])
      }
    })
  })
}

queryCountSuite(sqliteBackend())
queryCountSuite(await postgresBackend())
