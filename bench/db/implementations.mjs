/**
 * The five benchmark queries, written three ways per backend: through reinhardt's ORM, with
 * the raw driver, and with kysely alone. Every implementation is an object of async
 * functions with the same names and arguments:
 *
 *   get(id)            one Question by primary key
 *   filter(questionId) the 20 Choices of a question
 *   insert(i)          one new Question, returning its id
 *   selectRelated(id)  one Choice with its Question (one query, a join)
 *   bulk(texts)        1000 Choices in as few statements as the implementation manages,
 *                      returning their ids
 *
 * Fairness rules (what the comparison means):
 * - Each implementation has its own connection(s) to the same database: the ORM its
 *   DatabaseWrapper, the raw driver its own better-sqlite3 handle / pg.Pool, kysely its own
 *   dialect over the same kind of handle. Same pragmas (WAL, foreign keys) and the same pool
 *   settings (max 10, int8 parsed to numbers as the ORM does).
 * - Raw better-sqlite3 uses prepared statements created once (its best case). Raw pg uses
 *   `pool.query({ text, values })` with a statement `name` exactly when the ORM names its
 *   statements (server-side prepared statements; see ORM_NAMES_PG_STATEMENTS below), so the
 *   server does the same work for both.
 * - The raw driver returns the driver's rows (plain objects, dates as the driver gives them);
 *   the ORM returns model instances with converted values (Date objects). That conversion is
 *   part of what the ORM costs, so it is measured.
 * - Every call is awaited, as application code awaits its data layer (for the synchronous
 *   better-sqlite3 that adds one resolved promise per query to the raw figure).
 */
import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { BULK_ROWS, Choice, PUB_DATE, Question } from './models.mjs'

/**
 * Whether reinhardt's PostgreSQL backend sends named (prepared) statements: then the raw pg
 * implementation names its statements too. Read from the backend at start-up.
 */
export function ormNamesStatements(connection) {
  return connection.preparedStatements === true
}

/** What pg needs to give int8 back as a number (the ORM's pool does the same). */
const pgTypes = {
  getTypeParser(oid, format) {
    if (oid === 20) return (value) => Number(value)
    return pg.types.getTypeParser(oid, format ?? 'text')
  },
}

/** The ORM (SQLite: the default alias; PostgreSQL: a QuerySet bound with using()). */
export function ormImplementation(alias) {
  const questions = alias === 'default' ? Question.objects : Question.objects.using(alias)
  const choices = alias === 'default' ? Choice.objects : Choice.objects.using(alias)
  const withQuestion = choices.selectRelated('question')
  return {
    get: (id) => questions.get({ pk: id }),
    filter: (questionId) => choices.filter({ question: questionId }),
    insert: async (i) =>
      (await questions.create({ questionText: `Inserted ${i}`, pubDate: PUB_DATE })).id,
    selectRelated: (id) => withQuestion.get({ pk: id }),
    bulk: async (texts) => {
      const objects = texts.map((text) => new Choice({ questionId: 1, choiceText: text }))
      return (await choices.bulkCreate(objects)).map((c) => c.id)
    },
    normalise: {
      get: (q) => [q.id, q.questionText],
      filter: (rows) => rows.map((c) => [c.id, c.choiceText]),
      selectRelated: (c) => [c.id, c.choiceText, c.question.id, c.question.questionText],
    },
  }
}

/** better-sqlite3 with prepared statements on its own handle to the same file. */
export function rawSqlite(file) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  const pubDate = '2024-05-01 12:00:00.000'
  const get = db.prepare('SELECT id, question_text, pub_date FROM bench_question WHERE id = ?')
  const filter = db.prepare(
    'SELECT id, question_id, choice_text, votes FROM bench_choice WHERE question_id = ?',
  )
  // run() + lastInsertRowid, the idiomatic way. Not get() on INSERT ... RETURNING: it resets
  // the statement after the first row, which is faster but loses errors raised at commit
  // (a deferred foreign key violation is reported as success and the row rolled back).
  const insert = db.prepare('INSERT INTO bench_question (question_text, pub_date) VALUES (?, ?)')
  const selectRelated = db.prepare(
    `SELECT c.id, c.question_id, c.choice_text, c.votes,
            q.id AS q_id, q.question_text AS q_question_text, q.pub_date AS q_pub_date
       FROM bench_choice c JOIN bench_question q ON q.id = c.question_id WHERE c.id = ?`,
  )
  const insertChoice = db.prepare(
    'INSERT INTO bench_choice (question_id, choice_text, votes) VALUES (?, ?, ?)',
  )
  const insertMany = db.transaction((texts) =>
    texts.map((text) => Number(insertChoice.run(1, text, 0).lastInsertRowid)),
  )
  return {
    get: async (id) => get.get(id),
    filter: async (questionId) => filter.all(questionId),
    insert: async (i) => Number(insert.run(`Inserted ${i}`, pubDate).lastInsertRowid),
    selectRelated: async (id) => selectRelated.get(id),
    bulk: async (texts) => insertMany(texts),
    normalise: rawNormalise,
    close: async () => db.close(),
  }
}

