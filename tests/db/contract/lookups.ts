/**
 * Contract cases: every lookup and transform, on plain fields, across relations both ways,
 * inside Q trees, and on JSON key paths; plus the lookups' error paths.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { FieldError, Q } from '../../../src/db/index.js'
import { Author, Choice, Everything, Question, Tag } from '../polls-models.js'
import { day, poll, type ContractCases } from './context.js'

export const lookupCases: ContractCases = ({ backend }) => {
  describe('lookups (every one)', () => {
    beforeEach(async () => {
      await Everything.objects.bulkCreate([
        new Everything({
          body: 'Alpha beta',
          ratio: 1.5,
          big: 10,
          day: '2024-02-29',
          at: '08:15:00',
          price: '10.5000',
          data: { kind: 'a', n: 1, nested: { deep: 'x' }, list: [1, 2] },
        }),
        new Everything({
          body: 'gamma',
          ratio: -2,
          big: 20,
          day: '2023-12-31',
          at: '23:59:59',
          price: '0.0001',
          data: { kind: 'b', n: 5 },
        }),
        new Everything({ body: null, ratio: null, big: null, day: null, data: null }),
      ])
    })
    /** The matching rows' bodies, sorted in JS ('<null>' first): backends order NULLs differently. */
    const bodies = async (lookups: Record<string, unknown> | ReturnType<typeof Q>) =>
      (
        (await Everything.objects
          .filter(lookups as never)
          .valuesList(['body'], { flat: true })) as (string | null)[]
      )
        .map((b) => b ?? '<null>')
        .sort()

    it('exact / iexact, including exact None as IS NULL', async () => {
      expect(await bodies({ body: 'gamma' })).toEqual(['gamma'])
      // MariaDB's exact follows the column's collation, as in Django: the default utf8mb4
      // collation ignores case (a _bin column compares exactly; see mariadb.test.ts).
      expect(await bodies({ body__exact: 'Gamma' })).toEqual(
        backend.name === 'mariadb' ? ['gamma'] : [],
      )
      expect(await bodies({ body__iexact: 'GAMMA' })).toEqual(['gamma'])
      expect(await bodies({ body__exact: null })).toEqual(['<null>'])
      expect(await bodies({ body: null })).toEqual(['<null>'])
    })

    it('contains / icontains / startswith / istartswith / endswith / iendswith', async () => {
      expect(await bodies({ body__contains: 'pha' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__contains: 'ALPHA' })).toEqual([])
      expect(await bodies({ body__icontains: 'ALPHA' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__startswith: 'alpha' })).toEqual([])
      expect(await bodies({ body__istartswith: 'alpha' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__endswith: 'Beta' })).toEqual([])
      expect(await bodies({ body__iendswith: 'Beta' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__endswith: 'mma' })).toEqual(['gamma'])
    })

    it('in (list, empty list, subquery, values subquery) and not in via exclude', async () => {
      expect(await bodies({ big__in: [10, 30] })).toEqual(['Alpha beta'])
      expect(await bodies({ big__in: [] })).toEqual([])
      expect(await bodies({ body__in: ['gamma', 'Alpha beta'] })).toEqual(['Alpha beta', 'gamma'])
      const sub = Everything.objects.filter({ ratio__lt: 0 }).values('big')
      expect(await bodies({ big__in: sub })).toEqual(['gamma'])
      expect(await Everything.objects.exclude({ big__in: [10] }).count()).toBe(2) // NULL rows are kept by exclude
      expect(() => Everything.objects.filter({ big__in: 5 } as never)).toThrow()
    })

    it('gt / gte / lt / lte / range on numbers, decimals, dates and times', async () => {
      expect(await bodies({ ratio__gt: 1 })).toEqual(['Alpha beta'])
      expect(await bodies({ ratio__gte: -2 })).toEqual(['Alpha beta', 'gamma'])
      expect(await bodies({ ratio__lt: 0 })).toEqual(['gamma'])
      expect(await bodies({ ratio__lte: 1.5 })).toEqual(['Alpha beta', 'gamma'])
      expect(await bodies({ price__gt: '1' })).toEqual(['Alpha beta'])
      expect(await bodies({ price__lte: '0.0001' })).toEqual(['gamma'])
      expect(await bodies({ big__range: [5, 15] })).toEqual(['Alpha beta'])
      expect(await bodies({ day__range: ['2024-01-01', '2024-12-31'] })).toEqual(['Alpha beta'])
      expect(await bodies({ day__lt: '2024-01-01' })).toEqual(['gamma'])
      expect(await bodies({ at__gte: '12:00:00' })).toEqual(['gamma'])
      expect(() => Everything.objects.filter({ big__range: [1] } as never)).toThrow()
    })

    it('isnull true/false, on columns and on reverse relations', async () => {
      expect(await bodies({ body__isnull: true })).toEqual(['<null>'])
      expect(await bodies({ body__isnull: false })).toEqual(['Alpha beta', 'gamma'])
      await poll('has choices')
      await Question.objects.create({ questionText: 'bare', pubDate: day('2024-01-01') })
      expect(
        await Question.objects
          .filter(Q({ choice__isnull: true }))
          .valuesList(['questionText'], { flat: true }),
      ).toEqual(['bare'])
      expect(
        await Question.objects
          .filter(Q({ choice__isnull: false }))
          .distinct()
          .valuesList(['questionText'], { flat: true }),
      ).toEqual(['has choices'])
    })

    it('regex / iregex (the same dialect on both backends), never as SQL injection', async () => {
      expect(await bodies({ body__regex: '^[A-Z][a-z]+ b' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__regex: '^alpha' })).toEqual([])
      expect(await bodies({ body__iregex: '^alpha' })).toEqual(['Alpha beta'])
      expect(await bodies({ body__iregex: 'A$' })).toEqual(['Alpha beta', 'gamma'])
      expect(await bodies({ body__regex: "x' OR '1'='1" })).toEqual([])
    })

    it('date transforms: year, month, day, week_day, iso_week_day, week, quarter on dates', async () => {
      expect(await bodies({ day__year: 2024 })).toEqual(['Alpha beta'])
      expect(await bodies({ day__year__lt: 2024 })).toEqual(['gamma'])
      expect(await bodies({ day__month: 2, day__day: 29 })).toEqual(['Alpha beta'])
      expect(await bodies({ day__week_day: 5 })).toEqual(['Alpha beta']) // 2024-02-29: Thursday
      expect(await bodies({ day__iso_week_day: 7 })).toEqual(['gamma']) // 2023-12-31: Sunday
      expect(await bodies({ day__quarter: 4 })).toEqual(['gamma'])
      expect(await bodies({ day__week: 9 })).toEqual(['Alpha beta'])
      expect(await bodies({ day__month__in: [1, 2, 3] })).toEqual(['Alpha beta'])
    })

    it('time transforms on datetimes (hour, minute, second, date) follow TIME_ZONE (UTC here)', async () => {
      await Question.objects.create({
        questionText: 'late',
        pubDate: new Date('2024-07-04T22:05:09Z'),
      })
      const n = (lookups: Record<string, unknown>) =>
        Question.objects.filter(lookups as never).count()
      expect(await n({ pubDate__hour: 22, pubDate__minute: 5, pubDate__second: 9 })).toBe(1)
      expect(await n({ pubDate__hour__gte: 23 })).toBe(0)
      expect(await n({ pubDate__date: '2024-07-04' })).toBe(1)
      expect(await n({ pubDate__date__gt: '2024-07-04' })).toBe(0)
      expect(await n({ pubDate__year: 2024, pubDate__month: 7 })).toBe(1)
      expect(() => Question.objects.filter({ questionText__year: 2024 } as never)).toThrow(
        FieldError,
      )
    })

    it('JSON key paths: nested keys, array indexes, lookups after a key, missing keys', async () => {
      expect(await bodies({ data__kind: 'a' })).toEqual(['Alpha beta'])
      expect(await bodies({ data__nested__deep: 'x' })).toEqual(['Alpha beta'])
      expect(await bodies({ data__n__gt: 2 })).toEqual(['gamma'])
      expect(await bodies({ data__n__lte: 1 })).toEqual(['Alpha beta'])
      expect(await bodies({ data__list__1: 2 })).toEqual(['Alpha beta'])
      expect(await bodies({ data__kind__in: ['a', 'b'] })).toEqual(['Alpha beta', 'gamma'])
      expect(await bodies({ data__kind__icontains: 'B' })).toEqual(['gamma'])
      expect(await bodies({ data__nested__isnull: true })).toEqual(['<null>', 'gamma'])
      expect(await bodies({ data__missing: 'x' })).toEqual([])
      expect(await bodies({ data__isnull: true })).toEqual(['<null>'])
      expect(await bodies({ "data__x'); DROP TABLE t; --": 1 })).toEqual([])
    })

    it('spans relations forward, reverse and many-to-many, with lookups at the end', async () => {
      const ada = await Author.objects.create({ name: 'Ada' })
      const q = await poll('Spanning?')
      q.author = ada
      await q.save()
      await q.tags.add(await Tag.objects.create({ name: 'science' }))
      expect(await Choice.objects.filter({ question__author__name__iexact: 'ADA' }).count()).toBe(2)
      expect(await Author.objects.filter(Q({ questions__choice__votes__gte: 3 })).count()).toBe(1)
      expect(await Tag.objects.filter(Q({ questions__author__name: 'Ada' })).count()).toBe(1)
      expect(await Question.objects.filter({ tags__name__startswith: 'sci' }).count()).toBe(1)
      expect(await Question.objects.filter({ author: ada }).count()).toBe(1)
      expect(await Question.objects.filter({ author__pk: ada.pk }).count()).toBe(1)
      expect(await Question.objects.filter({ author__in: [ada] }).count()).toBe(1)
      expect(() => Question.objects.filter({ author__nope: 1 } as never)).toThrow(FieldError)
    })

    it('Q objects: and, or, not, nesting, with exclude and mixed keyword arguments', async () => {
      const q = Q({ body__startswith: 'A' }).or(Q({ big: 20 }))
      expect(await bodies(q)).toEqual(['Alpha beta', 'gamma'])
      expect(await bodies(q.not())).toEqual(['<null>']) // negation keeps NULL rows, as in Django
      expect(await bodies(Q({ big__gt: 0 }).and(Q({ body: 'gamma' }).not()))).toEqual([
        'Alpha beta',
      ])
      expect(
        await Everything.objects
          .filter(Q.or(Q({ big: 10 }), Q({ big: 20 })), { ratio__lt: 0 })
          .count(),
      ).toBe(1)
      expect(await Everything.objects.exclude(Q({ big: 10 }).or(Q({ big: 20 }))).count()).toBe(1)
    })
  })
}
