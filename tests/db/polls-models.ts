/**
 * The models the database contract suite runs on: a polls-style schema (Question, Choice
 * with a ForeignKey, Tag many-to-many, Author with a one-to-one Profile), a model with every
 * field type, and small models for each onDelete behaviour.
 */
import {
  BigIntegerField,
  BinaryField,
  BooleanField,
  CASCADE,
  CharField,
  CheckConstraint,
  DateField,
  DateTimeField,
  DecimalField,
  DO_NOTHING,
  DurationField,
  EmailField,
  FloatField,
  ForeignKey,
  GenericIPAddressField,
  Index,
  IntegerField,
  JSONField,
  ManyToManyField,
  Model,
  OneToOneField,
  PositiveSmallIntegerField,
  PROTECT,
  Q,
  RESTRICT,
  SET_DEFAULT,
  SET_NULL,
  SlugField,
  TextField,
  TimeField,
  UniqueConstraint,
  URLField,
  UUIDField,
  uuid4,
  type Manager,
  type ManyRelatedManager,
  type RelatedManager,
} from '../../src/db/index.js'

export class Author extends Model.define('polls', {
  name: new CharField({ maxLength: 100, unique: true }),
  email: new EmailField({ null: true, blank: true }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Author>
  declare questions: RelatedManager<Question>
  override toString(): string {
    return this.name
  }
}

export class Profile extends Model.define('polls', {
  author: new OneToOneField(Author, { onDelete: CASCADE }),
  bio: new TextField({ blank: true, default: '' }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Profile>
}

export class Tag extends Model.define('polls', {
  name: new CharField({ maxLength: 50, unique: true }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Tag>
  declare questions: ManyRelatedManager<Question>
}

/** An abstract base lending a field to Question. */
const Timestamped = Model.define(
  'polls',
  { createdAt: new DateTimeField({ autoNowAdd: true }) },
  { abstract: true },
)

export class Question extends Timestamped.define(
  'polls',
  {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField(),
    author: new ForeignKey(Author, { onDelete: SET_NULL, null: true, relatedName: 'questions' }),
    tags: new ManyToManyField(Tag, { relatedName: 'questions' }),
    metadata: new JSONField({ null: true }),
    score: new DecimalField({ maxDigits: 10, decimalPlaces: 2, default: '0.00' }),
  },
  {
    ordering: ['-pubDate'],
    getLatestBy: 'pubDate',
    indexes: [new Index({ fields: ['-pubDate', 'questionText'], name: 'polls_q_pub_text_idx' })],
  },
) {
  static {
    this.register()
  }
  declare static objects: Manager<Question>
  declare choiceSet: RelatedManager<Choice>

  wasPublishedRecently(now = Date.now()): boolean {
    return this.pubDate.getTime() >= now - 86_400_000 && this.pubDate.getTime() <= now
  }

  override toString(): string {
    return this.questionText
  }
}

export class Choice extends Model.define(
  'polls',
  {
    question: new ForeignKey(Question, { onDelete: CASCADE }),
    choiceText: new CharField({ maxLength: 200 }),
    votes: new IntegerField({ default: 0 }),
  },
  {
    constraints: [
      new UniqueConstraint({ fields: ['question', 'choiceText'], name: 'polls_choice_text_uniq' }),
      new CheckConstraint({ check: Q({ votes__gte: 0 }), name: 'polls_choice_votes_gte_0' }),
    ],
  },
) {
  static {
    this.register()
  }
  declare static objects: Manager<Choice>
}

export class Everything extends Model.define('polls', {
  uuid: new UUIDField({ default: uuid4, unique: true }),
  flag: new BooleanField({ default: false }),
  maybe: new BooleanField({ null: true, blank: true }),
  day: new DateField({ null: true, blank: true }),
  at: new TimeField({ null: true, blank: true }),
  took: new DurationField({ null: true, blank: true }),
  ratio: new FloatField({ null: true, blank: true }),
  big: new BigIntegerField({ null: true, blank: true }),
  small: new PositiveSmallIntegerField({
    null: true,
    blank: true,
    choices: [
      [1, 'one'],
      [2, 'two'],
    ],
  }),
  price: new DecimalField({ maxDigits: 20, decimalPlaces: 4, null: true, blank: true }),
  blob: new BinaryField({ null: true, blank: true }),
  ip: new GenericIPAddressField({ null: true, blank: true }),
  slug: new SlugField({ null: true, blank: true }),
  site: new URLField({ null: true, blank: true }),
  body: new TextField({ null: true, blank: true }),
  data: new JSONField({ null: true, blank: true }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Everything>
}

export class Box extends Model.define('polls', { label: new CharField({ maxLength: 20 }) }) {
  static {
    this.register()
  }
  declare static objects: Manager<Box>
}
export class Pin extends Model.define('polls', {
  box: new ForeignKey(Box, { onDelete: PROTECT }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Pin>
}
export class Clip extends Model.define('polls', {
  box: new ForeignKey(Box, { onDelete: RESTRICT, null: true, relatedName: 'clips' }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Clip>
}
export class Note extends Model.define('polls', {
  box: new ForeignKey(Box, {
    onDelete: SET_DEFAULT,
    null: true,
    default: null,
    relatedName: 'notes',
  }),
  loose: new ForeignKey(Box, {
    onDelete: DO_NOTHING,
    null: true,
    dbConstraint: false,
    relatedName: 'looseNotes',
  }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Note>
}

/** A many-to-many with an explicit intermediate model carrying its own data. */
export class Person extends Model.define('polls', { name: new CharField({ maxLength: 50 }) }) {
  static {
    this.register()
  }
  declare static objects: Manager<Person>
  declare clubs: ManyRelatedManager<Club>
}
export class Club extends Model.define('polls', {
  title: new CharField({ maxLength: 50 }),
  members: new ManyToManyField(Person, { through: 'Membership', relatedName: 'clubs' }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Club>
}
export class Membership extends Model.define('polls', {
  person: new ForeignKey(Person, { onDelete: CASCADE }),
  club: new ForeignKey(Club, { onDelete: CASCADE }),
  role: new CharField({ maxLength: 20, default: 'member' }),
}) {
  static {
    this.register()
  }
  declare static objects: Manager<Membership>
}

/** Every concrete model, in creation order (parents first). */
export const allModels = [
  Author,
  Profile,
  Tag,
  Question,
  Choice,
  Everything,
  Box,
  Pin,
  Clip,
  Note,
  Person,
  Club,
  Membership,
]
