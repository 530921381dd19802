/**
 * Contract cases: JSONField lookups — has_key, has_keys, has_any_keys on the column and on
 * key paths (PostgreSQL's meaning on both backends), contains / contained_by (jsonb @> and
 * <@ on PostgreSQL; NotSupportedError on SQLite, as in Django), key names that are not
 * SQL, and the lookups' error paths.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { F, FieldError, NotSupportedError, Q } from '../../../src/db/index.js'
import { Everything } from '../polls-models.js'
import type { ContractCases } from './context.js'

/** A key name that would end the statement if it were ever pasted into SQL. */
const HOSTILE = "x') OR 1=1; DROP TABLE polls_everything; --"

export const jsonCases: ContractCases = ({ backend }) => {
  describe('JSONField lookups', () => {
    beforeEach(async () => {
      // `body` labels each row; `data` holds the JSON under test.
      await Everything.objects.bulkCreate([
        new Everything({
          body: 'rufus',
          data: {
            breed: 'labrador',
            owner: { name: 'Bob', pets: [{ name: 'Fishy' }] },
            tags: ['good', 'loud'],
          },
        }),
        new Everything({ body: 'meg', data: { breed: 'collie', owner: null } }),
        new Everything({ body: 'fred', data: {} }),
        new Everything({ body: 'list', data: ['a', 'b', 1] }),
        new Everything({ body: 'scalar', data: 'a' }),
        new Everything({ body: 'weird', data: { 'we"ird': 1, [HOSTILE]: 2 } }),
        new Everything({ body: 'none', data: null }),
      ])
    })

    /** The labels of the matching rows, sorted. */
    const labels = async (...args: Parameters<typeof Everything.objects.filter>) =>
      ((await Everything.objects.filter(...args).valuesList(['body'], { flat: true })) as string[])
        .slice()
        .sort()

    it('has_key: top-level object keys (a null value counts), string elements of arrays', async () => {
      expect(await labels({ data__has_key: 'owner' })).toEqual(['meg', 'rufus'])
      expect(await labels({ data__has_key: 'name' })).toEqual([])
      // As PostgreSQL's `?`: a string element of an array, or a string itself, is a key.
      expect(await labels({ data__has_key: 'a' })).toEqual(['list', 'scalar'])
      expect(await labels({ data__has_key: '1' })).toEqual([]) // 1 is a number, not a key
      expect(await labels({ data__has_key: 'nope' })).toEqual([])
      // exclude() keeps the rows where the question is NULL (no JSON at all), as in Django.
      expect(
        (
          (await Everything.objects
            .exclude({ data__has_key: 'owner' })
            .valuesList(['body'], { flat: true })) as string[]
        ).sort(),
      ).toEqual(['fred', 'list', 'none', 'scalar', 'weird'])
    })

    it('has_key on key paths and array indexes', async () => {
      expect(await labels({ data__owner__has_key: 'name' })).toEqual(['rufus'])
      expect(await labels({ data__owner__pets__0__has_key: 'name' })).toEqual(['rufus'])
      expect(await labels({ data__tags__has_key: 'loud' })).toEqual(['rufus'])
      expect(await labels({ data__owner__has_key: 'breed' })).toEqual([])
      expect(await labels({ data__missing__has_key: 'name' })).toEqual([])
      // A key path that is a string: as PostgreSQL's `?`, the string itself is the key.
      expect(await labels({ data__breed__has_key: 'collie' })).toEqual(['meg'])
      // On an annotation holding a key path.
      const owners = Everything.objects
        .annotate({ owner: F('data__owner') })
        .filter({ owner__has_key: 'name' } as never)
      expect(await owners.valuesList(['body'], { flat: true })).toEqual(['rufus'])
    })

    it('has_keys (all of them) and has_any_keys (at least one), including empty lists', async () => {
      expect(await labels({ data__has_keys: ['breed', 'owner'] })).toEqual(['meg', 'rufus'])
      expect(await labels({ data__has_keys: ['breed', 'tags'] })).toEqual(['rufus'])
      expect(await labels({ data__has_keys: ['breed', 'nope'] })).toEqual([])
      expect(await labels({ data__has_any_keys: ['tags', 'we"ird'] })).toEqual(['rufus', 'weird'])
      expect(await labels({ data__has_any_keys: ['nope', 'b'] })).toEqual(['list'])
      expect(await labels({ data__owner__has_any_keys: ['name', 'x'] })).toEqual(['rufus'])
      // Every JSON value has all of no keys (SQL NULL has none), and none of them.
      expect(await labels({ data__has_keys: [] })).toEqual([
        'fred',
        'list',
        'meg',
        'rufus',
        'scalar',
        'weird',
      ])
      expect(await labels({ data__has_any_keys: [] })).toEqual([])
      expect(await labels({ data__owner__has_keys: [] })).toEqual(['meg', 'rufus']) // null counts
    })

    it('key names are bound values: quotes and SQL in a key are matched literally', async () => {
      expect(await labels({ data__has_key: 'we"ird' })).toEqual(['weird'])
      expect(await labels({ data__has_key: HOSTILE })).toEqual(['weird'])
      expect(await labels({ data__has_keys: [HOSTILE, 'we"ird'] })).toEqual(['weird'])
      expect(await labels({ data__has_key: "owner' OR '1'='1" })).toEqual([])
      expect(await Everything.objects.count()).toBe(7) // the table is still there
      // A key *path* is part of the lookup name: quotes there are refused, never run.
      expect(() => Everything.objects.filter({ 'data__a"b__has_key': 'x' })).toThrow(FieldError)
    })

    it('JSON lookups combine in Q trees with key lookups', async () => {
      expect(
        await labels(Q({ data__has_key: 'breed' }).and(Q({ data__breed: 'collie' }).not())),
      ).toEqual(['rufus'])
      expect(
        await labels(Q({ data__has_key: 'tags' }).or(Q({ data__has_any_keys: ['a', 'b'] }))),
      ).toEqual(['list', 'rufus', 'scalar'])
    })

    it('the lookups check their values, and only exist on JSON values', () => {
      // @ts-expect-error has_key takes one key name
      expect(() => Everything.objects.filter({ data__has_key: ['owner'] })).toThrow(FieldError)
      // @ts-expect-error has_keys takes a list of key names
      expect(() => Everything.objects.filter({ data__has_keys: 'owner' })).toThrow(FieldError)
      // @ts-expect-error has_any_keys takes strings
      expect(() => Everything.objects.filter({ data__has_any_keys: [1] })).toThrow(FieldError)
      expect(() =>
        // @ts-expect-error JSON lookups only exist on JSON fields
        Everything.objects.filter({ body__has_key: 'x' }),
      ).toThrow(/Unsupported lookup 'has_key' in 'body__has_key': it only works on a JSONField/)
      expect(() =>
        // @ts-expect-error JSON lookups only exist on JSON fields
        Everything.objects.filter({ big__contained_by: 1 }),
      ).toThrow(FieldError)
      // contains keeps its text meaning on text columns.
      expect(() => Everything.objects.filter({ body__contains: 'ruf' })).not.toThrow()
    })

    if (backend.name === 'sqlite') {
      it('contains / contained_by raise NotSupportedError on SQLite (as in Django)', async () => {
        await expect(
          Everything.objects.filter({ data__contains: { breed: 'collie' } }).fetch(),
        ).rejects.toThrow(NotSupportedError)
        await expect(
          Everything.objects.filter({ data__contained_by: { breed: 'collie' } }).count(),
        ).rejects.toThrow(/contained_by lookup on a JSONField is not supported on SQLite/)
        await expect(
          Everything.objects.filter({ data__tags__contains: ['loud'] }).exists(),
        ).rejects.toBeInstanceOf(NotSupportedError)
        // The text lookups on a key path still work.
        expect(await labels({ data__breed__icontains: 'COLL' })).toEqual(['meg'])
      })
      return
    }

    it('contains: a top-level key/value subset of objects, an element subset of arrays', async () => {
      expect(await labels({ data__contains: { breed: 'collie' } })).toEqual(['meg'])
      expect(await labels({ data__contains: { owner: { name: 'Bob' } } })).toEqual(['rufus'])
      expect(await labels({ data__contains: { owner: null } })).toEqual(['meg'])
      expect(await labels({ data__contains: { breed: 'collie', owner: 'x' } })).toEqual([])
      expect(await labels({ data__contains: {} })).toEqual(['fred', 'meg', 'rufus', 'weird'])
      expect(await labels({ data__contains: ['b', 'a'] })).toEqual(['list'])
      // As PostgreSQL's @>: an array contains a primitive it has as an element.
      expect(await labels({ data__contains: 'a' })).toEqual(['list', 'scalar'])
      expect(await labels({ data__contains: { [HOSTILE]: 2 } })).toEqual(['weird'])
    })

    it('contains on key paths', async () => {
      expect(await labels({ data__tags__contains: ['loud'] })).toEqual(['rufus'])
      expect(await labels({ data__owner__contains: { name: 'Bob' } })).toEqual(['rufus'])
      expect(await labels({ data__owner__pets__contains: [{ name: 'Fishy' }] })).toEqual(['rufus'])
      expect(await labels({ data__tags__contains: ['loud', 'quiet'] })).toEqual([])
    })

    it('contained_by: every key/value (or element) is in the given value', async () => {
      expect(await labels({ data__contained_by: { breed: 'collie', owner: null } })).toEqual([
        'fred',
        'meg',
      ])
      // As PostgreSQL's <@: a primitive is contained by an array holding it.
      expect(await labels({ data__contained_by: ['a', 'b', 1, 2] })).toEqual(['list', 'scalar'])
      expect(await labels({ data__tags__contained_by: ['good', 'loud', 'x'] })).toEqual(['rufus'])
      expect(
        (
          (await Everything.objects
            .exclude({ data__contained_by: { breed: 'collie', owner: null } })
            .valuesList(['body'], { flat: true })) as string[]
        ).sort(),
      ).toEqual(['list', 'none', 'rufus', 'scalar', 'weird'])
    })
  })
}
