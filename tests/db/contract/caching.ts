/**
 * Contract cases: the QuerySet result cache (Django's: kept by evaluation, used by count /
 * exists / ordered first, never by chaining, iterator, get, last, inBulk; dropped by update
 * and delete; never on a Manager), related managers answering from prefetched rows, and
 * Prefetch objects (queryset, toAttr, nesting, many-to-many in one query, the errors).
 * Query counts are exact (assertNumQueries).
 */
import { describe, expect, it } from 'vitest'
import {
  FieldError,
  NotSupportedError,
  Prefetch,
  type AnyModelInstance,
} from '../../../src/db/index.js'
import { assertNumQueries } from '../../../src/test/query-assertions.js'
import { Author, Choice, Club, Membership, Person, Question, Tag } from '../polls-models.js'
import { day, poll, type ContractCases } from './context.js'

/** Ada wrote 'B?' (choices 'b0' 0 votes, 'b1' 2, 'b2' 5) and 'A?' ('a0' 1, 'a1' 0). */
async function library(): Promise<{ ada: Author; a: Question; b: Question; tags: Tag[] }> {
  const ada = await Author.objects.create({ name: 'Ada' })
  const b = await Question.objects.create({
    questionText: 'B?',
    pubDate: day('2024-02-01'),
    author: ada,
  })
  const a = await Question.objects.create({
    questionText: 'A?',
    pubDate: day('2024-01-01'),
    author: ada,
  })
  await Choice.objects.bulkCreate([
    new Choice({ question: b, choiceText: 'b0', votes: 0 }),
    new Choice({ question: b, choiceText: 'b1', votes: 2 }),
    new Choice({ question: b, choiceText: 'b2', votes: 5 }),
    new Choice({ question: a, choiceText: 'a0', votes: 1 }),
    new Choice({ question: a, choiceText: 'a1', votes: 0 }),
  ])
  const tags = await Tag.objects.bulkCreate(
    ['red', 'blue', 'rose'].map((name) => new Tag({ name })),
  )
  await b.tags.add(tags[0]!, tags[1]!, tags[2]!)
  await a.tags.add(tags[0]!)
  return { ada, a, b, tags }
}

const texts = (objects: readonly AnyModelInstance[]) => objects.map((o) => String(o))
const names = (objects: readonly { name: string }[]) => objects.map((o) => o.name)
const choiceTexts = (objects: readonly Choice[]) => objects.map((c) => c.choiceText)

