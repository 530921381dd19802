/**
 * The database benchmark: five queries through reinhardt's ORM, the raw driver and kysely
 * alone, on SQLite and PostgreSQL, with ratios to the raw driver measured in one run.
 *
 * Queries (implementations.mjs says how each implementation writes them and what is fair):
 * fetch by primary key, a filter returning 20 rows, an insert (create()), a selectRelated
 * join (a Choice with its Question) and a 1000-row bulkCreate.
 *
 * Databases:
 * - SQLite: a file in a fresh temporary directory, WAL journal and foreign keys on — what a
 *   project's `db.sqlite3` runs with (not `:memory:`, which skips the WAL and file layer).
 * - PostgreSQL: 127.0.0.1:5432, database `test`, user postgres, in a schema of its own
 *   (`bench_<pid>`, dropped at the end). Left out with a note when unreachable.
 * The ORM creates the tables with its schema editor and loads 100 questions × 20 choices;
 * rows added by insert/bulk samples are deleted after each sample, outside the timing.
 *
 * Timing: after a warm-up, each round runs every (query, implementation) cell for
 * DB_BENCH_MS milliseconds of back-to-back awaited calls (one at a time: latency, not
 * throughput), the implementation order rotating each round so a noisy, shared machine hurts
 * everyone alike. The table shows the median µs per query over the rounds and the median of
 * the per-round ratios to the raw driver.
 *
 * reinhardt is imported from dist/ (`reinhardt/db`), as a deployed project would:
 * `npm run bench:db` builds first. For a run on the sources, use
 * `node --import tsx --conditions=source bench/db/run.mjs`.
 *
 * Environment: DB_BENCH_ROUNDS (5), DB_BENCH_MS (200, per cell and round),
 * DB_BENCH_BACKENDS (sqlite,postgresql), DB_BENCH_QUERIES (get,filter,insert,selectRelated,bulk),
 * DB_BENCH_PG_HOST / DB_BENCH_PG_PORT / DB_BENCH_PG_DB / DB_BENCH_PG_USER.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import pg from 'pg'
import { configure } from 'reinhardt/conf'
import { connections } from 'reinhardt/db'
import {
  kyselyImplementation,
  ormImplementation,
  ormNamesStatements,
  rawPostgres,
  rawSqlite,
  sqliteHandle,
} from './implementations.mjs'
import {
  BULK_ROWS,
  CHOICES_PER_QUESTION,
  Choice,
  PUB_DATE,
  QUESTIONS,
  Question,
} from './models.mjs'

const ROUNDS = positive('DB_BENCH_ROUNDS', 5)
const SAMPLE_MS = positive('DB_BENCH_MS', 200)
const WARMUP_MS = 300
const QUERIES = (process.env.DB_BENCH_QUERIES ?? 'get,filter,insert,selectRelated,bulk').split(',')
const BACKENDS = (process.env.DB_BENCH_BACKENDS ?? 'sqlite,postgresql').split(',')
const LABELS = {
  get: 'get by pk',
  filter: 'filter → 20 rows',
  insert: 'insert (create)',
  selectRelated: 'selectRelated get',
  bulk: `bulkCreate ${BULK_ROWS}`,
}
const PG = {
  host: process.env.DB_BENCH_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_BENCH_PG_PORT ?? 5432),
  database: process.env.DB_BENCH_PG_DB ?? 'test',
  user: process.env.DB_BENCH_PG_USER ?? 'postgres',
}
const BULK_TEXTS = Array.from({ length: BULK_ROWS }, (_, i) => `Bulk ${i}`)

/** The argument the i-th call of a query gets (cycling over the loaded rows). */
function argument(query, i) {
  switch (query) {
    case 'get':
      return (i % QUESTIONS) + 1
    case 'filter':
      return (i % QUESTIONS) + 1
    case 'selectRelated':
      return (i % (QUESTIONS * CHOICES_PER_QUESTION)) + 1
    case 'insert':
      return i
    case 'bulk':
      return BULK_TEXTS
  }
}

/** µs per call over about `ms` milliseconds of back-to-back awaited calls. */
async function sample(fn, query, ms) {
  let calls = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let k = 0; k < 8; k++) await fn(argument(query, calls++))
    elapsed = performance.now() - start
  }
  return (elapsed * 1000) / calls
}

/** Creates the tables with the ORM and loads the fixed rows through it. */
async function loadSchema(alias) {
  const connection = connections.get(alias)
  await connection.schemaEditor(async (editor) => {
    await editor.createModel(Question)
    await editor.createModel(Choice)
  })
  const questions = await Question.objects
    .using(alias)
    .bulkCreate(
      Array.from(
        { length: QUESTIONS },
        (_, i) => new Question({ questionText: `Question ${i + 1}`, pubDate: PUB_DATE }),
      ),
    )
  const choices = []
  for (const question of questions) {
    for (let j = 0; j < CHOICES_PER_QUESTION; j++)
      choices.push(new Choice({ question, choiceText: `Choice ${j + 1}`, votes: j }))
  }
  await Choice.objects.using(alias).bulkCreate(choices)
  return connection
}

/** Deletes the rows insert/bulk samples added (outside the timing). */
async function cleanup(connection) {
  await connection.execute(
    `DELETE FROM bench_choice WHERE id > ${QUESTIONS * CHOICES_PER_QUESTION}`,
  )
  await connection.execute(`DELETE FROM bench_question WHERE id > ${QUESTIONS}`)
}

