/**
 * Contract cases: `qs.ordered` and what first() / last() order by, as in Django — the
 * QuerySet's ordering when it is ordered (orderBy() with items, or Meta.ordering unless
 * cleared or grouped), else the primary key; Meta.ordering left out of GROUP BY queries;
 * the errors for a grouped values() query and for reversing a slice.
 */
import { describe, expect, it } from 'vitest'
import { Count, FieldError, Upper } from '../../../src/db/index.js'
import { assertNumQueries } from '../../../src/test/query-assertions.js'
import { Author, Choice, Question, Tag } from '../polls-models.js'
import { day, type ContractCases } from './context.js'

/**
 * Three questions whose pk order (old, new, mid) differs from Meta.ordering's -pubDate
 * (new, mid, old) and from their text order (mid, new, old). Ada wrote old and new; old has
 * two choices, mid one, new none.
 */
async function questions(): Promise<{ old: Question; recent: Question; mid: Question }> {
  const ada = await Author.objects.create({ name: 'Ada' })
  const old = await Question.objects.create({
    questionText: 'old',
    pubDate: day('2024-01-01'),
    author: ada,
  })
  const recent = await Question.objects.create({
    questionText: 'new',
    pubDate: day('2024-03-01'),
    author: ada,
  })
  const mid = await Question.objects.create({ questionText: 'mid', pubDate: day('2024-02-01') })
  await old.choiceSet.create({ choiceText: 'o1', votes: 1 })
  await old.choiceSet.create({ choiceText: 'o2', votes: 2 })
  await mid.choiceSet.create({ choiceText: 'm1', votes: 3 })
  return { old, recent, mid }
}

const text = (q: Question | null) => q?.questionText ?? null