export const cachingCases: ContractCases = () => {
  describe('QuerySet result cache', () => {
    it('an evaluated QuerySet answers again from its results: await, for await, fetch()', async () => {
      const { b } = await library()
      const qs = Choice.objects.filter({ votes__gte: 1 }).orderBy('choiceText')
      const first = await assertNumQueries(1, async () => await qs)
      expect(choiceTexts(first)).toEqual(['a0', 'b1', 'b2'])
      await Choice.objects.create({ question: b, choiceText: 'late', votes: 9 })
      const again = await assertNumQueries(0, async () => {
        const seen: string[] = []
        for await (const choice of qs) seen.push(choice.choiceText)
        expect(seen).toEqual(['a0', 'b1', 'b2']) // kept, so the new row is not seen
        return qs.fetch()
      })
      expect(again).toBe(first)
      expect(qs.resultCache).toBe(first)
      // for await evaluates (and keeps) too.
      const iterated = Tag.objects.orderBy('name')
      await assertNumQueries(1, async () => {
        for await (const tag of iterated) expect(tag).toBeInstanceOf(Tag)
      })
      expect(names(await assertNumQueries(0, async () => await iterated))).toEqual([
        'blue',
        'red',
        'rose',
      ])
    })

    it('count() and exists() use the results once there are some, and query before', async () => {
      await library()
      const qs = Choice.objects.filter({ votes: 0 })
      expect(await assertNumQueries(1, () => qs.count())).toBe(2)
      expect(await assertNumQueries(1, () => qs.exists())).toBe(true)
      expect(qs.resultCache).toBe(null) // count() and exists() never fill the cache
      await assertNumQueries(1, async () => await qs)
      await Choice.objects.filter({ votes: 0 }).delete()
      await assertNumQueries(0, async () => {
        expect(await qs.count()).toBe(2) // Django's len(qs) after evaluation: the kept rows
        expect(await qs.exists()).toBe(true)
      })
      const empty = Choice.objects.filter({ votes: 0 })
      await assertNumQueries(1, async () => {
        expect(await empty).toEqual([])
        expect(await empty.exists()).toBe(false)
        expect(await empty.count()).toBe(0)
      })
    })

    it('chaining, get(), last(), inBulk(), aggregate() and iterator() always query', async () => {
      const { b } = await library()
      const qs = Choice.objects.orderBy('choiceText')
      await assertNumQueries(1, async () => await qs)
      await assertNumQueries(1, async () => expect((await qs.all()).length).toBe(5))
      await assertNumQueries(1, async () => expect(await qs.filter({ votes: 5 })).toHaveLength(1))
      await assertNumQueries(1, async () => expect(await qs.slice(0, 2)).toHaveLength(2))
      await assertNumQueries(1, async () =>
        expect((await qs.get({ votes: 5 })).choiceText).toBe('b2'),
      )
      await assertNumQueries(1, async () => expect((await qs.last())!.choiceText).toBe('b2'))
      await assertNumQueries(1, async () => expect((await qs.inBulk()).size).toBe(5))
      await assertNumQueries(1, async () => expect(await qs.values('votes')).toHaveLength(5))
      await assertNumQueries(2, async () => {
        const seen: string[] = []
        for await (const c of qs.iterator({ chunkSize: 4 })) seen.push(c.choiceText)
        expect(seen).toEqual(['a0', 'a1', 'b0', 'b1', 'b2'])
      })
      // iterator() neither fills nor reads the cache.
      const lazy = b.choiceSet.orderBy('votes')
      await assertNumQueries(1, async () => {
        for await (const c of lazy.iterator()) expect(c.questionId).toBe(b.pk)
      })
      expect(lazy.resultCache).toBe(null)
      await assertNumQueries(1, async () =>
        expect(choiceTexts(await lazy)).toEqual(['b0', 'b1', 'b2']),
      )
    })

    it('first() answers from the results of an ordered QuerySet, and queries on an unordered one', async () => {
      await library()
      const ordered = Question.objects.all() // Meta.ordering: -pubDate
      await assertNumQueries(1, async () => await ordered)
      expect(String(await assertNumQueries(0, () => ordered.first()))).toBe('B?')
      const explicit = Tag.objects.orderBy('-name')
      await assertNumQueries(1, async () => await explicit)
      expect((await assertNumQueries(0, () => explicit.first()))!.name).toBe('rose')
      const unordered = Tag.objects.filter({ name__startswith: 'r' }) // no ordering: first() orders by pk
      await assertNumQueries(1, async () => await unordered)
      expect((await assertNumQueries(1, () => unordered.first()))!.name).toBe('red')
      const none = Tag.objects.filter({ name: 'none' }).orderBy('name')
      await assertNumQueries(1, async () => await none)
      expect(await assertNumQueries(0, () => none.first())).toBe(null)
    })

    it('update() and delete() act on the database and drop the kept results', async () => {
      await library()
      const qs = Choice.objects.filter({ choiceText__startswith: 'a' }).orderBy('choiceText')
      await qs
      expect(await qs.update({ votes: 7 })).toBe(2)
      expect(qs.resultCache).toBe(null)
      expect(await assertNumQueries(1, async () => (await qs).map((c) => c.votes))).toEqual([7, 7])
      const [deleted] = await qs.delete()
      expect(deleted).toBe(2)
      expect(qs.resultCache).toBe(null)
      expect(await assertNumQueries(1, async () => await qs)).toEqual([])
    })

    it('a Manager and a related manager never keep results; their all() copies do', async () => {
      const { b } = await library()
      await assertNumQueries(2, async () => {
        expect(await Tag.objects).toHaveLength(3)
        expect(await Tag.objects).toHaveLength(3)
      })
      expect(Tag.objects.resultCache).toBe(null)
      await assertNumQueries(2, async () => {
        expect(await b.choiceSet).toHaveLength(3)
        expect(await b.choiceSet).toHaveLength(3)
      })
      const choices = b.choiceSet.all()
      await assertNumQueries(1, async () => {
        await choices
        expect(await choices.count()).toBe(3)
      })
    })

    it('overlapping evaluations of one QuerySet end with the same kept array', async () => {
      await library()
      const qs = Tag.objects.orderBy('name')
      const [x, y] = await Promise.all([qs.fetch(), qs.fetch()])
      expect(x).toBe(y)
      expect(qs.resultCache).toBe(x)
    })
  })

  describe('related managers after prefetchRelated', () => {
    it('all(), awaiting, count() and exists() answer from the prefetched rows; filter() and get() query', async () => {
      await library()
      const qs = Question.objects.prefetchRelated('choiceSet')
      const [b, a] = await assertNumQueries(2, async () => await qs)
      await assertNumQueries(0, async () => {
        expect(await qs).toHaveLength(2) // the QuerySet keeps its results, prefetching included
        expect(choiceTexts(await b!.choiceSet.all()).sort()).toEqual(['b0', 'b1', 'b2'])
        expect(await b!.choiceSet).toHaveLength(3)
        expect(await a!.choiceSet.count()).toBe(2)
        expect(await a!.choiceSet.exists()).toBe(true)
        expect(b!.choiceSet.resultCache).toHaveLength(3)
      })
      await assertNumQueries(1, async () =>
        expect(await b!.choiceSet.filter({ votes__gt: 1 })).toHaveLength(2),
      )
      await assertNumQueries(1, async () =>
        expect((await b!.choiceSet.get({ votes: 5 })).choiceText).toBe('b2'),
      )
      // all() of all(): Django's QuerySet.all() is a new query.
      await assertNumQueries(1, async () => expect(await b!.choiceSet.all().all()).toHaveLength(3))
      // Choice has no ordering: first() orders by pk, a query (as in Django)...
      await assertNumQueries(1, () => b!.choiceSet.first())
      // ...while Question's Meta.ordering lets first() use the prefetched rows.
      const [red] = await Tag.objects.filter({ name: 'red' }).prefetchRelated('questions')
      expect(String(await assertNumQueries(0, () => red!.questions.first()))).toBe('B?')
      // Changing the relation forgets the prefetched rows.
      await a!.choiceSet.create({ choiceText: 'a2', votes: 3 })
      expect(await assertNumQueries(1, () => a!.choiceSet.count())).toBe(3)
    })
  })

  describe('Prefetch objects', () => {
    it('a queryset with toAttr stores a plain array; the relation itself stays unloaded', async () => {
      await library()
      const questions = await assertNumQueries(2, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', {
            queryset: Choice.objects.filter({ votes__gt: 0 }).orderBy('-votes'),
            toAttr: 'popularChoices',
          }),
        ),
      )
      const popular = questions.map(
        (q) => (q as unknown as { popularChoices: Choice[] }).popularChoices,
      )
      expect(popular.map(choiceTexts)).toEqual([['b2', 'b1'], ['a0']])
      expect(Array.isArray(popular[0])).toBe(true)
      expect(Object.hasOwn(questions[0]!, 'popularChoices')).toBe(true)
      expect(popular[0]!.every((c) => c instanceof Choice)).toBe(true)
      expect(await assertNumQueries(1, () => questions[0]!.choiceSet.count())).toBe(3)
    })

    it('a queryset without toAttr becomes what the related manager holds and builds on', async () => {
      await library()
      const [b, a] = await assertNumQueries(2, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', {
            queryset: Choice.objects.filter({ votes__gt: 0 }).orderBy('votes'),
          }),
        ),
      )
      await assertNumQueries(0, async () => {
        expect(choiceTexts(await b!.choiceSet.all())).toEqual(['b1', 'b2'])
        expect(await a!.choiceSet.count()).toBe(1)
      })
      // Chained from the manager: the Prefetch's filter and ordering still apply (Django).
      expect(
        await assertNumQueries(1, async () =>
          choiceTexts(await b!.choiceSet.filter({ votes__lt: 5 })),
        ),
      ).toEqual(['b1'])
      expect(
        await assertNumQueries(1, async () =>
          choiceTexts(await b!.choiceSet.orderBy('-votes').all()),
        ),
      ).toEqual(['b2', 'b1'])
    })

    it('mixes names and Prefetch objects, forward, reverse and many-to-many, one query each', async () => {
      const { ada } = await library()
      const questions = await assertNumQueries(4, async () =>
        Question.objects.prefetchRelated(
          'author',
          new Prefetch('tags', {
            queryset: Tag.objects.filter({ name__startswith: 'r' }).orderBy('-name'),
            toAttr: 'rTags',
          }),
          'choiceSet',
        ),
      )
      await assertNumQueries(0, async () => {
        expect(questions.map((q) => (q.author as Author).pk)).toEqual([ada.pk, ada.pk])
        expect(questions.map((q) => names((q as unknown as { rTags: Tag[] }).rTags))).toEqual([
          ['rose', 'red'],
          ['red'],
        ])
        expect(await questions[1]!.choiceSet.count()).toBe(2)
      })
      // A forward relation with toAttr holds the object (or null), not an array.
      const choices = await assertNumQueries(2, async () =>
        Choice.objects.orderBy('choiceText').prefetchRelated(
          new Prefetch('question', {
            queryset: Question.objects.filter({ questionText: 'A?' }),
            toAttr: 'onlyA',
          }),
        ),
      )
      expect(
        choices.map((c) => String((c as unknown as { onlyA: Question | null }).onlyA)),
      ).toEqual(['A?', 'A?', 'null', 'null', 'null'])
    })

    it('many-to-many is one query per level, both directions and through an explicit intermediate model', async () => {
      await library()
      const tags = await assertNumQueries(3, async () =>
        Tag.objects.orderBy('name').prefetchRelated('questions__choiceSet'),
      )
      await assertNumQueries(0, async () => {
        expect(await Promise.all(tags.map(async (t) => texts(await t.questions).sort()))).toEqual([
          ['B?'],
          ['A?', 'B?'],
          ['B?'],
        ])
        const red = await tags[1]!.questions
        expect((await Promise.all(red.map((q) => q.choiceSet.count()))).sort()).toEqual([2, 3])
      })
      // Each link is its own row: the same question twice is two instances, as in Django.
      const [blue, red] = await Tag.objects.orderBy('name').prefetchRelated('questions')
      const bFromBlue = (await blue!.questions)[0]!
      const bFromRed = (await red!.questions).find((q) => String(q) === 'B?')!
      expect(bFromBlue).not.toBe(bFromRed)
      expect(bFromBlue.pk).toBe(bFromRed.pk)
      expect(Object.keys(bFromBlue)).not.toContain('_prefetchRelatedSource')
      // Club.members goes through Membership (with its own data).
      const [adaP, bob] = await Person.objects.bulkCreate([
        new Person({ name: 'Ada' }),
        new Person({ name: 'Bob' }),
      ])
      const [chess, go] = await Club.objects.bulkCreate([
        new Club({ title: 'Chess' }),
        new Club({ title: 'Go' }),
      ])
      await Membership.objects.bulkCreate([
        new Membership({ person: adaP, club: chess, role: 'captain' }),
        new Membership({ person: bob, club: chess }),
        new Membership({ person: bob, club: go }),
      ])
      const clubs = await assertNumQueries(2, async () =>
        Club.objects
          .orderBy('title')
          .prefetchRelated(new Prefetch('members', { queryset: Person.objects.orderBy('-name') })),
      )
      expect(await Promise.all(clubs.map(async (c) => names(await c.members)))).toEqual([
        ['Bob', 'Ada'],
        ['Bob'],
      ])
      const people = await assertNumQueries(2, async () =>
        Person.objects.orderBy('name').prefetchRelated('clubs'),
      )
      expect(
        await Promise.all(people.map(async (p) => (await p.clubs).map((c) => c.title).sort())),
      ).toEqual([['Chess'], ['Chess', 'Go']])
    })

    it('nests through a toAttr, through a Prefetch queryset own lookups, and reuses loaded levels', async () => {
      await library()
      const authors = await assertNumQueries(3, async () =>
        Author.objects.prefetchRelated(
          new Prefetch('questions', {
            queryset: Question.objects.orderBy('questionText'),
            toAttr: 'ordered',
          }),
          new Prefetch('ordered__choiceSet', {
            queryset: Choice.objects.filter({ votes__gte: 1 }),
            toAttr: 'winners',
          }),
        ),
      )
      const ordered = (authors[0] as unknown as { ordered: (Question & { winners: Choice[] })[] })
        .ordered
      expect(texts(ordered)).toEqual(['A?', 'B?'])
      expect(ordered.map((q) => choiceTexts(q.winners).sort())).toEqual([['a0'], ['b1', 'b2']])
      // The Prefetch QuerySet's own prefetchRelated() runs below its level.
      const [ada] = await assertNumQueries(3, async () =>
        Author.objects.prefetchRelated(
          new Prefetch('questions', { queryset: Question.objects.prefetchRelated('tags') }),
        ),
      )
      await assertNumQueries(0, async () => {
        const questions = await ada!.questions
        expect(await Promise.all(questions.map(async (q) => (await q.tags).length))).toEqual([3, 1])
      })
      // 'questions' is loaded once even when two lookups pass through it.
      await assertNumQueries(3, async () =>
        Author.objects.prefetchRelated('questions', 'questions__choiceSet', 'questions'),
      )
      // Loaded by selectRelated already: the level is walked, not queried.
      const choices = await assertNumQueries(2, async () =>
        Choice.objects.selectRelated('question').prefetchRelated('question__author'),
      )
      expect(choices.every((c) => (c.question.author as Author).name === 'Ada')).toBe(true)
      // prefetchRelated(null) forgets the lookups.
      await assertNumQueries(1, async () =>
        Question.objects.prefetchRelated('choiceSet').prefetchRelated(null),
      )
    })

    it("a Prefetch queryset's selectRelated, only() and defer() apply; the matching key is always loaded", async () => {
      await library()
      const tags = await assertNumQueries(2, async () =>
        Tag.objects
          .orderBy('name')
          .prefetchRelated(
            new Prefetch('questions', { queryset: Question.objects.selectRelated('author') }),
          ),
      )
      await assertNumQueries(0, async () => {
        const [blue, red] = [await tags[0]!.questions, await tags[1]!.questions]
        expect(texts(blue)).toEqual(['B?'])
        expect(red.map((q) => (q.author as Author).name)).toEqual(['Ada', 'Ada'])
      })
      const [b] = await assertNumQueries(2, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', {
            queryset: Choice.objects.only('choiceText').orderBy('choiceText'),
          }),
        ),
      )
      const kept = await assertNumQueries(0, async () => await b!.choiceSet)
      expect(choiceTexts(kept)).toEqual(['b0', 'b1', 'b2'])
      expect(kept.map((c) => c.votes)).toEqual([undefined, undefined, undefined])
      const [deferred] = await assertNumQueries(2, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', { queryset: Choice.objects.defer('question', 'votes') }),
        ),
      )
      expect(await assertNumQueries(0, () => deferred!.choiceSet.count())).toBe(3)
    })

    it('refuses conflicting lookups, foreign querysets, values(), bad toAttr and non-relations', async () => {
      await poll()
      // The same path twice, the second with a queryset: Django's "already seen" error.
      const conflicting = Question.objects.prefetchRelated(
        'choiceSet',
        new Prefetch('choiceSet', { queryset: Choice.objects.filter({ votes: 1 }) }),
      )
      await expect(conflicting.fetch()).rejects.toThrow(
        /'choiceSet' lookup was already seen with a different queryset/,
      )
      await expect(
        Question.objects
          .prefetchRelated(
            new Prefetch('choiceSet', { queryset: Choice.objects.all() }),
            new Prefetch('choiceSet', { queryset: Choice.objects.all() }),
          )
          .fetch(),
      ).rejects.toBeInstanceOf(TypeError)
      // The queryset first, then the name: the name reuses it (no error, no extra query).
      const [q] = await assertNumQueries(2, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', { queryset: Choice.objects.filter({ votes: 3 }) }),
          'choiceSet',
        ),
      )
      expect(choiceTexts(await q!.choiceSet)).toEqual(['The sky'])
      // Different toAttr, different paths: both load.
      await assertNumQueries(3, async () =>
        Question.objects.prefetchRelated(
          new Prefetch('choiceSet', { queryset: Choice.objects.filter({ votes: 3 }), toAttr: 'a' }),
          new Prefetch('choiceSet', { queryset: Choice.objects.filter({ votes: 1 }), toAttr: 'b' }),
        ),
      )
      await expect(
        Question.objects
          .prefetchRelated(new Prefetch('choiceSet', { queryset: Tag.objects.all() as never }))
          .fetch(),
      ).rejects.toThrow(/needs a QuerySet of Choice, not of Tag/)
      expect(
        () => new Prefetch('choiceSet', { queryset: Choice.objects.values('votes') as never }),
      ).toThrow(/values\(\)/)
      for (const toAttr of ['a b', 'x__y', '']) {
        expect(() => new Prefetch('choiceSet', { toAttr }), toAttr).toThrow(TypeError)
      }
      expect(() => new Prefetch('')).toThrow(TypeError)
      expect(() => new Prefetch('choiceSet__')).toThrow(TypeError)
      await expect(
        Question.objects
          .prefetchRelated(new Prefetch('choiceSet', { toAttr: 'questionText' }))
          .fetch(),
      ).rejects.toThrow(/toAttr='questionText' conflicts with a field on the Question model/)
      await expect(
        Question.objects
          .prefetchRelated(new Prefetch('choiceSet', { toAttr: 'choiceSet' }))
          .fetch(),
      ).rejects.toBeInstanceOf(TypeError)
      expect(() => Question.objects.prefetchRelated(42 as never)).toThrow(TypeError)
      await expect(Question.objects.prefetchRelated('nope').fetch()).rejects.toBeInstanceOf(
        FieldError,
      )
      await expect(Question.objects.prefetchRelated('questionText').fetch()).rejects.toThrow(
        /not a relation of Question/,
      )
      await expect(Question.objects.prefetchRelated('nope__choiceSet').fetch()).rejects.toThrow(
        /Cannot find 'nope' on Question/,
      )
      // A forward relation has no per-instance slice to take (sliced-prefetch.ts has the
      // slices that work).
      await expect(
        Choice.objects
          .prefetchRelated(
            new Prefetch('question', { queryset: Question.objects.orderBy('pk').slice(0, 1) }),
          )
          .fetch(),
      ).rejects.toBeInstanceOf(NotSupportedError)
    })
  })
}
