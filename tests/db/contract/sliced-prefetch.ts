/**
 * Contract cases: Prefetch with a sliced QuerySet (Django 4.2+). The slice applies to each
 * instance's related rows — reverse ForeignKey and many-to-many, both directions — in one
 * query (a ROW_NUMBER() window partitioned by the instance's key), with offsets, with
 * Meta.ordering or reverse() as the window's ordering, with selectRelated and nested
 * lookups; forward and one-to-one relations refuse a slice. Query counts are exact.
 */
import { describe, expect, it } from 'vitest'
import { NotSupportedError, Prefetch, type AnyModelInstance } from '../../../src/db/index.js'
import { assertNumQueries } from '../../../src/test/query-assertions.js'
import {
  Author,
  Choice,
  Club,
  Membership,
  Person,
  Profile,
  Question,
  Tag,
} from '../polls-models.js'
import { day, type ContractCases } from './context.js'

/**
 * Ada wrote A? (2024-01-01; choices a0 1 vote, a1 0; tag red) and B? (2024-02-01; b0 0,
 * b1 2, b2 5, b3 4; tags red, blue, rose); Bob wrote C? (2024-03-01; no choices, no tags).
 */
async function polls(): Promise<{ ada: Author; bob: Author }> {
  const [ada, bob] = await Author.objects.bulkCreate([
    new Author({ name: 'Ada' }),
    new Author({ name: 'Bob' }),
  ])
  const [a, b] = await Question.objects.bulkCreate([
    new Question({ questionText: 'A?', pubDate: day('2024-01-01'), author: ada }),
    new Question({ questionText: 'B?', pubDate: day('2024-02-01'), author: ada }),
    new Question({ questionText: 'C?', pubDate: day('2024-03-01'), author: bob }),
  ])
  await Choice.objects.bulkCreate([
    new Choice({ question: a, choiceText: 'a0', votes: 1 }),
    new Choice({ question: a, choiceText: 'a1', votes: 0 }),
    new Choice({ question: b, choiceText: 'b0', votes: 0 }),
    new Choice({ question: b, choiceText: 'b1', votes: 2 }),
    new Choice({ question: b, choiceText: 'b2', votes: 5 }),
    new Choice({ question: b, choiceText: 'b3', votes: 4 }),
  ])
  const [red, blue, rose] = await Tag.objects.bulkCreate(
    ['red', 'blue', 'rose'].map((name) => new Tag({ name })),
  )
  await a!.tags.add(red!)
  await b!.tags.add(red!, blue!, rose!)
  return { ada: ada!, bob: bob! }
}

const choiceTexts = (choices: readonly Choice[]) => choices.map((c) => c.choiceText)
const texts = (objects: readonly AnyModelInstance[]) => objects.map((o) => String(o))
const attr = <T>(o: AnyModelInstance, name: string) => (o as unknown as Record<string, T>)[name]!