export const orderingCases: ContractCases = () => {
  describe('ordered, first() and last()', () => {
    it('ordered: orderBy() items or Meta.ordering, unless cleared or grouped; none() is ordered', () => {
      expect(Question.objects.all().ordered).toBe(true) // Meta.ordering: ['-pubDate']
      expect(Question.objects.filter({ questionText: 'x' }).ordered).toBe(true)
      expect(Question.objects.orderBy().ordered).toBe(false) // cleared, Meta.ordering too
      expect(Question.objects.orderBy().orderBy('pk').ordered).toBe(true)
      expect(Question.objects.reverse().ordered).toBe(true)
      expect(Question.objects.values('questionText').ordered).toBe(true)
      expect(Tag.objects.all().ordered).toBe(false) // no Meta.ordering
      expect(Tag.objects.reverse().ordered).toBe(false)
      expect(Tag.objects.orderBy('-name').ordered).toBe(true)
      expect(Tag.objects.none().ordered).toBe(true)
      // An aggregate groups the rows: Meta.ordering no longer applies (Django 3.1+).
      expect(Question.objects.annotate({ n: Count('choice') }).ordered).toBe(false)
      expect(Question.objects.alias({ n: Count('choice') }).ordered).toBe(false)
      expect(Question.objects.annotate({ n: Count('choice') }).orderBy('-n').ordered).toBe(true)
      expect(Question.objects.annotate({ shout: Upper('questionText') }).ordered).toBe(true)
      const all = Question.objects.all()
      expect(all.union(all).ordered).toBe(false)
      expect(all.union(all).orderBy('pk').ordered).toBe(true)
    })

    it('first() and last() use Meta.ordering, an explicit ordering, or pk once orderBy() cleared it', async () => {
      await questions()
      expect(text(await Question.objects.first())).toBe('new') // -pubDate
      expect(text(await Question.objects.last())).toBe('old')
      expect(text(await Question.objects.reverse().first())).toBe('old')
      expect(text(await Question.objects.orderBy('questionText').first())).toBe('mid')
      expect(text(await Question.objects.orderBy('questionText').last())).toBe('old')
      // orderBy() clears every ordering: first() then orders by pk, as in Django.
      expect(text(await Question.objects.orderBy().first())).toBe('old')
      expect(text(await Question.objects.orderBy().last())).toBe('mid')
      expect(text(await Question.objects.filter({ author__isnull: true }).orderBy().first())).toBe(
        'mid',
      )
      // A union has no ordering of its own: pk again.
      const union = Question.objects
        .filter({ questionText: 'mid' })
        .union(Question.objects.filter({ questionText: 'new' }))
      expect([text(await union.first()), text(await union.last())]).toEqual(['new', 'mid'])
      // An ordered slice: first() takes its first row.
      expect(text(await Question.objects.slice(1, 3).first())).toBe('mid')
      expect(await Question.objects.filter({ questionText: 'none' }).orderBy().first()).toBe(null)
      expect(await Question.objects.orderBy().last()).not.toBe(null)
      expect(await assertNumQueries(0, () => Question.objects.none().first())).toBe(null)
      expect(await assertNumQueries(0, () => Question.objects.none().last())).toBe(null)
    })

    it('an evaluated QuerySet answers first() from its results only when ordered', async () => {
      await questions()
      const cleared = Question.objects.orderBy()
      await assertNumQueries(1, async () => await cleared)
      expect(text(await assertNumQueries(1, () => cleared.first()))).toBe('old')
      const byMeta = Question.objects.filter({ pubDate__year: 2024 })
      await assertNumQueries(1, async () => await byMeta)
      expect(text(await assertNumQueries(0, () => byMeta.first()))).toBe('new')
      expect(text(await assertNumQueries(1, () => byMeta.last()))).toBe('old')
    })

    it('Meta.ordering does not apply to grouped queries, so first() orders them by pk', async () => {
      const { old, mid } = await questions()
      const counted = Question.objects.annotate({ n: Count('choice') })
      // No ORDER BY at all: Meta.ordering's column would join the GROUP BY.
      expect(counted.toSql().sql).not.toMatch(/ORDER BY/i)
      const first = (await counted.first()) as (Question & { n: number }) | null
      expect([first?.pk, Number(first?.n)]).toEqual([old.pk, 2])
      const last = (await counted.last()) as (Question & { n: number }) | null
      expect([last?.pk, Number(last?.n)]).toEqual([mid.pk, 1])
      // One row per author, not one per (author, pubDate) as Meta.ordering would make it.
      const perAuthor = await Question.objects.values('author').annotate({ n: Count('pk') })
      expect(
        perAuthor
          .map((row) => [row.author === null ? null : 'ada', Number(row.n)])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        ['ada', 2],
        [null, 1],
      ])
      // An explicit ordering still applies.
      const ordered = Question.objects.annotate({ n: Count('choice') }).orderBy('-n', 'pk')
      expect(text(await ordered.first())).toBe('old')
      expect(text(await ordered.last())).toBe('new')
    })

    it('refuses to order a values() query grouped without the pk, and to reverse a slice', async () => {
      await questions()
      const grouped = Question.objects.values('author').annotate({ n: Count('pk') })
      const message =
        'Cannot use QuerySet.first() on an unordered queryset performing aggregation. Add an ordering with orderBy().'
      await expect(grouped.first()).rejects.toThrow(new TypeError(message))
      await expect(grouped.last()).rejects.toThrow(
        new TypeError(message.replace('first()', 'last()')),
      )
      // With an ordering, or grouped by pk, there is nothing to refuse.
      const most = await grouped.orderBy('n').last()
      expect(Number(most?.n)).toBe(2)
      const byPk = await Choice.objects
        .values('pk', 'choiceText')
        .annotate({ n: Count('pk') })
        .first()
      expect(byPk).toMatchObject({ choiceText: 'o1' })
      // Django: a slice cannot be reversed (last() on an ordered slice reverses it).
      expect(() => Question.objects.slice(0, 2).reverse()).toThrow(
        new TypeError('Cannot reverse a query once a slice has been taken.'),
      )
      await expect(Question.objects.slice(0, 2).last()).rejects.toBeInstanceOf(TypeError)
      // Unordered, a slice cannot be ordered by pk either.
      await expect(Tag.objects.slice(0, 2).first()).rejects.toBeInstanceOf(FieldError)
    })

    it('iterator() chunks a QuerySet whose ordering was cleared in pk order', async () => {
      await questions()
      const seen: string[] = []
      await assertNumQueries(2, async () => {
        for await (const q of Question.objects.orderBy().iterator({ chunkSize: 2 }))
          seen.push(q.questionText)
      })
      expect(seen).toEqual(['old', 'new', 'mid'])
    })
  })
}
