/**
 * Compile-time checks of the model typing (this file is type-checked by `tsc`), with a few
 * run-time assertions so the declarations are exercised.
 */
import { describe, expect, it } from 'vitest'
import { CharField, DateTimeField, ForeignKey, IntegerField, CASCADE } from './fields/index.js'
import { Model } from './model.js'
import { ModelRegistry } from './registry.js'
import type { Manager } from './manager.js'

const registry = new ModelRegistry()

class Poll extends Model.define(
  'typing',
  { title: new CharField({ maxLength: 10 }), opensAt: new DateTimeField({ null: true }) },
  { registry },
) {
  declare static objects: Manager<Poll>
  shout(): string {
    return this.title.toUpperCase()
  }
}

class Vote extends Model.define(
  'typing',
  { poll: new ForeignKey(Poll, { onDelete: CASCADE }), weight: new IntegerField({ default: 1 }) },
  { registry },
) {}

describe('model typing', () => {
  it('types instances, create() values and filter() keys from the fields', () => {
    const poll = new Poll({ title: 'x', opensAt: null })
    const title: string = poll.title
    const opens: Date | null = poll.opensAt
    const id: number = poll.id
    expect([title, opens, id, poll.shout()]).toEqual(['x', null, null, 'X'])
    // @ts-expect-error title is not nullable
    void new Poll({ title: null })
    expect(
      () =>
        // @ts-expect-error no such field
        new Poll({ titel: 'x' }),
    ).toThrow(/unexpected field 'titel'/)
    const vote = new Vote({ poll, weight: 2 })
    const pollId: number = vote.pollId
    expect(pollId).toBe(null)
    void Poll.objects.filter({
      title__startswith: 'a',
      opensAt__year: 2024,
      opensAt__isnull: true,
      pk: 1,
      id__in: [1],
    })
    void Vote.objects.filter({ poll__title: 'a', weight__gte: 2 })
    // The same mistakes are refused at run time too (for code the checker cannot see).
    expect(() =>
      // @ts-expect-error unknown lookup on a direct field
      Poll.objects.filter({ title__startwith: 'a' }),
    ).toThrow(/Unsupported lookup or transform 'startwith'/)
    expect(() =>
      // @ts-expect-error unknown field
      Poll.objects.filter({ nope: 1 }),
    ).toThrow(/Cannot resolve keyword 'nope'/)
    // @ts-expect-error wrong value type for a direct field
    void Poll.objects.filter({ title: 3 })
  })
})