export const slicedPrefetchCases: ContractCases = ({ db }) => {
  describe('Prefetch with a sliced queryset', () => {
    it("gives each question its top three choices in one query, the related manager's rows", async () => {
      await polls()
      const log: string[] = []
      db().queryLog = []
      const questions = await assertNumQueries(2, async () =>
        Question.objects
          .orderBy('questionText')
          .prefetchRelated(
            new Prefetch('choiceSet', { queryset: Choice.objects.orderBy('-votes').slice(0, 3) }),
          ),
      )
      log.push(...db().queryLog!.map((entry) => entry.sql))
      db().queryLog = null
      expect(texts(questions)).toEqual(['A?', 'B?', 'C?'])
      await assertNumQueries(0, async () => {
        expect(
          await Promise.all(questions.map(async (q) => choiceTexts(await q.choiceSet))),
        ).toEqual([['a0', 'a1'], ['b2', 'b3', 'b1'], []])
        expect(await Promise.all(questions.map((q) => q.choiceSet.count()))).toEqual([2, 3, 0])
        expect(choiceTexts(await questions[1]!.choiceSet.all())).toEqual(['b2', 'b3', 'b1'])
      })
      // The slice is per question: a window function, no LIMIT.
      expect(log[1]).toMatch(/ROW_NUMBER\(\) OVER \(PARTITION BY .+ ORDER BY .+\)/)
      expect(log[1]).not.toMatch(/LIMIT/i)
      // The manager is the sliced QuerySet for this question: a new query keeps the slice,
      // and it cannot be filtered further (as any sliced QuerySet).
      const b = questions[1]!
      expect(choiceTexts(await assertNumQueries(1, async () => b.choiceSet.all().all()))).toEqual([
        'b2',
        'b3',
        'b1',
      ])
      expect(() => b.choiceSet.filter({ votes: 4 })).toThrow(NotSupportedError)
    })

    it('takes offsets: slice(1, 3), slice(1), and an empty slice(0, 0), with toAttr', async () => {
      await polls()
      const load = (start: number, end?: number) =>
        Question.objects.orderBy('questionText').prefetchRelated(
          new Prefetch('choiceSet', {
            queryset: Choice.objects.orderBy('-votes').slice(start, end),
            toAttr: 'picked',
          }),
        )
      const picked = async (start: number, end?: number) =>
        (await assertNumQueries(2, async () => load(start, end))).map((q) =>
          choiceTexts(attr<Choice[]>(q, 'picked')),
        )
      expect(await picked(1, 3)).toEqual([['a1'], ['b3', 'b1'], []])
      expect(await picked(1)).toEqual([['a1'], ['b3', 'b1', 'b0'], []])
      expect(await picked(3, 10)).toEqual([[], ['b0'], []])
      expect(await picked(0, 0)).toEqual([[], [], []])
      // A slice of a slice narrows it, as QuerySet slicing does: [1, 3) then [1, ...) = [2, 3).
      const narrowed = await Question.objects.orderBy('questionText').prefetchRelated(
        new Prefetch('choiceSet', {
          queryset: Choice.objects.orderBy('-votes').slice(1, 3).slice(1),
          toAttr: 'picked',
        }),
      )
      expect(narrowed.map((q) => choiceTexts(attr<Choice[]>(q, 'picked')))).toEqual([
        [],
        ['b1'],
        [],
      ])
    })

    it('numbers rows in Meta.ordering, reversed by reverse(), for each author', async () => {
      await polls()
      const latest = await assertNumQueries(2, async () =>
        Author.objects
          .orderBy('name')
          .prefetchRelated(
            new Prefetch('questions', { queryset: Question.objects.slice(0, 1), toAttr: 'latest' }),
          ),
      )
      expect(latest.map((a) => texts(attr<Question[]>(a, 'latest')))).toEqual([['B?'], ['C?']])
      const earliest = await Author.objects
        .orderBy('name')
        .prefetchRelated(
          new Prefetch('questions', { queryset: Question.objects.reverse().slice(0, 1) }),
        )
      expect(await Promise.all(earliest.map(async (a) => texts(await a.questions)))).toEqual([
        ['A?'],
        ['C?'],
      ])
    })

    it('slices many-to-many targets per source object, both directions, in one query', async () => {
      await polls()
      const tags = await assertNumQueries(2, async () =>
        Tag.objects.orderBy('name').prefetchRelated(
          new Prefetch('questions', {
            queryset: Question.objects.orderBy('-questionText').slice(0, 1),
            toAttr: 'lastQuestion',
          }),
        ),
      )
      expect(tags.map((t) => [t.name, texts(attr<Question[]>(t, 'lastQuestion'))])).toEqual([
        ['blue', ['B?']],
        ['red', ['B?']],
        ['rose', ['B?']],
      ])
      // Values converted as usual through the outer query (a decimal, a date).
      const [b] = attr<Question[]>(tags[1]!, 'lastQuestion')
      expect([b!.score, b!.pubDate.toISOString()]).toEqual(['0.00', '2024-02-01T12:00:00.000Z'])
      const questions = await assertNumQueries(2, async () =>
        Question.objects
          .orderBy('questionText')
          .prefetchRelated(
            new Prefetch('tags', { queryset: Tag.objects.orderBy('name').slice(1, 3) }),
          ),
      )
      await assertNumQueries(0, async () => {
        expect(
          await Promise.all(questions.map(async (q) => (await q.tags).map((t) => t.name))),
        ).toEqual([[], ['red', 'rose'], []])
      })
    })

    it('slices through an explicit intermediate model, and with only()', async () => {
      await polls()
      const [ada, bob, cy] = await Person.objects.bulkCreate(
        ['Ada', 'Bob', 'Cy'].map((name) => new Person({ name })),
      )
      const [chess, go] = await Club.objects.bulkCreate([
        new Club({ title: 'Chess' }),
        new Club({ title: 'Go' }),
      ])
      await Membership.objects.bulkCreate([
        new Membership({ person: ada, club: chess }),
        new Membership({ person: bob, club: chess }),
        new Membership({ person: cy, club: chess }),
        new Membership({ person: bob, club: go }),
      ])
      const clubs = await assertNumQueries(2, async () =>
        Club.objects
          .orderBy('title')
          .prefetchRelated(
            new Prefetch('members', { queryset: Person.objects.orderBy('-name').slice(0, 2) }),
          ),
      )
      expect(
        await Promise.all(clubs.map(async (c) => (await c.members).map((p) => p.name))),
      ).toEqual([['Cy', 'Bob'], ['Bob']])
      const [, b] = await assertNumQueries(2, async () =>
        Question.objects.orderBy('questionText').prefetchRelated(
          new Prefetch('choiceSet', {
            queryset: Choice.objects.only('choiceText').orderBy('-votes').slice(0, 2),
          }),
        ),
      )
      const kept = await assertNumQueries(0, async () => await b!.choiceSet)
      expect(kept.map((c) => [c.choiceText, c.votes])).toEqual([
        ['b2', undefined],
        ['b3', undefined],
      ])
    })

    it("keeps the queryset's selectRelated and runs its own lookups below the sliced level", async () => {
      await polls()
      const tags = await assertNumQueries(2, async () =>
        Tag.objects.orderBy('name').prefetchRelated(
          new Prefetch('questions', {
            queryset: Question.objects.selectRelated('author').orderBy('questionText').slice(0, 1),
            toAttr: 'firstQuestion',
          }),
        ),
      )
      await assertNumQueries(0, async () => {
        const first = tags.map((t) => attr<Question[]>(t, 'firstQuestion'))
        expect(first.map(texts)).toEqual([['B?'], ['A?'], ['B?']])
        expect(first.flat().map((q) => (q.author as Author).name)).toEqual(['Ada', 'Ada', 'Ada'])
      })
      const authors = await assertNumQueries(3, async () =>
        Author.objects.orderBy('name').prefetchRelated(
          new Prefetch('questions', {
            queryset: Question.objects.orderBy('questionText').slice(0, 1).prefetchRelated('tags'),
            toAttr: 'firstQuestion',
          }),
        ),
      )
      await assertNumQueries(0, async () => {
        const first = authors.map((a) => attr<Question[]>(a, 'firstQuestion'))
        expect(first.map(texts)).toEqual([['A?'], ['C?']])
        const tagNames = async (q: Question) => (await q.tags).map((t) => t.name)
        expect(await Promise.all(first.flat().map(tagNames))).toEqual([['red'], []])
      })
    })

    it('refuses a slice where Django does: forward and one-to-one relations, negative indexes', async () => {
      const { ada } = await polls()
      await Profile.objects.create({ author: ada, bio: 'math' })
      const message = 'Cannot filter a query once a slice has been taken.'
      await expect(
        Choice.objects
          .prefetchRelated(
            new Prefetch('question', { queryset: Question.objects.orderBy('pk').slice(0, 1) }),
          )
          .fetch(),
      ).rejects.toThrow(new NotSupportedError(message))
      await expect(
        Author.objects
          .prefetchRelated(new Prefetch('profile', { queryset: Profile.objects.slice(0, 1) }))
          .fetch(),
      ).rejects.toThrow(new NotSupportedError(message))
      expect(() => Choice.objects.orderBy('-votes').slice(-3)).toThrow(TypeError)
      expect(() => Choice.objects.orderBy('-votes').slice(0, -1)).toThrow(TypeError)
    })
  })
}
