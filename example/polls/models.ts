/** Questions and their choices, as in Django's tutorial. */
import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  Model,
  type Manager,
  type RelatedManager,
} from 'reinhardt/db'

export class Question extends Model.define(
  'polls',
  {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField({ verboseName: 'date published' }),
  },
  { ordering: ['-pubDate'], getLatestBy: 'pubDate' },
) {
  static {
    this.register()
  }
  declare static objects: Manager<Question>
  declare choiceSet: RelatedManager<Choice>

  /** Published within the last day (and not in the future). */
  wasPublishedRecently(): boolean {
    const now = Date.now()
    return this.pubDate.getTime() >= now - 86_400_000 && this.pubDate.getTime() <= now
  }

  override toString(): string {
    return this.questionText
  }
}

export class Choice extends Model.define('polls', {
  question: new ForeignKey(Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Choice>

  override toString(): string {
    return this.choiceText
  }
}
