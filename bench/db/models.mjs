/**
 * The benchmark's schema: a Question and its Choices (a ForeignKey, indexed), declared once
 * through the ORM. The same tables (bench_question, bench_choice, created by the ORM's
 * schema editor) are then queried by every implementation, so nobody gets an easier table.
 */
import { CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, Model } from 'reinhardt/db'

export class Question extends Model.define('bench', {
  questionText: new CharField({ maxLength: 200 }),
  pubDate: new DateTimeField(),
}) {
  static {
    this.register()
  }
}

export class Choice extends Model.define('bench', {
  question: new ForeignKey(Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {
  static {
    this.register()
  }
}

/** Rows loaded before timing: QUESTIONS questions with CHOICES_PER_QUESTION choices each. */
export const QUESTIONS = 100
export const CHOICES_PER_QUESTION = 20
export const BULK_ROWS = 1000

/** The publication date every row gets, as the ORM stores it on SQLite (UTC text). */
export const PUB_DATE = new Date('2024-05-01T12:00:00Z')
