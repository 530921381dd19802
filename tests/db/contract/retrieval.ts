/**
 * Contract cases: reading rows — get, first/last, latest/earliest, inBulk, exists/count,
 * none(), slicing and iterator().
 */
import { describe, expect, it } from 'vitest'
import {
  F,
  FieldError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  Q,
} from '../../../src/db/index.js'
import { Author, Choice, Question, Tag } from '../polls-models.js'
import { day, poll, type ContractCases } from './context.js'

export const retrievalCases: ContractCases = ({ db }) => {
  describe('QuerySet retrieval', () => {
    it('get() with 0, 1 and 2 matching rows, with lookups and Q objects', async () => {
      await poll('A', day('2024-01-01'))
      const none = await Choice.objects.get({ votes: 99 }).catch((e: unknown) => e)
      expect(none).toBeInstanceOf(Choice.DoesNotExist)
      expect(none).toBeInstanceOf(ObjectDoesNotExist)
      expect((none as Error).message).toMatch(/Choice matching query does not exist/)
      const two = await Choice.objects.get({ votes__gte: 1 }).catch((e: unknown) => e)
      expect(two).toBeInstanceOf(Choice.MultipleObjectsReturned)
      expect(two).toBeInstanceOf(MultipleObjectsReturned)
      expect((two as Error).message).toMatch(/returned 2/)
      const one = await Choice.objects.get(Q({ votes__gt: 2 }), { choiceText__startswith: 'The' })
      expect(one.choiceText).toBe('The sky')
      expect(one).toBeInstanceOf(Choice)
    })

    it('get() by a unique key answers the same on every call, planned or not', async () => {
      // Plans are built the second time a shape is seen; a get() on a unique key may then
      // stop reading after the first row. Repeat each shape so both paths run.
      const question = await poll('Unique', day('2024-02-01'))
      const tag = await Tag.objects.create({ name: 'solo' })
      const firstChoice = (await question.choiceSet.orderBy('pk'))[0]!
      for (let round = 0; round < 4; round++) {
        expect((await Question.objects.get({ pk: question.pk })).questionText).toBe('Unique')
        expect((await Tag.objects.get({ name: 'solo' })).pk).toBe(tag.pk)
        const choice = await Choice.objects.selectRelated('question').get({ pk: firstChoice.pk })
        expect([choice.choiceText, choice.question.questionText]).toEqual(['Not much', 'Unique'])
        expect((await Tag.objects.get({ name__exact: 'solo' })).pk).toBe(tag.pk)
        const missing = await Question.objects.get({ pk: 987654 }).catch((e: unknown) => e)
        expect(missing).toBeInstanceOf(Question.DoesNotExist)
        // A join that repeats the row (one per choice) must still be reported, as Django does.
        const repeated = await Question.objects
          .annotate({ votes: F('choice__votes') })
          .get({ pk: question.pk })
          .catch((e: unknown) => e)
        expect(repeated).toBeInstanceOf(Question.MultipleObjectsReturned)
        expect((repeated as Error).message).toMatch(/returned 2/)
        // filter() takes its values when called: changing the object afterwards changes
        // nothing (planned or not).
        const lookup: { pk: number } = { pk: question.pk as number }
        const pending = Question.objects.filter(lookup)
        lookup.pk = 987654
        expect((await pending).map((q) => q.questionText)).toEqual(['Unique'])
        // Not unique: both rows are read and counted.
        const two = await Choice.objects.get({ question: question.pk }).catch((e: unknown) => e)
        expect(two).toBeInstanceOf(Choice.MultipleObjectsReturned)
      }
    })

    it('first() and last() follow the ordering, default to pk, and return null when empty', async () => {
      expect(await Tag.objects.first()).toBe(null)
      expect(await Tag.objects.last()).toBe(null)
      const [a, b, c] = await Tag.objects.bulkCreate([
        new Tag({ name: 'b' }),
        new Tag({ name: 'c' }),
        new Tag({ name: 'a' }),
      ])
      expect((await Tag.objects.first())!.pk).toBe(a!.pk)
      expect((await Tag.objects.last())!.pk).toBe(c!.pk)
      expect((await Tag.objects.orderBy('name').first())!.name).toBe('a')
      expect((await Tag.objects.orderBy('name').last())!.name).toBe('c')
      const bc = Tag.objects.filter({ name__in: ['b', 'c'] }).orderBy('-name')
      expect((await bc.last())!.pk).toBe(a!.pk) // 'b'
      expect((await bc.first())!.pk).toBe(b!.pk) // 'c'
    })

    it('latest()/earliest() use Meta.getLatestBy or the given fields, and refuse without either', async () => {
      await expect(Question.objects.earliest()).rejects.toBeInstanceOf(Question.DoesNotExist)
      const old = await poll('old', day('2023-06-01'))
      const mid = await poll('mid', day('2023-09-01'))
      const recent = await poll('recent', day('2024-01-01'))
      expect((await Question.objects.latest()).pk).toBe(recent.pk)
      expect((await Question.objects.earliest()).pk).toBe(old.pk)
      expect((await Question.objects.latest('-pubDate')).pk).toBe(old.pk)
      expect((await Question.objects.latest('questionText')).pk).toBe(recent.pk)
      expect((await Question.objects.earliest('questionText')).pk).toBe(mid.pk)
      expect((await Question.objects.filter({ pubDate__lt: day('2023-12-01') }).latest()).pk).toBe(
        mid.pk,
      )
      expect((await Choice.objects.latest('votes', 'pk')).choiceText).toBe('The sky')
      await expect(Tag.objects.latest()).rejects.toBeInstanceOf(FieldError)
      await expect(Question.objects.latest('nope')).rejects.toBeInstanceOf(FieldError)
    })

    it('inBulk() maps pk or a unique field to instances, and refuses non-unique fields', async () => {
      const tags = await Tag.objects.bulkCreate(['x', 'y', 'z'].map((name) => new Tag({ name })))
      const byPk = await Tag.objects.inBulk([tags[0]!.pk, tags[2]!.pk])
      expect(byPk.size).toBe(2)
      expect(byPk.get(tags[2]!.pk)!.name).toBe('z')
      expect(byPk.get(tags[0]!.pk)).toBeInstanceOf(Tag)
      const everything = await Tag.objects.inBulk()
      expect([...everything.keys()].sort()).toEqual(tags.map((t) => t.pk).sort())
      const byName = await Tag.objects.inBulk(['y', 'missing'], { fieldName: 'name' })
      expect([...byName.keys()]).toEqual(['y'])
      expect(await Tag.objects.filter({ name: 'x' }).inBulk([tags[1]!.pk])).toEqual(new Map())
      await poll()
      await expect(Choice.objects.inBulk([1], { fieldName: 'votes' })).rejects.toBeInstanceOf(
        FieldError,
      )
    })

    it('count() and exists() respect filters, slices, distinct and none()', async () => {
      await poll('A', day('2024-01-01'))
      await poll('B', day('2024-01-02'))
      expect(await Choice.objects.count()).toBe(4)
      expect(await Choice.objects.filter({ votes: 3 }).count()).toBe(2)
      expect(await Choice.objects.slice(1, 3).count()).toBe(2)
      expect(await Choice.objects.slice(3).count()).toBe(1)
      expect(await Choice.objects.slice(10).exists()).toBe(false)
      // A multi-valued relation in filter() never duplicates rows (docs/queries.md).
      expect(await Question.objects.filter(Q({ choice__votes__gte: 1 })).count()).toBe(2)
      expect(
        await Question.objects
          .filter(Q({ choice__votes__gte: 1 }))
          .distinct()
          .count(),
      ).toBe(2)
      db().queryCount = 0
      const none = Question.objects.none()
      expect(await none.count()).toBe(0)
      expect(await none.exists()).toBe(false)
      expect(await none).toEqual([])
      expect(await none.filter({ questionText: 'A' }).first()).toBe(null)
      expect(await none.update({ questionText: 'changed' })).toBe(0)
      expect(db().queryCount).toBe(0) // none() never reaches the database
      expect(await Question.objects.filter({ questionText: 'A' }).exists()).toBe(true)
    })

    it('slices with LIMIT/OFFSET, composes slices, and refuses negative or fractional indexes', async () => {
      await Tag.objects.bulkCreate(Array.from({ length: 10 }, (_, i) => new Tag({ name: `t${i}` })))
      const names = (qs: ReturnType<typeof Tag.objects.orderBy>) =>
        qs.valuesList(['name'], { flat: true })
      const ordered = Tag.objects.orderBy('name')
      expect(await names(ordered.slice(2, 5))).toEqual(['t2', 't3', 't4'])
      expect(await names(ordered.slice(2, 8).slice(1, 3))).toEqual(['t3', 't4'])
      expect(await names(ordered.slice(2, 4).slice(1, 10))).toEqual(['t3'])
      expect(await names(ordered.slice(8))).toEqual(['t8', 't9'])
      expect(await names(ordered.limit(2))).toEqual(['t0', 't1'])
      expect(await names(ordered.slice(5, 5))).toEqual([])
      expect(() => ordered.slice(-1)).toThrow(/negative/)
      expect(() => ordered.slice(0, -2)).toThrow(/negative/)
      expect(() => ordered.slice(1.5)).toThrow(TypeError)
      expect(() => ordered.slice(0, 2).orderBy('-name')).toThrow()
    })

    it('iterator() fetches in chunks, stops early without fetching the rest, and sees filters', async () => {
      await Tag.objects.bulkCreate(Array.from({ length: 7 }, (_, i) => new Tag({ name: `n${i}` })))
      db().queryCount = 0
      const seen: string[] = []
      for await (const tag of Tag.objects
        .filter({ name__gte: 'n2' })
        .orderBy('-name')
        .iterator({ chunkSize: 2 })) {
        expect(tag).toBeInstanceOf(Tag)
        seen.push(tag.name)
      }
      expect(seen).toEqual(['n6', 'n5', 'n4', 'n3', 'n2'])
      expect(db().queryCount).toBe(3)
      db().queryCount = 0
      for await (const tag of Tag.objects.orderBy('name').iterator({ chunkSize: 3 })) {
        if (tag.name === 'n1') break
      }
      expect(db().queryCount).toBe(1)
      const rows: unknown[] = []
      for await (const row of Tag.objects
        .orderBy('name')
        .values('name')
        .slice(0, 2)
        .iterator({ chunkSize: 1 }))
        rows.push(row)
      expect(rows).toEqual([{ name: 'n0' }, { name: 'n1' }])
    })

    it('an awaited QuerySet keeps its results; all() and the Manager query afresh', async () => {
      const qs = Author.objects.all()
      expect(await qs).toEqual([])
      await Author.objects.create({ name: 'Later' })
      expect(await qs).toEqual([]) // evaluated once, kept (Django's result cache)
      expect((await qs.all()).map((a) => a.name)).toEqual(['Later'])
      expect((await Author.objects).length).toBe(1) // a Manager never keeps results
    })
  })
}
