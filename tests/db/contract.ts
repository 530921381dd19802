/**
 * The database contract suite: every backend runs exactly these tests (sqlite.test.ts,
 * postgresql.test.ts, mariadb.test.ts). Tables are created with the schema editor; rows are emptied
 * between tests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { configure, resetSettings } from '../../src/conf/settings.js'
import { ValidationError } from '../../src/core/exceptions.js'
import {
  atomic,
  Avg,
  Case,
  Coalesce,
  Concat,
  connections,
  Count,
  Exists,
  F,
  FieldError,
  Index,
  IntegrityError,
  Length,
  Lower,
  Max,
  Min,
  ModelRegistry,
  MultipleObjectsReturned,
  NotSupportedError,
  Now,
  ObjectDoesNotExist,
  onCommit,
  OperationalError,
  OuterRef,
  postDelete,
  postSave,
  preSave,
  m2mChanged,
  ProtectedError,
  Q,
  RelatedNotLoaded,
  RestrictedError,
  router,
  Subquery,
  Sum,
  UniqueConstraint,
  Upper,
  Value,
  When,
  buildModel,
  type ManyToManyField,
  modelState,
  type AnyModelClass,
  type DatabaseWrapper,
} from '../../src/db/index.js'
import type { TestBackend } from './backends.js'
import { contractCases } from './contract/index.js'
import {
  allModels,
  Author,
  Box,
  Choice,
  Club,
  Clip,
  Everything,
  Membership,
  Note,
  Person,
  Pin,
  Profile,
  Question,
  Tag,
} from './polls-models.js'

const day = (iso: string) => new Date(`${iso}T12:00:00Z`)

export function contractSuite(backend: TestBackend): void {
  describe.skipIf(backend.unavailable !== null)(`database contract: ${backend.name}`, () => {
    let db: DatabaseWrapper

    beforeAll(async () => {
      configure({ DATABASES: backend.databases, USE_TZ: true, TIME_ZONE: 'UTC' })
      db = connections.get('default')
      await db.schemaEditor(async (editor) => {
        for (const model of allModels) await editor.createModel(model)
      })
      await connections.get('other').schemaEditor(async (editor) => {
        for (const model of [Author]) await editor.createModel(model)
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
      await connections.get('other').execute(`DELETE FROM ${db.quoteName(Author._meta.dbTable)}`)
    })

    // The case files under contract/ (one per area of the QuerySet API).
    for (const cases of contractCases) cases({ backend, db: () => db })

    async function poll(text = 'What is up?', when = day('2024-05-01')) {
      const question = await Question.objects.create({ questionText: text, pubDate: when })
      await question.choiceSet.create({ choiceText: 'Not much', votes: 1 })
      await question.choiceSet.create({ choiceText: 'The sky', votes: 3 })
      return question
    }

    describe('instances', () => {
      it('creates, reads, updates and deletes with typed attributes and methods', async () => {
        const q = await Question.objects.create({ questionText: 'Hi?', pubDate: day('2024-01-02') })
        expect(typeof q.id).toBe('number')
        expect(q.pk).toBe(q.id)
        expect(q.createdAt).toBeInstanceOf(Date)
        expect(q.score).toBe('0.00')
        const loaded = await Question.objects.get({ pk: q.id })
        expect(loaded).toBeInstanceOf(Question)
        expect(loaded.equals(q)).toBe(true)
        expect(String(loaded)).toBe('Hi?')
        expect(loaded.wasPublishedRecently(day('2024-01-02').getTime() + 1000)).toBe(true)
        loaded.questionText = 'Hello?'
        await loaded.save()
        expect((await Question.objects.get({ id: q.id })).questionText).toBe('Hello?')
        await q.refreshFromDb()
        expect(q.questionText).toBe('Hello?')
        await q.delete()
        expect(await Question.objects.count()).toBe(0)
        expect(q.pk).toBe(null)
      })

      it('save({ updateFields }) writes only those columns', async () => {
        const q = await Question.objects.create({ questionText: 'A', pubDate: day('2024-01-01') })
        const stale = await Question.objects.get({ pk: q.pk })
        q.questionText = 'B'
        await q.save()
        stale.score = '5.5'
        await stale.save({ updateFields: ['score'] })
        const fresh = await Question.objects.get({ pk: q.pk })
        expect([fresh.questionText, fresh.score]).toEqual(['B', '5.50'])
        await expect(stale.save({ updateFields: ['nope'] })).rejects.toThrow(FieldError)
      })

      it('raises the model-specific DoesNotExist and MultipleObjectsReturned', async () => {
        await expect(Question.objects.get({ pk: 999 })).rejects.toBeInstanceOf(
          Question.DoesNotExist,
        )
        await expect(Question.objects.get({ pk: 999 })).rejects.toBeInstanceOf(ObjectDoesNotExist)
        await expect(Choice.objects.get({ pk: 999 })).rejects.not.toBeInstanceOf(
          Question.DoesNotExist,
        )
        await poll()
        await expect(Choice.objects.get()).rejects.toBeInstanceOf(Choice.MultipleObjectsReturned)
        await expect(Choice.objects.get()).rejects.toBeInstanceOf(MultipleObjectsReturned)
      })

      it('rejects unknown constructor fields', () => {
        expect(() => new Question({ nope: 1 } as never)).toThrow(/unexpected field 'nope'/)
      })

      it('fullClean reports errors per field and checks uniqueness', async () => {
        const bad = new Everything({ small: 3 as never, slug: 'not a slug!', site: 'nope' })
        const error = await bad.fullClean().catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ValidationError)
        const dict = (error as ValidationError).messageDict
        expect(Object.keys(dict).sort()).toEqual(['site', 'slug', 'small'])
        expect(dict.small![0]).toMatch(/valid choice/)
        const long = new Question({ questionText: 'x'.repeat(201), pubDate: new Date() })
        await expect(long.fullClean()).rejects.toThrow(/at most 200 characters/)
        await Author.objects.create({ name: 'Ada' })
        const dup = new Author({ name: 'Ada' })
        await expect(dup.fullClean()).rejects.toThrow(/already exists/)
        await expect(
          new Author({ name: 'Bob', email: 'bob@example.com' }).fullClean(),
        ).resolves.toBeUndefined()
        await expect(
          new Author({ name: 'Eve', email: 'not-an-email' }).fullClean(),
        ).rejects.toThrow(/valid email/)
      })

      it('sends preSave/postSave/preDelete/postDelete', async () => {
        const seen: string[] = []
        const onPre = ({ instance }: { instance: unknown }) =>
          void seen.push(`pre:${String(instance)}`)
        const onPost = ({ created }: { created: boolean }) => void seen.push(`post:${created}`)
        const onDelete = () => void seen.push('deleted')
        preSave.connect(onPre, { sender: Author })
        postSave.connect(onPost, { sender: Author })
        postDelete.connect(onDelete, { sender: Author })
        try {
          const a = await Author.objects.create({ name: 'Sig' })
          a.name = 'Sig2'
          await a.save()
          await a.delete()
          await Tag.objects.create({ name: 'not heard' })
        } finally {
          preSave.disconnect(onPre)
          postSave.disconnect(onPost)
          postDelete.disconnect(onDelete)
        }
        expect(seen).toEqual(['pre:Sig', 'post:true', 'pre:Sig2', 'post:false', 'deleted'])
      })
    })

    describe('fields', () => {
      it('round-trips every field type exactly', async () => {
        const uuid = '0a3c5c5e-3b7d-4d7e-9b1e-2b1f0c9d8e7f'
        const blob = Buffer.from([0, 1, 2, 255])
        const e = await Everything.objects.create({
          uuid,
          flag: true,
          maybe: null,
          day: '2024-02-29',
          at: '13:45:10.250000',
          took: 90_061_500,
          ratio: 0.1,
          big: 9_007_199_254_740_991,
          small: 2,
          price: '12345678.9012',
          blob,
          ip: '2001:DB8::1',
          slug: 'a-slug',
          site: 'https://example.com/x',
          body: 'multi\nline ünïcode ✓',
          data: { a: [1, 2, { b: null }], s: 'x' },
        })
        const got = await Everything.objects.get({ pk: e.pk })
        expect(got.uuid).toBe(uuid)
        expect(got.flag).toBe(true)
        expect(got.maybe).toBe(null)
        expect(got.day).toBe('2024-02-29')
        expect(got.at!.startsWith('13:45:10.25')).toBe(true)
        expect(got.took).toBe(90_061_500)
        expect(got.ratio).toBe(0.1)
        expect(got.big).toBe(9_007_199_254_740_991)
        expect(got.price).toBe('12345678.9012')
        expect(Buffer.compare(got.blob!, blob)).toBe(0)
        expect(got.ip).toBe('2001:db8::1')
        expect(got.data).toEqual({ a: [1, 2, { b: null }], s: 'x' })
        expect(got.body).toBe('multi\nline ünïcode ✓')
        expect(await Everything.objects.filter({ uuid }).count()).toBe(1)
        expect(await Everything.objects.filter({ flag: true, maybe__isnull: true }).count()).toBe(1)
      })

      it('keeps decimals exact as strings and rounds with string arithmetic', async () => {
        const e = await Everything.objects.create({ price: '0.30005' })
        expect(e.price).toBe('0.30005')
        const got = await Everything.objects.get({ pk: e.pk })
        expect(got.price).toBe('0.3001')
        await Everything.objects.create({ price: '-999.99995' })
        const prices = await Everything.objects
          .orderBy('price')
          .valuesList(['price'], { flat: true })
        expect(prices).toEqual(['-1000.0000', '0.3001'])
        if (db.vendor !== 'sqlite') {
          const exact = await Everything.objects.create({ price: '1234567890123456.7891' })
          expect((await Everything.objects.get({ pk: exact.pk })).price).toBe(
            '1234567890123456.7891',
          )
        }
      })

      it('stores datetimes as instants (USE_TZ) and supports date transforms', async () => {
        const when = new Date('2024-03-10T23:30:15.123Z')
        const q = await Question.objects.create({ questionText: 'tz', pubDate: when })
        const got = await Question.objects.get({ pk: q.pk })
        expect(got.pubDate.toISOString()).toBe(when.toISOString())
        const n = (lookups: Record<string, unknown>) =>
          Question.objects.filter(lookups as never).count()
        expect(await n({ pubDate__year: 2024, pubDate__month: 3, pubDate__day: 10 })).toBe(1)
        expect(await n({ pubDate__hour: 23, pubDate__minute: 30, pubDate__second: 15 })).toBe(1)
        expect(await n({ pubDate__week_day: 1 })).toBe(1) // a Sunday
        expect(await n({ pubDate__iso_week_day: 7, pubDate__quarter: 1 })).toBe(1)
        expect(await n({ pubDate__date: '2024-03-10' })).toBe(1)
        expect(await n({ pubDate__year__gte: 2025 })).toBe(0)
        expect(await n({ pubDate__gt: new Date('2024-03-10T23:30:15.000Z') })).toBe(1)
        expect(await n({ pubDate__range: [new Date('2024-03-01'), new Date('2024-03-31')] })).toBe(
          1,
        )
      })

      it('filters on JSON key paths', async () => {
        await Everything.objects.create({
          data: { owner: { name: 'ada', age: 36 }, tags: ['x', 'y'], ok: true },
        })
        await Everything.objects.create({ data: { owner: { name: 'bob', age: 7 } } })
        const n = (lookups: Record<string, unknown>) =>
          Everything.objects.filter(lookups as never).count()
        expect(await n({ data__owner__name: 'ada' })).toBe(1)
        expect(await n({ data__owner__age__gt: 10 })).toBe(1)
        expect(await n({ data__tags__0: 'x' })).toBe(1)
        expect(await n({ data__ok: true })).toBe(1)
        expect(await n({ data__tags__isnull: true })).toBe(1)
        expect(await n({ data__owner__name__startswith: 'b' })).toBe(1)
      })

      it('refuses invalid values with clear errors', async () => {
        await expect(Everything.objects.create({ uuid: 'not-a-uuid' })).rejects.toThrow(
          /not a valid UUID/,
        )
        await expect(Everything.objects.create({ price: 'abc' })).rejects.toThrow(/decimal number/)
        await expect(Everything.objects.create({ ip: '999.1.1.1' })).rejects.toThrow(
          /valid IPv4 or IPv6/,
        )
        await expect(Everything.objects.create({ day: '2023-02-29' })).rejects.toThrow(/valid date/)
      })
    })

    describe('lookups', () => {
      beforeEach(async () => {
        await Question.objects.bulkCreate([
          new Question({ questionText: 'What is 100%?', pubDate: day('2024-01-01') }),
          new Question({ questionText: 'what_about_case', pubDate: day('2024-02-01') }),
          new Question({ questionText: 'Why?', pubDate: day('2024-03-01') }),
        ])
      })
      const texts = async (lookups: Record<string, unknown>) =>
        (await Question.objects
          .filter(lookups as never)
          .orderBy('questionText')
          .valuesList(['questionText'], { flat: true })) as string[]

      it('compares exactly, case-insensitively and by pattern (case-sensitive where asked)', async () => {
        expect(await texts({ questionText: 'Why?' })).toEqual(['Why?'])
        expect(await texts({ questionText__iexact: 'WHY?' })).toEqual(['Why?'])
        expect(await texts({ questionText__contains: 'What' })).toEqual(['What is 100%?'])
        expect(await texts({ questionText__icontains: 'what' })).toEqual([
          'What is 100%?',
          'what_about_case',
        ])
        expect(await texts({ questionText__startswith: 'wh' })).toEqual(['what_about_case'])
        expect(await texts({ questionText__istartswith: 'WH' })).toHaveLength(3)
        expect(await texts({ questionText__endswith: '?' })).toEqual(['What is 100%?', 'Why?'])
        expect(await texts({ questionText__iendswith: 'CASE' })).toEqual(['what_about_case'])
      })

      it('treats LIKE and GLOB metacharacters in values literally', async () => {
        expect(await texts({ questionText__contains: '%' })).toEqual(['What is 100%?'])
        expect(await texts({ questionText__contains: '_' })).toEqual(['what_about_case'])
        expect(await texts({ questionText__icontains: '0%?' })).toEqual(['What is 100%?'])
        expect(await texts({ questionText__contains: '*' })).toEqual([])
        expect(await texts({ questionText__contains: '[' })).toEqual([])
      })

      it('supports in, comparisons, range, isnull and regex', async () => {
        expect(await texts({ questionText__in: ['Why?', 'nope'] })).toEqual(['Why?'])
        expect(await texts({ questionText__in: [] })).toEqual([])
        expect(
          await texts({ pubDate__gt: day('2024-01-15'), pubDate__lte: day('2024-02-01') }),
        ).toEqual(['what_about_case'])
        expect(await texts({ pubDate__lt: day('2024-01-15') })).toEqual(['What is 100%?'])
        expect(await texts({ pubDate__gte: day('2024-03-01') })).toEqual(['Why?'])
        expect(
          await texts({ pubDate__range: [day('2024-01-15'), day('2024-03-15')] }),
        ).toHaveLength(2)
        expect(await texts({ author__isnull: true })).toHaveLength(3)
        expect(await texts({ metadata__isnull: false })).toEqual([])
        expect(await texts({ questionText__regex: '^W[a-z]+\\?$' })).toEqual(['Why?'])
        expect(await texts({ questionText__iregex: '^what' })).toHaveLength(2)
      })

      it('takes a QuerySet for __in (a subquery)', async () => {
        const early = Question.objects.filter({ pubDate__lt: day('2024-02-15') })
        expect(await texts({ pk__in: early })).toHaveLength(2)
        expect(await texts({ pk__in: early.values('pk') })).toHaveLength(2)
      })

      it('combines Q objects with and/or/not, and exclude keeps NULLs', async () => {
        expect(await texts({})).toHaveLength(3)
        const q = Q({ questionText__startswith: 'Why' }).or(Q({ questionText__contains: '100' }))
        expect(await Question.objects.filter(q).count()).toBe(2)
        expect(await Question.objects.filter(q.not()).count()).toBe(1)
        expect(
          await Question.objects
            .filter(Q.and(Q({ pubDate__year: 2024 }), Q({ questionText: 'Why?' })))
            .count(),
        ).toBe(1)
        expect(await Question.objects.exclude({ questionText: 'Why?' }).count()).toBe(2)
        await Everything.objects.bulkCreate([
          new Everything({ body: 'a' }),
          new Everything({ body: null }),
        ])
        expect(await Everything.objects.exclude({ body: 'a' }).count()).toBe(1)
      })

      it('refuses unknown fields and lookups with FieldError', async () => {
        expect(() => Question.objects.filter({ nope: 1 } as never)).toThrow(FieldError)
        expect(() => Question.objects.filter({ questionText__bogus: 1 } as never)).toThrow(
          FieldError,
        )
        expect(() => Question.objects.filter({ questionText: undefined } as never)).toThrow(
          /undefined/,
        )
      })
    })

    describe('relations', () => {
      it('spans forward and reverse relations, and many-to-many both ways', async () => {
        const ada = await Author.objects.create({ name: 'Ada' })
        const q1 = await poll('First?')
        q1.author = ada
        await q1.save()
        const q2 = await Question.objects.create({
          questionText: 'Second?',
          pubDate: day('2024-06-01'),
        })
        const red = await Tag.objects.create({ name: 'red' })
        const blue = await Tag.objects.create({ name: 'blue' })
        await q1.tags.add(red, blue)
        await q2.tags.add(red.pk)
        expect(await Choice.objects.filter({ question__author__name: 'Ada' }).count()).toBe(2)
        expect(await Question.objects.filter(Q({ choice__votes__gt: 2 })).count()).toBe(1)
        expect(
          await Question.objects
            .filter(Q({ choice__votes__gt: 2, choice__choiceText: 'Not much' }))
            .count(),
        ).toBe(0)
        expect(
          await Question.objects
            .filter(Q({ choice__isnull: true }))
            .valuesList(['questionText'], { flat: true }),
        ).toEqual(['Second?'])
        expect(await Question.objects.filter({ tags__name: 'blue' }).count()).toBe(1)
        expect(
          await Tag.objects
            .filter(Q({ questions__questionText: 'Second?' }))
            .valuesList(['name'], { flat: true }),
        ).toEqual(['red'])
        expect(
          await Author.objects.filter(Q({ questions__questionText__startswith: 'First' })).count(),
        ).toBe(1)
        expect(await red.questions.count()).toBe(2)
        expect((await q1.tags.orderBy('name')).map((t) => t.name)).toEqual(['blue', 'red'])
        expect(await ada.questions.count()).toBe(1)
      })

      it('manages reverse foreign keys: create, add, remove (nullable), clear, set', async () => {
        const q = await poll()
        expect(await q.choiceSet.count()).toBe(2)
        expect((await q.choiceSet.filter({ votes__gt: 2 })).map((c) => c.choiceText)).toEqual([
          'The sky',
        ])
        const ada = await Author.objects.create({ name: 'Ada' })
        const other = await Question.objects.create({ questionText: 'Other', pubDate: new Date() })
        await ada.questions.add(q, other)
        expect(await ada.questions.count()).toBe(2)
        await ada.questions.remove(other)
        expect(await ada.questions.count()).toBe(1)
        await ada.questions.set([other])
        expect((await ada.questions).map((x) => x.pk)).toEqual([other.pk])
        await ada.questions.clear()
        expect(await ada.questions.exists()).toBe(false)
        await expect(q.choiceSet.remove(...(await q.choiceSet))).rejects.toThrow(/null: true/)
      })

      it('manages many-to-many links with add/remove/set/clear and m2mChanged', async () => {
        const q = await poll()
        const [a, b, c] = await Promise.all(
          ['a', 'b', 'c'].map((name) => Tag.objects.create({ name })),
        )
        const actions: string[] = []
        const receiver = ({
          action,
          pkSet,
        }: {
          action: string
          pkSet: ReadonlySet<unknown> | null
        }) => void actions.push(`${action}:${pkSet === null ? '-' : pkSet.size}`)
        m2mChanged.connect(receiver)
        try {
          await q.tags.add(a!, b!)
          await q.tags.add(a!) // already linked: nothing added
          await q.tags.remove(b!)
          await q.tags.set([b!, c!])
          expect((await q.tags.orderBy('name')).map((t) => t.name)).toEqual(['b', 'c'])
          await q.tags.clear()
          expect(await q.tags.count()).toBe(0)
          const made = await q.tags.create({ name: 'made' })
          expect(await made.questions.count()).toBe(1)
        } finally {
          m2mChanged.disconnect(receiver)
        }
        expect(actions.slice(0, 6)).toEqual([
          'preAdd:2',
          'postAdd:2',
          'preAdd:0',
          'postAdd:0',
          'preRemove:1',
          'postRemove:1',
        ])
        expect(actions).toContain('preClear:-')
      })

      it('uses an explicit through model for many-to-many', async () => {
        const ada = await Person.objects.create({ name: 'Ada' })
        const bob = await Person.objects.create({ name: 'Bob' })
        const chess = await Club.objects.create({ title: 'Chess' })
        const go = await Club.objects.create({ title: 'Go' })
        await Membership.objects.create({ person: ada, club: chess, role: 'captain' })
        await Membership.objects.create({ person: bob, club: chess })
        await chess.members.count()
        expect((await chess.members.orderBy('name')).map((p) => p.name)).toEqual(['Ada', 'Bob'])
        expect((await ada.clubs).map((c) => c.title)).toEqual(['Chess'])
        expect(await Club.objects.filter(Q({ members__name: 'Bob' })).count()).toBe(1)
        expect(await Person.objects.filter(Q({ clubs__title: 'Go' })).count()).toBe(0)
        expect(
          await Person.objects
            .filter(Q({ membership__role: 'captain' }))
            .valuesList(['name'], { flat: true }),
        ).toEqual(['Ada'])
        await go.members.add(ada) // a Membership with the default role
        expect(
          await Membership.objects.filter({ club: go }).valuesList(['role'], { flat: true }),
        ).toEqual(['member'])
        const clubs = await Club.objects.prefetchRelated('members').orderBy('title')
        expect(clubs.map((c) => c.title)).toEqual(['Chess', 'Go'])
        expect((await clubs[1]!.members).map((p) => p.name)).toEqual(['Ada'])
        await chess.delete()
        expect(await Membership.objects.count()).toBe(1)
      })

      it('handles one-to-one, forward assignment and unloaded relations', async () => {
        const ada = await Author.objects.create({ name: 'Ada' })
        await Profile.objects.create({ author: ada, bio: 'math' })
        const profile = await Profile.objects.get()
        expect(() => profile.author).toThrow(RelatedNotLoaded)
        const author = (await profile.getRelated('author')) as Author
        expect(author.name).toBe('Ada')
        expect(profile.author).toBe(author)
        const reverse = (await ada.getRelated('profile')) as Profile
        expect(reverse.bio).toBe('math')
        await expect(Profile.objects.create({ author: ada })).rejects.toBeInstanceOf(IntegrityError)
        const unsaved = new Author({ name: 'Unsaved' })
        const q = new Question({ questionText: 'x', pubDate: new Date(), author: unsaved })
        unsaved.pk = null as never
        await expect(q.save()).rejects.toThrow(/unsaved related object/)
      })

      it('loads relations with selectRelated in one query and prefetchRelated in one per relation', async () => {
        const ada = await Author.objects.create({ name: 'Ada' })
        for (let i = 0; i < 3; i++) {
          const q = await poll(`Q${i}?`, day(`2024-0${i + 1}-01`))
          q.author = ada
          await q.save()
          await q.tags.add(await Tag.objects.create({ name: `t${i}` }))
        }
        db.queryCount = 0
        const choices = await Choice.objects.selectRelated('question__author').orderBy('pk')
        expect(db.queryCount).toBe(1)
        expect(
          choices.map((c) => `${c.question.questionText}/${(c.question.author as Author).name}`),
        ).toContain('Q0?/Ada')
        db.queryCount = 0
        const questions = await Question.objects.prefetchRelated('choiceSet', 'tags', 'author')
        expect(db.queryCount).toBe(4) // questions, choices, tags (joined to the links), authors
        for (const q of questions) {
          expect(await q.choiceSet.count()).toBe(2)
          expect((await q.tags).length).toBe(1)
        }
        expect(db.queryCount).toBe(4)
      })
    })

    describe('onDelete', () => {
      it('cascades, protects, restricts, sets null/default and does nothing', async () => {
        const q = await poll()
        const ada = await Author.objects.create({ name: 'Ada' })
        q.author = ada
        await q.save()
        await ada.delete()
        expect((await Question.objects.get({ pk: q.pk })).authorId).toBe(null) // SET_NULL
        const [total, counts] = await Question.objects.filter({ pk: q.pk }).delete()
        expect(total).toBe(3)
        expect(counts['polls.Choice']).toBe(2) // CASCADE
        const box = await Box.objects.create({ label: 'b' })
        const pin = await Pin.objects.create({ box })
        await expect(box.delete()).rejects.toBeInstanceOf(ProtectedError)
        await pin.delete()
        await Clip.objects.create({ box })
        await expect(box.delete()).rejects.toBeInstanceOf(RestrictedError)
        await Clip.objects.all().delete()
        const note = await Note.objects.create({ box, loose: box })
        await box.delete()
        await note.refreshFromDb()
        expect(note.boxId).toBe(null) // SET_DEFAULT (default null)
        expect(note.looseId).not.toBe(null) // DO_NOTHING, no constraint
      })
    })

    describe('QuerySet API', () => {
      it('is lazy, chainable, awaitable and async-iterable', async () => {
        db.queryCount = 0
        const qs = Question.objects
          .filter({ questionText__startswith: 'Q' })
          .exclude({ questionText: 'Q9' })
          .orderBy('pubDate')
        expect(db.queryCount).toBe(0)
        await poll('Q1', day('2024-01-01'))
        await poll('Q2', day('2024-01-02'))
        const seen: string[] = []
        for await (const q of qs) seen.push(q.questionText)
        expect(seen).toEqual(['Q1', 'Q2'])
        expect((await qs.reverse()).map((q) => q.questionText)).toEqual(['Q2', 'Q1'])
        expect((await qs.slice(1, 2)).map((q) => q.questionText)).toEqual(['Q2'])
        expect((await qs.none()).length).toBe(0)
        expect(() => qs.slice(0, 1).filter({})).toThrow(NotSupportedError)
      })

      it('orders by fields, related fields, expressions and randomly; refuses hostile input', async () => {
        const ada = await Author.objects.create({ name: 'Ada' })
        const zed = await Author.objects.create({ name: 'Zed' })
        await Question.objects.create({
          questionText: 'b',
          pubDate: day('2024-01-01'),
          author: zed,
        })
        await Question.objects.create({
          questionText: 'a',
          pubDate: day('2024-01-02'),
          author: ada,
        })
        const order = async (...o: string[]) =>
          await Question.objects
            .orderBy(...(o as never[]))
            .valuesList(['questionText'], { flat: true })
        expect(await order('questionText')).toEqual(['a', 'b'])
        expect(await order('-questionText')).toEqual(['b', 'a'])
        expect(await order('author__name')).toEqual(['a', 'b'])
        expect(await order('-author__name')).toEqual(['b', 'a'])
        expect(await Question.objects.valuesList(['questionText'], { flat: true })).toEqual([
          'a',
          'b',
        ]) // Meta ordering -pubDate
        expect((await order('?')).sort()).toEqual(['a', 'b'])
        expect(
          await Question.objects
            .orderBy(Lower('questionText').desc())
            .valuesList(['questionText'], { flat: true }),
        ).toEqual(['b', 'a'])
        for (const hostile of [
          'questionText; DROP TABLE polls_question',
          'questionText"',
          '-',
          '1',
          'author__name) --',
        ]) {
          expect(() => Question.objects.orderBy(hostile as never)).toThrow(FieldError)
        }
        expect(() => Question.objects.annotate({ 'x"; DROP': Count('pk') })).toThrow(FieldError)
        expect(() => Question.objects.values('questionText" FROM x --' as never)).toThrow(
          FieldError,
        )
        expect(await Question.objects.count()).toBe(2)
      })

      it('gets or creates, updates or creates', async () => {
        const [a, created] = await Author.objects.getOrCreate(
          { name: 'Ada' },
          { defaults: { email: 'a@x.io' } },
        )
        expect(created).toBe(true)
        expect(a.email).toBe('a@x.io')
        const [again, created2] = await Author.objects.getOrCreate({ name: 'Ada' })
        expect([again.pk, created2]).toEqual([a.pk, false])
        const [u, c3] = await Author.objects.updateOrCreate(
          { name: 'Ada' },
          { defaults: { email: 'new@x.io' } },
        )
        expect([u.pk, c3, u.email]).toEqual([a.pk, false, 'new@x.io'])
        const [n, c4] = await Author.objects.updateOrCreate(
          { name: 'Nia' },
          { defaults: { email: 'n@x.io' } },
        )
        expect([c4, n.email]).toEqual([true, 'n@x.io'])
      })

      it('bulk-creates 1000 rows with primary keys and bulk-updates', async () => {
        const tags = await Tag.objects.bulkCreate(
          Array.from({ length: 1000 }, (_, i) => new Tag({ name: `tag${i}` })),
        )
        expect(new Set(tags.map((t) => t.pk)).size).toBe(1000)
        expect(tags.every((t) => typeof t.pk === 'number')).toBe(true)
        expect(await Tag.objects.count()).toBe(1000)
        const some = tags.slice(0, 3)
        some.forEach((t, i) => (t.name = `renamed${i}`))
        expect(await Tag.objects.bulkUpdate(some, ['name'])).toBe(3)
        expect(await Tag.objects.filter({ name__startswith: 'renamed' }).count()).toBe(3)
        await Tag.objects.bulkCreate([new Tag({ name: 'tag5' })], { ignoreConflicts: true })
        expect(await Tag.objects.count()).toBe(1000)
      })

      it('updates with F expressions without a read-modify-write race', async () => {
        const q = await poll()
        const choice = (await q.choiceSet.orderBy('pk').first())!
        await Promise.all(
          Array.from({ length: 10 }, () =>
            Choice.objects.filter({ pk: choice.pk }).update({ votes: F('votes').add(1) }),
          ),
        )
        await choice.refreshFromDb()
        expect(choice.votes).toBe(11)
        expect(await Choice.objects.filter({ votes__gt: F('pk').mul(0).add(5) }).count()).toBe(1)
        expect(
          await Choice.objects
            .filter({ question__questionText: 'What is up?' })
            .update({ votes: 0 }),
        ).toBe(2)
      })

      it('counts, checks existence, first/last/latest/earliest, inBulk', async () => {
        expect(await Question.objects.first()).toBe(null)
        await expect(Question.objects.latest()).rejects.toBeInstanceOf(Question.DoesNotExist)
        const old = await poll('old', day('2023-01-01'))
        const recent = await poll('new', day('2024-01-01'))
        expect(await Question.objects.exists()).toBe(true)
        expect(await Question.objects.filter({ questionText: 'x' }).exists()).toBe(false)
        expect((await Question.objects.first())!.pk).toBe(recent.pk) // Meta ordering -pubDate
        expect((await Question.objects.last())!.pk).toBe(old.pk)
        expect((await Question.objects.latest()).pk).toBe(recent.pk)
        expect((await Question.objects.earliest('pubDate')).pk).toBe(old.pk)
        const bulk = await Question.objects.inBulk([old.pk, recent.pk, 12345])
        expect([...bulk.keys()].sort()).toEqual([old.pk, recent.pk].sort())
        const byName = await Tag.objects.inBulk([], { fieldName: 'name' })
        expect(byName.size).toBe(0)
      })

      it('returns values, valuesList, only and defer', async () => {
        const q = await poll('V?', day('2024-01-01'))
        const [row] = await Question.objects.values('questionText', 'pk')
        expect(row).toEqual({ questionText: 'V?', pk: q.pk })
        const all = (await Question.objects.values())[0]!
        expect(Object.keys(all)).toContain('authorId')
        expect(await Choice.objects.orderBy('votes').valuesList('choiceText', 'votes')).toEqual([
          ['Not much', 1],
          ['The sky', 3],
        ])
        expect(await Choice.objects.valuesList(['question__questionText'], { flat: true })).toEqual(
          ['V?', 'V?'],
        )
        const only = (await Question.objects.only('questionText'))[0]!
        expect(only.questionText).toBe('V?')
        expect(only.pubDate).toBeUndefined()
        const deferred = (await Question.objects.defer('questionText'))[0]!
        expect(deferred.questionText).toBeUndefined()
        expect(deferred.pubDate).toBeInstanceOf(Date)
        expect(await Question.objects.values('questionText').distinct().count()).toBe(1)
      })

      it('annotates and aggregates (Count, Sum, Avg, Min, Max, filtered, distinct), alias', async () => {
        await poll('A', day('2024-01-01'))
        const b = await Question.objects.create({ questionText: 'B', pubDate: day('2024-01-02') })
        await b.choiceSet.create({ choiceText: 'only', votes: 10 })
        const agg = await Choice.objects.aggregate({
          n: Count('pk'),
          sum: Sum('votes'),
          avg: Avg('votes'),
          lo: Min('votes'),
          hi: Max('votes'),
        })
        expect(agg).toEqual({ n: 3, sum: 14, avg: 14 / 3, lo: 1, hi: 10 })
        expect(
          await Choice.objects.filter({ votes__gt: 100 }).aggregate({ s: Sum('votes') }),
        ).toEqual({ s: null })
        const rows = await Question.objects
          .annotate({ n: Count('choice'), best: Max('choice__votes') })
          .orderBy('questionText')
          .values('questionText', 'n', 'best')
        expect(rows).toEqual([
          { questionText: 'A', n: 2, best: 3 },
          { questionText: 'B', n: 1, best: 10 },
        ])
        expect(
          await Question.objects
            .annotate({ n: Count('choice') })
            .filter({ n__gt: 1 } as never)
            .count(),
        ).toBe(1)
        const big = await Question.objects
          .annotate({ big: Count('choice', { filter: { choice__votes__gte: 3 } }) })
          .orderBy('questionText')
          .valuesList(['big'], { flat: true })
        expect(big).toEqual([1, 1])
        expect(
          await Choice.objects.aggregate({ q: Count('question', { distinct: true }) }),
        ).toEqual({ q: 2 })
        const aliased = await Question.objects
          .alias({ n: Count('choice') })
          .filter({ n: 1 } as never)
          .values('questionText')
        expect(aliased).toEqual([{ questionText: 'B' }])
        expect(await Question.objects.slice(0, 1).count()).toBe(1)
        await expect(Question.objects.aggregate({ x: F('pk') })).rejects.toThrow(/not an aggregate/)
      })

      it('evaluates expressions: Value, Case/When, Coalesce, Lower/Upper/Length/Concat, Now, Subquery, Exists', async () => {
        const q = await poll('Mixed Case', day('2024-01-01'))
        await Question.objects.create({ questionText: 'empty', pubDate: day('2024-01-02') })
        const rows = await Question.objects
          .annotate({
            lower: Lower('questionText'),
            upper: Upper('questionText'),
            len: Length('questionText'),
            label: Concat('questionText', Value(' #'), 'id'),
            hot: Case(When({ choice__votes__gte: 3 }, Value('hot')), { default: Value('cold') }),
            meta: Coalesce('metadata', Value({ none: true })),
            top: Subquery(
              Choice.objects
                .filter({ question: OuterRef('pk') })
                .orderBy('-votes')
                .values('choiceText')
                .slice(0, 1),
            ),
            any: Exists(Choice.objects.filter({ question: OuterRef('pk') })),
          })
          .orderBy('pubDate')
          .values('lower', 'upper', 'len', 'label', 'hot', 'top', 'any')
        expect(rows[0]).toEqual({
          lower: 'mixed case',
          upper: 'MIXED CASE',
          len: 10,
          label: `Mixed Case #${q.pk}`,
          hot: 'hot',
          top: 'The sky',
          any: true,
        })
        expect(rows[1]!.hot).toBe('cold')
        expect(rows[1]!.top).toBe(null)
        expect(
          await Question.objects
            .filter(Exists(Choice.objects.filter({ question: OuterRef('pk'), votes__gt: 2 })))
            .count(),
        ).toBe(1)
        expect(await Question.objects.filter({ pubDate__lt: Now() }).count()).toBe(2)
      })

      it('combines with union, intersection and difference', async () => {
        await poll('A', day('2024-01-01'))
        await poll('B', day('2024-01-02'))
        const a = Question.objects.filter({ questionText: 'A' })
        const b = Question.objects.filter({ questionText: 'B' })
        const all = Question.objects.all()
        expect((await a.union(b)).map((q) => q.questionText).sort()).toEqual(['A', 'B'])
        expect((await all.intersection(a)).map((q) => q.questionText)).toEqual(['A'])
        expect((await all.difference(a)).map((q) => q.questionText)).toEqual(['B'])
        expect(
          await a.union(b).orderBy('-questionText').valuesList(['questionText'], { flat: true }),
        ).toEqual(['B', 'A'])
        expect(await a.union(b).count()).toBe(2)
      })

      it('iterates in chunks', async () => {
        await Tag.objects.bulkCreate(
          Array.from({ length: 25 }, (_, i) => new Tag({ name: `t${String(i).padStart(2, '0')}` })),
        )
        db.queryCount = 0
        const names: string[] = []
        for await (const tag of Tag.objects.orderBy('name').iterator({ chunkSize: 10 }))
          names.push(tag.name)
        expect(names).toHaveLength(25)
        expect(names[24]).toBe('t24')
        expect(db.queryCount).toBe(3)
      })

      it('routes with using() and DATABASE_ROUTERS', async () => {
        await Author.objects.using('other').create({ name: 'Elsewhere' })
        expect(await Author.objects.count()).toBe(0)
        expect(await Author.objects.using('other').count()).toBe(1)
        const moved = await Author.objects.using('other').get()
        moved.name = 'Still elsewhere'
        await moved.save() // saves back to the database it came from
        expect(
          await Author.objects.using('other').filter({ name: 'Still elsewhere' }).count(),
        ).toBe(1)
        router.setRouters([
          { dbForRead: (model: AnyModelClass) => (model === Author ? 'other' : null) },
        ])
        try {
          expect(await Author.objects.count()).toBe(1)
        } finally {
          router.setRouters(null)
        }
        expect(() => Author.objects.using('missing')).toThrow(/not in DATABASES/)
      })

      it('locks rows with selectForUpdate where supported', async () => {
        await poll()
        if (db.features.supportsSelectForUpdate) {
          const locked = await atomic(() =>
            Question.objects.selectForUpdate().filter({ questionText: 'What is up?' }),
          )
          expect(locked).toHaveLength(1)
        } else {
          await expect(Question.objects.selectForUpdate().fetch()).rejects.toBeInstanceOf(
            NotSupportedError,
          )
        }
      })

      it('runs raw SQL with bound parameters', async () => {
        await poll('raw?')
        const table = db.quoteName(Question._meta.dbTable)
        const p = db.vendor === 'postgresql' ? '$1' : '?'
        const { rows } = await db.execute<{ question_text: string }>(
          `SELECT question_text FROM ${table} WHERE question_text = ${p}`,
          ["raw?' OR 1=1 --"],
        )
        expect(rows).toEqual([])
        const raw = await Question.objects.raw(
          `SELECT * FROM ${table} WHERE question_text = ${p}`,
          ['raw?'],
        )
        expect(raw[0]).toBeInstanceOf(Question)
        expect(raw[0]!.pubDate).toBeInstanceOf(Date)
      })
    })

    describe('transactions and errors', () => {
      it('commits, rolls back on throw, nests with savepoints and runs onCommit after commit', async () => {
        const log: string[] = []
        await atomic(async () => {
          await Author.objects.create({ name: 'kept' })
          await onCommit(() => void log.push('outer'))
          await atomic(async () => {
            await Author.objects.create({ name: 'inner-rolled-back' })
            await onCommit(() => void log.push('inner-never'))
            throw new Error('inner')
          }).catch(() => {})
          await atomic(async () => {
            await Author.objects.create({ name: 'inner-kept' })
            await onCommit(() => void log.push('inner'))
          })
          expect(log).toEqual([])
        })
        expect(log).toEqual(['outer', 'inner'])
        await expect(
          atomic(async () => {
            await Author.objects.create({ name: 'gone' })
            await onCommit(() => void log.push('never'))
            throw new Error('boom')
          }),
        ).rejects.toThrow('boom')
        expect(await Author.objects.orderBy('name').valuesList(['name'], { flat: true })).toEqual([
          'inner-kept',
          'kept',
        ])
        expect(log).toEqual(['outer', 'inner'])
      })

      it('keeps concurrent transactions apart (AsyncLocalStorage)', async () => {
        let release!: () => void
        const gate = new Promise<void>((resolve) => (release = resolve))
        const failing = atomic(async () => {
          await Author.objects.create({ name: 'tx-a' })
          await gate
          throw new Error('rollback a')
        })
        const succeeding = (async () => {
          await new Promise((r) => setTimeout(r, 20))
          release()
          await atomic(async () => {
            await Author.objects.create({ name: 'tx-b' })
          })
        })()
        await expect(failing).rejects.toThrow('rollback a')
        await succeeding
        expect(await Author.objects.valuesList(['name'], { flat: true })).toEqual(['tx-b'])
      })

      it('maps constraint violations and bad SQL to typed errors', async () => {
        await Author.objects.create({ name: 'dup' })
        const dup = await Author.objects.create({ name: 'dup' }).catch((e: unknown) => e)
        expect(dup).toBeInstanceOf(IntegrityError)
        expect((dup as IntegrityError).cause).toBeDefined()
        const q = await poll()
        await expect(q.choiceSet.create({ choiceText: 'neg', votes: -1 })).rejects.toBeInstanceOf(
          IntegrityError,
        )
        await expect(q.choiceSet.create({ choiceText: 'The sky' })).rejects.toBeInstanceOf(
          IntegrityError,
        )
        const bad = await db.execute('SELECT * FROM no_such_table').catch((e: unknown) => e)
        expect((bad as Error).name).toMatch(
          db.vendor === 'sqlite' ? /OperationalError/ : /ProgrammingError/,
        )
        // A failed statement inside atomic() leaves no partial write behind.
        await expect(
          atomic(async () => {
            await Tag.objects.create({ name: 'partial' })
            await Author.objects.create({ name: 'dup' })
          }),
        ).rejects.toBeInstanceOf(IntegrityError)
        expect(await Tag.objects.filter({ name: 'partial' }).exists()).toBe(false)
      })

      if (backend.name !== 'sqlite') {
        it('reports a lost connection clearly and reconnects on the next query', async () => {
          const kill =
            backend.name === 'mariadb'
              ? 'KILL CONNECTION_ID()'
              : 'SELECT pg_terminate_backend(pg_backend_pid())'
          const error = await db.execute(kill).catch((e: unknown) => e)
          expect(error).toBeInstanceOf(OperationalError)
          expect((error as Error).message).toMatch(/lost|terminat/i)
          const { rows } = await db.execute<{ one: number }>('SELECT 1 AS one')
          expect(rows[0]!.one).toBe(1)
        })
      }
    })

    describe('schema editor', () => {
      it('adds, alters, renames and removes fields, indexes and constraints, keeping rows', async () => {
        const registry = new ModelRegistry()
        const state = {
          appLabel: 'schema',
          name: 'Gadget',
          fields: [['name', { type: 'CharField', options: { maxLength: 20 } }]] as [
            string,
            { type: string; options: Record<string, unknown> },
          ][],
          options: {},
        }
        const V1 = buildModel(state, registry)
        await db.schemaEditor((e) => e.createModel(V1))
        await db.execute(`INSERT INTO ${db.quoteName('schema_gadget')} (name) VALUES ('one')`)
        const V2 = buildModel(
          {
            ...state,
            fields: [...state.fields, ['count', { type: 'IntegerField', options: { default: 7 } }]],
          },
          new ModelRegistry(),
        )
        await db.schemaEditor((e) => e.addField(V1, V2._meta.getField('count')))
        const row = async () =>
          (
            await db.execute<Record<string, unknown>>(
              `SELECT * FROM ${db.quoteName('schema_gadget')}`,
            )
          ).rows[0]!
        expect(Number((await row()).count)).toBe(7)
        const V3 = buildModel(
          {
            ...state,
            fields: [
              ['name', { type: 'CharField', options: { maxLength: 50, null: true } }],
              ['count', { type: 'IntegerField', options: { default: 7, dbColumn: 'amount' } }],
            ],
          },
          new ModelRegistry(),
        )
        await db.schemaEditor(async (e) => {
          await e.alterField(V2, V2._meta.getField('name'), V3._meta.getField('name'))
          await e.renameField(V2, V2._meta.getField('count'), V3._meta.getField('count'))
        })
        expect(await row()).toMatchObject({ name: 'one', amount: 7 })
        await db.execute(
          `INSERT INTO ${db.quoteName('schema_gadget')} (name, amount) VALUES (NULL, 1)`,
        )
        const index = new Index({ fields: ['name'], name: 'schema_gadget_name_idx' })
        const unique = new UniqueConstraint({
          fields: ['count'],
          name: 'schema_gadget_amount_uniq',
        })
        await db.schemaEditor(async (e) => {
          await e.addConstraint(V3, unique)
          await e.addIndex(V3, index)
        })
        await expect(
          db.execute(`INSERT INTO ${db.quoteName('schema_gadget')} (name, amount) VALUES ('x', 1)`),
        ).rejects.toBeInstanceOf(IntegrityError)
        await db.schemaEditor(async (e) => {
          await e.removeIndex(V3, index)
          await e.removeConstraint(V3, unique)
          await e.removeField(V3, V3._meta.getField('count'))
          await e.alterDbTable(V3, 'schema_gadget', 'schema_widget')
        })
        const { rows } = await db.execute<Record<string, unknown>>(
          `SELECT * FROM ${db.quoteName('schema_widget')} ORDER BY id`,
        )
        expect(rows.map((r) => r.name)).toEqual(['one', null])
        expect(Object.keys(rows[0]!).sort()).toEqual(['id', 'name'])
        const sql = await db.schemaEditor(
          async (e) => {
            await e.deleteModel(V3)
            return e.collectedSql
          },
          { collectSql: true },
        )
        expect(sql[0]!.startsWith(`DROP TABLE ${db.quoteName('schema_gadget')}`)).toBe(true)
        expect(await db.tableNames()).toContain('schema_widget')
        await db.execute(`DROP TABLE ${db.quoteName('schema_widget')}`)
      })

      it('alters a many-to-many field only as a whole: same table is a no-op, to a column is refused', async () => {
        const tags = Question._meta.getField('tags')
        const text = Question._meta.getField('questionText')
        const through = (tags as unknown as { through: { _meta: { dbTable: string } } }).through
        const before = await db.tableNames()
        expect(before).toContain(through._meta.dbTable)
        await db.schemaEditor((e) => e.alterField(Question, tags, tags))
        expect(await db.tableNames()).toEqual(before)
        for (const [from, to] of [
          [tags, text],
          [text, tags],
        ] as const) {
          await expect(db.schemaEditor((e) => e.alterField(Question, from, to))).rejects.toThrow(
            /Cannot alter a field to or from a many-to-many field/,
          )
        }
        expect(await db.tableNames()).toEqual(before)
      })

      it('describes models as state and rebuilds working historical models', async () => {
        const state = modelState(Question)
        expect(state.name).toBe('Question')
        expect(state.fields.map(([n]) => n)).toEqual([
          'id',
          'createdAt',
          'questionText',
          'pubDate',
          'author',
          'metadata',
          'score',
          'tags',
        ])
        expect(state.fields.find(([n]) => n === 'author')![1]).toEqual({
          type: 'ForeignKey',
          options: {
            to: 'polls.Author',
            onDelete: 'SET_NULL',
            null: true,
            relatedName: 'questions',
          },
        })
        const registry = new ModelRegistry()
        buildModel(modelState(Author), registry)
        buildModel(modelState(Tag), registry)
        const Historical = buildModel(state, registry)
        expect(Historical).not.toBe(Question)
        await Question.objects.create({ questionText: 'hist', pubDate: new Date() })
        const found = await new (await import('../../src/db/index.js')).QuerySet(Historical)
          .filter({ questionText: 'hist' } as never)
          .count()
        expect(found).toBe(1)
      })

      it('collects SQL without executing it', async () => {
        const registry = new ModelRegistry()
        const Temp = buildModel(
          {
            appLabel: 'collect',
            name: 'Thing',
            fields: [['label', { type: 'CharField', options: { maxLength: 5, default: "it's" } }]],
            options: {},
          },
          registry,
        )
        const collected = await db.schemaEditor(
          async (e) => {
            await e.createModel(Temp)
            return e.collectedSql
          },
          { collectSql: true },
        )
        expect(collected.join('\n')).toContain(`CREATE TABLE ${db.quoteName('collect_thing')}`)
        expect(await db.tableNames()).not.toContain('collect_thing')
      })
    })
  })
}