/** Checks every implementation returns the same rows as the raw driver before timing. */
async function verify(implementations) {
  const [raw] = implementations
  for (const query of ['get', 'filter', 'selectRelated']) {
    const expected = raw.impl.normalise[query](await raw.impl[query](argument(query, 7)))
    for (const { name, impl } of implementations) {
      const got = impl.normalise[query](await impl[query](argument(query, 7)))
      if (!isDeepStrictEqual(got, expected))
        throw new Error(
          `${name} ${query} returned ${JSON.stringify(got)}, raw ${JSON.stringify(expected)}`,
        )
    }
  }
  for (const { name, impl } of implementations) {
    const id = await impl.insert(0)
    const ids = await impl.bulk(BULK_TEXTS)
    if (typeof id !== 'number' || ids.length !== BULK_ROWS || typeof ids[0] !== 'number')
      throw new Error(`${name}: insert/bulk did not return numeric ids`)
  }
}

async function benchBackend(vendor, alias, implementations, connection) {
  await verify(implementations)
  await cleanup(connection)
  const results = new Map()
  for (const query of QUERIES) {
    for (const { impl } of implementations) await sample(impl[query], query, WARMUP_MS / 3)
    if (query === 'insert' || query === 'bulk') await cleanup(connection)
    const samples = new Map(implementations.map((i) => [i.name, []]))
    for (let round = 0; round < ROUNDS; round++) {
      const order = implementations.map(
        (_, i) => implementations[(i + round) % implementations.length],
      )
      for (const { name, impl } of order) {
        samples.get(name).push(await sample(impl[query], query, SAMPLE_MS))
        if (query === 'insert' || query === 'bulk') await cleanup(connection)
      }
    }
    results.set(query, samples)
    const raw = samples.get('raw')
    console.error(
      `${vendor} ${query}: ` +
        implementations
          .map(
            ({ name }) =>
              `${name} ${median(samples.get(name)).toFixed(1)} µs (×${median(samples.get(name).map((v, i) => v / raw[i])).toFixed(2)})`,
          )
          .join(', '),
    )
  }
  return results
}

function printTable(vendor, description, results, names) {
  console.log(`\n### ${vendor} (${description})\n`)
  console.log(
    `| query | ${names.map((n) => `${n} µs`).join(' | ')} | ${names
      .filter((n) => n !== 'raw')
      .map((n) => `${n} ÷ raw`)
      .join(' | ')} |`,
  )
  console.log(
    `|---|${names.map(() => '---:').join('|')}|${names
      .filter((n) => n !== 'raw')
      .map(() => '---:')
      .join('|')}|`,
  )
  for (const [query, samples] of results) {
    const raw = samples.get('raw')
    const times = names.map((n) => formatUs(median(samples.get(n))))
    const ratios = names
      .filter((n) => n !== 'raw')
      .map((n) => median(samples.get(n).map((v, i) => v / raw[i])).toFixed(2))
    console.log(`| ${LABELS[query]} | ${times.join(' | ')} | ${ratios.join(' | ')} |`)
  }
}

function formatUs(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)
}

async function postgresReachable() {
  const client = new pg.Client({ ...PG, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return client
  } catch (error) {
    console.error(
      `PostgreSQL at ${PG.host}:${PG.port} is unreachable (${error.message}): left out.`,
    )
    return null
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-bench-db-'))
  const file = join(dir, 'bench.sqlite3')
  const schema = `bench_${process.pid}`
  const admin = BACKENDS.includes('postgresql') ? await postgresReachable() : null
  if (admin !== null) await admin.query(`CREATE SCHEMA "${schema}"`)
  const pgOptions = { searchPath: schema, max: 10 }
  configure({
    DATABASES: {
      default: { ENGINE: 'sqlite', NAME: file },
      ...(admin !== null
        ? {
            postgresql: {
              ENGINE: 'postgresql',
              NAME: PG.database,
              USER: PG.user,
              HOST: PG.host,
              PORT: PG.port,
              OPTIONS: pgOptions,
            },
          }
        : {}),
    },
    USE_TZ: true,
    TIME_ZONE: 'UTC',
  })
  const names = ['raw', 'kysely', 'reinhardt']
  try {
    if (BACKENDS.includes('sqlite')) {
      const connection = await loadSchema('default')
      const implementations = [
        { name: 'raw', impl: rawSqlite(file) },
        {
          name: 'kysely',
          impl: kyselyImplementation('sqlite', { sqlite: () => sqliteHandle(file) }),
        },
        { name: 'reinhardt', impl: ormImplementation('default') },
      ]
      const results = await benchBackend('sqlite', 'default', implementations, connection)
      printTable('SQLite', 'file in a temp dir, WAL, foreign keys on', results, names)
      for (const { impl } of implementations) await impl.close?.()
    }
    if (admin !== null) {
      const connection = await loadSchema('postgresql')
      const named = ormNamesStatements(connection)
      const poolConfig = {
        host: PG.host,
        port: PG.port,
        database: PG.database,
        user: PG.user,
        max: pgOptions.max,
        options: `-c search_path=${schema}`,
      }
      const implementations = [
        { name: 'raw', impl: rawPostgres(poolConfig, named) },
        {
          name: 'kysely',
          impl: kyselyImplementation('postgresql', {
            pool: (types) => new pg.Pool({ ...poolConfig, types }),
          }),
        },
        { name: 'reinhardt', impl: ormImplementation('postgresql') },
      ]
      const results = await benchBackend('postgresql', 'postgresql', implementations, connection)
      printTable(
        'PostgreSQL',
        `127.0.0.1:5432, pool max ${pgOptions.max}, ${named ? 'named (prepared) statements for raw pg and the ORM' : 'unnamed statements'}`,
        results,
        names,
      )
      for (const { impl } of implementations) await impl.close?.()
    }
    console.log(
      `\n${ROUNDS} rounds × ${SAMPLE_MS} ms per cell; medians; ratios are medians of per-round ratios.`,
    )
  } finally {
    await connections.closeAll()
    if (admin !== null) {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await admin.end()
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function positive(name, fallback) {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
