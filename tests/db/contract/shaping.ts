/**
 * Contract cases: the shape of results — values/valuesList (flat), only/defer, distinct,
 * orderBy (fields, related, '?', expressions), union/intersection/difference, selectRelated,
 * prefetchRelated — and hostile identifiers, which must be FieldErrors, never SQL.
 */
import { describe, expect, it } from 'vitest'
import { Count, F, FieldError, Lower, Q, Sum } from '../../../src/db/index.js'
import { Author, Choice, Question, Tag } from '../polls-models.js'
import { day, poll, type ContractCases } from './context.js'

const HOSTILE = [
  'questionText; DROP TABLE polls_question',
  'questionText"',
  "questionText'",
  'question_text) --',
  '__proto__',
  '',
  ' questionText',
  'author__name"; --',
]

export const shapingCases: ContractCases = ({ db }) => {
  describe('QuerySet shaping', () => {
    it('values() and valuesList() over fields, relations and annotations; flat needs one field', async () => {
      const ada = await Author.objects.create({ name: 'Ada' })
      const q = await poll('V?', day('2024-01-01'))
      q.author = ada
      await q.save()
      expect(
        await Choice.objects
          .orderBy('votes')
          .values('choiceText', 'question__questionText', 'question__author__name'),
      ).toEqual([
        { choiceText: 'Not much', question__questionText: 'V?', question__author__name: 'Ada' },
        { choiceText: 'The sky', question__questionText: 'V?', question__author__name: 'Ada' },
      ])
      expect(
        await Choice.objects
          .annotate({ double: F('votes').mul(2) })
          .orderBy('-double')
          .valuesList('choiceText', 'double'),
      ).toEqual([
        ['The sky', 6],
        ['Not much', 2],
      ])
      expect(await Choice.objects.orderBy('votes').valuesList(['votes'], { flat: true })).toEqual([
        1, 3,
      ])
      const row = (await Choice.objects.values())[0]!
      expect(Object.keys(row).sort()).toEqual(['choiceText', 'id', 'questionId', 'votes'])
      expect(
        Object.getPrototypeOf(row) === Object.prototype || Object.getPrototypeOf(row) === null,
      ).toBe(true)
      expect(() => Choice.objects.valuesList(['votes', 'choiceText'], { flat: true })).toThrow(
        /exactly one field/,
      )
      expect(() => Choice.objects.values('nope' as never)).toThrow(FieldError)
      // values() then filter/order on a value still works, and groups when aggregated.
      expect(
        await Choice.objects
          .values('question__questionText')
          .annotate({ total: Sum('votes') })
          .orderBy('question__questionText'),
      ).toEqual([{ question__questionText: 'V?', total: 4 }])
    })

    it('only() and defer() load the named columns (and always the pk)', async () => {
      const q = await poll('O?', day('2024-01-01'))
      db().queryLog = []
      const only = (await Question.objects.only('questionText'))[0]!
      const sql = db().queryLog![0]!.sql
      db().queryLog = null
      expect(only.pk).toBe(q.pk)
      expect(only.questionText).toBe('O?')
      expect(only.pubDate).toBeUndefined()
      expect(sql).not.toMatch(/pub_date"?\s*(,|FROM)/)
      const deferred = (await Question.objects.defer('questionText', 'metadata'))[0]!
      expect(deferred.questionText).toBeUndefined()
      expect(deferred.pk).toBe(q.pk)
      expect(deferred.score).toBe('0.00')
      const both = (await Question.objects.only('questionText', 'score').defer('score'))[0]!
      expect(both.questionText).toBe('O?')
      expect(() => Question.objects.only('nope' as never)).toThrow(FieldError)
      expect(() => Question.objects.defer('nope' as never)).toThrow(FieldError)
      // Saving a partially loaded instance with updateFields writes only what was loaded.
      only.questionText = 'O2?'
      await only.save({ updateFields: ['questionText'] })
      const fresh = await Question.objects.get({ pk: q.pk })
      expect([fresh.questionText, fresh.pubDate.toISOString()]).toEqual([
        'O2?',
        day('2024-01-01').toISOString(),
      ])
    })

    it('distinct() removes duplicate rows from joins and from values()', async () => {
      await poll('A', day('2024-01-01'))
      await poll('B', day('2024-01-02'))
      const joined = Question.objects.filter(Q({ choice__votes__gt: 0 }))
      expect(await joined.count()).toBe(2) // no duplicates from the reverse join (docs/queries.md)
      expect((await joined.distinct()).map((q) => q.questionText).sort()).toEqual(['A', 'B'])
      expect(await Choice.objects.orderBy('choiceText').values('choiceText').distinct()).toEqual([
        { choiceText: 'Not much' },
        { choiceText: 'The sky' },
      ])
      expect(
        await Choice.objects.valuesList(['votes'], { flat: true }).distinct().orderBy('votes'),
      ).toEqual([1, 3])
    })

    it('orders by several keys, nulls, annotations and expressions, and reverse() flips them', async () => {
      const zed = await Author.objects.create({ name: 'Zed' })
      await Question.objects.create({ questionText: 'x', pubDate: day('2024-01-01') })
      await Question.objects.create({ questionText: 'y', pubDate: day('2024-01-01'), author: zed })
      await Question.objects.create({ questionText: 'z', pubDate: day('2024-01-02') })
      const texts = (qs: ReturnType<typeof Question.objects.all>) =>
        qs.valuesList(['questionText'], { flat: true })
      expect(await texts(Question.objects.orderBy('pubDate', '-questionText'))).toEqual([
        'y',
        'x',
        'z',
      ])
      expect(await texts(Question.objects.orderBy('pubDate', '-questionText').reverse())).toEqual([
        'z',
        'x',
        'y',
      ])
      expect(await texts(Question.objects.orderBy('-pubDate').orderBy('questionText'))).toEqual([
        'x',
        'y',
        'z',
      ])
      expect(
        await texts(
          Question.objects.annotate({ n: Count('choice') }).orderBy('-n', F('questionText').desc()),
        ),
      ).toEqual(['z', 'y', 'x'])
      expect(await texts(Question.objects.orderBy(Lower('questionText').asc()))).toEqual([
        'x',
        'y',
        'z',
      ])
      const random = await texts(Question.objects.orderBy('?'))
      expect([...random].sort()).toEqual(['x', 'y', 'z'])
    })

    it('combines querysets with union (and unionAll), intersection and difference', async () => {
      await Tag.objects.bulkCreate(['a', 'b', 'c', 'd'].map((name) => new Tag({ name })))
      const ab = Tag.objects.filter({ name__in: ['a', 'b'] })
      const bc = Tag.objects.filter({ name__in: ['b', 'c'] })
      const names = (qs: ReturnType<typeof Tag.objects.all>) =>
        qs.orderBy('name').valuesList(['name'], { flat: true })
      expect(await names(ab.union(bc))).toEqual(['a', 'b', 'c'])
      expect(await names(ab.union(bc, { all: true } as never))).toEqual(['a', 'b', 'b', 'c'])
      expect(await names(ab.intersection(bc))).toEqual(['b'])
      expect(await names(ab.difference(bc))).toEqual(['a'])
      expect(await names(Tag.objects.all().difference(ab, bc))).toEqual(['d'])
      expect(await ab.union(bc).count()).toBe(3)
      expect(
        await ab.union(bc).orderBy('name').slice(1, 2).valuesList(['name'], { flat: true }),
      ).toEqual(['b'])
      expect(() => ab.union(bc).slice(0, 1).orderBy('name')).toThrow(/slice/)
      const union = await ab.union(bc)
      expect(union.every((t) => t instanceof Tag)).toBe(true)
      expect(() => ab.union(bc).filter({ name: 'a' })).toThrow()
    })

    it('selectRelated() joins forward relations once; prefetchRelated() batches reverse and m2m', async () => {
      const ada = await Author.objects.create({ name: 'Ada' })
      for (const text of ['P1', 'P2']) {
        const q = await poll(text)
        q.author = ada
        await q.save()
        await q.tags.add(await Tag.objects.create({ name: `tag-${text}` }))
      }
      await poll('orphan')
      db().queryCount = 0
      const choices = await Choice.objects
        .selectRelated('question', 'question__author')
        .filter({ question__questionText__startswith: 'P' })
      expect(db().queryCount).toBe(1)
      expect(choices.map((c) => (c.question.author as Author).name)).toEqual(Array(4).fill('Ada'))
      const orphanChoice = await Choice.objects
        .selectRelated('question__author')
        .get({ question__questionText: 'orphan', votes: 1 })
      expect(orphanChoice.question.author).toBe(null)
      db().queryCount = 0
      const authors = await Author.objects.prefetchRelated('questions')
      expect(db().queryCount).toBe(2)
      expect((await authors[0]!.questions).map((q) => q.questionText).sort()).toEqual(['P1', 'P2'])
      db().queryCount = 0
      const tags = await Tag.objects.prefetchRelated('questions').orderBy('name')
      expect(tags.map((t) => t.name)).toEqual(['tag-P1', 'tag-P2'])
      const linked = await Promise.all(tags.map(async (t) => (await t.questions).length))
      expect(linked).toEqual([1, 1])
      expect(db().queryCount).toBe(2) // tags, then questions joined to the links
      expect(() => Choice.objects.selectRelated('votes')).toThrow(FieldError)
      await expect(Question.objects.prefetchRelated('nope').fetch()).rejects.toThrow()
    })

    it('refuses hostile orderBy, annotate/alias, values, only/defer, F() and filter names with FieldError', async () => {
      await poll()
      for (const name of HOSTILE) {
        const attempt = (fn: () => unknown) => {
          let error: unknown = null
          try {
            fn()
          } catch (e) {
            error = e
          }
          return error
        }
        for (const fn of [
          () => Question.objects.orderBy(name as never),
          () => Question.objects.orderBy(`-${name}` as never),
          () => Question.objects.values(name as never),
          () => Question.objects.valuesList(name as never),
          () => Question.objects.only(name as never),
          () => Question.objects.defer(name as never),
          () => Question.objects.filter({ [name]: 1 } as never),
          () => Question.objects.filter(Q({ [`${name}__exact`]: 1 } as never)),
          () => Question.objects.annotate({ [name]: Count('choice') }),
          () => Question.objects.alias({ [name]: Count('choice') }),
          () => Question.objects.annotate({ n: Count(name) }),
          () => Question.objects.annotate({ n: F(name) }),
        ]) {
          expect(attempt(fn), `${String(fn)} with ${JSON.stringify(name)}`).toBeInstanceOf(
            FieldError,
          )
        }
      }
      // An annotation may not shadow a field.
      expect(() => Question.objects.annotate({ questionText: Count('choice') })).toThrow(FieldError)
      expect(await Question.objects.count()).toBe(1)
      expect(await Choice.objects.count()).toBe(2)
    })
  })
}