/** pg with the ORM's pool settings; named statements when the ORM uses them. */
export function rawPostgres(poolConfig, named) {
  const pool = new pg.Pool({ ...poolConfig, types: pgTypes })
  pool.on('error', () => {})
  const statement = (name, text) => (values) =>
    pool.query(named ? { name, text, values } : { text, values })
  const get = statement(
    'bench_get',
    'SELECT id, question_text, pub_date FROM bench_question WHERE id = $1',
  )
  const filter = statement(
    'bench_filter',
    'SELECT id, question_id, choice_text, votes FROM bench_choice WHERE question_id = $1',
  )
  const insert = statement(
    'bench_insert',
    'INSERT INTO bench_question (question_text, pub_date) VALUES ($1, $2) RETURNING id',
  )
  const selectRelated = statement(
    'bench_select_related',
    `SELECT c.id, c.question_id, c.choice_text, c.votes,
            q.id AS q_id, q.question_text AS q_question_text, q.pub_date AS q_pub_date
       FROM bench_choice c JOIN bench_question q ON q.id = c.question_id WHERE c.id = $1`,
  )
  // One multi-row INSERT ... RETURNING for the whole batch (3000 parameters).
  const bulkText =
    'INSERT INTO bench_choice (question_id, choice_text, votes) VALUES ' +
    Array.from(
      { length: BULK_ROWS },
      (_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`,
    ).join(', ') +
    ' RETURNING id'
  const bulk = statement('bench_bulk', bulkText)
  return {
    get: async (id) => (await get([id])).rows[0],
    filter: async (questionId) => (await filter([questionId])).rows,
    insert: async (i) => (await insert([`Inserted ${i}`, PUB_DATE])).rows[0].id,
    selectRelated: async (id) => (await selectRelated([id])).rows[0],
    bulk: async (texts) => {
      const values = []
      for (const text of texts) values.push(1, text, 0)
      return (await bulk(values)).rows.map((r) => r.id)
    },
    normalise: rawNormalise,
    close: () => pool.end(),
  }
}

const rawNormalise = {
  get: (row) => [row.id, row.question_text],
  filter: (rows) => rows.map((r) => [r.id, r.choice_text]),
  selectRelated: (r) => [r.id, r.choice_text, r.q_id, r.q_question_text],
}

/** kysely alone: its SqliteDialect over a better-sqlite3 handle, or PostgresDialect. */
export function kyselyImplementation(vendor, connect) {
  const db =
    vendor === 'sqlite'
      ? new Kysely({ dialect: new SqliteDialect({ database: connect.sqlite() }) })
      : new Kysely({ dialect: new PostgresDialect({ pool: connect.pool(pgTypes) }) })
  const pubDate = vendor === 'sqlite' ? '2024-05-01 12:00:00.000' : PUB_DATE
  return {
    get: (id) =>
      db
        .selectFrom('bench_question')
        .select(['id', 'question_text', 'pub_date'])
        .where('id', '=', id)
        .executeTakeFirst(),
    filter: (questionId) =>
      db
        .selectFrom('bench_choice')
        .select(['id', 'question_id', 'choice_text', 'votes'])
        .where('question_id', '=', questionId)
        .execute(),
    insert: async (i) =>
      (
        await db
          .insertInto('bench_question')
          .values({ question_text: `Inserted ${i}`, pub_date: pubDate })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    selectRelated: (id) =>
      db
        .selectFrom('bench_choice as c')
        .innerJoin('bench_question as q', 'q.id', 'c.question_id')
        .select([
          'c.id',
          'c.question_id',
          'c.choice_text',
          'c.votes',
          'q.id as q_id',
          'q.question_text as q_question_text',
          'q.pub_date as q_pub_date',
        ])
        .where('c.id', '=', id)
        .executeTakeFirst(),
    bulk: async (texts) =>
      (
        await db
          .insertInto('bench_choice')
          .values(texts.map((text) => ({ question_id: 1, choice_text: text, votes: 0 })))
          .returning('id')
          .execute()
      ).map((r) => r.id),
    normalise: rawNormalise,
    close: () => db.destroy(),
  }
}

/** A better-sqlite3 handle configured like the ORM's (for kysely's SqliteDialect). */
export function sqliteHandle(file) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  return db
}
