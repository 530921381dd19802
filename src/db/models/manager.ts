/**
 * Manager: the QuerySet a model exposes as `objects`. It is a QuerySet with no filters, so
 * every QuerySet method is available on it (`Question.objects.filter(...)`), and it never
 * caches results, so one instance is safely shared.
 *
 * Custom QuerySet methods: subclass Manager and name it in Meta.
 * ```ts
 * class QuestionQuerySet extends Manager<Question> {
 *   published() { return this.filter({ pubDate__lte: new Date() }) }
 * }
 * class Question extends Model.define('polls', {...}, { querySet: () => QuestionQuerySet }) {
 *   declare static objects: QuestionQuerySet
 * }
 * await Question.objects.published().orderBy('-pubDate')   // chained calls keep the class
 * ```
 */
import type { AnyModelInstance } from './model-types.js'
import { QuerySet } from './query-set.js'

export class Manager<T extends AnyModelInstance = AnyModelInstance, R = T> extends QuerySet<T, R> {
  /** The base QuerySet (Django's get_queryset()). */
  getQuerySet(): this {
    return this.all()
  }
}
