/**
 * Contract cases: writing — create (unique violations), getOrCreate/updateOrCreate,
 * bulkCreate/bulkUpdate, update with F() under real concurrency, delete with every onDelete
 * mode, many-to-many add/remove/set/clear with m2mChanged from both sides, selectForUpdate.
 */
import { describe, expect, it } from 'vitest'
import {
  atomic,
  F,
  FieldError,
  IntegrityError,
  m2mChanged,
  NotSupportedError,
  preSave,
  ProtectedError,
  RestrictedError,
} from '../../../src/db/index.js'
import { Author, Box, Choice, Clip, Note, Pin, Question, Tag } from '../polls-models.js'
import { day, poll, type ContractCases } from './context.js'

export const writeCases: ContractCases = ({ backend, db }) => {
  describe('writes', () => {
    it('save() on a new instance with the pk of an existing row updates it, as Django does', async () => {
      const tag = await Tag.objects.create({ name: 'old' })
      const events: boolean[] = []
      const receiver = ({ instance }: { instance: unknown }) => {
        if (instance instanceof Tag) events.push(true)
      }
      preSave.connect(receiver)
      try {
        const replacement = new Tag({ id: tag.pk, name: 'new' } as never)
        await replacement.save()
        expect(await Tag.objects.count()).toBe(1)
        expect((await Tag.objects.get({ pk: tag.pk })).name).toBe('new')
        // A pk no row has yet: the UPDATE matches nothing, so it is inserted with that pk.
        const fresh = new Tag({ id: Number(tag.pk) + 1000, name: 'fresh' } as never)
        await fresh.save()
        expect(fresh.pk).toBe(Number(tag.pk) + 1000)
        expect(await Tag.objects.count()).toBe(2)
      } finally {
        preSave.disconnect(receiver)
      }
      // One preSave per save(), also when the UPDATE fell back to an INSERT.
      expect(events).toHaveLength(2)
    })

    it('save() refuses a forced update without a pk and reports an update that matched nothing', async () => {
      const unsaved = new Tag({ name: 'x' } as never)
      await expect(unsaved.save({ forceUpdate: true })).rejects.toThrow(/no primary key/)
      const ghost = new Tag({ id: 424_242, name: 'ghost' } as never)
      await expect(ghost.save({ forceUpdate: true })).rejects.toThrow(/did not affect any rows/)
      await expect(ghost.save({ updateFields: ['name'] })).rejects.toThrow(
        /did not affect any rows/,
      )
      expect(await Tag.objects.filter({ pk: 424_242 }).exists()).toBe(false)
    })

    it('create() raises IntegrityError on unique and unique-together violations and writes nothing', async () => {
      await Tag.objects.create({ name: 'one' })
      const error = await Tag.objects.create({ name: 'one' }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(IntegrityError)
      expect(await Tag.objects.count()).toBe(1)
      const q = await poll()
      await expect(q.choiceSet.create({ choiceText: 'Not much' })).rejects.toBeInstanceOf(
        IntegrityError,
      )
      await expect(
        Choice.objects.create({ questionId: 999_999, choiceText: 'orphan' } as never),
      ).rejects.toBeInstanceOf(IntegrityError)
      expect(await Choice.objects.count()).toBe(2)
    })

    it('getOrCreate() and updateOrCreate() look up with lookups and apply defaults', async () => {
      const [a, created] = await Author.objects.getOrCreate({ name__iexact: 'ADA' } as never, {
        defaults: { name: 'Ada', email: 'ada@x.io' },
      })
      expect([created, a.name, a.email]).toEqual([true, 'Ada', 'ada@x.io'])
      const [same, again] = await Author.objects.getOrCreate({ name__iexact: 'ada' } as never)
      expect([again, same.pk]).toEqual([false, a.pk])
      const [u, made] = await Author.objects.updateOrCreate(
        { name: 'Ada' },
        { defaults: { email: 'new@x.io' } },
      )
      expect([made, u.pk, (await Author.objects.get({ pk: a.pk })).email]).toEqual([
        false,
        a.pk,
        'new@x.io',
      ])
      await Author.objects.create({ name: 'Ada2' })
      await expect(
        Author.objects.getOrCreate({ name__startswith: 'Ada' } as never),
      ).rejects.toBeInstanceOf(Author.MultipleObjectsReturned)
    })

    it('bulkCreate() returns pks, ignoreConflicts skips duplicates; bulkUpdate() writes only named fields', async () => {
      const made = await Tag.objects.bulkCreate(['a', 'b', 'c'].map((name) => new Tag({ name })))
      expect(made.map((t) => typeof t.pk)).toEqual(['number', 'number', 'number'])
      await expect(Tag.objects.bulkCreate([new Tag({ name: 'a' })])).rejects.toBeInstanceOf(
        IntegrityError,
      )
      await Tag.objects.bulkCreate([new Tag({ name: 'a' }), new Tag({ name: 'd' })], {
        ignoreConflicts: true,
      })
      expect(await Tag.objects.orderBy('name').valuesList(['name'], { flat: true })).toEqual([
        'a',
        'b',
        'c',
        'd',
      ])
      const q = await poll()
      const choices = await q.choiceSet.orderBy('pk')
      choices[0]!.votes = 40
      choices[0]!.choiceText = 'not written'
      choices[1]!.votes = 41
      expect(await Choice.objects.bulkUpdate(choices, ['votes'])).toBe(2)
      expect(await Choice.objects.orderBy('pk').valuesList('choiceText', 'votes')).toEqual([
        ['Not much', 40],
        ['The sky', 41],
      ])
      await expect(Choice.objects.bulkUpdate(choices, ['nope'] as never)).rejects.toBeInstanceOf(
        FieldError,
      )
      expect(await Tag.objects.bulkCreate([])).toEqual([])
    })

    it('update() with F() has no lost updates, even from two concurrent transactions', async () => {
      const q = await poll()
      const choice = (await q.choiceSet.get({ choiceText: 'Not much' }))!
      const bump = () =>
        atomic(() => Choice.objects.filter({ pk: choice.pk }).update({ votes: F('votes').add(1) }))
      const counts = await Promise.all([bump(), bump(), bump(), bump()])
      expect(counts).toEqual([1, 1, 1, 1])
      await choice.refreshFromDb()
      expect(choice.votes).toBe(5)
      // The read-modify-write a naive ORM does would have lost updates; F() never reads.
      expect(await Choice.objects.filter({ votes: 3 }).update({ votes: F('votes').sub(3) })).toBe(1)
      await expect(Choice.objects.update({ votes: F('votes').sub(100) })).rejects.toBeInstanceOf(
        IntegrityError, // the votes >= 0 check constraint
      )
      expect(
        await Choice.objects.update({ nope: 1 } as never).catch((e: unknown) => e),
      ).toBeInstanceOf(FieldError)
    })

    it('delete() cascades, protects, restricts, sets null/default, does nothing, and removes m2m links', async () => {
      const q = await poll()
      await q.tags.add(await Tag.objects.create({ name: 'linked' }))
      const [count, perModel] = await Question.objects.filter({ pk: q.pk }).delete()
      expect(count).toBe(4)
      expect(perModel).toMatchObject({ 'polls.Question': 1, 'polls.Choice': 2 })
      expect(await Choice.objects.count()).toBe(0)
      expect(await Tag.objects.count()).toBe(1) // the tag stays, its link is gone
      expect(await (await Tag.objects.get()).questions.count()).toBe(0)

      const box = await Box.objects.create({ label: 'b' })
      await Pin.objects.create({ box })
      await expect(Box.objects.all().delete()).rejects.toBeInstanceOf(ProtectedError)
      await Pin.objects.all().delete()
      const clip = await Clip.objects.create({ box })
      const restricted = await box.delete().catch((e: unknown) => e)
      expect(restricted).toBeInstanceOf(RestrictedError)
      expect(await Box.objects.count()).toBe(1)
      await clip.delete()
      const note = await Note.objects.create({ box, loose: box })
      const ada = await Author.objects.create({ name: 'Ada' })
      const authored = await Question.objects.create({
        questionText: 'by Ada',
        pubDate: day('2024-01-01'),
        author: ada,
      })
      await Author.objects.filter({ name: 'Ada' }).delete()
      expect((await Question.objects.get({ pk: authored.pk })).authorId).toBe(null)
      await Box.objects.all().delete()
      await note.refreshFromDb()
      expect(note.boxId).toBe(null)
      expect(note.looseId).toBe(box.pk) // DO_NOTHING leaves the dangling id
    })

    it('m2m add/remove/set/clear from both sides send m2mChanged with reverse and pkSet', async () => {
      const q = await poll()
      const red = await Tag.objects.create({ name: 'red' })
      const blue = await Tag.objects.create({ name: 'blue' })
      const events: string[] = []
      const receiver = (args: {
        action: string
        reverse: boolean
        pkSet: ReadonlySet<unknown> | null
      }) =>
        void events.push(
          `${args.action}:${args.reverse ? 'rev' : 'fwd'}:${args.pkSet === null ? '-' : [...args.pkSet].length}`,
        )
      m2mChanged.connect(receiver)
      try {
        await red.questions.add(q)
        expect(await q.tags.count()).toBe(1)
        await q.tags.set([blue])
        expect((await q.tags).map((t) => t.name)).toEqual(['blue'])
        expect(await red.questions.count()).toBe(0)
        await blue.questions.remove(q)
        await q.tags.add(red.pk, blue)
        await red.questions.clear()
        expect((await q.tags).map((t) => t.name)).toEqual(['blue'])
      } finally {
        m2mChanged.disconnect(receiver)
      }
      expect(events).toEqual([
        'preAdd:rev:1',
        'postAdd:rev:1',
        'preRemove:fwd:1',
        'postRemove:fwd:1',
        'preAdd:fwd:1',
        'postAdd:fwd:1',
        'preRemove:rev:1',
        'postRemove:rev:1',
        'preAdd:fwd:2',
        'postAdd:fwd:2',
        'preClear:rev:-',
        'postClear:rev:-',
      ])
      const unsaved = new Question({ questionText: 'unsaved', pubDate: new Date() })
      await expect(unsaved.tags.add(red)).rejects.toThrow()
    })

    it('selectForUpdate() locks rows on PostgreSQL (nowait refuses a held lock) and is refused on SQLite', async () => {
      await poll()
      if (backend.name === 'sqlite') {
        await expect(Question.objects.selectForUpdate().fetch()).rejects.toBeInstanceOf(
          NotSupportedError,
        )
        return
      }
      expect(db().features.supportsSelectForUpdate).toBe(true)
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let locked!: () => void
      const lockTaken = new Promise<void>((resolve) => (locked = resolve))
      const holder = atomic(async () => {
        const rows = await Question.objects
          .selectForUpdate()
          .filter({ questionText: 'What is up?' })
        expect(rows).toHaveLength(1)
        locked()
        await held
      })
      await lockTaken
      const contender = await atomic(() =>
        Question.objects.selectForUpdate({ nowait: true }).fetch(),
      ).catch((e: unknown) => e)
      expect((contender as Error).name).toMatch(/OperationalError|DatabaseError/)
      expect(
        await atomic(() => Question.objects.selectForUpdate({ skipLocked: true }).fetch()),
      ).toEqual([])
      release()
      await holder
      expect(await atomic(() => Question.objects.selectForUpdate({ nowait: true }).count())).toBe(1)
    })
  })
}
